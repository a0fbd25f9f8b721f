"""Monitoring: subjects under watch, alerts on list changes, decisions, cases, webhooks.

:func:`register` registers or updates an agency's subjects and screens them at once;
:func:`screen_changed` is the hook whatever changes the databank calls (an ingest, a
recognition decision, a wanted notice published or withdrawn): it screens every
watched subject against the changed entities only. Alerts are decided with four eyes
(:mod:`interlist.alerts.decisions`), escalated into cases (:mod:`interlist.alerts.cases`)
and sent to the agency's webhooks (:mod:`interlist.alerts.webhooks`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, select

from interlist.alerts import decisions, subjects
from interlist.alerts.monitor import screen_changed, screen_subjects
from interlist.alerts.subjects import Registered, queries_of
from interlist.cooperation.collections import state_codes
from interlist.errors import InvalidInputError
from interlist.lifecycle import Actor
from interlist.screening.readers import RawRow
from interlist.store import tables as t


def register(conn: Connection, actor: Actor, agency: str, rows: Sequence[tuple[int, RawRow]],
             dataset: str | None = None) -> Registered:  # fmt: skip
    """Register or update subjects from input rows, then screen those new or changed
    against everything in their scope (alerts opened in the same transaction)."""
    good, bad = queries_of(rows)
    if dataset:
        _check_dataset(conn, dataset)
    done = subjects.register(conn, actor, agency, good, dataset, bad)
    cause = {"kind": "registration", "by": actor.name}
    done.alerts = screen_subjects(conn, done.screened, cause)
    return done


def remove(
    conn: Connection, actor: Actor, agency: str, subject_ids: Sequence[str]
) -> dict[str, Any]:
    """End the watch of subjects; their undecided alerts are withdrawn."""
    pks = subjects.remove(conn, actor, agency, subject_ids)
    withdrawn = decisions.withdraw_for(conn, pks, f"subject removed by {actor.name}")
    return {"agency": agency, "removed": len(pks), "withdrawn": len(withdrawn)}


def _check_dataset(conn: Connection, dataset: str) -> None:
    """422 unless `dataset` is a member state's code, a source, or `default`."""
    known = set(state_codes(conn)) | set(conn.scalars(select(t.source.c.name))) | {"default"}
    if dataset not in known:
        raise InvalidInputError(f"unknown dataset {dataset!r} (a state's code or a source)",
                                "dataset")  # fmt: skip


__all__ = ["Registered", "register", "remove", "screen_changed", "screen_subjects"]
