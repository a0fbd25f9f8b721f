"""The `ids` column of the US Consolidated Screening List CSV.

Each ';'-separated group is "country, expiration date, issue date, number, type"
(the CSV flattens trade.gov's JSON id objects with their keys in alphabetical
order, leaving out the empty ones), e.g. ``CA, BC166787, Passport`` or
``Male, Gender``. What a type becomes is reference data in
``resources/us_csl_id_types.yml``; unnamed types become Identification documents.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml
from followthemoney.statement import StatementEntity

from interlist.sources.helpers import make_identification
from interlist.sources.tabular import add_dates, add_or_note, split

_COUNTRY = re.compile(r"^[A-Z]{2}$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class IdGroup:
    """One group of the `ids` column, split into its parts."""

    text: str
    kind: str
    number: str
    country: str | None = None
    expires: str | None = None
    issued: str | None = None


@cache
def id_types() -> dict[str, dict[str, Any]]:
    """``resources/us_csl_id_types.yml``: id type -> what it becomes."""
    path = resources.files("interlist").joinpath("resources/us_csl_id_types.yml")
    return dict(yaml.safe_load(path.read_text("utf-8")))


def parse_group(text: str) -> IdGroup | None:
    """Split one group; None when it has no number before its type."""
    parts = [p.strip() for p in text.split(", ")]
    if len(parts) < 2:
        return None
    kind, rest = parts[-1], parts[:-1]
    country = None
    if len(rest) >= 2 and _COUNTRY.match(rest[0]):
        country, rest = rest[0], rest[1:]
    dates = [p for p in rest if _ISO_DATE.match(p)]
    number = ", ".join(p for p in rest if p not in dates) or ", ".join(rest)
    expires = dates[0] if len(dates) == 2 else None
    issued = dates[1] if len(dates) == 2 else None
    return IdGroup(text, kind, number, country, expires, issued)


def add_ids(entity: StatementEntity, text: str) -> tuple[list[StatementEntity], list[str]]:
    """Apply a row's `ids` to `entity`: documents made, and texts meant for the Sanction."""
    documents: list[StatementEntity] = []
    for_sanction: list[str] = []
    for part in split(text):
        group = parse_group(part)
        if group is None:
            entity.add("notes", part)
            continue
        rule = id_types().get(group.kind, {})
        if rule.get("sanction"):
            for_sanction.append(part)
        elif "prop" in rule:
            add_or_note(entity, rule["prop"], group.number, group.kind)
        elif "date" in rule:
            add_dates(entity, rule["date"], group.number, group.kind)
        else:
            documents.append(_document(entity, group, bool(rule.get("passport"))))
    return documents, for_sanction


def _document(entity: StatementEntity, group: IdGroup, passport: bool) -> StatementEntity:
    return make_identification(
        entity,
        group.number,
        kind=group.kind,
        country=group.country,
        passport=passport,
        issued=group.issued,
        expires=group.expires,
        summary=group.text,
    )
