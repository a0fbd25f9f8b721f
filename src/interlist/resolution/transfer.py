"""Moving judgements between databanks: JSON lines out, JSON lines in.

Export writes every judgement ever made (undone ones with ``deleted_at``),
so the history travels too. Import replays the *open* ones that the target
databank does not already hold with the same verdict, keeping the original
analyst, origin and time; then the clusters are derived again.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from typing import IO, Any

import orjson
from sqlalchemy import Engine

from interlist.errors import InvalidInputError
from interlist.resolution.clusters import recluster
from interlist.resolution.judgements import (
    Decision,
    Judgement,
    Origin,
    history,
    open_judgement,
    record,
)


def _when(value: datetime | None) -> str | None:
    """ISO time in UTC (SQLite hands back naive datetimes that were stored in UTC)."""
    if value is None:
        return None
    return (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(UTC).isoformat()


def judgement_dict(row: Any) -> dict[str, Any]:
    return {
        "left": row.left_id,
        "right": row.right_id,
        "judgement": row.judgement,
        "origin": row.origin,
        "score": row.score,
        "user": row.user,
        "created_at": _when(row.created_at),
        "deleted_at": _when(row.deleted_at),
        "deleted_by": row.deleted_by,
        "reason": row.reason,
    }


def export_judgements(engine: Engine, fh: IO[bytes]) -> int:
    """Write every judgement as one JSON object per line; returns how many."""
    with engine.connect() as conn:
        rows = history(conn)
    for row in rows:
        fh.write(orjson.dumps(judgement_dict(row)) + b"\n")
    return len(rows)


def read_lines(fh: IO[bytes]) -> Iterator[dict[str, Any]]:
    for number, line in enumerate(fh, start=1):
        if not line.strip():
            continue
        try:
            data = orjson.loads(line)
        except orjson.JSONDecodeError as exc:
            raise InvalidInputError(f"line {number}: not JSON ({exc})", "judgements") from exc
        if not isinstance(data, dict):
            raise InvalidInputError(f"line {number}: not a JSON object", "judgements")
        yield data


def _decision(data: dict[str, Any]) -> Decision:
    try:
        created = data.get("created_at")
        return Decision(
            left=str(data["left"]),
            right=str(data["right"]),
            judgement=Judgement(data["judgement"]),
            user=str(data["user"]),
            origin=Origin(data.get("origin") or Origin.IMPORT.value),
            score=data.get("score"),
            reason=data.get("reason"),
            created_at=datetime.fromisoformat(created) if created else None,
        )
    except (KeyError, ValueError, TypeError) as exc:
        raise InvalidInputError(f"bad judgement record {data!r}: {exc}", "judgements") from exc


def import_judgements(engine: Engine, records: Iterable[dict[str, Any]]) -> dict[str, int]:
    """Record the open judgements not yet held; all or nothing. Returns counts."""
    counts = {"read": 0, "imported": 0, "already": 0, "undone_skipped": 0}
    with engine.begin() as conn:
        todo = []
        for data in records:
            counts["read"] += 1
            if data.get("deleted_at"):
                counts["undone_skipped"] += 1
                continue
            decision = _decision(data)
            held = open_judgement(conn, decision.left, decision.right)
            if held is not None and held.judgement == decision.judgement.value:
                counts["already"] += 1
                continue
            todo.append(decision)
        counts["imported"] = record(conn, todo)
        recluster(conn)
    return counts
