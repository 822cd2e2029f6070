"""Edit one line of the base project."""


def make(root):
    path = root / 'sources/vaskov-1953-07-03.yaml'
    text = path.read_text(encoding="utf-8")
    assert 'id: oral-report' in text
    path.write_text(text.replace('id: oral-report', 'id: letter', 1), encoding="utf-8")
