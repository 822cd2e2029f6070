"""Edit one line of the base project."""


def make(root):
    path = root / 'sources/vaskov-1953-07-03.yaml'
    text = path.read_text(encoding="utf-8")
    assert 'date: "1953-07-03"' in text
    path.write_text(text.replace('date: "1953-07-03"', 'date: "1953-02-30"', 1), encoding="utf-8")
