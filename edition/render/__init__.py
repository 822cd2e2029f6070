"""One module per output; each reads the model and never the YAML."""
