"""A note body nested 10,000 block quotes deep, followed by a broken reference."""


def make(root):
    path = root / "annotations/notes/vaskov-1953-07-03.yaml"
    body = ">" * 10_000 + " deep"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + f"  - id: deep\n    quote: Wu Xiuquan came to the Embassy\n    body: |\n"
                           f"      {body}\n\n      See [nobody](person:nobody).\n", encoding="utf-8")
