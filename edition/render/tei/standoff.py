"""The TEI stand-off layer: registers, bibliography and editorial notes, with their Markdown as TEI.

A document's file holds the entries and references it points to (through its
mentions, its notes, and their descriptions in turn); the edition's corpus file
holds them all once. Ids are prefixed by kind (`pers-zhou-enlai`), because one
XML file may hold an id only once and register ids are unique only per kind.
"""

from __future__ import annotations

from lxml import etree

from ... import notes_md, urls
from ...model import Corpus, Document, Entry, Reference, SourceRef, document_blocks
from ...words import date_range, iso_date, short_citation

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
ID_PREFIX = {"persons": "pers", "organizations": "org", "places": "place", "events": "event", "terms": "term",
             "bibliography": "bibl"}
# Register kind → (list element, entry element, name element, date key → element).
REGISTERS = {
    "persons": ("listPerson", "person", "persName", {"born": "birth", "died": "death"}),
    "organizations": ("listOrg", "org", "orgName", {"founded": "event", "dissolved": "event"}),
    "places": ("listPlace", "place", "placeName", {}),
    "events": ("listEvent", "event", "label", {}),
    "terms": ("list", "item", "term", {}),
}
AUTHORITIES = {"wikidata": "wikidata", "viaf": "VIAF", "geonames": "GeoNames"}
INLINE = {"em": ("hi", {"rend": "italic"}), "strong": ("hi", {"rend": "bold"}), "s": ("hi", {"rend": "strike"})}
BLOCKS = {"paragraph": ("p", {}), "heading": ("p", {}), "bullet_list": ("list", {"rend": "bulleted"}),
          "ordered_list": ("list", {"rend": "numbered"}), "list_item": ("item", {}), "blockquote": ("quote", {})}


def element(tag: str, attrs: dict | None = None, text: str = "") -> etree._Element:
    """Return a TEI element with sorted attributes (so that output is byte-stable)."""
    node = etree.Element(f"{{{TEI_NS}}}{tag}", nsmap={None: TEI_NS})
    for key in sorted(attrs or {}):
        node.set(key, attrs[key])
    if text:
        node.text = text
    return node


def child(parent, tag: str, attrs: dict | None = None, text: str = "") -> etree._Element:
    """Append a new TEI element to `parent` and return it."""
    node = element(tag, attrs, text)
    parent.append(node)
    return node


def append_text(parent, text: str) -> None:
    """Append text to `parent` as lxml holds it: after its last child (that child's tail), or as its text."""
    if len(parent):
        parent[-1].tail = (parent[-1].tail or "") + text
    else:
        parent.text = (parent.text or "") + text


def entry_id(kind: str, ident: str) -> str:
    """Return the xml:id of a register entry (`pers-zhou-enlai`) or a reference (`bibl-hermes1966`)."""
    return f"{ID_PREFIX[kind]}-{ident}"


def ncname(ident: str) -> str:
    """Return an id usable as an XML name: a document id may begin with a digit, an xml:id may not."""
    return ident if ident[:1].isalpha() else f"d{ident}"


def standoff(corpus: Corpus, document: Document | None, registers: bool) -> etree._Element:
    """Return `<standOff>`: a document's editorial notes, and (with `registers`) the entries it needs.

    With no document, the registers and bibliography of the whole edition.
    """
    root = element("standOff")
    pointer = _Pointer(corpus, document)
    if registers:
        entries, references = _needed(corpus, document)
        for kind, (list_tag, _, _, _) in REGISTERS.items():
            chosen = [e for e in entries if e.kind == kind]
            if chosen:
                listing = child(root, list_tag, {"type": "terms"} if kind == "terms" else {})
                for entry in chosen:
                    _entry(listing, entry, pointer)
        if references:
            bibliography = child(root, "listBibl")
            for reference in references:
                bibliography.append(bibl(reference))
    notes = corpus.notes.get(document.id, ()) if document is not None else ()
    if notes:
        annotations = child(root, "listAnnotation")
        for note in notes:
            end = urls.note_marker_anchor(note.id)
            node = child(annotations, "note", {
                "type": "editorial", "subtype": note.kind, XML_ID: urls.note_anchor(note.id), "n": str(note.number),
                "target": f"#{end}-start", "targetEnd": f"#{end}"})
            markdown(node, note.body, pointer)
            _sources(node, note.sources)
    return root


def _needed(corpus: Corpus, document: Document | None) -> tuple[list[Entry], list[Reference]]:
    """Return the entries and references a document points to, directly or through their descriptions."""
    if document is None:
        return list(corpus.entries), list(corpus.references)
    notes = corpus.notes.get(document.id, ())
    pending = [(s.mark.value, s.mark.ref) for b in document_blocks(document) for s in b.spans
               if s.mark.kind == "mention"]
    pending += [(r.kind, r.id) for n in notes for r in n.refs] + [("bibliography", s.id) for n in notes for s in n.sources]
    by_key = corpus.entry_by_key
    wanted, cited = set(), set()
    while pending:
        kind, ident = pending.pop()
        if kind == "bibliography":
            cited.add(ident)
        elif (kind, ident) in by_key and (kind, ident) not in wanted:
            wanted.add((kind, ident))
            entry = by_key[(kind, ident)]
            pending += [(r.kind, r.id) for r in entry.refs] + [("bibliography", s.id) for s in entry.sources]
    return ([by_key[key] for key in sorted(wanted, key=corpus.entry_rank.__getitem__)],
            [r for r in corpus.references if r.id in cited])


class _Pointer:
    """Turns a reference written in Markdown (`person:clark`, `note:x`, `@hermes1966`) into a TEI pointer."""

    def __init__(self, corpus: Corpus, document: Document | None):
        self.document = document
        self.note_documents = corpus.note_document
        self.references = corpus.reference_by_id

    def __call__(self, kind: str, ident: str) -> str:
        if kind != "note":
            return "#" + entry_id(kind, ident)
        doc_id, anchor = self.note_documents[ident], urls.note_anchor(ident)
        if self.document is None:  # the corpus file, where a document's ids carry its id
            return f"#{ncname(doc_id)}.{anchor}"
        if doc_id == self.document.id:
            return "#" + anchor
        here = urls.document_file(self.document.id, "xml")
        return urls.relative(here, urls.document_file(doc_id, "xml"), anchor)


def _entry(parent, entry: Entry, pointer: _Pointer) -> None:
    _, tag, name_tag, date_tags = REGISTERS[entry.kind]
    attrs = {XML_ID: entry_id(entry.kind, entry.id)}
    if entry.kind == "events":
        attrs.update(_when(dict(entry.dates).get("date", ""), "from", "to"))
    node = child(parent, tag, attrs)
    child(node, name_tag, {}, entry.name)
    for variant in sorted(set(entry.aliases + entry.also_known_as) - {entry.name}):
        child(node, name_tag, {"type": "variant"}, variant)
    for key, value in entry.dates:
        if key in date_tags:
            dated = child(node, date_tags[key], {**({"type": key} if date_tags[key] == "event" else {}),
                                                 **_when(value, "notBefore", "notAfter")})
            if date_tags[key] == "event":
                child(dated, "label", {}, key)
    for key, value in entry.authorities:
        child(node, "idno", {"type": AUTHORITIES[key]}, value)
    if entry.description or entry.sources:
        description = child(node, "note", {"type": "description"})
        markdown(description, entry.description, pointer)
        _sources(description, entry.sources)


def _when(value: str, start: str, end: str) -> dict:
    """An ISO date as `when`, or a `start/end` range as the two given attributes."""
    if not value:
        return {}
    first, last = date_range(value)
    return {start: first, end: last} if last else {"when": first}


def _sources(parent, sources: tuple[SourceRef, ...]) -> None:
    for source in sources:
        cited = child(parent, "bibl")
        child(cited, "ptr", {"target": "#" + entry_id("bibliography", source.id)})
        if source.locator:
            child(cited, "citedRange", {}, source.locator)


def markdown(parent, text: str, pointer: _Pointer) -> None:
    """Append a Markdown text (a note's body, a description) to `parent` as TEI paragraphs."""
    stack = [parent]
    for token in notes_md.markdown().parse(text):
        kind = token.type.rsplit("_", 1)[0]
        if token.nesting == 1 and kind in BLOCKS:
            tag, attrs = BLOCKS[kind]
            stack.append(child(stack[-1], tag, attrs))
        elif token.nesting == -1 and kind in BLOCKS:
            stack.pop()
        elif token.type == "inline":
            _markdown_inline(stack[-1], token.children or (), pointer)
        elif token.type in ("fence", "code_block"):
            child(child(stack[-1], "p"), "code", {}, token.content)
        elif token.type != "hr":
            raise ValueError(f"the Markdown construct '{token.type}' has no TEI encoding yet")


def _markdown_inline(parent, tokens, pointer: _Pointer) -> None:
    stack = [parent]
    for token in tokens:
        kind = token.type.rsplit("_", 1)[0]
        if token.type == "text":
            append_text(stack[-1], token.content)
        elif token.type == "softbreak":
            append_text(stack[-1], "\n")
        elif token.type == "hardbreak":
            child(stack[-1], "lb")
        elif token.type == "code_inline":
            child(stack[-1], "code", {}, token.content)
        elif token.type == "cite":
            locator = f", {token.meta['locator']}" if token.meta["locator"] else ""
            child(stack[-1], "ref", {"type": "citation", "target": "#" + entry_id("bibliography", token.meta["id"])},
                  short_citation(pointer.references[token.meta["id"]]) + locator)
        elif token.type == "link_open":
            href = str(token.attrGet("href") or "")
            scheme, _, ident = href.partition(":")
            if scheme in notes_md.REF_SCHEMES and ident:
                href = pointer(notes_md.REF_SCHEMES[scheme], ident)
            stack.append(child(stack[-1], "ref", {"target": href}))
        elif token.nesting == 1 and kind in INLINE:
            tag, attrs = INLINE[kind]
            stack.append(child(stack[-1], tag, attrs))
        elif token.nesting == -1 and (kind in INLINE or kind == "link"):
            stack.pop()
        else:
            raise ValueError(f"the Markdown construct '{token.type}' has no TEI encoding yet")


LEVELS = {"article-journal": "j", "article-magazine": "j", "article-newspaper": "j"}


def bibl(reference: Reference) -> etree._Element:
    """Return a `<bibl>` for a CSL-JSON item: names, titles, imprint and identifiers as TEI elements."""
    csl = reference.csl
    node = element("bibl", {XML_ID: entry_id("bibliography", reference.id), "type": csl.get("type", "")})
    for role, tag, attrs in (("author", "author", {}), ("editor", "editor", {}),
                             ("translator", "editor", {"role": "translator"})):
        for name in csl.get(role, ()):
            person = child(child(node, tag, attrs), "persName")
            if name.get("literal") or not name.get("family"):
                person.text = name.get("literal") or name.get("given", "")
                continue
            if name.get("given"):
                child(person, "forename", {}, name["given"]).tail = " "
            child(person, "surname", {}, name["family"])
    container = csl.get("container-title", "")
    level = "a" if container else ("u" if csl.get("type") == "manuscript" else "m")
    child(node, "title", {"level": level}, csl["title"])
    if container:
        child(node, "title", {"level": LEVELS.get(csl.get("type", ""), "m")}, container)
    if csl.get("collection-title"):
        child(node, "title", {"level": "s"}, csl["collection-title"])
    for key, tag in (("edition", "edition"), ("publisher", "publisher"), ("publisher-place", "pubPlace")):
        if csl.get(key):
            child(node, tag, {}, str(csl[key]))
    issued = csl.get("issued", {})
    parts = (issued.get("date-parts") or [[]])[0]
    if parts:
        child(node, "date", {"when": iso_date(parts)},
              " ".join(str(p) for p in parts[:1]))
    elif issued.get("literal") or issued.get("raw"):
        child(node, "date", {}, issued.get("literal") or issued.get("raw"))
    for key, unit in (("volume", "volume"), ("issue", "issue"), ("page", "page")):
        if csl.get(key):
            child(node, "biblScope", {"unit": unit}, str(csl[key]))
    for key in ("DOI", "ISBN", "ISSN", "number"):
        if csl.get(key):
            child(node, "idno", {"type": key}, str(csl[key]))
    if csl.get("archive") or csl.get("archive_location"):
        child(node, "note", {"type": "archive"},
              ", ".join(str(csl[k]) for k in ("archive", "archive_location") if csl.get(k)))
    if csl.get("note"):
        child(node, "note", {}, str(csl["note"]))
    if csl.get("URL"):
        child(node, "ptr", {"target": csl["URL"]})
    return node
