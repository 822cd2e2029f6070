"""The reading edition in HTML: one module per kind of page, the parts pages share, the templates."""
