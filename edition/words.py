"""Values in words, each formed in one place: dates, archival shelfmarks, names and years of works, languages.

Every page, citation and export that shows one of these asks this module for it, so that a
change of form (a document held in several places, leaves instead of pages) is one change.
Dates are ISO 8601 in the data: a day, a month, a year, or a `start/end` range of them.
"""

from __future__ import annotations

import calendar
import datetime
import re

from .model import Archive, Reference

MONTHS = ("January February March April May June July August September October November December").split()
LANGUAGES = {"ru": "Russian", "en": "English", "zh": "Chinese", "ko": "Korean", "ja": "Japanese", "fr": "French",
             "de": "German", "pl": "Polish", "cs": "Czech", "hu": "Hungarian", "mn": "Mongolian"}
_ISO = re.compile(r"^(-?\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


# --- Dates -------------------------------------------------------------------------------------

def date_parts(value: str) -> tuple[int, int, int]:
    """Return (year, month, day) of an ISO 8601 date, month or year, 0 for what it leaves out; raise
    `ValueError` if it is not one."""
    match = _ISO.match(value)
    if not match:
        raise ValueError(f"not an ISO 8601 date: {value!r}")
    year, month, day = match.groups()
    return int(year), int(month or 0), int(day or 0)


def date_problem(value: str) -> str:
    """Return why an ISO 8601 date or `start/end` range is impossible, or '' if it is fine."""
    days = []
    for part in value.split("/"):
        try:
            year, month, day = date_parts(part)
        except ValueError:
            return "is not an ISO 8601 date"
        try:
            days.append(datetime.date(year, month or 1, day or 1))
        except ValueError:
            return "does not exist"
    if len(days) == 2 and days[1] < days[0]:
        return "ends before it starts"
    return ""


def date_range(value: str) -> tuple[str, str]:
    """Return the start and end of a `start/end` range; of a single date, the date and ''."""
    first, _, last = value.partition("/")
    return first, last


def bounds(value: str) -> tuple[datetime.date, datetime.date]:
    """Return the first and last day an ISO 8601 date, month, year or `start/end` range covers."""
    first, last = date_range(value)
    year, month, day = date_parts(first)
    start = datetime.date(year, month or 1, day or 1)
    year, month, day = date_parts(last or first)
    month = month or 12
    return start, datetime.date(year, month, day or calendar.monthrange(year, month)[1])


def format_date(value: str) -> str:
    """Return an ISO 8601 date, month, year or `start/end` range as words: `5–6 July 1953`."""
    if "/" not in value:
        return _words(*date_parts(value))
    (y1, m1, d1), (y2, m2, d2) = (date_parts(v) for v in value.split("/", 1))
    if y1 == y2 and m1 and m1 == m2 and d1 and d2:
        return f"{d1}–{d2} {MONTHS[m1 - 1]} {y1}"
    if y1 == y2 and m1 and m2:
        return f"{_words(None, m1, d1)} – {_words(y2, m2, d2)}"
    if not (m1 or m2):
        return f"{y1}–{y2}"
    return f"{_words(y1, m1, d1)} – {_words(y2, m2, d2)}"


LIFE_DATES = (("born", "died"), ("founded", "dissolved"))
"""The pairs of dates that bound a register entry's existence."""


def lifespan(dates) -> str:
    """Return a register entry's dates as one line, written the same way wherever they are shown:
    `1898 – 8 January 1976`, `1875–1965`, `born 1908`, `died 8 July 1994` (`founded`, `dissolved` alike),
    or an event's `date`."""
    values = dict(dates)
    for first, last in LIFE_DATES:
        start, end = values.get(first), values.get(last)
        if start and end:
            return format_date(f"{start}/{end}") if "/" not in start + end else \
                f"{format_date(start)} – {format_date(end)}"
        if start or end:
            return f"{first if start else last} {format_date(start or end)}"
    return format_date(values["date"]) if "date" in values else ""


def _words(year: int | None, month: int, day: int) -> str:
    return " ".join(str(p) for p in (day, MONTHS[month - 1] if month else "", year) if p)


def date_from_words(text: str) -> str:
    """Return the ISO 8601 form of a date written as the genre writes it: `3 July 1953` (or `3 July. 1953`)."""
    day, month, year = text.replace(".", "").split()
    return f"{year}-{MONTHS.index(month) + 1:02d}-{int(day):02d}"


def iso_date(parts) -> str:
    """Return the ISO 8601 form of CSL date parts: `[1953, 7, 3]` → `1953-07-03`, `[1950, 5]` → `1950-05`."""
    return "-".join(f"{int(p):02d}" if i else f"{int(p):04d}" for i, p in enumerate(parts))


# --- Where a document is held ------------------------------------------------------------------

SHELFMARK_UNITS = (("fond", "f."), ("opis", "op."), ("delo", "d."), ("folios", "ll."))
"""The parts of an archival reference in the order they are cited, with their abbreviations."""
CITED_LEAVES = "ll."
"""The abbreviation of the folios in the document's CSL record, as Russian archival references cite them."""


def shelfmark_parts(archive: Archive) -> tuple[tuple[str, str], ...]:
    """Return the parts of a document's archival reference that are known, as (unit, value):
    `(("fond", "3"), ("opis", "65"), ("delo", "830"), ("folios", "136-147"))`."""
    values = {"fond": archive.fond, "opis": archive.opis, "delo": archive.delo, "folios": archive.pages}
    return tuple((unit, values[unit]) for unit, _ in SHELFMARK_UNITS if values[unit])


def shelfmark(archive: Archive, form: str = "shown") -> str:
    """Return where a document is held, in one of the forms the edition gives it:

    - `shown`, on its pages and in its citation in this edition: `AP RF, f. 3, op. 65, d. 830, ll. 136-147`;
    - `cited`, in its CSL record (and so every citation format): `AP RF, f. 3, op. 65, d. 830, ll. 136-147`,
      with the repository's name when it has no abbreviation;
    - `file`, the file alone with its units in words: `fond 3, opis 65, delo 830`.
    """
    parts = shelfmark_parts(archive)
    if form == "file":
        return ", ".join(f"{unit} {value}" for unit, value in parts if unit != "folios")
    labels = dict(SHELFMARK_UNITS, **({"folios": CITED_LEAVES} if form == "cited" else {}))
    holder = archive.abbreviation or (archive.repository if form == "cited" else "")
    return ", ".join(([holder] if holder else []) + [f"{labels[unit]} {value}" for unit, value in parts])


# --- Names and works ---------------------------------------------------------------------------

INITIALS = re.compile(r"^((?:[A-Z][a-z]?\.\s*)+)(\S.*)$")


def csl_name(name: str) -> dict:
    """Return a CSL name: `V. V. Vas'kov` (initials, then the family name) is split, anything else kept whole.

    Names are not split on a guess: `Kim Il Sung` and `Gary Goldberg` stay literal.
    """
    match = INITIALS.match(name.strip())
    if match:
        return {"family": match.group(2).strip(), "given": match.group(1).strip()}
    return {"literal": name.strip()}


def person_name(name: dict, inverted: bool = False) -> str:
    """Return a CSL name as written (`Walter G. Hermes`) or `inverted` (`Hermes, Walter G.`); a literal
    name as it is."""
    if "literal" in name:
        return name["literal"]
    parts = (name.get("family", ""), name.get("given", "")) if inverted else (name.get("given", ""),
                                                                              name.get("family", ""))
    return (", " if inverted else " ").join(p for p in parts if p)


def names_in_words(names, invert_first: bool = True) -> str:
    """Return CSL names as a list in words, the first inverted as a bibliography sorts it:
    `Hermes, Walter G., John Doe, and Jane Roe`."""
    return joined([person_name(n, invert_first and i == 0) for i, n in enumerate(names)], serial_comma=True)


def joined(items, serial_comma: bool = False) -> str:
    """Return words as a list: `A`, `A and B`, `A, B and C` (`A, B, and C` with the serial comma)."""
    items = list(items)
    if len(items) < 2:
        return "".join(items)
    return ", ".join(items[:-1]) + (", and " if serial_comma and len(items) > 2 else " and ") + items[-1]


def family_name(name: dict) -> str:
    """Return the family name of a CSL name, or its literal form."""
    return name.get("family") or name.get("literal", "")


def year(reference: Reference) -> str:
    """Return the year a work was issued (or its date as written, when it has no date parts); '' if none."""
    issued = reference.csl.get("issued") or {}
    if not isinstance(issued, dict):
        return str(issued)[:4]
    parts = issued.get("date-parts")
    return str(parts[0][0]) if parts and parts[0] else issued.get("literal", "")


def short_citation(reference: Reference) -> str:
    """Return an author-date label such as `Hermes 1966`, `Hermes and Doe 1970`, `Hermes et al. 1975`."""
    csl = reference.csl
    names = csl.get("author") or csl.get("editor") or []
    who = family_name(names[0]) if names else csl.get("publisher", "")
    if len(names) == 2:
        who += f" and {family_name(names[1])}"
    elif len(names) > 2:
        who += " et al."
    return f"{who} {year(reference)}".strip()


def language_name(code: str) -> str:
    """Return the English name of a language code, or the code itself when it is not a known one."""
    return LANGUAGES.get(code, code)
