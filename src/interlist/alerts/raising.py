"""Opening alerts for screened pairs, and the memory of the cleared.

A pair (a subject of an agency, a listed entity) scoring at or above the agency's
threshold opens an alert, unless:

- an alert on the pair is still undecided, escalated, awaiting approval, or
  confirmed: it is not opened twice;
- the pair was cleared as a false positive and neither the entity's matched data
  (names, birth dates, documents, countries) nor the subject changed since: an
  innocent namesake cleared once is not stopped again.

When the pair was cleared but one side changed, the new alert says what changed
(``changes``). Each alert records the change that caused it (``cause``): the list
version and what it added or changed, a recognition, a registration.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

import yaml
from sqlalchemy import Connection, func, insert, select

from interlist.alerts import webhooks
from interlist.alerts.profiles import changes
from interlist.lifecycle import SYSTEM, Duration, Lifecycle, lifecycle
from interlist.lifecycle import records as lr
from interlist.store import alert_tables as at
from interlist.store import lifecycle_tables as lt
from interlist.store import tables as t
from interlist.store.db import chunked

if TYPE_CHECKING:
    from interlist.alerts.monitor import Hit

KIND = "alert"
LIVE = ("open", "escalated", "confirmed_pending", "confirmed")  # no second alert on the pair


def declared() -> Lifecycle:
    return lifecycle(KIND)


@cache
def vocabulary() -> dict[str, Any]:
    """resources/alerts.yml: the default threshold, decision reasons, case outcomes."""
    text = resources.files("interlist").joinpath("resources/alerts.yml").read_text("utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return data


def threshold(conn: Connection, agency: str) -> float:
    """The score from which a pair of the agency's alerts (its own, or the default)."""
    a = at.monitor_agency.c
    own = conn.scalar(select(a.threshold).where(a.agency == agency))
    return float(own if own is not None else vocabulary()["threshold"])


def set_threshold(conn: Connection, agency: str, value: float) -> None:
    a = at.monitor_agency.c
    if conn.scalar(select(func.count()).where(a.agency == agency)):
        conn.execute(at.monitor_agency.update().where(a.agency == agency).values(threshold=value))
    else:
        conn.execute(insert(at.monitor_agency).values(agency=agency, threshold=value))


def raise_alerts(conn: Connection, hits: Sequence[Hit], cause: dict[str, Any]) -> list[int]:
    """Open an alert for each hit that the memory of earlier decisions allows."""
    best: dict[tuple[int, str], Hit] = {}
    for hit in hits:
        key = (hit.subject.id, hit.profile.id)
        if key not in best or hit.score > best[key].score:
            best[key] = hit
    if not best:
        return []
    latest = _latest(conn, list(best))
    causes = _causes(conn, cause, {eid for _, eid in best})
    due = []
    for key, hit in sorted(best.items()):
        found = latest.get(key)
        if found is not None and (found.status in LIVE or _unchanged(found, hit)):
            continue
        what = _what_changed(conn, found, hit) if found is not None else {}
        due.append((hit, {**cause, **causes.get(hit.profile.id, {})}, what))
    return _open(conn, due)


def _latest(conn: Connection, pairs: list[tuple[int, str]]) -> dict[tuple[int, str], Any]:
    """The newest alert of each pair, with its status."""
    a, r = at.alert.c, lt.lc_record.c
    found: dict[tuple[int, str], Any] = {}
    wanted = set(pairs)
    for batch in chunked(sorted({s for s, _ in pairs}), 900):
        query = (
            select(
                a.record_id,
                a.subject,
                a.entity_id,
                a.entity_digest,
                a.entity_data,
                a.subject_digest,
                a.subject_revision,
                r.status,
            )
            .join(lt.lc_record, r.id == a.record_id)
            .where(a.subject.in_(batch))
            .order_by(a.record_id)
        )
        for row in conn.execute(query):
            if (row.subject, row.entity_id) in wanted:
                found[(row.subject, row.entity_id)] = row
    return found


def _unchanged(found: Any, hit: Hit) -> bool:
    """A cleared pair whose two sides are as they were when it was cleared."""
    return found.entity_digest == hit.profile.digest and found.subject_digest == hit.subject.digest


def _what_changed(conn: Connection, found: Any, hit: Hit) -> dict[str, Any]:
    """Since the pair's last alert: the entity's matched data gained or lost, the subject
    updated (from which revision to which)."""
    what: dict[str, Any] = {"previous_alert": found.record_id, "previous_status": found.status}
    if found.entity_digest != hit.profile.digest:
        what["entity"] = changes(found.entity_data or {}, hit.profile.props)
    if found.subject_digest != hit.subject.digest:
        before = _subject_query(conn, hit.subject.id, found.subject_revision)
        after = hit.subject.query.get("properties", {})
        revisions = {"from_revision": found.subject_revision, "to_revision": hit.subject.revision}
        what["subject"] = {**revisions, **changes(before, after)}
    return what


def _subject_query(conn: Connection, subject: int, revision: int) -> dict[str, list[str]]:
    e = at.monitor_subject_event.c
    query = select(e.query).where(e.subject == subject, e.revision == revision).order_by(e.id)
    found = conn.execute(query).first()
    return dict((found.query or {}).get("properties", {})) if found else {}


def _causes(conn: Connection, cause: dict[str, Any], entity_ids: set[str]) -> dict[str, Any]:
    """What the list version in `cause` did to each entity (added, changed and how)."""
    version = cause.get("version_id")
    if not version:
        return {}
    c = t.change.c
    found: dict[str, Any] = {}
    for batch in chunked(sorted(entity_ids), 900):
        query = select(c.entity_id, c.kind, c.detail).where(
            c.version_id == version, c.entity_id.in_(batch)
        )
        for eid, kind, detail in conn.execute(query):
            found[eid] = {"change": kind, "detail": detail or {}}
    return found


def _open(conn: Connection, due: list[tuple[Hit, dict[str, Any], dict[str, Any]]]) -> list[int]:
    if not due:
        return []
    now = datetime.now(UTC)
    ids: list[int] = []
    by_agency: dict[str, list[tuple[Hit, dict[str, Any], dict[str, Any]]]] = {}
    for item in due:
        by_agency.setdefault(item[0].subject.agency, []).append(item)
    for agency, items in sorted(by_agency.items()):
        payloads = [{"agency": agency, "subject_id": h.subject.subject_id,
                     "entity_id": h.profile.id, "score": h.score} for h, _, _ in items]  # fmt: skip
        opened = lr.open_records(conn, declared(), SYSTEM, payloads,
                                 durations=_durations(conn, agency), when=now)  # fmt: skip
        rows = [_row(rid, hit, cause, what, now) for rid, (hit, cause, what)
                in zip(opened, items, strict=True)]  # fmt: skip
        conn.execute(insert(at.alert), rows)
        webhooks.enqueue(conn, agency, "alert.opened", [_summary(r) for r in rows])
        ids += opened
    return ids


def _durations(conn: Connection, agency: str) -> dict[str, Duration] | None:
    a = at.monitor_agency.c
    hours = conn.scalar(select(a.decision_hours).where(a.agency == agency))
    return {"decision": Duration(int(hours), "hour")} if hours else None


def _row(record_id: int, hit: Hit, cause: dict[str, Any], what: dict[str, Any],
         now: datetime) -> dict[str, Any]:  # fmt: skip
    s, p = hit.subject, hit.profile
    return {
        "record_id": record_id, "agency": s.agency, "subject": s.id, "subject_id": s.subject_id,
        "subject_revision": s.revision, "subject_digest": s.digest, "entity_id": p.id,
        "entity_version": p.version, "entity_digest": p.digest, "entity_data": p.props,
        "caption": p.caption, "score": hit.score, "explanation": hit.explanation,
        "cause": cause, "changes": what, "measures": hit.measures, "freeze": False,
        "created_at": now,
    }  # fmt: skip


def _summary(row: dict[str, Any]) -> dict[str, Any]:
    """What a webhook receives of a new alert."""
    keys = ("agency", "subject_id", "entity_id", "entity_version", "caption", "score",
            "cause", "changes", "explanation")  # fmt: skip
    return {"id": row["record_id"], "status": "open", **{k: row[k] for k in keys}}
