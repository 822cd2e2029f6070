"""Save the transcription in Windows-1252: its typographic apostrophes become single bytes."""


def make(root):
    path = root / "sources/vaskov-1953-07-03.txt"
    text = path.read_text(encoding="utf-8")
    path.write_bytes(text.replace("Clark's letter", "Clark\u2019s letter").encode("cp1252"))
