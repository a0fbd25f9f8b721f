"""Analysis of a whole entity: names in every comparison style, dates, countries, ids.

:func:`analyze` accepts an FtM-style mapping (``{"schema": ..., "properties": {...}}``),
a followthemoney entity (anything with ``.schema.name`` and ``.get(prop)``), or an
already analysed :class:`Analyzed` (returned unchanged). The result is reused for every
comparison, so the costly name analysis happens once per entity.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from followthemoney import model as ftm_model

from interlist.countries import country_code
from interlist.errors import InvalidInputError
from interlist.matching.glosses import name_forms
from interlist.matching.model import NO_IDS, Analyzed
from interlist.matching.names import analyze_name
from interlist.matching.text import warm_tables
from interlist.matching.vocabulary import (
    CRAFT_SCHEMATA,
    LEGAL_ENTITY,
    ORG,
    PERSON,
    PERSON_SCHEMATA,
    TARGET_SCHEMATA,
    VESSEL,
)

NAME_PROPS: Final = ("name", "alias", "previousName")
WEAK_PROPS: Final = ("weakAlias",)
PART_PROPS: Final = ("firstName", "secondName", "middleName", "fatherName", "lastName")
COUNTRY_PROPS: Final = ("nationality", "citizenship", "country", "jurisdiction")
# Identifier properties grouped by kind: a different number of the same kind is evidence
# against a match, an equal number of any kind strong evidence for it.
ID_KINDS: Final = {
    "passportNumber": "passport",
    "idNumber": "national id",
    "taxNumber": "tax number",
    "innCode": "tax number",
    "vatCode": "tax number",
    "registrationNumber": "registration",
    "ogrnCode": "registration",
    "okpoCode": "registration",
    "leiCode": "LEI",
    "swiftBic": "BIC",
    "imoNumber": "IMO",
    "mmsi": "MMSI",
    "callSign": "call sign",
    "serialNumber": "serial number",
    "registrationNumberAircraft": "registration",
}


def styles_for(schema: str) -> tuple[str, ...]:
    """The name-comparison styles an entity of this schema needs."""
    if schema in PERSON_SCHEMATA:
        return (PERSON,)
    if schema == LEGAL_ENTITY:
        return (PERSON, ORG)
    if schema in CRAFT_SCHEMATA:
        return (VESSEL,)
    return (ORG,)


_STYLES: Final = {s: styles_for(s) for s in TARGET_SCHEMATA}

# can_match's answers, per pair of schema names (a few dozen pairs at most).
_MATCHABLE: Final[dict[tuple[str, str], bool]] = {}


def can_match(a: str, b: str) -> bool:
    """Whether entities of these two schemata can be the same: FtM's rule
    (``model.get(a).can_match(b)``: both matchable, and one is a kind of the other — a
    LegalEntity matches a Person or a Company, a Company an Organization; a Company
    never a PublicBody, a Person never a Vessel). Unknown schemata match nothing. The
    matcher, screening and cross-referencing all ask this."""
    key = (a, b)
    found = _MATCHABLE.get(key)
    if found is None:
        left, right = ftm_model.get(a), ftm_model.get(b)
        found = left is not None and right is not None and left.can_match(right)
        _MATCHABLE[key] = found
    return found


def _analysed(schema: str, props: Mapping[str, list[Any]]) -> Analyzed:
    """An entity of this schema with these properties (lists of strings), analysed."""
    entity = Analyzed(schema)
    written = _written_names(schema, props)
    for style in _STYLES.get(schema) or styles_for(schema):
        entity.names[style] = tuple(analyze_name(n, style, weak=w) for n, w in written)
    if len(props) > 1:
        _read_details(entity, props)
        entity.has_details = bool(
            entity.birth_dates or entity.countries or entity.genders or entity.ids
        )
    return entity


def _read_details(entity: Analyzed, props: Mapping[str, list[Any]]) -> None:
    """The birth dates, countries, genders and numbers among the properties."""
    for prop, values in props.items():
        if prop in ID_KINDS:
            _add_ids(entity, ID_KINDS[prop], values)
        elif prop in COUNTRY_PROPS:
            entity.countries |= frozenset(_country(v) for v in values if v)
        elif prop == "birthDate":
            entity.birth_dates += tuple(str(v).strip()[:10] for v in values if v)
        elif prop == "gender":
            entity.genders |= frozenset(str(v).strip()[:1].lower() for v in values if v)


def _add_ids(entity: Analyzed, kind: str, values: list[Any]) -> None:
    found = frozenset(normalize_id(v) for v in values if v) - {""}
    if found:
        if entity.ids is NO_IDS:
            entity.ids = {}
        entity.ids[kind] = entity.ids.get(kind, frozenset()) | found


def normalize_id(value: object) -> str:
    """An identifier as letters and digits only, upper case ("AB 12-345" -> "AB12345")."""
    return "".join(c for c in str(value).upper() if c.isalnum())


def _country(value: object) -> str:
    text = str(value).strip().lower()
    if len(text) <= 3:
        return text
    return country_code(text) or text


def _name_values(props: Mapping[str, list[Any]]) -> list[str]:
    if len(props) == 1 and "name" in props:
        return props["name"]
    names = [str(v) for p in NAME_PROPS for v in props.get(p, ()) if v]
    if not names:
        parts = [str(v) for p in PART_PROPS for v in props.get(p, ()) if v]
        if parts:
            names.append(" ".join(parts))
    return list(dict.fromkeys(names))


def _written_names(schema: str, props: Mapping[str, list[Any]]) -> list[tuple[str, bool]]:
    """Every name to compare, with whether it is weak: the names as written (weak aliases
    last), then the other forms written inside them (:func:`name_forms`)."""
    written = [(n, False) for n in _name_values(props)]
    written.extend((str(n), True) for n in props.get("weakAlias") or () if n)
    person = schema in PERSON_SCHEMATA
    forms = [(f, weak or w) for n, weak in written for f, w in name_forms(n, person)]
    if forms:  # rare: most names hold no other name
        seen = {n for n, _ in written}
        for form, weak in forms:
            if form not in seen:
                seen.add(form)
                written.append((form, weak))
    return written


def analyze(entity: Any) -> Analyzed:
    """Analyse a mapping, an FtM entity, or return an :class:`Analyzed` unchanged."""
    kind = type(entity)
    if kind is Analyzed or isinstance(entity, Analyzed):
        return entity
    if kind is dict or isinstance(entity, Mapping):
        schema = entity.get("schema")
        props = entity.get("properties") or {}
        if type(schema) is not str or (type(props) is not dict and not isinstance(props, Mapping)):
            raise InvalidInputError("needs a schema name and a properties mapping", "entity")
        for value in props.values():
            if type(value) is not list:
                props = {k: v if type(v) is list else _as_list(v) for k, v in props.items()}
                break
        return _analysed(schema, props)
    schema_obj = getattr(entity, "schema", None)
    if schema_obj is None or not hasattr(entity, "get"):
        raise InvalidInputError(f"cannot analyse {type(entity).__name__}", "entity")
    props = {p: list(entity.get(p, quiet=True)) for p in _wanted_props()}
    return _analysed(schema_obj.name, props)


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value]


def _wanted_props() -> tuple[str, ...]:
    return (*NAME_PROPS, *WEAK_PROPS, *PART_PROPS, "birthDate", *COUNTRY_PROPS, "gender", *ID_KINDS)


def warm_up() -> None:
    """Load every table the matcher reads, and ICU's per-script rules, before serving
    queries: otherwise the first name in each script pays for loading them."""
    warm_tables()
    analyze_name("Ivan bin Ali LLC 1st", ORG)  # loads the word lists and legal forms
    analyze_name("Ivan bin Ali", PERSON)
