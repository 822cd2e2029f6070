"""Edit one line of the base project."""


def make(root):
    path = root / 'sources/vaskov-1953-07-03.yaml'
    text = path.read_text(encoding="utf-8")
    assert 'start: After delivering this document' in text
    path.write_text(text.replace('start: After delivering this document', 'start: We cite the complete text', 1), encoding="utf-8")
