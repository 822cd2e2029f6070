"""Edit one line of the base project."""


def make(root):
    path = root / 'sources/vaskov-1953-07-03.yaml'
    text = path.read_text(encoding="utf-8")
    assert "start: 3 July 1953 Vas'kov\n    blocks" in text
    path.write_text(text.replace("start: 3 July 1953 Vas'kov\n    blocks", 'start: After delivering this document\n    blocks', 1), encoding="utf-8")
