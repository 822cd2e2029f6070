"""Edit one line of the base project."""


def make(root):
    path = root / 'sources/vaskov-1953-07-03.txt'
    text = path.read_text(encoding="utf-8")
    assert "Clark's letter of 29 June" in text
    path.write_text(text.replace("Clark's letter of 29 June", 'Clark\x92s letter of 29 June', 1), encoding="utf-8")
