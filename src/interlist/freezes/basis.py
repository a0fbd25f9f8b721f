"""The legal basis of a freeze, and what happens when it ends.

A freeze rests on a **listing** (``ref``: the source listing the entity, e.g. ``un_sc``
or a state's national list), a **recognition** decision (``ref``: its record id; the
designation recognised by the state holding the asset) or a wanted **notice** (``ref``:
the notice's reference, kept as given). When the basis ends (a delisting at an ingest,
a lapsed or revoked recognition, a withdrawn notice), :func:`basis_ended` puts every
freeze resting on it into ``review_required`` with a deadline, in the caller's
transaction: nothing is unfrozen without a person's decision.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Connection, select

from interlist.errors import InvalidInputError
from interlist.freezes.terms import BASIS_KINDS, declared
from interlist.lifecycle import SYSTEM, Move
from interlist.lifecycle import records as lr
from interlist.store import freeze_tables as ft
from interlist.store import lifecycle_tables as lt
from interlist.store import tables as t

UN_SOURCES = ("un_sc",)
CAN_END = ("frozen", "partially_released")  # the statuses review_required leaves from


@dataclass(frozen=True)
class Basis:
    """What requires a freeze: kind, reference, and the programme it counts under."""

    kind: str
    ref: str
    programme: str | None = None

    @property
    def un(self) -> bool:
        return self.kind == "listing" and self.ref in UN_SOURCES


def resolve(conn: Connection, entity_id: str, state: str, kind: str | None,
            ref: str | None) -> Basis:  # fmt: skip
    """The basis asked for, checked; or, when none is given, the entity's UN listing, else
    its listing on the state's own list, else the state's recognition of it."""
    if not kind:
        return _default(conn, entity_id, state)
    if kind not in BASIS_KINDS:
        raise InvalidInputError(f"unknown kind {kind!r} (known: {', '.join(BASIS_KINDS)})",
                                "basis.kind")  # fmt: skip
    ref = str(ref or "").strip()
    if not ref:
        raise InvalidInputError("a basis needs its reference", "basis.ref")
    if kind == "listing":
        return _listing(conn, entity_id, ref)
    if kind == "recognition":
        return _recognition(conn, entity_id, state, ref)
    return Basis("notice", ref, "notice")


def _default(conn: Connection, entity_id: str, state: str) -> Basis:
    c, s = t.listing.c, t.source.c
    query = (
        select(c.source, s.state)
        .join(t.source, s.name == c.source)
        .where(c.entity_id == entity_id, c.delisted_on.is_(None))
    )
    listed = {row.source: row.state for row in conn.execute(query)}
    for source in [*UN_SOURCES, *(k for k, v in listed.items() if v == state)]:
        if source in listed:
            return _listing(conn, entity_id, source)
    g, r = lt.recognition.c, lt.lc_record.c
    found = conn.scalar(
        select(r.id).join(lt.recognition, g.record_id == r.id)
        .where(g.entity_id == entity_id, g.to_state == state, r.status == "recognised")
    )  # fmt: skip
    if found is not None:
        return _recognition(conn, entity_id, state, str(found))
    raise InvalidInputError(
        f"{entity_id} is neither on the UN list nor on {state}'s own list, nor recognised by "
        f"{state}: name the basis", "basis",
    )  # fmt: skip


def _listing(conn: Connection, entity_id: str, source: str) -> Basis:
    c = t.listing.c
    listed = conn.execute(
        select(c.delisted_on).where(c.entity_id == entity_id, c.source == source)
    ).first()
    if listed is None or listed.delisted_on is not None:
        why = "is not listed by" if listed is None else "was delisted from"
        raise InvalidInputError(f"{entity_id} {why} {source}", "basis.ref")
    return Basis("listing", source, programme(conn, entity_id, source))


def _recognition(conn: Connection, entity_id: str, state: str, ref: str) -> Basis:
    g, r = lt.recognition.c, lt.lc_record.c
    row = conn.execute(
        select(r.status, g.entity_id, g.to_state, g.source)
        .join(lt.recognition, g.record_id == r.id)
        .where(r.id == (int(ref) if ref.isdigit() else -1))
    ).first()  # fmt: skip
    if row is None:
        raise InvalidInputError(f"no recognition with id {ref}", "basis.ref")
    if row.entity_id != entity_id or row.to_state != state or row.status != "recognised":
        raise InvalidInputError(
            f"recognition {ref} is {row.status}, of {row.entity_id} by {row.to_state}: it does "
            f"not require {state} to freeze the assets of {entity_id}", "basis.ref",
        )  # fmt: skip
    return Basis("recognition", ref, programme(conn, entity_id, row.source))


def programme(conn: Connection, entity_id: str, source: str) -> str:
    """The sanctions programme of an entity's listing (the Sanction's programme id), or
    the source's name when the list names none."""
    s, p = t.statement.alias("s"), t.statement.alias("p")
    found = conn.scalar(
        select(p.c.value)
        .join(p, (p.c.entity_id == s.c.entity_id) & (p.c.prop == "programId"))
        .where(s.c.value == entity_id, s.c.prop == "entity", s.c.schema == "Sanction",
               s.c.source == source, p.c.active.is_(True))
        .limit(1)
    )  # fmt: skip
    return str(found) if found else source


def basis_ended(conn: Connection, kind: str, ref: str, note: str,
                entity_ids: Iterable[str] | None = None) -> list[int]:  # fmt: skip
    """Every freeze resting on this basis (for a listing: of these entities only, when
    given) goes to ``review_required``, due within the declared review deadline; returns
    the freezes moved. Called in the transaction that ended the basis."""
    f, r = ft.freeze.c, lt.lc_record.c
    query = (
        select(f.record_id)
        .join(lt.lc_record, r.id == f.record_id)
        .where(f.basis_kind == kind, f.basis_ref == str(ref), r.status.in_(CAN_END))
    )
    wanted = None if entity_ids is None else list(entity_ids)
    if wanted == []:
        return []
    ids: list[int] = []
    for chunk in _chunks(wanted):
        part = query if chunk is None else query.where(f.entity_id.in_(chunk))
        ids.extend(conn.scalars(part.order_by(f.record_id)))
    for record_id in ids:
        lr.transition(conn, declared(), record_id, Move("review_required", {}, note), SYSTEM, ())
    return ids


def delisted(
    conn: Connection, source: str, entity_ids: Iterable[str], version_id: int
) -> list[int]:
    """The freezes resting on listings that an ingest of `source` ended (see basis_ended)."""
    note = f"delisted from {source} (list version {version_id})"
    return basis_ended(conn, "listing", source, note, entity_ids)


def _chunks(items: list[str] | None, size: int = 900) -> Iterable[list[str] | None]:
    if items is None:
        yield None
        return
    for start in range(0, len(items), size):
        yield items[start : start + size]


__all__ = ["Basis", "basis_ended", "delisted", "programme", "resolve"]
