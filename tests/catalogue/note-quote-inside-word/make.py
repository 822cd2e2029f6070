"""A quote copied one letter short: it ends inside the word "POWs"."""


def make(root):
    path = root / "annotations/notes/vaskov-1953-07-03.yaml"
    text = path.read_text(encoding="utf-8")
    assert "quote: Syngman Rhee released POWs" in text
    path.write_text(text.replace("quote: Syngman Rhee released POWs", "quote: Syngman Rhee released POW", 1),
                    encoding="utf-8")
