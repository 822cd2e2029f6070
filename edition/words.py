"""Values as readers see them: dates, language names, short citations of bibliography entries."""

from __future__ import annotations

import re

from .model import Reference

MONTHS = ("January February March April May June July August September October November December").split()
LANGUAGES = {"ru": "Russian", "en": "English", "zh": "Chinese", "ko": "Korean", "ja": "Japanese", "fr": "French",
             "de": "German", "pl": "Polish", "cs": "Czech", "hu": "Hungarian", "mn": "Mongolian"}
_ISO = re.compile(r"^(-?\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def format_date(value: str) -> str:
    """Return an ISO 8601 date, month, year or `start/end` range as words: `5–6 July 1953`."""
    if "/" not in value:
        return _words(*_parts(value))
    (y1, m1, d1), (y2, m2, d2) = (_parts(v) for v in value.split("/", 1))
    if y1 == y2 and m1 and m1 == m2 and d1 and d2:
        return f"{d1}–{d2} {MONTHS[m1 - 1]} {y1}"
    if y1 == y2 and m1 and m2:
        return f"{_words(None, m1, d1)} – {_words(y2, m2, d2)}"
    if not (m1 or m2):
        return f"{y1}–{y2}"
    return f"{_words(y1, m1, d1)} – {_words(y2, m2, d2)}"


def _parts(value: str) -> tuple[int, int, int]:
    match = _ISO.match(value)
    if not match:
        raise ValueError(f"not an ISO 8601 date: {value!r}")
    year, month, day = match.groups()
    return int(year), int(month or 0), int(day or 0)


def _words(year: int | None, month: int, day: int) -> str:
    return " ".join(str(p) for p in (day, MONTHS[month - 1] if month else "", year) if p)


def language_name(code: str) -> str:
    """Return the English name of a language code, or the code itself when it is not a known one."""
    return LANGUAGES.get(code, code)


def short_citation(reference: Reference) -> str:
    """Return an author-date label such as `Hermes 1966`."""
    csl = reference.csl
    names = csl.get("author") or csl.get("editor") or []
    who = _family(names[0]) if names else csl.get("publisher", "")
    if len(names) == 2:
        who += f" and {_family(names[1])}"
    elif len(names) > 2:
        who += " et al."
    return f"{who} {issued_year(reference)}".strip()


def _family(name: dict) -> str:
    return name.get("family") or name.get("literal", "")


def issued_year(reference: Reference) -> str:
    issued = reference.csl.get("issued") or {}
    if isinstance(issued, dict):
        parts = issued.get("date-parts") or [[issued.get("literal", "")]]
        return str(parts[0][0]) if parts and parts[0] else ""
    return str(issued)[:4]
