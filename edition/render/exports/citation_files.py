"""Citation downloads written from one CSL-JSON record: CSL-JSON itself, BibTeX and RIS.

Each format types the document as a manuscript (BibTeX has no such type: `@unpublished`
is its equivalent) and carries the archival reference where reference managers look
for it: CSL `archive_location`, BibTeX `library` and `note`, RIS `AN` (Zotero's archive
location) with the archive's name in `DB`.
"""

from __future__ import annotations

import json

from ... import urls
from ...model import Document
from ...words import iso_date, person_name
from ..citations import csl_record

FORMATS = (("csl.json", "CSL-JSON citation", "application/vnd.citationstyles.csl+json"),
           ("bib", "BibTeX citation", "application/x-bibtex"),
           ("ris", "RIS citation", "application/x-research-info-systems"))
"""(file extension, label, media type) of each citation download."""
_LATEX = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#",
          "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}


def csl_json(record: dict) -> str:
    """Return the record as a CSL-JSON file (a list of one item, as Zotero and Pandoc read it)."""
    return json.dumps([record], ensure_ascii=False, sort_keys=True, indent=1) + "\n"


def _tex(value: str) -> str:
    return "".join(_LATEX.get(c, c) for c in value)


def _bib_names(names: list[dict]) -> str:
    # A literal name is given to BibTeX as written: it splits "Gary Goldberg" itself, its own way.
    return " and ".join(_tex(person_name(n, inverted=True)) for n in names)


def bibtex(record: dict) -> str:
    """Return a BibTeX (biblatex) entry: `@unpublished` with type, date, translator and the archive."""
    parts = record["issued"]["date-parts"][0]
    place = ", ".join(p for p in (record.get("archive", ""), record["archive_location"]) if p)
    fields = [("author", _bib_names(record["author"])), ("title", "{" + _tex(record["title"]) + "}"),
              ("type", _tex(record["genre"])), ("number", _tex(record.get("number", ""))),
              ("date", iso_date(parts)),
              ("year", str(parts[0])), ("translator", _bib_names(record.get("translator", []))),
              ("langid", _tex(record["language"])), ("library", _tex(place)),
              ("note", _tex(". ".join(p for p in (record["archive_location"], record.get("note", "")) if p))),
              ("url", record.get("URL", ""))]
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields if value)
    return f"@unpublished{{{record['id']},\n{body}\n}}\n"


def ris(record: dict) -> str:
    """Return a RIS record of type MANSCPT (translator in A4, archive in DB, its reference in AN)."""
    year, month, day = (record["issued"]["date-parts"][0] + [0, 0])[:3]
    lines = [("TY", "MANSCPT"), ("TI", record["title"])]
    lines += [("AU", person_name(n, inverted=True)) for n in record["author"]]
    lines += [("A4", person_name(n, inverted=True)) for n in record.get("translator", [])]
    lines += [("PY", f"{year:04d}"), ("DA", f"{year:04d}/{month or '':0>2}/{day or '':0>2}/".replace("/00/", "//"))]
    lines += [("M3", record["genre"]), ("M1", record.get("number", "")), ("DB", record.get("archive", "")),
              ("AN", record["archive_location"]), ("LA", record["language"]), ("AB", record.get("abstract", "")),
              ("N1", record.get("note", "")), ("UR", record.get("URL", ""))]
    return "".join(f"{tag}  - {value}\r\n" for tag, value in lines if value) + "ER  - \r\n"


WRITERS = {"csl.json": csl_json, "bib": bibtex, "ris": ris}


def citation_files(document: Document, settings) -> dict[str, str]:
    """Return the citation downloads of a document: site path → text (CSL-JSON, BibTeX, RIS)."""
    record = csl_record(document, settings)
    return {urls.document_file(document.id, ext): WRITERS[ext](record) for ext, _, _ in FORMATS}
