"""Edit one line of the base project."""


def make(root):
    path = root / 'sources/vaskov-1953-07-03.yaml'
    text = path.read_text(encoding="utf-8")
    assert 'head: Countermeasures' in text
    path.write_text(text.replace('head: Countermeasures', 'head: Counter-measures', 1), encoding="utf-8")
