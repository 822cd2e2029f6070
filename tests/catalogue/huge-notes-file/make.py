"""A 20 MB notes file: an export gone wrong, pasted into the project."""


def make(root):
    note = "  - id: n{0}\n    quote: Clark's letter of 29 June\n    body: A note that says very little, {0}.\n"
    with (root / "annotations/notes/vaskov-1953-07-03.yaml").open("w", encoding="utf-8") as out:
        out.write("notes:\n")
        for i in range(250_000):
            out.write(note.format(i))
