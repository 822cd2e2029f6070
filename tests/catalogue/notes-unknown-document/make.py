"""A notes file named after a document that does not exist (a typo in the date)."""


def make(root):
    folder = root / "annotations/notes"
    (folder / "vaskov-1953-07-03.yaml").rename(folder / "vaskov-1953-03-07.yaml")
