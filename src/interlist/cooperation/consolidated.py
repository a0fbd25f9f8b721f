"""A member state's consolidated list: everything in force there, written out so that
the state can publish it, as FtM JSON lines or in the national list CSV format.

Each designation in force through a recognition carries the decision (``recognitions``
in FtM JSON, the ``legal_basis`` and ``remarks`` columns in CSV).
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import date
from typing import IO, Any

import orjson
from followthemoney.statement import StatementEntity
from sqlalchemy import Engine

from interlist.cooperation.collections import Collection, collection
from interlist.cooperation.states import get_state
from interlist.store import read
from interlist.store import tables as t

CSV_TYPES = {"Person": "person", "Organization": "organization", "Company": "company",
             "LegalEntity": "entity", "Vessel": "vessel", "Airplane": "aircraft"}  # fmt: skip
CSV_COLUMNS = ("record_id", "type", "name", "aliases", "birth_date", "birth_place",
               "nationality", "gender", "country", "legal_basis", "listed_on", "topics",
               "remarks")  # fmt: skip


def in_force(engine: Engine, code: str) -> tuple[Collection, Iterator[StatementEntity]]:
    """The collection of state `code` and its designated entities, in id order per list."""
    with engine.connect() as conn:
        found = collection(conn, code)
        c = t.listing.c
        query = t.listing.select().where(c.entity_id.in_(sorted(found.entities)))
        recognised_sources = sorted({row.source for row in conn.execute(query)})
    return found, _entities(engine, found, recognised_sources)


def _entities(
    engine: Engine, found: Collection, recognised_sources: list[str]
) -> Iterator[StatementEntity]:
    if found.sources:
        yield from read.iter_entities(engine, sources=list(found.sources))
    if recognised_sources:
        for entity in read.iter_entities(engine, sources=recognised_sources):
            if entity.id in found.entities:
                yield entity


def write_ftm(engine: Engine, code: str, fh: IO[bytes]) -> int:
    """The consolidated list as FtM JSON lines; returns how many entities."""
    found, entities = in_force(engine, code)
    count = 0
    for entity in entities:
        data = entity.to_dict()
        data["recognitions"] = found.decisions_for([entity.id or ""])
        fh.write(orjson.dumps(data, option=orjson.OPT_SORT_KEYS) + b"\n")
        count += 1
    return count


def write_csv(engine: Engine, code: str, fh: IO[str]) -> int:
    """The consolidated list in the national list CSV format (it loads back with
    `interlist ingest` as source `<code>_consolidated`); returns how many rows."""
    found, entities = in_force(engine, code)
    with engine.connect() as conn:
        state = get_state(conn, code)
    for key, value in (("source", f"{code}_consolidated"),
                       ("title", f"{state.name}: consolidated list in force"),
                       ("publisher", "interlist"), ("country", code),
                       ("date", date.today().isoformat())):  # fmt: skip
        fh.write(f"#{key}={value}\n")
    writer = csv.writer(fh, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    count = 0
    for entity in entities:
        kind = CSV_TYPES.get(entity.schema.name)
        if kind is None:
            continue
        writer.writerow(_row(entity, kind, found.decisions_for([entity.id or ""])))
        count += 1
    return count


def _row(entity: StatementEntity, kind: str, decisions: list[dict[str, Any]]) -> list[str]:
    def joined(*props: str) -> str:
        values = [v for p in props if p in entity.schema.properties for v in entity.get(p)]
        return "|".join(sorted(dict.fromkeys(v.replace("|", "/") for v in values)))

    names = sorted(entity.get("name"))
    basis = "; ".join(d["text"] for d in decisions) or joined("program")
    remarks = "; ".join(f"in force by recognition {d['recognition_id']}" for d in decisions)
    return [
        entity.id or "", kind, names[0] if names else entity.caption,
        "|".join(names[1:] + sorted(entity.get("alias"))), _first_date(entity, "birthDate"),
        joined("birthPlace"), joined("nationality"), joined("gender"), joined("country"),
        basis, "", joined("topics"), remarks,
    ]  # fmt: skip


def _first_date(entity: StatementEntity, prop: str) -> str:
    if prop not in entity.schema.properties:
        return ""
    dates = sorted(entity.get(prop))
    return dates[0] if dates else ""
