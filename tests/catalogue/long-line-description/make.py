"""A description of 300,000 characters on one line, with a broken link at its end."""


def make(root):
    path = root / "annotations/places.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "    description: The peninsula, divided at the 38th parallel since 1945.\n", "")
    line = "    description: " + "The peninsula. " * 20_000 + "See [Atlantis](place:atlantis).\n"
    path.write_text(text + line, encoding="utf-8")
