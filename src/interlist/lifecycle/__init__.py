"""The one lifecycle mechanism every workflow shares.

Each kind of record declares its statuses, transitions, parties, permissions,
required fields and deadlines in ``resources/lifecycles/<kind>.yml``
(:mod:`interlist.lifecycle.declaration`); :mod:`interlist.lifecycle.records`
opens records, moves them (403 when not permitted, 409 when not allowed now),
appends each move to the append-only ``lc_event`` table and to the audit log,
and lists what is overdue.
"""

from interlist.lifecycle.declaration import Duration, Lifecycle, lifecycle
from interlist.lifecycle.records import (
    SYSTEM,
    Actor,
    Move,
    histories,
    history,
    inconsistent,
    open_records,
    overdue_count,
    overdue_query,
    transition,
)

__all__ = [
    "SYSTEM",
    "Actor",
    "Duration",
    "Lifecycle",
    "Move",
    "histories",
    "history",
    "inconsistent",
    "lifecycle",
    "open_records",
    "overdue_count",
    "overdue_query",
    "transition",
]
