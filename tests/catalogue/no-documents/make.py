"""Remove every document from sources/."""


def make(root):
    for path in (root / "sources").iterdir():
        path.unlink()
