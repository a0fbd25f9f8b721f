"""Parser for OFAC's ``sdnList`` XML (the consolidated non-SDN list, and the SDN list).

Each ``sdnEntry`` becomes a Person, Organization, Vessel or Airplane with id
``us-ofac-<uid>`` and one Sanction carrying its programme tags. The file states
its own Publish_Date and Record_Count; a count that differs from the entries
read means a truncated or altered file and is a SourceFormatError. Remarks
"(Linked To: NAME)" become UnknownLinks when NAME is a party of the same file.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from followthemoney.statement import StatementEntity
from lxml import etree

from interlist.errors import SourceFormatError
from interlist.model import add_topic, make_entity
from interlist.sources import limits
from interlist.sources.base import Format, ParsedSource, Rejection, SourceInfo
from interlist.sources.helpers import make_link, make_sanction, merge_same_ids
from interlist.sources.official import source_info
from interlist.sources.us_ofac.xml_fields import (
    add_addresses,
    add_birth_data,
    add_ids,
    add_vessel_info,
    text,
    texts,
)

SOURCE = source_info("us_ofac_cons")
SDN_SOURCE = source_info("us_ofac_sdn")
AUTHORITY = "Office of Foreign Assets Control"
ROOT = "sdnList"
SCHEMATA = {"individual": "Person", "entity": "Organization", "vessel": "Vessel"}
SCHEMATA["aircraft"] = "Airplane"
LINKED_TO = "(Linked To: "
ENTRY_TAGS = ("{*}sdnEntry", "{*}publshInformation")


def sniff(path: Path, head: bytes) -> bool:
    """OFAC's XML exports have the root element sdnList."""
    return b"<sdnList" in head


def source_for(path: Path) -> SourceInfo:
    """The consolidated list unless the file is named as the SDN list.

    Both exports share root, namespace and schema; only the name tells them apart."""
    name = path.name.lower()
    return SDN_SOURCE if "sdn" in name and "cons" not in name else SOURCE


def parse(path: Path) -> ParsedSource:
    """Read every sdnEntry; SourceFormatError if the file is malformed or its count is off."""
    result = ParsedSource(source_for(path), path, None)
    stated: list[int] = []
    entries = 0
    linked: list[tuple[StatementEntity, list[str]]] = []
    for kind, element in _elements(path):
        if kind == "publshInformation":
            result.publisher_date = _publish_date(path, text(element, "Publish_Date"))
            stated.append(_record_count(path, text(element, "Record_Count")))
            continue
        entries += 1
        made = _entry(element, result.source.name)
        if isinstance(made, Rejection):
            result.rejected.append(made)
            continue
        result.entities.extend(made)
        linked.append((made[0], _linked_names(text(element, "remarks"))))
    if stated and stated[0] != entries:
        message = f"Record_Count says {stated[0]} entries, the file holds {entries}"
        raise SourceFormatError(path, message, "element Record_Count")
    result.entities.extend(_links(result.entities, linked))
    return result


def _elements(path: Path) -> Iterator[tuple[str, Any]]:
    """(local name, element) for publshInformation and each sdnEntry; XML errors, limits
    and a truncated file (no closing root element) raise SourceFormatError."""
    for _event, element in limits.iterparse(path, ROOT, tag=ENTRY_TAGS):
        limits.check_element(path, element)
        yield etree.QName(element).localname, element
        element.clear(keep_tail=True)


def _publish_date(path: Path, value: str | None) -> date | None:
    """Publish_Date as OFAC writes it: MM/DD/YYYY."""
    if value is None:
        return None
    try:
        return datetime.strptime(value, "%m/%d/%Y").date()
    except ValueError as exc:
        raise SourceFormatError(
            path, f"bad Publish_Date {value!r}", "element Publish_Date"
        ) from exc


def _record_count(path: Path, value: str | None) -> int:
    if value is None or not value.isdigit():
        raise SourceFormatError(path, f"bad Record_Count {value!r}", "element Record_Count")
    return int(value)


def _entry(element: Any, source: str) -> Rejection | list[StatementEntity]:
    """The listed party first, then its sanction, documents and addresses."""
    uid = text(element, "uid")
    where = f"sdnEntry uid={uid}" if uid else f"sdnEntry at line {element.sourceline}"
    sdn_type = text(element, "sdnType") or ""
    schema = SCHEMATA.get(sdn_type.lower())
    name = _full_name(element)
    if not uid or schema is None or not name:
        what = "no uid" if not uid else "no name" if schema else f"unknown sdnType {sdn_type!r}"
        return Rejection(where, what)
    entity = make_entity(schema, f"us-ofac-{uid}", source)
    entity.add("name", name)
    if schema == "Person":
        entity.add("firstName", text(element, "firstName"))
        entity.add("lastName", text(element, "lastName"))
        entity.add("position", texts(element, "title"))
    _add_akas(entity, element)
    made, provisions = add_ids(entity, element)
    add_birth_data(entity, element)
    add_vessel_info(entity, element)
    made.extend(add_addresses(entity, element))
    entity.add("notes", text(element, "remarks"))
    return [entity, _sanction(entity, element, uid, provisions), *merge_same_ids(made)]


def _full_name(element: Any) -> str:
    return " ".join(t for t in (text(element, "firstName"), text(element, "lastName")) if t)


def _add_akas(entity: StatementEntity, element: Any) -> None:
    """weak -> weakAlias; f.k.a. -> previousName; other strong names -> alias."""
    for aka in element.iterfind("{*}akaList/{*}aka"):
        name = _full_name(aka)
        if not name:
            continue
        if (text(aka, "category") or "").lower() == "weak":
            entity.add("weakAlias", name)
        elif (text(aka, "type") or "").lower() == "f.k.a.":
            entity.add("previousName", name)
        else:
            entity.add("alias", name)


@cache
def programs() -> dict[str, dict[str, Any]]:
    """Programme tag -> {title, topics} from resources/programs/us_ofac_xml.yml."""
    path = resources.files("interlist").joinpath("resources/programs/us_ofac_xml.yml")
    return {item["key"]: item for item in yaml.safe_load(path.read_text("utf-8"))}


def _sanction(
    entity: StatementEntity, element: Any, uid: str, provisions: list[str]
) -> StatementEntity:
    """One Sanction with every programme tag (programId) and title; topics on the target."""
    tags = texts(element, "programList/program")
    sanction = make_sanction(entity, key=uid, authority=AUTHORITY, reference=uid, country="us")
    add_topic(entity, "sanction")
    for tag in tags:
        program = programs().get(tag, {})
        sanction.add("program", program.get("title", tag))
        sanction.add("programId", tag)
        for topic in program.get("topics", []):
            add_topic(entity, topic)
    sanction.add("provisions", provisions)
    return sanction


def _linked_names(remarks: str | None) -> list[str]:
    """NAME of every "(Linked To: NAME)" in the remarks."""
    names: list[str] = []
    rest = remarks or ""
    while LINKED_TO in rest:
        rest = rest.split(LINKED_TO, 1)[1]
        name, _, rest = rest.partition(")")
        if name.strip():
            names.append(name.strip().rstrip(".").strip())
    return names


def _links(
    entities: list[StatementEntity], linked: list[tuple[StatementEntity, list[str]]]
) -> list[StatementEntity]:
    """UnknownLinks for Linked-To names that are a party of this file (by name or alias).

    Names not in the file (mostly SDN parties) stay readable in the remarks (notes)."""
    by_name: dict[str, str] = {}
    for entity, _names in linked:
        for name in entity.get("name") + entity.get("alias"):
            by_name.setdefault(name.casefold(), entity.id or "")
    links: list[StatementEntity] = []
    for entity, names in linked:
        for name in names:
            target = by_name.get(name.casefold())
            if target and target != entity.id:
                links.append(make_link("UnknownLink", entity, target, relationship="Linked To"))
    return links


FORMAT = Format(name="us-ofac-xml", title="US OFAC sdnList XML", sniff=sniff, parse=parse)
