"""The audit trail: an append-only, hash-chained log of who asked what, and how much came back.

Every entry holds its sequence number, UTC time, actor, agency, action, what
was asked (canonical JSON) and the result count, plus the hash of the previous
entry and its own hash over all of that. ``audit_head`` keeps the newest
sequence number and hash, so that deleting the newest entries is detected as
well as editing or deleting any other. :func:`verify` walks the chain and names
the first bad entry.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import orjson
from sqlalchemy import Connection, Engine, select, update

from interlist.store import access_tables as at

GENESIS = "0" * 64
ACTIONS = (
    "login", "login_failed", "login_locked", "logout", "search", "profile", "screen",
    "screen_batch", "judge", "undo_judgement", "user_add", "user_disable", "token_new",
    "token_revoke", "source_restrict", "agency_add", "agency_place", "audit_export",
    "api_match", "api_search", "api_entity", "backup", "restore",
)  # fmt: skip


@dataclass(frozen=True)
class Entry:
    """One audit entry as stored."""

    seq: int
    at: str
    actor: str
    agency: str
    action: str
    detail: str
    result_count: int | None
    prev_hash: str
    hash: str

    def as_dict(self) -> dict[str, Any]:
        data = self.__dict__.copy()
        data["detail"] = orjson.loads(self.detail)
        return data


def canonical(detail: dict[str, Any]) -> str:
    """The detail as canonical JSON (sorted keys), the form that is stored and hashed."""
    return orjson.dumps(detail, option=orjson.OPT_SORT_KEYS, default=str).decode("utf-8")


def entry_hash(seq: int, at: str, actor: str, agency: str, action: str, detail: str,
               result_count: int | None, prev_hash: str) -> str:  # fmt: skip
    """SHA-256 over every field of an entry and the previous entry's hash."""
    fields = [seq, at, actor, agency, action, detail, result_count, prev_hash]
    return hashlib.sha256(orjson.dumps(fields)).hexdigest()


def now_text() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


# An entry to append: actor, agency, action, detail, result count, time made (or None).
Pending = tuple[str, str, str, dict[str, Any], int | None, str | None]


def append(conn: Connection, actor: str, agency: str, action: str, detail: dict[str, Any],
           result_count: int | None = None, when: str | None = None) -> int:  # fmt: skip
    """Append an entry inside the caller's transaction; returns its sequence number.
    `when` is the entry's time if it was made earlier (by the buffered writer)."""
    return append_many(conn, [(actor, agency, action, detail, result_count, when)])


def append_many(conn: Connection, entries: Sequence[Pending]) -> int:
    """Append entries in order inside the caller's transaction, chained one after the
    other, with one read and one write of the head; returns the last sequence number.

    The head row is written first, which takes the write lock on SQLite and the
    row lock on PostgreSQL, so concurrent writers queue and the chain stays linear.
    (The migration creates the head row; it is only re-created if someone deleted it.)
    """
    head = at.audit_head
    if not conn.execute(update(head).where(head.c.id == 1).values(seq=head.c.seq)).rowcount:
        conn.execute(head.insert().values(id=1, seq=0, hash=GENESIS))
    last = conn.execute(select(head.c.seq, head.c.hash).where(head.c.id == 1)).one()
    seq, prev = int(last.seq), str(last.hash)
    rows = []
    for actor, agency, action, detail, result_count, when in entries:
        seq += 1
        row: dict[str, Any] = {
            "seq": seq, "at": when or now_text(), "actor": actor, "agency": agency or "-",
            "action": action, "detail": canonical(detail), "result_count": result_count,
            "prev_hash": prev,
        }  # fmt: skip
        row["hash"] = prev = entry_hash(**row)
        rows.append(row)
    if rows:
        conn.execute(at.audit_log.insert(), rows)
        conn.execute(update(head).where(head.c.id == 1).values(seq=seq, hash=prev))
    return seq


def record(engine: Engine, actor: str, agency: str, action: str,
           detail: dict[str, Any], result_count: int | None = None) -> int:  # fmt: skip
    """Append an entry in a transaction of its own."""
    with engine.begin() as conn:
        return append(conn, actor, agency, action, detail, result_count)


@dataclass(frozen=True)
class Verdict:
    """What :func:`verify` found: how many entries are good, and the first bad one."""

    entries: int
    first_bad: int | None = None
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.first_bad is None


def verify(engine: Engine) -> Verdict:
    """Walk the chain from the first entry; stop at the first entry that does not hold."""
    expected, prev = 1, GENESIS
    with engine.connect() as conn:
        for entry in _entries(conn):
            problem = _check(entry, expected, prev)
            if problem:
                return Verdict(expected - 1, problem[0], problem[1])
            expected, prev = expected + 1, entry.hash
        return _check_head(conn, expected - 1, prev)


def _check(entry: Entry, expected: int, prev: str) -> tuple[int, str] | None:
    if entry.seq != expected:
        return expected, f"entry {expected} is missing (deleted): the next entry is {entry.seq}"
    if entry.prev_hash != prev:
        return expected, f"entry {expected} does not link to entry {expected - 1} (altered)"
    fields = {k: v for k, v in entry.__dict__.items() if k != "hash"}
    if entry_hash(**fields) != entry.hash:
        return expected, f"entry {expected} was altered: its hash does not match its content"
    return None


def _check_head(conn: Connection, last_seq: int, last_hash: str) -> Verdict:
    head = conn.execute(select(at.audit_head.c.seq, at.audit_head.c.hash)).first()
    head_seq, head_hash = (head.seq, head.hash) if head else (0, GENESIS)
    if head_seq > last_seq:
        reason = f"entries {last_seq + 1} to {head_seq} are missing (deleted)"
        return Verdict(last_seq, last_seq + 1, reason)
    if head_seq < last_seq:
        reason = f"entry {head_seq + 1} was added behind the log's back (the head says {head_seq})"
        return Verdict(head_seq, head_seq + 1, reason)
    if head_hash != last_hash:
        return Verdict(last_seq - 1, last_seq, f"entry {last_seq} does not match the head's hash")
    return Verdict(last_seq)


def _entries(conn: Connection, query: Any = None) -> Iterator[Entry]:
    query = query if query is not None else select(at.audit_log).order_by(at.audit_log.c.seq)
    for row in conn.execution_options(stream_results=True, yield_per=2000).execute(query):
        yield Entry(**row._mapping)


def entries(engine: Engine, actor: str | None = None, action: str | None = None,
            agency: str | None = None, limit: int | None = None,
            newest_first: bool = False) -> list[Entry]:  # fmt: skip
    """Entries filtered by actor, action and agency (oldest first unless `newest_first`)."""
    c = at.audit_log.c
    query = select(at.audit_log)
    for column, value in ((c.actor, actor), (c.action, action), (c.agency, agency)):
        if value:
            query = query.where(column == value)
    query = query.order_by(c.seq.desc() if newest_first else c.seq)
    if limit:
        query = query.limit(limit)
    with engine.connect() as conn:
        return list(_entries(conn, query))


EXPORT_FIELDS = ("seq", "at", "actor", "agency", "action", "detail", "result_count",
                 "prev_hash", "hash")  # fmt: skip


def export_jsonl(items: list[Entry]) -> bytes:
    """Entries as JSON lines, hashes included so that the export can be checked later."""
    return b"".join(orjson.dumps(e.as_dict()) + b"\n" for e in items)


def export_csv(items: list[Entry]) -> str:
    """Entries as CSV (detail kept as its canonical JSON text)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(EXPORT_FIELDS)
    for e in items:
        writer.writerow([getattr(e, name) for name in EXPORT_FIELDS])
    return buffer.getvalue()
