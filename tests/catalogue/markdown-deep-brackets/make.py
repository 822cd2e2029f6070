"""A note body with 10,000 nested brackets and emphasis marks, followed by a broken citation."""


def make(root):
    path = root / "annotations/notes/vaskov-1953-07-03.yaml"
    body = "[" * 10_000 + "*" * 10_000 + "x" + "*" * 10_000 + "]" * 10_000 + "(person:clark)"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + f"  - id: deep\n    quote: Wu Xiuquan came to the Embassy\n    body: |\n"
                           f"      {body}\n\n      As [@nobody] says.\n", encoding="utf-8")
