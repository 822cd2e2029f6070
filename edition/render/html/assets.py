"""The static assets (`templates/assets/`) as the site serves them: stylesheets without their comments.

The comments explain the stylesheet to its maintainers; a reader's browser downloads them with every first
visit, and on a densely annotated page they cost more than some of its features.
"""

from __future__ import annotations

import re

CSS_COMMENT = re.compile(r"""("(?:\\.|[^"\\])*"|'(?:\\.|[^'\\])*')|/\*.*?\*/\n?""", re.S)
"""A CSS comment, or a string (which may hold `/*` and is kept as it is)."""


def published_asset(name: str, data: bytes) -> bytes:
    """Return an asset's bytes as published: a `.css` file without comments, anything else unchanged."""
    if not name.endswith(".css"):
        return data
    return CSS_COMMENT.sub(lambda m: m.group(1) or "", data.decode("utf-8")).encode("utf-8")
