"""The JSON form of the model (documented in docs/model.md)."""

from __future__ import annotations

import json
from dataclasses import fields, is_dataclass

from ...errors import Location
from ...model import Block, Document, ListNode, Section

FORMAT_VERSION = 1


def _value(obj):
    if isinstance(obj, Location):
        return {"line": obj.line, "column": obj.col}
    if is_dataclass(obj):
        out = {}
        if isinstance(obj, (Block, ListNode, Section)):
            out["type"] = {Block: "block", ListNode: "list", Section: "section"}[type(obj)]
        for f in fields(obj):
            if f.name == "source":
                continue
            out[f.name] = _value(getattr(obj, f.name))
        return out
    if isinstance(obj, (tuple, list)):
        return [_value(v) for v in obj]
    return obj


def document_json(document: Document) -> str:
    """Return the document model as JSON text: structure, blocks with their spans, metadata."""
    data = {"format": "edition-document", "version": FORMAT_VERSION, **_value(document)}
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"
