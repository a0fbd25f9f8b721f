"""Parser for the UN Security Council Consolidated List (XML).

One INDIVIDUAL becomes a Person, one ENTITY an Organization, each with its
Sanction (programme from UN_LIST_TYPE, REFERENCE_NUMBER as the UN id), documents
and addresses. Another listed party named by its reference number in COMMENTS1
("... Jamil Mukulu (CDi.015) ...") becomes an UnknownLink. The field-level rules
for persons live in :mod:`interlist.sources.un_sc.fields`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from followthemoney.statement import StatementEntity

from interlist.errors import SourceFormatError
from interlist.model import add_topic, make_entity
from interlist.sources import limits
from interlist.sources.base import Format, ParsedSource, Rejection
from interlist.sources.helpers import make_address, make_link, make_sanction, merge_same_ids
from interlist.sources.official import source_info
from interlist.sources.script_lang import lang_of_script
from interlist.sources.un_sc.fields import add_person_fields, text, texts

SOURCE = source_info("un_sc")
AUTHORITY = "United Nations Security Council"
ROOT = "CONSOLIDATED_LIST"
SCHEMATA = {"INDIVIDUAL": "Person", "ENTITY": "Organization"}
NAME_TAGS = ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")
# QUALITY of an alias -> the FtM property its name goes to.
ALIAS_PROPS = {"good": "alias", "a.k.a.": "alias", "low": "weakAlias", "f.k.a.": "previousName"}
# UN reference numbers as written in comments: QDi.123 (individual), KPe.045 (entity).
REFERENCE = re.compile(r"\b[A-Z]{2}[ie]\.\d{3}\b")


def sniff(path: Path, head: bytes) -> bool:
    """The UN list's root element is CONSOLIDATED_LIST."""
    return b"<CONSOLIDATED_LIST" in head


def parse(path: Path) -> ParsedSource:
    """Read the whole list; SourceFormatError if it is not a complete UN list XML."""
    result = ParsedSource(SOURCE, path, None)
    mentions: list[tuple[StatementEntity, str]] = []
    references: dict[str, str] = {}
    for kind, element in _records(path, result):
        made = _record(element, kind)
        if isinstance(made, Rejection):
            result.rejected.append(made)
            continue
        target, others, reference, comment = made
        result.entities.append(target)
        result.entities.extend(merge_same_ids(others))
        if reference and target.id:
            references[reference] = target.id
        if comment:
            mentions.append((target, comment))
    result.entities.extend(_links(mentions, references))
    if result.publisher_date is None:
        raise SourceFormatError(path, "no dateGenerated on the root element", f"element {ROOT}")
    return result


def _records(path: Path, result: ParsedSource) -> Iterator[tuple[str, Any]]:
    """(INDIVIDUAL|ENTITY, element) pairs, cleared after use; XML errors, limits and a
    truncated file (no closing root element) raise SourceFormatError."""
    events = limits.iterparse(path, ROOT, events=("start", "end"), tag=(ROOT, *SCHEMATA))
    for event, element in events:
        if event == "start":
            if element.tag == ROOT:
                result.publisher_date = _generated(path, element.get("dateGenerated"))
            continue
        if element.tag in SCHEMATA:
            limits.check_element(path, element)
            yield element.tag, element
            element.clear(keep_tail=True)


def _generated(path: Path, value: str | None) -> date | None:
    """The date part of dateGenerated="2026-02-27T00:00:09.554Z"."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError as exc:
        raise SourceFormatError(path, f"bad dateGenerated {value!r}", f"element {ROOT}") from exc


def _record(
    element: Any, kind: str
) -> Rejection | tuple[StatementEntity, list[StatementEntity], str | None, str | None]:
    """The target entity, its sanction/documents/addresses, its reference and comment."""
    dataid = text(element, "DATAID")
    where = f"{kind} DATAID={dataid}" if dataid else f"{kind} at line {element.sourceline}"
    if not dataid:
        return Rejection(where, "no DATAID")
    name = " ".join(texts(element, *NAME_TAGS))
    if not name:
        return Rejection(where, "no name (FIRST_NAME..FOURTH_NAME all empty)")
    entity = make_entity(SCHEMATA[kind], f"un-sc-{dataid}", SOURCE.name)
    _add_names(entity, element, kind, name)
    others: list[StatementEntity] = []
    if kind == "INDIVIDUAL":
        others.extend(add_person_fields(entity, element))
    others.extend(_addresses(entity, element, f"{kind}_ADDRESS"))
    others.append(_sanction(entity, element))
    comment = text(element, "COMMENTS1")
    entity.add("notes", comment)
    entity.add("modifiedAt", texts(element, "LAST_DAY_UPDATED/VALUE"))
    return entity, others, text(element, "REFERENCE_NUMBER"), comment


def _add_names(entity: StatementEntity, element: Any, kind: str, name: str) -> None:
    """Primary name, its parts, the original-script name and every alias."""
    entity.add("name", name, lang=lang_of_script(name))
    if kind == "INDIVIDUAL":
        entity.add("firstName", text(element, "FIRST_NAME"))
        entity.add("secondName", text(element, "SECOND_NAME"))
        entity.add("middleName", texts(element, "THIRD_NAME", "FOURTH_NAME"))
    original = text(element, "NAME_ORIGINAL_SCRIPT")
    if original:
        entity.add("name", original, lang=lang_of_script(original))
    for alias in element.iterfind(f"{kind}_ALIAS"):
        _add_alias(entity, alias)


def _add_alias(entity: StatementEntity, alias: Any) -> None:
    """One alias by its QUALITY; empty alias elements carry nothing and are ignored."""
    name = text(alias, "ALIAS_NAME")
    if not name:
        return
    quality = (text(alias, "QUALITY") or "").lower()
    entity.add(ALIAS_PROPS.get(quality, "alias"), name, lang=lang_of_script(name))
    if "birthDate" in entity.schema.properties:
        born = text(alias, "DATE_OF_BIRTH")
        entity.add("birthDate", born, original_value=born)
        entity.add(
            "birthPlace", ", ".join(texts(alias, "CITY_OF_BIRTH", "COUNTRY_OF_BIRTH")) or None
        )
    note = text(alias, "NOTE")
    if note:
        entity.add("notes", f"Alias {name}: {note}")


def _addresses(entity: StatementEntity, element: Any, tag: str) -> list[StatementEntity]:
    """Address entities; an address with only a note keeps the note on the entity."""
    found: list[StatementEntity] = []
    for item in element.iterfind(tag):
        note = text(item, "NOTE")
        address = make_address(
            entity,
            street=text(item, "STREET"),
            city=text(item, "CITY"),
            postal_code=text(item, "ZIP_CODE"),
            region=text(item, "STATE_PROVINCE"),
            country=text(item, "COUNTRY"),
            remarks=note,
        )
        if address is not None:
            found.append(address)
        elif note:
            entity.add("notes", f"Address: {note}")
    return found


@cache
def programs() -> dict[str, dict[str, Any]]:
    """UN_LIST_TYPE -> {title, topics} from resources/programs/un_sc.yml."""
    path = resources.files("interlist").joinpath("resources/programs/un_sc.yml")
    return {item["key"]: item for item in yaml.safe_load(path.read_text("utf-8"))}


def _sanction(entity: StatementEntity, element: Any) -> StatementEntity:
    """The listing: programme, UN reference number, listed-on date; topics on the target."""
    list_type = text(element, "UN_LIST_TYPE")
    program = programs().get(list_type or "", {})
    reference = text(element, "REFERENCE_NUMBER")
    sanction = make_sanction(
        entity,
        key=reference or list_type,
        program=program.get("title", list_type),
        authority=AUTHORITY,
        listed_on=text(element, "LISTED_ON"),
        reference=reference,
    )
    sanction.add("programId", list_type)
    add_topic(entity, "sanction")
    for topic in program.get("topics", []):
        add_topic(entity, topic)
    return sanction


def _links(
    mentions: list[tuple[StatementEntity, str]], references: dict[str, str]
) -> list[StatementEntity]:
    """UnknownLinks to the listed parties a comment names by reference number.

    Numbers of parties not in the file stay readable in the comment (notes)."""
    links: dict[str, StatementEntity] = {}
    for entity, comment in mentions:
        for reference in set(REFERENCE.findall(comment)):
            target = references.get(reference)
            if target is None or target == entity.id:
                continue
            link = make_link("UnknownLink", entity, target, relationship="named in UN comments")
            if link.id:
                links[link.id] = link
    return list(links.values())


FORMAT = Format(
    name="un-sc-xml", title="UN Security Council Consolidated List XML", sniff=sniff, parse=parse
)
