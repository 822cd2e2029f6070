"""Edit one line of the base project."""


def make(root):
    path = root / 'sources/vaskov-1953-07-03.yaml'
    text = path.read_text(encoding="utf-8")
    assert 'start: "At 0330 3 July"' in text
    path.write_text(text.replace('start: "At 0330 3 July"', 'start: "At 0300 3 July"', 1), encoding="utf-8")
