"""Field rules of the UN Security Council list for designated individuals.

Dates of birth (TYPE_OF_DATE EXACT / APPROXIMATELY / BETWEEN with DATE, YEAR,
FROM_YEAR/TO_YEAR and a free NOTE), places of birth, nationalities, titles,
designations, gender and identity documents. Whatever cannot be put in a typed
FtM property is kept as text in ``notes`` rather than lost.
"""

from __future__ import annotations

from typing import Any

from followthemoney.statement import StatementEntity
from followthemoney.types import registry

from interlist.sources.date_text import parse_date_text, year_range
from interlist.sources.helpers import make_identification

PASSPORT_WORDS = ("passport", "passeport", "pasaporte")


def text(element: Any, path: str) -> str | None:
    """The whitespace-normalised text of a child element, None when absent or blank."""
    value = element.findtext(path)
    if value is None:
        return None
    return " ".join(value.split()) or None


def texts(element: Any, *paths: str) -> list[str]:
    """Every non-blank text found at any of the paths, in order."""
    found: list[str] = []
    for path in paths:
        for child in element.iterfind(path):
            value = " ".join((child.text or "").split())
            if value:
                found.append(value)
    return found


def add_person_fields(entity: StatementEntity, element: Any) -> list[StatementEntity]:
    """Birth data, nationality, titles, gender on the person; its documents returned."""
    for dob in element.iterfind("INDIVIDUAL_DATE_OF_BIRTH"):
        add_birth_date(entity, dob)
    for pob in element.iterfind("INDIVIDUAL_PLACE_OF_BIRTH"):
        add_birth_place(entity, pob)
    for nationality in texts(element, "NATIONALITY/VALUE"):
        add_country(entity, "nationality", nationality)
    entity.add("title", texts(element, "TITLE/VALUE"))
    entity.add("position", texts(element, "DESIGNATION/VALUE"))
    gender = text(element, "GENDER")
    if gender and registry.gender.clean(gender):
        entity.add("gender", gender)
    elif gender:
        entity.add("notes", f"Gender: {gender}")
    documents = (_document(entity, doc) for doc in element.iterfind("INDIVIDUAL_DOCUMENT"))
    return [doc for doc in documents if doc is not None]


def birth_dates(dob: Any) -> tuple[list[str], str | None]:
    """The FtM dates one INDIVIDUAL_DATE_OF_BIRTH stands for, and its text as published."""
    kind = (text(dob, "TYPE_OF_DATE") or "").upper()
    day, year, note = text(dob, "DATE"), text(dob, "YEAR"), text(dob, "NOTE")
    start, end = text(dob, "FROM_YEAR"), text(dob, "TO_YEAR")
    published = [v for v in (kind, day, year, start, end, note) if v]
    original = " ".join(published) or None
    if kind == "BETWEEN" and start and end and start.isdigit() and end.isdigit():
        return year_range(int(start), int(end)), original
    if day:
        return parse_date_text(day), original
    if year and note:
        # "YEAR 1958, NOTE Sep." is September 1958; another note leaves the year.
        return (parse_date_text(f"{note} {year}") or parse_date_text(year)), original
    for value in (year, start, end, note):
        dates = parse_date_text(value)
        if dates:
            return dates, original
    return [], original


def add_birth_date(entity: StatementEntity, dob: Any) -> None:
    """birthDate statements keeping the published text; a text that is no date goes to notes."""
    dates, original = birth_dates(dob)
    for value in dates:
        entity.add("birthDate", value, original_value=original)
    if original and not dates and original not in ("EXACT", "APPROXIMATELY", "BETWEEN"):
        entity.add("notes", f"Date of birth: {original}")


def add_birth_place(entity: StatementEntity, pob: Any) -> None:
    """birthPlace as written (street, city, province, country) and birthCountry."""
    place = ", ".join(texts(pob, "STREET", "CITY", "STATE_PROVINCE", "COUNTRY"))
    entity.add("birthPlace", place or None)
    country = text(pob, "COUNTRY")
    if country and registry.country.clean(country):
        entity.add("birthCountry", country)
    note = text(pob, "NOTE")
    if note:
        entity.add(
            "notes", f"Place of birth {place}: {note}" if place else f"Place of birth: {note}"
        )


def add_country(entity: StatementEntity, prop: str, value: str) -> None:
    """A country property FtM can clean; otherwise the text is kept in notes."""
    if registry.country.clean(value):
        entity.add(prop, value)
    else:
        entity.add("notes", f"{entity.schema.properties[prop].label}: {value}")


def _document(entity: StatementEntity, doc: Any) -> StatementEntity | None:
    """A Passport or Identification; a document without a number stays in notes."""
    main_type, sub_type = text(doc, "TYPE_OF_DOCUMENT"), text(doc, "TYPE_OF_DOCUMENT2")
    kind = (sub_type or main_type or "").rstrip(" :") or None
    number = text(doc, "NUMBER")
    country = text(doc, "ISSUING_COUNTRY") or text(doc, "COUNTRY_OF_ISSUE")
    issued_in = text(doc, "CITY_OF_ISSUE")
    note = text(doc, "NOTE")
    if not number:
        described = "; ".join(v for v in (kind, country, issued_in, note) if v)
        if described:
            entity.add("notes", f"Document: {described}")
        return None
    cleanable = country is None or registry.country.clean(country) is not None
    summary_parts = [
        f"issued in {issued_in}" if issued_in else None,
        None if cleanable else f"country: {country}",
        note,
    ]
    lowered = f"{main_type or ''} {sub_type or ''}".lower()
    return make_identification(
        entity,
        number,
        kind=kind,
        country=country if cleanable else None,
        passport=any(word in lowered for word in PASSPORT_WORDS),
        issued=text(doc, "DATE_OF_ISSUE"),
        summary="; ".join(p for p in summary_parts if p) or None,
    )
