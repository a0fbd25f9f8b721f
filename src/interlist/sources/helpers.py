"""Small builders shared by the list parsers: sanctions, documents, addresses, links.

Each builder makes the FtM entity the way FollowTheMoney defines it, with a
stable id derived from the entity it belongs to, so that the same fact in the
next version of the list gets the same id.
"""

from __future__ import annotations

import hashlib
import re
from datetime import date
from pathlib import Path

from followthemoney.statement import StatementEntity

from interlist.model import make_entity


def derived_id(parent_id: str, kind: str, *parts: object) -> str:
    """A stable id for an entity that belongs to another one (its sanction, passport...)."""
    text = "\x1f".join("" if p is None else str(p) for p in parts)
    digest = hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]
    return f"{parent_id}-{kind}-{digest}"


def source_of(entity: StatementEntity) -> str:
    """The source (dataset) name an entity was made for."""
    return str(entity.dataset.name)


def make_sanction(
    entity: StatementEntity,
    *,
    key: object = "",
    program: str | None = None,
    authority: str | None = None,
    reason: str | None = None,
    listed_on: str | None = None,
    reference: str | None = None,
    legal_basis: str | None = None,
    country: str | None = None,
    status: str | None = None,
) -> StatementEntity:
    """The Sanction that designates `entity` (FtM: Sanction.entity -> the designated party)."""
    assert entity.id is not None
    sanction = make_entity("Sanction", derived_id(entity.id, "sanction", key), source_of(entity))
    sanction.add("entity", entity.id)
    sanction.add("program", program)
    sanction.add("authority", authority)
    sanction.add("reason", reason)
    sanction.add("listingDate", listed_on)
    sanction.add("startDate", listed_on)
    sanction.add("authorityId", reference)
    sanction.add("unscId", reference if reference and source_of(entity) == "un_sc" else None)
    sanction.add("provisions", legal_basis)
    sanction.add("country", country)
    sanction.add("status", status)
    return sanction


def make_identification(
    entity: StatementEntity,
    number: str,
    *,
    kind: str | None = None,
    country: str | None = None,
    passport: bool = False,
    issued: str | None = None,
    expires: str | None = None,
    authority: str | None = None,
    summary: str | None = None,
) -> StatementEntity:
    """A Passport or Identification held by `entity`; the number is also put on the holder."""
    assert entity.id is not None
    schema = "Passport" if passport else "Identification"
    ident_id = derived_id(entity.id, "id", kind, number, country)
    ident = make_entity(schema, ident_id, source_of(entity))
    ident.add("holder", entity.id)
    ident.add("number", number)
    ident.add("type", kind)
    ident.add("country", country)
    ident.add("startDate", issued)
    ident.add("endDate", expires)
    ident.add("authority", authority)
    ident.add("summary", summary)
    holder_prop = "passportNumber" if passport else "idNumber"
    if holder_prop in entity.schema.properties:
        entity.add(holder_prop, number)
    return ident


def make_address(
    entity: StatementEntity,
    *,
    full: str | None = None,
    street: str | None = None,
    city: str | None = None,
    postal_code: str | None = None,
    region: str | None = None,
    country: str | None = None,
    remarks: str | None = None,
) -> StatementEntity | None:
    """An Address entity linked from `entity` (addressEntity), or None if it is empty."""
    assert entity.id is not None
    parts = [street, city, postal_code, region]
    text = full or ", ".join(p for p in parts if p)
    if not text and not country:
        return None
    address_id = derived_id(entity.id, "addr", text, country)
    address = make_entity("Address", address_id, source_of(entity))
    address.add("full", text or None)
    address.add("street", street)
    address.add("city", city)
    address.add("postalCode", postal_code)
    address.add("region", region)
    address.add("country", country)
    address.add("remarks", remarks)
    entity.add("addressEntity", address.id)
    if text:
        entity.add("address", ", ".join(p for p in (text, country) if p))
    if country:
        entity.add("country", country)
    return address


def make_link(
    schema: str,
    source_entity: StatementEntity,
    target_id: str,
    *,
    relationship: str | None = None,
) -> StatementEntity:
    """A relationship entity (UnknownLink, Associate, Family, Membership, Ownership...)."""
    assert source_entity.id is not None
    link = make_entity(
        schema, derived_id(source_entity.id, "link", schema, target_id), source_of(source_entity)
    )
    edge = link.schema.edge_source, link.schema.edge_target
    if edge[0] is None or edge[1] is None:
        raise ValueError(f"{schema} is not a relationship schema")
    link.add(edge[0], source_entity.id)
    link.add(edge[1], target_id)
    if relationship:
        for prop in ("relationship", "role"):
            if prop in link.schema.properties:
                link.add(prop, relationship)
                break
    return link


_DATE_IN_NAME = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def date_from_path(path: Path) -> date | None:
    """A publication date written in a file or folder name (`sdn_2024-05-03.csv`,
    `set_2021-07-07/sdn.csv`), for formats that do not state their own date."""
    for part in (path.name, path.parent.name, path.parent.parent.name):
        found = _DATE_IN_NAME.search(part)
        if found:
            try:
                return date(int(found[1]), int(found[2]), int(found[3]))
            except ValueError:
                continue
    return None


def merge_same_ids(entities: list[StatementEntity]) -> list[StatementEntity]:
    """Entities with the same id (an address listed twice) merged into one."""
    merged: dict[str | None, StatementEntity] = {}
    for entity in entities:
        if entity.id in merged:
            merged[entity.id].merge(entity)
        else:
            merged[entity.id] = entity
    return list(merged.values())
