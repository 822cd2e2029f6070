"""A transcription of 3 MB on one line: a file saved without line breaks."""


def make(root):
    path = root / "sources/vaskov-1953-07-03.txt"
    path.write_text(path.read_text(encoding="utf-8") + "word " * 600_000, encoding="utf-8")
