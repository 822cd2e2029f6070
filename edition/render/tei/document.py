"""TEI P5 XML of a document and of the whole edition, from the same segment trees as the HTML.

The encoding is diplomatic: every character of the transcription is in `<text>`, in
order, brackets and asterisks included, so that the text of `<text>` (leaving out
`<corr>`) equals the transcription up to white space. What the editors add (notes,
registers, bibliography) stands off, in `<standOff>`, pointing into the text by
`xml:id`. The element chosen for each mark kind is the table `MARKS`; the choices
are explained in docs/tei.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from contextlib import contextmanager
from typing import BinaryIO, Callable, Iterator

from lxml import etree

from ... import urls
from ...model import Block, Corpus, Document, ListNode, Mark, Section
from ...segments import Element, Inline, nest, points
from . import header, standoff
from .standoff import TEI_NS, XML_ID, append_text, child, element

FIELDS = {"numbers": ("num", {"type": "telegram"}), "date": ("date", {}), "time": ("time", {})}
MENTIONS = {"persons": ("persName", {}), "organizations": ("orgName", {}), "places": ("placeName", {}),
            "events": ("name", {"type": "event"}), "terms": ("term", {})}
# Block role → element where TEI allows it; letter parts fall back to <ab type=role> elsewhere.
ROLES = {"p": ("p", {}), "head": ("head", {}), "header": ("ab", {"type": "telegram-header"}),
         "routing": ("ab", {"type": "routing"}), "citation": ("bibl", {"type": "source"}),
         "rule": ("ab", {"type": "rule"})}
TOP, BOTTOM = header.TOP, header.BOTTOM


@dataclass(frozen=True, slots=True)
class _Context:
    """What inline encoding needs to know about the document and the element it writes into."""

    document: Document
    footnote_keys: dict
    letter_part: bool = False
    """Inside <opener>/<closer>, where dateline and signed marks may be elements."""


def anchor_ids(mark: Mark, context: _Context) -> tuple[str, str]:
    """Return the ids of the anchors around a note's or footnote's place: (start, end).

    The end anchor has the id of the HTML page's marker, so `#ref-n-x` means the same place in both.
    """
    if mark.kind == "note":
        end = urls.note_marker_anchor(mark.ref)
    else:
        end = urls.footnote_marker_anchor(context.footnote_keys[mark.ref])
    return f"{end}-start", end


def _text_with_breaks(parent, text: str) -> None:
    """Append text to `parent`, with an <lb/> at each line break (the break itself kept)."""
    for i, piece in enumerate(re.split(r"(\n\s*)", text)):
        if i % 2:
            child(parent, "lb")
        append_text(parent, piece)


def _inline(parent, nodes: tuple[Inline, ...], context: _Context) -> None:
    for node in nodes:
        if isinstance(node, str):
            _text_with_breaks(parent, node)
        else:
            MARKS[node.mark.kind](parent, node, context, lambda into: _inline(into, node.children, context))


Encoder = Callable[[etree._Element, Element, _Context, Callable], None]
"""How a mark is encoded: given the parent element, a piece of its span, the context, and the function that
writes the piece's content into an element, append the piece to the parent."""


def _element(tag: str, attrs: dict | None = None) -> Encoder:
    """A mark encoded as one element holding its words."""
    return lambda parent, piece, context, content: content(child(parent, tag, attrs or {}))


def _letter_part(tag: str) -> Encoder:
    """A dateline or signature: its own element in <opener>/<closer>, `<seg type>` elsewhere."""
    return lambda parent, piece, context, content: content(
        child(parent, tag) if context.letter_part else child(parent, "seg", {"type": tag}))


def _elision(parent, piece: Element, context: _Context, content) -> None:
    """`<ellipsis><metamark function="ellipsis">[...]</metamark></ellipsis>`."""
    content(child(child(parent, "ellipsis"), "metamark", {"function": "ellipsis"}))


def _field(parent, piece: Element, context: _Context, content) -> None:
    """A field of the telegram header: its number, or its date and time with their value in `when`."""
    tag, attrs = FIELDS[piece.mark.ref]
    when = _field_when(context.document, piece.mark.ref)
    content(child(parent, tag, {**attrs, **({"when": when} if when else {})}))


def _field_when(document: Document, name: str) -> str:
    fields = document.header
    if fields is None:
        return ""
    return {"date": fields.date, "time": f"{fields.time}:00", "numbers": ""}[name]


def _mention(parent, piece: Element, context: _Context, content) -> None:
    """A name of a register entry, pointing at the entry in the stand-off layer."""
    tag, attrs = MENTIONS[piece.mark.value]
    content(child(parent, tag, {**attrs, "ref": "#" + standoff.entry_id(piece.mark.value, piece.mark.ref)}))


def _anchor(parent, piece: Element, context: _Context, content) -> None:
    """One end of a place the stand-off notes or the apparatus point at: an anchor where its words start or
    end. Such places are cut into two points before nesting (`ANCHORED`), so that they cut no element
    they fall inside: a correction keeps its one <choice>, a name its one element."""
    start, end = anchor_ids(piece.mark, context)
    child(parent, "anchor", {XML_ID: start if piece.mark.value == "start" else end})


def _sic(parent, piece: Element, context: _Context, content) -> None:
    """`<choice><sic>as written</sic><corr>reading</corr></choice>`; the reading once, on the last piece."""
    if not piece.last:
        content(child(parent, "sic"))
        return
    choice = child(parent, "choice")
    content(child(choice, "sic"))
    child(choice, "corr", {}, piece.mark.value)


MARKS: dict[str, Encoder] = {
    "label": _element("label"),
    "head": _element("label", {"type": "head"}),  # a run-in heading: TEI allows no <head> inside <p>
    "field": _field,
    "dateline": _letter_part("dateline"),
    "signed": _letter_part("signed"),
    "translator-note": _element("note", {"type": "translator", "place": "inline"}),
    "editor-note": _element("note", {"type": "source-editor", "place": "inline"}),
    "stamp": _element("stamp"),
    "supplied": _element("supplied", {"reason": "translation"}),
    "elision": _elision,
    "interpolation": _element("seg", {"type": "interpolation"}),
    "emphasis": _element("hi", {"rend": "italic"}),
    "note": _anchor,
    "footnote-ref": _anchor,
    "sic": _sic,
    "mention": _mention,
}
"""How each mark kind is encoded in TEI: every kind of `model.MARK_RANK`, and nothing else (docs/tei.md)."""
ANCHORED = frozenset(kind for kind, encode in MARKS.items() if encode is _anchor)
"""The marks of places, encoded as a pair of anchors `<id>-start` … `<id>`, pointed at from the stand-off
notes and the apparatus."""


def _block(parent, block: Block, tag: str, attrs: dict, context: _Context, letter_part: bool = False):
    """Append a block as one element carrying its anchor id (and its paragraph number)."""
    node = child(parent, tag, {**attrs, XML_ID: block.key, **({"n": str(block.n)} if block.n else {})})
    _inline(node, nest(block.text, points(block.spans, ANCHORED)), replace(context, letter_part=letter_part))
    return node


def _is_part(node, roles) -> bool:
    return isinstance(node, Block) and node.role in roles


def _children(parent, nodes, context: _Context) -> None:
    """Append a division's content: opener group, body, closer group (the order TEI requires)."""
    nodes = list(nodes)
    top = 0
    while top < len(nodes) and _is_part(nodes[top], TOP):
        top += 1
    bottom = len(nodes)
    while bottom > top and (_is_part(nodes[bottom - 1], BOTTOM) or header.closing_only(nodes[bottom - 1])):
        bottom -= 1
    if bottom == top:  # nothing but letter parts: keep them at the top, as TEI allows
        bottom = len(nodes)
    if top:
        opener = child(parent, "opener")
        for block in nodes[:top]:
            _block(opener, block, block.role, {}, context, letter_part=True)
    for node in nodes[top:bottom]:
        _node(parent, node, context)
    closing = [b for n in nodes[bottom:] for b in (n.children if isinstance(n, Section) else (n,))]
    group = parent if any(b.role == "closer" for b in closing) else (child(parent, "closer") if closing else parent)
    for block in closing:
        _block(group, block, block.role, {}, context, letter_part=True)


def _node(parent, node, context: _Context) -> None:
    if isinstance(node, Section):
        div = child(parent, "div", {"type": node.kind, XML_ID: urls.section_anchor(node.id)})
        if node.head is not None:
            _block(div, node.head, "head", {}, context)
        _children(div, node.children, context)
    elif isinstance(node, ListNode):
        listing = child(parent, "list", {"type": node.style})
        for item in node.items:
            _children(child(listing, "item", {"n": item.label} if item.label else {}), item.children, context)
    elif node.role in ROLES:
        tag, attrs = ROLES[node.role]
        _block(parent, node, tag, attrs, context)
    else:  # a letter part where TEI allows none
        _block(parent, node, "ab", {"type": node.role}, context)


def text_element(corpus: Corpus, document: Document) -> etree._Element:
    """Return the `<text>` of a document: front lines and sections in <body>, apparatus in <back>."""
    context = _Context(document, {f.marker: f.block.key for f in document.footnotes})
    text = element("text", {XML_ID: "text", "type": document.meta.type})
    body = child(text, "body")
    _children(body, list(document.front) + list(document.sections), context)
    if document.back or document.footnotes:
        apparatus = child(child(text, "back"), "div", {"type": "apparatus"})
        for block in document.back:
            tag, attrs = ROLES[block.role]
            _block(apparatus, block, tag, attrs, context)
        for footnote in document.footnotes:
            if footnote.attach == "text":
                start, end = anchor_ids(Mark("footnote-ref", footnote.marker), context)
                place = {"target": f"#{start}", "targetEnd": f"#{end}"}
            else:
                place = {"target": "#text", "anchored": "false"}
            _block(apparatus, footnote.block, "note",
                   {"type": "archival", "place": "foot", "n": footnote.marker, **place}, context)
    return text


def document_tree(corpus: Corpus, document: Document, settings, registers: bool = True) -> etree._Element:
    """Return the `<TEI>` element of one document, with its header, text and stand-off layer.

    With `registers`, the stand-off layer also holds every entry and reference the document points to.
    """
    tei = element("TEI", {"{http://www.w3.org/XML/1998/namespace}lang": document.meta.language_translation})
    tei.append(header.header(corpus, document, settings))
    tei.append(text_element(corpus, document))
    layer = standoff.standoff(corpus, document, registers)
    if len(layer):
        tei.insert(1, layer)
    return tei


CONTAINERS = ("text", "body", "back", "div", "list", "item")
"""Elements that hold only blocks: laid out one block a line. Whitespace is never added inside a block,
where it could join or split words of the transcription."""


def _layout(node, depth: int = 0) -> None:
    """Indent the block structure of `<text>` (blocks in the source are always separated by white space)."""
    local = etree.QName(node).localname
    if not (local in CONTAINERS or (local in ("opener", "closer") and node.get(XML_ID) is None)) or not len(node):
        return
    node.text = "\n" + " " * (depth + 1)
    for i, item in enumerate(node):
        _layout(item, depth + 1)
        item.tail = "\n" + " " * (depth + (1 if i + 1 < len(node) else 0))


def serialize(tree) -> bytes:
    """Return UTF-8 XML with a declaration; header and stand-off indented, the text laid out by `_layout`."""
    for part in tree:
        if etree.QName(part).localname == "text":
            _layout(part, 1)
        elif etree.QName(part).localname in ("TEI", "teiCorpus"):
            continue
        else:
            etree.indent(part, space=" ", level=1)
    tree.text = "\n "
    for i, part in enumerate(tree):
        part.tail = "\n" + (" " if i + 1 < len(tree) else "")
    return etree.tostring(tree, xml_declaration=True, encoding="UTF-8") + b"\n"


def document_tei(corpus: Corpus, document: Document, settings) -> tuple[bytes, bytes]:
    """Return a document's TEI P5 file, and its TEI as it stands in the corpus file (see `corpus_tei`)."""
    tree = document_tree(corpus, document, settings)
    own = serialize(tree)
    # In the corpus the registers are held once: the stand-off keeps only the document's notes.
    layer = tree.find(f"{{{TEI_NS}}}standOff")
    if layer is not None:
        for part in list(layer):
            if etree.QName(part).localname != "listAnnotation":
                layer.remove(part)
        if not len(layer):
            tree.remove(layer)
    _prefix_ids(tree, standoff.ncname(document.id) + ".")
    tree.set(XML_ID, standoff.ncname(document.id))
    member, declaration = etree.tostring(tree, encoding="UTF-8"), f' xmlns="{TEI_NS}"'.encode()
    return own, member.replace(declaration, b"", 1)  # the corpus declares the namespace once


@contextmanager
def corpus_tei(handle: BinaryIO, corpus: Corpus, settings) -> Iterator[Callable[[bytes], None]]:
    """Write to `handle` the teiCorpus of the whole edition: its header, the registers and bibliography once,
    then every document's TEI as `document_tei` gives it for the corpus, added one at a time by the
    function this yields.

    One file may hold each `xml:id` once, so a document's own ids are prefixed with its id
    (`p12` becomes `vaskov-1953-07-03.p12`); register and bibliography ids are the edition's.
    """
    root = element("teiCorpus", {"{http://www.w3.org/XML/1998/namespace}lang": "en"})
    root.append(header.corpus_header(corpus, settings))
    layer = standoff.standoff(corpus, None, True)
    if len(layer):
        root.append(layer)
    frame, end = serialize(root), b"\n</teiCorpus>\n"
    handle.write(frame.removesuffix(end))
    yield lambda member: handle.write(b"\n " + member)
    handle.write(end)


POINTERS = ("target", "targetEnd", "corresp", "ref", "resp")


def _prefix_ids(tree, prefix: str) -> None:
    """Prefix every id in `tree`, and every local pointer to one of them."""
    ids = {node.get(XML_ID) for node in tree.iter() if node.get(XML_ID)}
    for node in tree.iter():
        if node.get(XML_ID):
            node.set(XML_ID, prefix + node.get(XML_ID))
        for name in POINTERS:
            value = node.get(name)
            if value:
                node.set(name, " ".join(f"#{prefix}{v[1:]}" if v[1:] in ids else v for v in value.split()))
