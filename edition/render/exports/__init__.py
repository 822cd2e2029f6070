"""The data exports of a document: the JSON model, the plain text, the citation downloads."""
