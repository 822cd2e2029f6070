"""A description with a broken reference, followed by 1,000 nested list items."""


def make(root):
    path = root / "annotations/places.yaml"
    items = "".join("      " + "  " * i + "- item\n" for i in range(1_000))
    text = path.read_text(encoding="utf-8").replace(
        "    description: The peninsula, divided at the 38th parallel since 1945.\n", "")
    path.write_text(text + "    description: |\n      See [Clerk](person:clerk).\n\n" + items,
                    encoding="utf-8")
