"""Parser for the US Consolidated Screening List CSV (trade.gov).

One CSV row per listing on one of 13 US lists (OFAC SDN, BIS Entity List,
State ISN...). A party on several of those lists has one row per list with the
same ``_id`` (for OFAC rows, the SDN ent_num): it becomes one entity
``us-csl-<_id>`` with one Sanction per row, whose authority is the row's list.

Left out on purpose: the per-list source URLs (the same bit.ly link on every row
of a list); an address that is only a country code ("SY") becomes the entity's
country, not an Address entity. "(Linked To: NAME)" remarks become UnknownLinks
when NAME is exactly one other row's name; the remark text stays in notes.
"""

from __future__ import annotations

import re
from pathlib import Path

from followthemoney.statement import StatementEntity

from interlist.errors import SourceFormatError
from interlist.model import make_entity
from interlist.sources.base import Format, ParsedSource, Rejection
from interlist.sources.helpers import date_from_path, make_address, make_link, make_sanction
from interlist.sources.official import source_info
from interlist.sources.tabular import (
    add_country,
    add_dates,
    add_or_note,
    add_topics,
    csv_rows,
    merge_into,
    program_topics,
    put,
    read_text,
    split,
)
from interlist.sources.us_csl.ids import add_ids

SOURCE = source_info("us_csl")
SCHEMATA = {"individual": "Person", "entity": "Organization", "vessel": "Vessel"}
SCHEMATA["aircraft"] = "Airplane"
REQUIRED = ("_id", "source", "type", "name")
_HEADER_START = b"_id,source,entity_number,type,programs,name"
_LINKED = re.compile(r"\(Linked To: ((?:[^()]|\([^()]*\))+)\)")
_ADDRESS_COUNTRY = re.compile(r"^(.*?),\s*([A-Z]{2})$")

Row = dict[str, str]


def sniff(path: Path, head: bytes) -> bool:
    """The CSL CSV starts with its fixed header row."""
    return head.removeprefix(b"\xef\xbb\xbf").startswith(_HEADER_START)


def parse(path: Path) -> ParsedSource:
    """Read the whole CSV: one target per `_id`, one Sanction per row."""
    result = ParsedSource(SOURCE, path, date_from_path(path))
    targets: dict[str, StatementEntity] = {}
    made: dict[str, StatementEntity] = {}
    rows = list(_records(path))
    for line, row in rows:
        problem = _problem(row)
        if problem:
            result.rejected.append(Rejection(f"line {line}", problem))
            continue
        entity_id = f"us-csl-{row['_id'].strip()}"
        entity = targets.get(entity_id)
        if entity is None:
            entity = targets[entity_id] = _target(entity_id, row)
        merge_into(made, _add_row(entity, row))
    merge_into(made, _links(targets, [row for _, row in rows]))
    result.entities.extend([*targets.values(), *made.values()])
    return result


def _records(path: Path) -> list[tuple[int, Row]]:
    rows = csv_rows(path, read_text(path))
    first = next(rows, None)
    if first is None:
        raise SourceFormatError(path, "empty file", "line 1")
    header = [cell.strip() for cell in first[1]]
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        raise SourceFormatError(path, f"missing column(s): {', '.join(missing)}", "line 1")
    records = []
    for line, cells in rows:
        if len(cells) != len(header):
            message = f"expected {len(header)} fields, found {len(cells)} (truncated?)"
            raise SourceFormatError(path, message, f"line {line}")
        records.append((line, dict(zip(header, cells, strict=True))))
    return records


def _problem(row: Row) -> str | None:
    if not row["_id"].strip():
        return "no _id"
    if not row["name"].strip():
        return f"_id {row['_id']}: no name"
    return None


def _target(entity_id: str, row: Row) -> StatementEntity:
    schema = SCHEMATA.get(row["type"].strip().lower(), "LegalEntity")
    return make_entity(schema, entity_id, SOURCE.name)


def _add_row(entity: StatementEntity, row: Row) -> list[StatementEntity]:
    """Add one row's facts to its entity; returns the new Sanction, documents, addresses."""
    put(entity, "name", row["name"].strip())
    for alias in split(row.get("alt_names")):
        put(entity, "alias", alias)
    _add_person_facts(entity, row)
    _add_vessel_facts(entity, row)
    add_or_note(entity, "notes", row.get("remarks"), "Remarks")
    documents, for_sanction = add_ids(entity, row.get("ids", ""))
    addresses = [_address(entity, text) for text in split(row.get("addresses"))]
    made = [*documents, *(a for a in addresses if a is not None)]
    return [*made, _sanction(entity, row, for_sanction)]


def _add_person_facts(entity: StatementEntity, row: Row) -> None:
    for text in split(row.get("dates_of_birth")):
        add_dates(entity, "birthDate", text, "Date of birth")
    for text in split(row.get("places_of_birth")):
        add_or_note(entity, "birthPlace", text, "Place of birth")
    for text in split(row.get("nationalities")):
        add_country(entity, "nationality", text, "Nationality")
    for text in split(row.get("citizenships")):
        add_country(entity, "citizenship", text, "Citizenship")
    add_or_note(entity, "position", row.get("title"), "Title")


def _add_vessel_facts(entity: StatementEntity, row: Row) -> None:
    add_or_note(entity, "callSign", row.get("call_sign"), "Call sign")
    add_or_note(entity, "type", row.get("vessel_type"), "Vessel type")
    add_or_note(entity, "tonnage", row.get("gross_tonnage"), "Gross tonnage")
    gross = row.get("gross_registered_tonnage")
    add_or_note(entity, "grossRegisteredTonnage", gross, "Gross registered tonnage")
    add_country(
        entity,
        "flag" if "flag" in entity.schema.properties else "country",
        row.get("vessel_flag"),
        "Vessel flag",
    )
    add_or_note(entity, "notes", row.get("vessel_owner"), "Vessel owner")


def _address(entity: StatementEntity, text: str) -> StatementEntity | None:
    found = _ADDRESS_COUNTRY.match(text)
    if found:
        return make_address(entity, full=found[1] or None, country=found[2])
    if len(text) == 2 and text.isupper():  # only a country: no Address entity for it
        add_country(entity, "country", text, "Address")
        return None
    return make_address(entity, full=text)


def _sanction(entity: StatementEntity, row: Row, infos: list[str]) -> StatementEntity:
    """The listing on the row's sub-list, with its programmes and topics."""
    source = row["source"].strip()
    sanction = make_sanction(
        entity,
        key=source,
        authority=source or None,
        listed_on=row.get("start_date") or None,
        reference=row.get("entity_number") or None,
        legal_basis=row.get("federal_register_notice") or None,
        country="us",
    )
    programs = split(row.get("programs"))
    sanction.add("program", programs or source or None)
    sanction.add("endDate", row.get("end_date") or None)
    sanction.add("summary", infos)
    sanction.add("description", _licence_text(row))
    add_topics(entity, program_topics(SOURCE.name, [source, *programs]))
    return sanction


def _licence_text(row: Row) -> list[str]:
    labels = {"standard_order": "Standard order", "license_requirement": "License requirement"}
    labels["license_policy"] = "License policy"
    return [f"{label}: {row[key]}" for key, label in labels.items() if row.get(key)]


def _links(targets: dict[str, StatementEntity], rows: list[Row]) -> list[StatementEntity]:
    """UnknownLinks for "(Linked To: NAME)" remarks whose NAME is another row's name."""
    by_name: dict[str, set[str]] = {}
    for row in rows:
        if row["_id"].strip() and row["name"].strip():
            by_name.setdefault(row["name"].strip().upper(), set()).add(row["_id"].strip())
    links = []
    for row in rows:
        source = targets.get(f"us-csl-{row['_id'].strip()}")
        for name in _LINKED.findall(row.get("remarks", "")):
            ids = by_name.get(name.strip().upper(), set())
            if source is not None and len(ids) == 1:
                target_id = f"us-csl-{next(iter(ids))}"
                links.append(make_link("UnknownLink", source, target_id, relationship="Linked To"))
    return links


FORMAT = Format(
    name="us-csl-csv",
    title="US Consolidated Screening List (trade.gov CSV)",
    sniff=sniff,
    parse=parse,
    dated_by_name=True,
)
