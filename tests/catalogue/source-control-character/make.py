"""Edit one line of the base project."""


def make(root):
    path = root / 'sources/vaskov-1953-07-03.txt'
    text = path.read_text(encoding="utf-8")
    assert 'We cite the complete text' in text
    path.write_text(text.replace('We cite the complete text', 'We cite the\x00 complete text', 1), encoding="utf-8")
