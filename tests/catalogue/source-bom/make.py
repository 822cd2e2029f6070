"""Save the transcription with a byte-order mark, as some Windows editors do."""


def make(root):
    path = root / "sources/vaskov-1953-07-03.txt"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
