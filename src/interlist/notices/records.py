"""Wanted notices: drafted by a member state, reviewed by the centre, published,
screened everywhere, closed by the outcome of the search.

:func:`draft` opens a notice; :func:`move` makes every other transition (the
statuses, parties and deadlines are declared in ``resources/lifecycles/notice.yml``);
:func:`flag` records that a state will not act on a notice on its territory. Each
change of the set of screened notices reloads the ``notices`` source in the same
transaction (:mod:`interlist.notices.source`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Connection, delete, false, select, update

from interlist.errors import ConflictError, InvalidInputError, NotFoundError, PermissionDeniedError
from interlist.lifecycle import Actor, Lifecycle, Move, lifecycle
from interlist.lifecycle import records as lr
from interlist.notices import source, subject, terms
from interlist.store import lifecycle_tables as lt
from interlist.store import notice_tables as nt
from interlist.store.db import aware

KIND = "notice"
ACTIONS = ("arrest", "locate", "inform")


def declared() -> Lifecycle:
    return lifecycle(KIND)


@dataclass
class Draft:
    """What an issuing state writes in a notice."""

    subject: dict[str, list[str]]  # FtM Person properties
    category: str
    summary: str
    law: str
    max_penalty_years: int
    warrant_authority: str
    warrant_reference: str
    warrant_date: date
    action: str = "arrest"
    warnings: list[str] = field(default_factory=list)
    offence_date: str | None = None
    offence_place: str | None = None
    marks: str | None = None
    languages: list[str] = field(default_factory=list)


def draft(conn: Connection, actor: Actor, asked: Draft) -> dict[str, Any]:
    """Open a notice in `draft` for the actor's state (403 for the centre or no state)."""
    lc = declared()
    lr.authorise(lc, lc.transition("drafted"), actor, {"issuer"} if actor.state else set())
    assert actor.state is not None
    _check(asked)
    props = subject.cleaned(asked.subject)
    payload = {"issuing_state": actor.state, "category": asked.category}
    record_id = lr.open_records(conn, lc, actor, [payload])[0]
    conn.execute(nt.notice.insert().values(
        record_id=record_id, entity_id=subject.entity_id(record_id), issuing_state=actor.state,
        issuing_agency=actor.agency, subject=props, category=asked.category,
        summary=asked.summary.strip(), law=asked.law.strip(),
        max_penalty_years=asked.max_penalty_years, offence_date=asked.offence_date,
        offence_place=asked.offence_place, warrant_authority=asked.warrant_authority.strip(),
        warrant_reference=asked.warrant_reference.strip(), warrant_date=asked.warrant_date,
        action=asked.action, warnings=list(asked.warnings), marks=asked.marks,
        languages=list(asked.languages),
    ))  # fmt: skip
    return get(conn, record_id, actor)


def _check(asked: Draft) -> None:
    for name in ("summary", "law", "warrant_authority", "warrant_reference"):
        if not str(getattr(asked, name) or "").strip():
            raise InvalidInputError("a notice needs it", name)
    terms.check("categories", [asked.category], "category")
    terms.check("actions", [asked.action], "action")
    terms.check("warnings", list(asked.warnings), "flags")
    if asked.max_penalty_years < 0:
        raise InvalidInputError("a penalty in years is not negative", "max_penalty_years")


def move(conn: Connection, actor: Actor, record_id: int, to: str, note: str | None = None,
         checklist: dict[str, bool] | None = None, state: str | None = None,
         day: date | None = None, place: str | None = None,
         where: str | None = None) -> dict[str, Any]:  # fmt: skip
    """Move a notice to status `to` (or by transition name: `answered`, `renewed`).
    403 when the actor is no party to the move, 409 when it is not allowed now, 422
    when a field it needs is missing or the checklist does not allow publication."""
    row = find(conn, record_id)
    name = transition_for(row.status, to)
    _precheck(name, actor, row)
    fields: dict[str, Any] = {}
    if name in ("located", "detained"):
        fields.update(_territory(actor, state), date=day, place=place, where=where)
    elif day or place:
        fields.update(date=day, place=place)
    if name in ("published", "refused") and checklist is not None:
        fields["checklist"] = review(row, checklist, publish=name == "published")
    fields = {k: v for k, v in fields.items() if v not in (None, "")}
    lr.transition(conn, declared(), record_id, Move(name, fields, note), actor,
                  parties(actor, row))  # fmt: skip
    _remember(conn, record_id, name, fields)
    if name in ("published", "expired", "withdrawn", "extradited", "deported", "surrendered",
                "released"):  # fmt: skip
        source.reload(conn)
    if name in BASIS_ENDS:
        _freezes_review(conn, record_id, name)
    return get(conn, record_id, actor)


BASIS_ENDS = ("withdrawn", "expired", "extradited", "deported", "surrendered", "released")


def _freezes_review(conn: Connection, record_id: int, name: str) -> None:
    """The freezes resting on a notice that stopped being screened go to review."""
    from interlist.freezes.basis import basis_ended

    basis_ended(conn, "notice", str(record_id), f"wanted notice {record_id} {name}")


def _precheck(name: str, actor: Actor, row: Any) -> None:
    """403 or 409 before the fields are looked at (as the lifecycle checks again)."""
    lc = declared()
    wanted = lc.transition(name)
    lr.authorise(lc, wanted, actor, parties(actor, row))
    if row.status not in wanted.sources:
        allowed = ", ".join(wanted.sources) or "no status"
        raise ConflictError(
            f"notice {row.id} is {row.status}: {name} is allowed only from {allowed}"
        )


def transition_for(status: str, to: str) -> str:
    """The transition that takes a notice from `status` to `to` (a status, or a
    transition's own name); the one named `to` when none may leave `status` (then
    the lifecycle refuses it with 409)."""
    lc = declared()
    if to in lc.transitions and to not in lc.statuses:
        return to
    if to not in lc.statuses:
        known = ", ".join(lc.statuses)
        raise InvalidInputError(f"unknown status {to!r} (known: {known})", "to")
    leaving = [t for t in lc.allowed_from(status) if t.target == to]
    if leaving:
        return leaving[0].name
    return (
        to
        if to in lc.transitions
        else next(t.name for t in lc.transitions.values() if t.target == to)
    )


def _territory(actor: Actor, state: str | None) -> dict[str, Any]:
    """A location or detention is recorded by a state on its own territory."""
    where = (state or actor.state or "").lower()
    if actor.state and where != actor.state:
        raise PermissionDeniedError(
            f"{actor.name} ({actor.state}) records what happens on the territory of "
            f"{actor.state}, not {where}"
        )
    return {"state": where or None}


def review(row: Any, checklist: dict[str, bool], publish: bool) -> dict[str, bool]:
    """The centre's checklist, complete, each item checked against the notice where
    interlist can check it; publication needs every item true (422 otherwise)."""
    items = terms.terms("checklist")
    missing = [item for item in items if item not in checklist]
    if missing:
        raise InvalidInputError(f"the checklist lacks {', '.join(missing)}", "checklist")
    terms.check("checklist", list(checklist), "checklist")
    found = {item: bool(checklist[item]) for item in items}
    computed = automatic(row)
    for item, value in computed.items():
        if found[item] and not value:
            raise InvalidInputError(f"{item}: not so for this notice", "checklist")
    if publish and not all(found.values()):
        failed = ", ".join(k for k, v in found.items() if not v)
        raise InvalidInputError(f"a notice is published only if every item holds: {failed}",
                                "checklist")  # fmt: skip
    return found


def automatic(row: Any) -> dict[str, bool]:
    """The checklist items interlist can verify itself."""
    names = (row.subject or {}).get("name") or []
    required = all([names, row.summary, row.law, row.warrant_reference, row.warrant_date])
    return {
        "required_fields": bool(required),
        "category_allowed": row.category in terms.terms("categories"),
        "penalty_threshold": row.max_penalty_years >= terms.min_penalty(),
    }


def parties(actor: Actor, row: Any) -> set[str]:
    """What the actor is to this notice: issuer, centre, member (any member state)."""
    found = set()
    if actor.centre:
        found.add("centre")
    if actor.state:
        found.add("member")
        if actor.state == row.issuing_state:
            found.add("issuer")
    return found


def _remember(conn: Connection, record_id: int, name: str, fields: dict[str, Any]) -> None:
    values: dict[str, Any] = {}
    if "checklist" in fields:
        values["checklist"] = fields["checklist"]
    if name == "published":
        values["published_at"] = datetime.now(UTC)
    if values:
        n = nt.notice.c
        conn.execute(update(nt.notice).where(n.record_id == record_id).values(**values))


def flag(conn: Connection, actor: Actor, record_id: int, reason: str | None,
         lift: bool = False) -> dict[str, Any]:  # fmt: skip
    """Record that the actor's state will not act on this notice on its territory (or
    lift that flag); screening there still finds the subject, marked accordingly."""
    row = find(conn, record_id)
    if not actor.state or "notices" not in actor.permissions:
        raise PermissionDeniedError("a flag is recorded by a member state's agency with `notices`")
    if row.status not in source.SCREENED:
        raise ConflictError(f"notice {record_id} is {row.status}: only a screened one is flagged")
    f = nt.notice_flag.c
    conn.execute(delete(nt.notice_flag).where(f.record_id == record_id, f.state == actor.state))
    if not lift:
        if not (reason or "").strip():
            raise InvalidInputError("a flag needs a reason", "reason")
        conn.execute(nt.notice_flag.insert().values(
            record_id=record_id, state=actor.state, reason=reason, actor=actor.name,
            agency=actor.agency, at=datetime.now(UTC),
        ))  # fmt: skip
    from interlist.access import audit

    action = "notice.flag_lifted" if lift else "notice.flagged"
    audit.append(conn, actor.name, actor.agency, action,
                 {"record": record_id, "state": actor.state, "reason": reason})  # fmt: skip
    return get(conn, record_id, actor)


def expire_due(conn: Connection, at: datetime | None = None) -> list[int]:
    """Every screened notice past its expiry moves to `expired` (by interlist)."""
    r = lt.lc_record.c
    due = select(r.id).where(
        r.kind == KIND, r.due_kind == "expiry", r.due_at < (at or datetime.now(UTC)),
        r.status.in_(source.SCREENED),
    )  # fmt: skip
    done = []
    for record_id in conn.scalars(due).all():
        note = "five years after publication, not renewed"
        lr.transition(conn, declared(), record_id, Move("expired", {}, note), lr.SYSTEM, ())
        _freezes_review(conn, record_id, "expired")
        done.append(record_id)
    if done:
        source.reload(conn)
    return done


def visible_to(viewer: Actor | None, row: Any) -> bool:
    """The issuing state always; the centre once submitted; every member state once
    published (and after, whatever became of it)."""
    if viewer is None or viewer.system or viewer.state == row.issuing_state:
        return True
    if viewer.centre:
        return row.status != "draft"
    return bool(viewer.state) and row.published_at is not None


def get(conn: Connection, record_id: int, viewer: Actor | None = None) -> dict[str, Any]:
    """One notice with its history, flags and the moves the viewer may make."""
    row = find(conn, record_id)
    if not visible_to(viewer, row):
        who = viewer.name if viewer else "?"
        raise PermissionDeniedError(f"notice {record_id} is not shared with {who}")
    found = as_dict(row)
    found["history"] = lr.history(conn, record_id)
    found["not_acting"] = not_acting(conn, [record_id]).get(record_id, [])
    found["allowed"] = allowed(row, viewer)
    from interlist.notices import photos

    found["photos"] = photos.listed(conn, record_id)
    return found


def search(conn: Connection, viewer: Actor | None, status: str | None = None,
           issuing_state: str | None = None, category: str | None = None,
           overdue: bool = False, expiring: bool = False, limit: int = 500,
           offset: int = 0) -> list[dict[str, Any]]:  # fmt: skip
    """The notices the viewer may see, filtered; soonest deadline first."""
    r, n = lt.lc_record.c, nt.notice.c
    query = _query()
    for column, value in ((r.status, status), (n.issuing_state, issuing_state),
                          (n.category, category)):  # fmt: skip
        if value:
            query = query.where(column == value)
    if overdue:
        query = query.where(r.id.in_(lr.overdue_query(KIND)))
    if viewer is not None and not viewer.system:
        mine: Any = n.issuing_state == viewer.state if viewer.state else false()
        ever = nt.notice.c.published_at.is_not(None)
        shared: Any = ever if viewer.state else r.status.in_(())
        if viewer.centre:
            shared = r.status != "draft"
        query = query.where(mine | shared)
    query = query.order_by(r.due_at.is_(None), r.due_at, r.id)
    rows = [as_dict(row) for row in conn.execute(query.limit(limit).offset(offset))]
    return [row for row in rows if row["expiry_warning"]] if expiring else rows


def for_subjects(conn: Connection, entity_ids: list[str],
                 viewer: Actor | None) -> list[dict[str, Any]]:  # fmt: skip
    """The notices whose subjects these are, that the viewer may see."""
    query = _query().where(nt.notice.c.entity_id.in_(entity_ids))
    return [as_dict(row) for row in conn.execute(query) if visible_to(viewer, row)]


def not_acting(conn: Connection, record_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    """The states that recorded they will not act on these notices, with reasons."""
    f = nt.notice_flag.c
    found: dict[int, list[dict[str, Any]]] = {}
    query = select(nt.notice_flag).where(f.record_id.in_(record_ids)).order_by(f.state)
    for row in conn.execute(query):
        found.setdefault(row.record_id, []).append(
            {"state": row.state, "reason": row.reason, "by": row.agency, "at": iso(row.at)}
        )
    return found


def allowed(row: Any, viewer: Actor | None) -> list[str]:
    """The transitions the viewer may make now."""
    if viewer is None:
        return []
    mine = parties(viewer, row)
    return [
        t.name
        for t in declared().allowed_from(row.status)
        if t.permission in viewer.permissions and mine & set(t.parties)
    ]


def _query() -> Any:
    return select(lt.lc_record, nt.notice).join(
        nt.notice, nt.notice.c.record_id == lt.lc_record.c.id
    )


def find(conn: Connection, record_id: int) -> Any:
    row = conn.execute(_query().where(lt.lc_record.c.id == record_id)).first()
    if row is None:
        raise NotFoundError(f"no notice with id {record_id}")
    return row


def as_dict(row: Any) -> dict[str, Any]:
    """A notice in the API's shape (the subject as an FtM entity)."""
    due = aware(row.due_at) if row.due_at else None
    now = datetime.now(UTC)
    expires = due if row.due_kind == "expiry" else None
    warn_from = declared().deadlines["expiry"].warn_from(expires) if expires else None
    return {
        "id": row.id, "status": row.status, "status_label": declared().label(row.status),
        "entity_id": row.entity_id, "issuing_state": row.issuing_state,
        "issuing_agency": row.issuing_agency,
        "subject": {"id": row.entity_id, "schema": "Person", "properties": row.subject},
        "caption": subject.caption(row.subject),
        "offence": {"category": row.category, "summary": row.summary, "law": row.law,
                    "max_penalty_years": row.max_penalty_years, "date": row.offence_date,
                    "place": row.offence_place, "topic": terms.topic_of(row.category)},
        "warrant": {"authority": row.warrant_authority, "reference": row.warrant_reference,
                    "date": row.warrant_date.isoformat() if row.warrant_date else None},
        "action": row.action, "flags": list(row.warnings or []), "marks": row.marks,
        "languages": list(row.languages or []), "checklist": row.checklist,
        "screened": row.status in source.SCREENED and not (expires and expires < now),
        "published_at": iso(row.published_at), "expires_at": iso(expires),
        "expiry_warning": bool(warn_from and warn_from <= now),
        "created_at": iso(row.created_at), "updated_at": iso(row.updated_at),
        "due_at": iso(due), "due_kind": row.due_kind, "overdue": bool(due and due < now),
    }  # fmt: skip


def iso(value: datetime | None) -> str | None:
    return aware(value).isoformat() if value else None


__all__ = ["KIND", "Draft", "draft", "expire_due", "flag", "get", "move", "search"]
