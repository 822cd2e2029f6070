"""A note whose quote is a whole paragraph pasted 100 times: it matches nothing."""


def make(root):
    path = root / "annotations/notes/vaskov-1953-07-03.yaml"
    quote = "Syngman Rhee released POWs and unleashed a campaign against an armistice " * 100
    text = path.read_text(encoding="utf-8")
    path.write_text(text + f"  - id: long\n    quote: {quote.strip()}\n    body: Too long.\n", encoding="utf-8")
