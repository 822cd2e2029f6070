"""The plain reading text of a document: every block's text, in source order."""

from __future__ import annotations

from ...model import Document, document_blocks


def document_text(document: Document) -> str:
    """Return the document's text, blocks separated by blank lines, ending with a newline.

    Blocks are slices of the transcription, so this equals the source up to white space.
    """
    blocks = sorted(document_blocks(document), key=lambda b: b.start)
    return "\n\n".join(b.text for b in blocks) + "\n"
