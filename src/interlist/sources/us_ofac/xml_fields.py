"""Field rules of OFAC's sdnList XML: identifiers, birth data, countries, addresses, vessels.

Every path uses ``{*}`` so the rules read the file whatever namespace it
declares (OFAC has used several). ``idList`` mixes documents, registry codes,
websites and directive texts; ``resources/us_ofac_xml_ids.yml`` says what each
idType is. Whatever cannot go into a typed FtM property stays readable: as an
Identification, in ``notes`` or on the Sanction's ``provisions``.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml
from followthemoney.statement import StatementEntity
from followthemoney.types import registry

from interlist.sources.date_text import parse_date_text
from interlist.sources.helpers import make_address, make_identification


def text(element: Any, path: str) -> str | None:
    """Whitespace-normalised text of the first element at `path` ({*} added per step)."""
    value = element.findtext(_path(path))
    if value is None:
        return None
    return " ".join(value.split()) or None


def texts(element: Any, path: str) -> list[str]:
    """Every non-blank text at `path`."""
    found = (" ".join((child.text or "").split()) for child in element.iterfind(_path(path)))
    return [value for value in found if value]


def children(element: Any, path: str) -> list[Any]:
    """The elements at `path`."""
    return list(element.iterfind(_path(path)))


@cache
def _path(path: str) -> str:
    return "/".join(f"{{*}}{step}" for step in path.split("/"))


@cache
def id_types() -> dict[str, dict[str, str]]:
    """Normalised idType -> its rule (prop / document / sanction) from the YAML table."""
    source = resources.files("interlist").joinpath("resources/us_ofac_xml_ids.yml")
    return {_id_key(item["id_type"]): item for item in yaml.safe_load(source.read_text("utf-8"))}


def _id_key(id_type: str) -> str:
    return id_type.strip().rstrip(":-").strip().lower()


def add_value(entity: StatementEntity, prop: str, value: str) -> bool:
    """Add `value` if the schema has `prop` and the value is valid for its type."""
    prop_obj = entity.schema.properties.get(prop)
    if prop_obj is None:
        return False
    if prop_obj.type == registry.date:
        dates = parse_date_text(value)
        entity.add(prop, dates, original_value=value)
        return bool(dates)
    if prop_obj.type.clean(value) is None:
        return False
    entity.add(prop, value)
    return True


def add_ids(entity: StatementEntity, entry: Any) -> tuple[list[StatementEntity], list[str]]:
    """Documents made from idList, and the provisions texts that belong to the sanction."""
    made: list[StatementEntity] = []
    provisions: list[str] = []
    for item in children(entry, "idList/id"):
        id_type, number = text(item, "idType") or "", text(item, "idNumber")
        if not number:
            continue
        rule = id_types().get(_id_key(id_type), {})
        if "sanction" in rule:
            provisions.append(f"{id_type.rstrip(' :-')}: {number}")
        elif "prop" in rule and add_value(entity, rule["prop"], number):
            continue
        else:
            country = text(item, "idCountry")
            made.append(
                make_identification(
                    entity,
                    number,
                    kind=id_type or None,
                    country=country if country and registry.country.clean(country) else None,
                    passport=rule.get("document") == "passport",
                    summary=None if not country or registry.country.clean(country) else country,
                )
            )
    return made, provisions


def add_birth_data(entity: StatementEntity, entry: Any) -> None:
    """Dates and places of birth, nationality and citizenship."""
    for born in texts(entry, "dateOfBirthList/dateOfBirthItem/dateOfBirth"):
        dates = parse_date_text(born)
        if dates and "birthDate" in entity.schema.properties:
            entity.add("birthDate", dates, original_value=born)
        else:
            entity.add("notes", f"Date of birth: {born}")
    for place in texts(entry, "placeOfBirthList/placeOfBirthItem/placeOfBirth"):
        if not add_value(entity, "birthPlace", place):
            entity.add("notes", f"Place of birth: {place}")
    for prop, path in (
        ("nationality", "nationalityList/nationality/country"),
        ("citizenship", "citizenshipList/citizenship/country"),
    ):
        for country in texts(entry, path):
            if not add_value(entity, prop, country) and not add_value(entity, "country", country):
                entity.add("notes", f"{prop.capitalize()}: {country}")


def add_addresses(entity: StatementEntity, entry: Any) -> list[StatementEntity]:
    """Address entities from addressList."""
    found: list[StatementEntity] = []
    for item in children(entry, "addressList/address"):
        street = ", ".join(t for t in (text(item, f"address{n}") for n in (1, 2, 3)) if t)
        address = make_address(
            entity,
            street=street or None,
            city=text(item, "city"),
            postal_code=text(item, "postalCode"),
            region=text(item, "stateOrProvince"),
            country=text(item, "country"),
        )
        if address is not None:
            found.append(address)
    return found


# vesselInfo child -> Vessel property
VESSEL_PROPS = {
    "callSign": "callSign",
    "vesselType": "type",
    "vesselFlag": "flag",
    "tonnage": "tonnage",
    "grossRegisteredTonnage": "grossRegisteredTonnage",
}


def add_vessel_info(entity: StatementEntity, entry: Any) -> None:
    """callSign, type, flag, tonnages; the owner's name (no entity to point to) in notes."""
    for info in children(entry, "vesselInfo"):
        for tag, prop in VESSEL_PROPS.items():
            value = text(info, tag)
            if value and not add_value(entity, prop, value):
                entity.add("notes", f"{tag}: {value}")
        owner = text(info, "vesselOwner")
        if owner:
            entity.add("notes", f"Vessel owner: {owner}")
