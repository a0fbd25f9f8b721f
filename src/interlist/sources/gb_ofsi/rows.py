"""The facts of one row of the UK OFSI Consolidated List (ConList), put on its entity.

A row is a dict keyed by lower-cased column name. Rows of the same Group ID are
one designated party; each row holds one of its names, and repeats (or varies)
the other facts, so adding every row's facts collects them all.
"""

from __future__ import annotations

import re

from followthemoney.statement import StatementEntity

from interlist.sources.helpers import make_address, make_identification
from interlist.sources.tabular import (
    add_country,
    add_dates,
    add_or_note,
    clean_value,
    lang_from_script,
    put,
)

Row = dict[str, str]

# Alias Type -> FtM name property. 2020 files: "Prime Alias", "AKA"; 2022 format:
# "Primary name", "Alias", "Primary name variation". Unknown types become aliases.
NAME_PROPS = {
    "prime alias": "name",
    "primary name": "name",
    "aka": "alias",
    "alias": "alias",
    "primary name variation": "alias",
    "fka": "previousName",
    "formerly known as": "previousName",
    "previous name": "previousName",
}
# "Non-Latin Script Language" (2022 format) -> FtM language code.
LANGS = {
    "arabic": "ara",
    "russian": "rus",
    "ukrainian": "ukr",
    "belarusian": "bel",
    "persian": "fas",
    "farsi": "fas",
    "chinese": "zho",
    "korean": "kor",
    "japanese": "jpn",
    "burmese": "mya",
    "georgian": "kat",
    "hebrew": "heb",
}
# Optional columns of newer files that map straight to a property.
SIMPLE_COLUMNS = {
    "email address": "email",
    "phone number": "phone",
    "website": "website",
    "gender": "gender",
    "imo number": "imoNumber",
}
_NUMBERED = re.compile(r"(?:^|\s)\(?\d{1,2}\)\s*")
_NUMBER_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9/\-]*")
_LABEL = re.compile(
    r"^\s*(?:passport|national\s+id\w*|ni|id)?\s*(?:no|number|num)?\b[.:]?\s*", re.I
)
_IMO = re.compile(r"\bIMO\W{0,3}(\d{7})\b")


def cell(row: Row, name: str) -> str:
    """A cell's stripped text ('' when the column is absent)."""
    return (row.get(name) or "").strip()


def full_name(row: Row) -> str:
    """Name 1..5 (given names) then Name 6 (family name, or an organisation's name)."""
    parts = [cell(row, f"name {i}") for i in (1, 2, 3, 4, 5, 6)]
    return " ".join(p for p in parts if p)


def name_prop(row: Row) -> str:
    """The FtM property for the row's name (weakAlias for a low-quality alias)."""
    prop = NAME_PROPS.get(cell(row, "alias type").lower(), "alias")
    if prop == "alias" and cell(row, "alias quality").lower().startswith("low"):
        return "weakAlias"
    return prop


def add_name(entity: StatementEntity, row: Row, prop: str) -> None:
    """The row's name (and its non-Latin spelling) under `prop`; name parts for a primary name."""
    name = full_name(row)
    if prop == "name" or name not in entity.get("name"):
        put(entity, prop, name)
    script_name = cell(row, "name non-latin script")
    if script_name:
        lang = LANGS.get(cell(row, "non-latin script language").lower())
        put(entity, "alias", script_name, lang=lang or lang_from_script(script_name))
    if prop == "name" and entity.schema.is_a("Person"):
        put(entity, "firstName", cell(row, "name 1"))
        put(entity, "secondName", cell(row, "name 2"))
        for column in ("name 3", "name 4", "name 5"):
            put(entity, "middleName", cell(row, column))
        put(entity, "lastName", cell(row, "name 6"))


def add_facts(entity: StatementEntity, row: Row) -> list[StatementEntity]:
    """Everything but names and the listing; returns documents and addresses made."""
    add_or_note(entity, "title", cell(row, "title"), "Title")
    add_dates(entity, "birthDate", cell(row, "dob"), "DOB")
    _add_birth_place(entity, row)
    nationality = "nationality" if "nationality" in entity.schema.properties else "country"
    for text in numbered_items(cell(row, "nationality")):
        add_country(entity, nationality, text, "Nationality")
    add_or_note(entity, "position", cell(row, "position"), "Position")
    for column, prop in SIMPLE_COLUMNS.items():
        add_or_note(entity, prop, cell(row, column), column.capitalize())
    other = cell(row, "other information")
    add_or_note(entity, "notes", other, "Other information")
    if "imoNumber" in entity.schema.properties:
        for imo in _IMO.findall(other):
            put(entity, "imoNumber", f"IMO{imo}")
    made = _documents(entity, row)
    made.append(_address(entity, row))
    return [e for e in made if e is not None]


def _add_birth_place(entity: StatementEntity, row: Row) -> None:
    town, country = cell(row, "town of birth"), cell(row, "country of birth")
    place = ", ".join(p for p in (town, country) if p)
    add_or_note(entity, "birthPlace", place, "Place of birth")
    if "birthCountry" in entity.schema.properties:
        add_country(entity, "birthCountry", country, "Country of birth")


def numbered_items(text: str) -> list[str]:
    """Items of OFSI's numbered lists: "1) Saudi Arabia 2) Qatar" -> both; plain text -> itself."""
    items = _NUMBERED.split(text)
    return [item.strip(" ,;.") for item in items if item.strip(" ,;.")]


def document_number(text: str) -> str | None:
    """The number in a document text: "Passport No: 592667 (issued ...)" -> "592667"."""
    rest = _LABEL.sub("", text, count=1)
    for token in _NUMBER_TOKEN.findall(rest):
        if len(token) >= 4 and any(ch.isdigit() for ch in token):
            return token
    return None


def _documents(entity: StatementEntity, row: Row) -> list[StatementEntity | None]:
    made: list[StatementEntity | None] = []
    specs = (
        ("passport number", "passport details", "Passport", True),
        ("national identification number", "national identification details", "ID", False),
        ("", "ni number", "National identification", False),
    )
    for number_col, details_col, kind, passport in specs:
        number, details = cell(row, number_col) if number_col else "", cell(row, details_col)
        if number:
            made.append(_document(entity, number, details or None, kind, passport))
            continue
        for item in numbered_items(details):
            found = document_number(item)
            if found is None:
                entity.add("notes", f"{kind}: {item}")
            else:
                made.append(_document(entity, found, item, kind, passport))
    return made


def _document(
    entity: StatementEntity, number: str, summary: str | None, kind: str, passport: bool
) -> StatementEntity:
    return make_identification(entity, number, kind=kind, passport=passport, summary=summary)


def _address(entity: StatementEntity, row: Row) -> StatementEntity | None:
    lines = [cell(row, f"address {i}") for i in range(1, 7)]
    country = cell(row, "country")
    full = ", ".join(p for p in lines if p)
    if country and clean_value("country", country) is None:
        full, country = ", ".join(p for p in (full, country) if p), ""
    postal = cell(row, "post/zip code") or None
    return make_address(entity, full=full or None, postal_code=postal, country=country or None)
