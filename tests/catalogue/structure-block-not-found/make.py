"""Edit one line of the base project."""


def make(root):
    path = root / 'sources/vaskov-1953-07-03.yaml'
    text = path.read_text(encoding="utf-8")
    assert 'start: 5 July 1953' in text
    path.write_text(text.replace('start: 5 July 1953', 'start: 6 July 1953', 1), encoding="utf-8")
