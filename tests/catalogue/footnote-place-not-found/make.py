"""Edit one line of the base project."""


def make(root):
    path = root / 'sources/vaskov-1953-07-03.yaml'
    text = path.read_text(encoding="utf-8")
    assert 'quote: "2340"' in text
    path.write_text(text.replace('quote: "2340"', 'quote: "2350"', 1), encoding="utf-8")
