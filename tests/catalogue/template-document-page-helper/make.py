"""A document template written for an older generator, which called the build for the page's head."""


def make(root):
    path = root / "templates/document.html"
    text = path.read_text(encoding="utf-8")
    assert "{% for name, content in view.head.meta %}" in text
    path.write_text(text.replace("view.head.meta", "document_head(view.chrome.page).meta", 1), encoding="utf-8")
