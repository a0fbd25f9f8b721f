"""Value rules of the national list CSV format (docs/national-list-format.md).

Each function reads one cell and either returns its values or raises
:class:`FieldError` naming what is wrong; the parser adds the line and the file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from followthemoney.types import registry

from interlist.model import extra_topics
from interlist.sources.tabular import year_range

SEPARATOR = "|"
TYPES = {
    "person": "Person",
    "organization": "Organization",
    "organisation": "Organization",
    "company": "Company",
    "entity": "LegalEntity",
    "vessel": "Vessel",
    "aircraft": "Airplane",
}
GENDERS = {"male": "male", "m": "male", "female": "female", "f": "female"}
PASSPORT_KINDS = {"passport", "diplomatic_passport", "diplomatic passport"}
_DATE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")
_RANGE = re.compile(r"^(\d{4})/(\d{4})$")
_RECORD_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
_SOURCE = re.compile(r"^[a-z][a-z0-9_]{1,39}$")
_UN_REF = re.compile(r"^[A-Z]{2,3}[a-z]?\.\d{3}$")


class FieldError(ValueError):
    """A cell that breaks the format's rules."""


@dataclass(frozen=True)
class Document:
    """One entry of the id_documents cell: kind:number[:country]."""

    kind: str
    number: str
    country: str | None

    @property
    def passport(self) -> bool:
        return self.kind.lower() in PASSPORT_KINDS


def values(text: str | None) -> list[str]:
    """The '|'-separated values of a cell, stripped, empties dropped."""
    return [v.strip() for v in (text or "").split(SEPARATOR) if v.strip()]


def source_name(text: str) -> str:
    if not _SOURCE.match(text):
        raise FieldError(f"source name {text!r}: use lower-case letters, digits and _ (kz_afm)")
    return text


def record_id(text: str) -> str:
    if not _RECORD_ID.match(text):
        raise FieldError(f"{text!r}: use letters, digits, '.', '_' or '-'")
    return text


def schema(text: str) -> str:
    found = TYPES.get(text.strip().lower())
    if found is None:
        raise FieldError(f"{text!r} is not one of {', '.join(sorted(set(TYPES)))}")
    return found


def date_value(text: str) -> list[str]:
    """YYYY, YYYY-MM, YYYY-MM-DD, or a range of years YYYY/YYYY (expanded)."""
    if found := _RANGE.match(text):
        return year_range(int(found[1]), int(found[2]))
    if not _DATE.match(text) or registry.date.clean(text) != text:
        raise FieldError(f"{text!r} is not a date (YYYY, YYYY-MM, YYYY-MM-DD or YYYY/YYYY)")
    return [text]


def dates(text: str | None) -> list[tuple[str, str]]:
    """(FtM date, the text it came from) for every value of a date cell."""
    return [(iso, value) for value in values(text) for iso in date_value(value)]


def country(text: str) -> str:
    code = registry.country.clean(text)
    if code is None:
        raise FieldError(f"{text!r} is not a country (use ISO codes such as kz, or names)")
    return code


def gender(text: str) -> str | None:
    if not text.strip():
        return None
    found = GENDERS.get(text.strip().lower())
    if found is None:
        raise FieldError(f"{text!r}: use male or female (or leave empty)")
    return found


def documents(text: str | None) -> list[Document]:
    """kind:number[:country] entries, e.g. ``passport:N1234567:kz | national_id:850101300123``."""
    found = []
    for entry in values(text):
        parts = [p.strip() for p in entry.split(":")]
        code = None
        if len(parts) >= 3 and registry.country.clean(parts[-1]) is not None:
            code = country(parts.pop())
        if len(parts) < 2 or not parts[0] or not ":".join(parts[1:]):
            raise FieldError(f"{entry!r}: write kind:number or kind:number:country")
        found.append(Document(parts[0], ":".join(parts[1:]), code))
    return found


def topics(text: str | None) -> list[str]:
    found = values(text)
    for topic in found:
        if topic not in extra_topics() and registry.topic.clean(topic) is None:
            raise FieldError(f"{topic!r} is not a known topic (e.g. crime.terror, wmd)")
    return found


def is_un_reference(text: str) -> bool:
    """A UN Security Council reference number such as QDi.420 or KPe.018."""
    return bool(_UN_REF.match(text))
