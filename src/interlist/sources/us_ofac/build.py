"""Build FtM entities from OFAC SDN records: names, vessel data, sanctions, remarks, links.

Used by :mod:`interlist.sources.us_ofac.csv_parser` once the CSV set is read. Each record gives
one target (Person, Organization, Vessel or Airplane), one Sanction, and the documents,
addresses, wallets and links its remarks and companion rows state.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path

import yaml
from followthemoney.statement import StatementEntity
from followthemoney.types import registry
from followthemoney.util import sanitize_text

from interlist.model import add_topic, make_entity
from interlist.sources.base import ParsedSource, Rejection
from interlist.sources.helpers import (
    derived_id,
    make_address,
    make_identification,
    make_link,
    make_sanction,
)
from interlist.sources.us_ofac.remarks import Fact, parse_remarks

SOURCE_NAME = "us_ofac_sdn"
AUTHORITY = "US Department of the Treasury, Office of Foreign Assets Control (OFAC)"
SCHEMATA = {
    "individual": "Person",
    "vessel": "Vessel",
    "aircraft": "Airplane",
    None: "Organization",
}
# SDN.CSV columns: ent_num, SDN_Name, SDN_Type, Program, Title, Call_Sign, Vess_type,
# Tonnage, GRT, Vess_flag, Vess_owner, Remarks.
VESSEL_COLUMNS = {5: "callSign", 6: "type", 7: "tonnage", 8: "grossRegisteredTonnage", 9: "flag"}


@dataclass
class Record:
    """One line of SDN.CSV with what the companion files add to it."""

    line: int
    ent_num: str
    cells: list[str | None]
    remarks: str | None
    truncated: bool = False  # Remarks cut at 1000 characters with no continuation
    alts: list[tuple[int, list[str | None]]] = field(default_factory=list)
    addresses: list[tuple[int, list[str | None]]] = field(default_factory=list)


@cache
def program_topics() -> dict[str, list[str]]:
    """Programme tag -> topics, from resources/programs/us_ofac.yml."""
    path = "resources/programs/us_ofac.yml"
    data = yaml.safe_load(resources.files("interlist").joinpath(path).read_text("utf-8"))
    return {str(tag): list(topics) for tag, topics in data.items()}


def entity_id(ent_num: str) -> str:
    return f"us-ofac-{ent_num}"


def programs(text: str | None) -> list[str]:
    """'SDGT] [IRAN' -> ['SDGT', 'IRAN']."""
    return [p.strip(" []") for p in (text or "").split("] [") if p.strip(" []")]


def name_key(name: str) -> str:
    return " ".join(name.upper().rstrip(".").split())


class NameIndex:
    """SDN names -> entity ids, to resolve "Linked To:", owners and operators."""

    def __init__(self, records: dict[str, Record]) -> None:
        self._ids: dict[str, set[str]] = defaultdict(set)
        for record in records.values():
            if record.cells[1]:
                self._ids[name_key(record.cells[1])].add(entity_id(record.ent_num))

    def resolve(self, name: str, own_id: str | None = None) -> str | None:
        """The one entity id of this name (not `own_id`), or None if unknown or ambiguous."""
        ids = self._ids.get(name_key(name), set()) - {own_id}
        return next(iter(ids)) if len(ids) == 1 else None


def person_name(text: str) -> tuple[str, str | None, str | None]:
    """'LAST, First' -> ('First LAST', 'First', 'LAST'); other forms are kept as they are."""
    last, sep, first = text.partition(", ")
    if not sep or not first.strip():
        return text, None, None
    return f"{first.strip()} {last.strip()}", first.strip(), last.strip()


def add_name(entity: StatementEntity, prop: str, text: str) -> None:
    """A name, in "First LAST" order for persons, with the published text as original value."""
    if entity.schema.name != "Person":
        put(entity, prop, text, text)
        return
    full, first, last = person_name(text)
    put(entity, prop, full, text)
    if prop == "name":
        put(entity, "firstName", first, text)
        put(entity, "lastName", last, text)


@lru_cache(maxsize=200_000)
def clean_value(type_name: str, value: str) -> str | None:
    """FtM's cleaning of a value, remembered: the same countries and dates come back often."""
    return registry.get(type_name).clean(sanitize_text(value))


def put(entity: StatementEntity, prop: str, value: str | None, original: str | None = None) -> bool:
    """Add a value as FtM cleans it (cached); False when the schema lacks the property or
    FtM cannot clean the value. Phone numbers are cleaned per entity (they use its country)."""
    prop_obj = entity.schema.properties.get(prop)
    if prop_obj is None or not value:
        return False
    if prop_obj.type in (registry.phone, registry.entity):
        if prop_obj.type.clean(value, proxy=entity) is None:
            return False
        entity.add(prop_obj, value, original_value=original)
        return True
    cleaned = clean_value(prop_obj.type.name, value)
    if cleaned is None:
        return False
    entity.unsafe_add(prop_obj, cleaned, cleaned=True, original_value=original or value)
    return True


def add_or_note(entity: StatementEntity, prop: str, value: str, text: str) -> None:
    """Add a value if the schema has the property and FtM can clean it, else keep the text
    in `notes` (nothing is lost)."""
    if not put(entity, prop, value, text):
        put(entity, "notes", text)


def build_entities(path: Path, records: dict[str, Record], result: ParsedSource) -> None:
    """Turn every record into its target and related entities, appended to `result`."""
    index = NameIndex(records)
    for record in records.values():
        problem = check_record(record)
        if problem:
            result.rejected.append(Rejection(f"{path.name} line {record.line}", problem))
            continue
        result.entities.extend(build_record(record, index))


def check_record(record: Record) -> str | None:
    """Why a record cannot become an entity (no name, unknown SDN_Type), or None."""
    if not record.cells[1]:
        return f"ent_num {record.ent_num} has no name"
    if record.cells[2] not in SCHEMATA:
        return f"ent_num {record.ent_num}: unknown SDN_Type {record.cells[2]!r}"
    return None


def build_record(record: Record, index: NameIndex) -> list[StatementEntity]:
    """The target of one record followed by its sanction and related entities."""
    cells = record.cells
    entity = make_entity(
        SCHEMATA.get(cells[2], "Organization"), entity_id(record.ent_num), SOURCE_NAME
    )
    if cells[1]:
        add_name(entity, "name", cells[1])
    if cells[4]:
        add_or_note(entity, "position", cells[4], cells[4])
    extra: list[StatementEntity | None] = [make_target_sanction(entity, record)]
    if entity.schema.name == "Vessel":
        add_vessel(entity, cells, index)
    extra.extend(add_alts(entity, record))
    extra.extend(add_addresses(entity, record))
    remarks = parse_remarks(record.remarks, truncated=record.truncated)
    for fact in remarks.facts:
        extra.extend(apply_fact(entity, fact, index))
    for part in remarks.unrecognised:
        put(entity, "notes", part)
    return [entity, *(e for e in extra if e is not None)]


def make_target_sanction(entity: StatementEntity, record: Record) -> StatementEntity:
    """The SDN listing: programme tags, OFAC as authority, ent_num as its reference."""
    tags = programs(record.cells[3])
    sanction = make_sanction(
        entity, key="sdn", authority=AUTHORITY, reference=record.ent_num, country="us"
    )
    add_topic(entity, "sanction")
    for tag in tags:
        sanction.add("program", tag)
        put(entity, "programId", tag)
        for topic in program_topics().get(tag, []):
            add_topic(entity, topic)
    return sanction


def add_vessel(entity: StatementEntity, cells: list[str | None], index: NameIndex) -> None:
    """Call sign, type, tonnage, flag and owner of a vessel."""
    for column, prop in VESSEL_COLUMNS.items():
        if cells[column]:
            add_or_note(entity, prop, cells[column] or "", f"{prop}: {cells[column]}")
    owner = cells[10]
    if owner:
        owner_id = index.resolve(owner, entity.id)
        if owner_id:
            entity.add("owner", owner_id, original_value=owner)
        else:
            put(entity, "notes", f"Owner: {owner}")


def add_alts(entity: StatementEntity, record: Record) -> list[StatementEntity]:
    """ALT.CSV rows: aka -> alias (weakAlias when its remarks say weak), fka -> previousName,
    nka (now known as) -> alias."""
    for _line, row in record.alts:
        alt_type, name, remarks = (row[2] or "").lower(), row[3], row[4]
        if not name:
            continue
        if alt_type == "fka":
            prop = "previousName"
        elif remarks and "weak" in remarks.lower():
            prop = "weakAlias"
        else:
            prop = "alias"
        add_name(entity, prop, name)
        if remarks:
            put(entity, "notes", f"{name}: {remarks}")
    return []


def add_addresses(entity: StatementEntity, record: Record) -> list[StatementEntity | None]:
    """ADD.CSV rows -> Address entities (rows whose every field is "-0-" give none)."""
    found: list[StatementEntity | None] = []
    for _line, row in record.addresses:
        full = ", ".join(p for p in (row[2], row[3]) if p)
        found.append(make_address(entity, full=full or None, country=row[4], remarks=row[5]))
    return found


def apply_fact(entity: StatementEntity, fact: Fact, index: NameIndex) -> list[StatementEntity]:
    """Put one recognised remark fact on the entity; returns entities it creates."""
    if fact.prop == "document":
        return apply_document(entity, fact)
    if fact.prop == "link":
        return apply_link(entity, fact, index)
    if fact.prop == "wallet":
        return apply_wallet(entity, fact)
    if fact.prop in ("note", "sanctionNote"):
        put(entity, "notes", fact.text)
    elif fact.prop == "phone":
        # OFAC writes international numbers without "+": try that reading too
        if not put(entity, "phone", fact.value, fact.text):
            add_or_note(entity, "phone", "+" + fact.value.lstrip("+ "), fact.text)
    elif fact.prop == "operator":
        operator_id = index.resolve(fact.value, entity.id)
        if operator_id and "operator" in entity.schema.properties:
            entity.add("operator", operator_id, original_value=fact.text)
        else:
            put(entity, "notes", fact.text)
    elif fact.prop in ("name", "alias", "weakAlias", "previousName"):
        put(entity, fact.prop, fact.value, fact.text)
    else:
        add_or_note(entity, fact.prop, fact.value, fact.text)
    return []


def apply_document(entity: StatementEntity, fact: Fact) -> list[StatementEntity]:
    """A Passport / Identification held by the entity (only legal entities hold them;
    vessels and aircraft get registration numbers as a property, other numbers as notes)."""
    doc = fact.document
    if doc is None or not entity.schema.is_a("LegalEntity"):
        # a vessel's or aircraft's registration number is its own property
        prop = doc.holder_property if doc else None
        if prop == "registrationNumber" and doc:
            add_or_note(entity, prop, doc.number, fact.text)
        else:
            put(entity, "notes", fact.text)
        return []
    ident = make_identification(
        entity,
        doc.number,
        kind=doc.kind,
        country=doc.country,
        passport=doc.passport,
        issued=doc.issued,
        expires=doc.expires,
        summary=fact.text,
    )
    prop = doc.holder_property
    if prop and prop in entity.schema.properties and prop not in ("idNumber", "passportNumber"):
        put(entity, prop, doc.number, fact.text)
    if doc.country and ident.get("country") == []:
        put(entity, "notes", fact.text)  # a country FtM cannot read: keep the text
    return [ident]


def apply_link(entity: StatementEntity, fact: Fact, index: NameIndex) -> list[StatementEntity]:
    """ "Linked To: NAME" -> UnknownLink to the entity of that SDN name, else a note."""
    target = index.resolve(fact.value, entity.id)
    if target is None:
        put(entity, "notes", fact.text)
        return []
    link = make_link("UnknownLink", entity, target, relationship="Linked To")
    link.add("summary", fact.text)
    return [link]


def apply_wallet(entity: StatementEntity, fact: Fact) -> list[StatementEntity]:
    """ "Digital Currency Address - XBT 1abc" -> a CryptoWallet held by the entity."""
    currency, address = fact.value.split(" ", 1)
    if not entity.schema.is_a("LegalEntity"):
        put(entity, "notes", fact.text)
        return []
    assert entity.id is not None
    wallet = make_entity("CryptoWallet", derived_id(entity.id, "wallet", address), SOURCE_NAME)
    wallet.add("holder", entity.id)
    wallet.add("publicKey", address, original_value=fact.text)
    wallet.add("currency", currency)
    wallet.add("summary", fact.text)
    return [wallet]
