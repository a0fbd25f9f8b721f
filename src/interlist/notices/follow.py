"""What any screening does with hits on the subjects of wanted notices, in the batch
output's form of a hit (:func:`interlist.screening.screen.hit_record`): hits on a
notice no longer screened are dropped (the index may be older than the change), hits
on a screened one carry ``notice``, and matches open hit reports. Used by the web
page's screening and by ``interlist screen``; the API has its own cached variant
(``interlist.api.notice_hits``)."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import Connection, Engine

from interlist.lifecycle import Actor
from interlist.notices import hits, source
from interlist.notices.records import not_acting
from interlist.notices.sweep import notice_mark
from interlist.screening.readers import read_rows
from interlist.screening.records import ColumnMap, Query, to_query

Screened = tuple[dict[str, Any], list[dict[str, Any]]]  # the record screened, its hits


def members(hit: dict[str, Any]) -> tuple[str, ...]:
    return (hit["entity_id"], *hit.get("referents", []))


def concerned(screened: Sequence[Screened]) -> bool:
    """Whether any hit may be a notice's subject (no query needed otherwise)."""
    return any(hits.may_concern(members(h)) for _, found in screened for h in found)


def follow_up(conn: Connection, actor: Actor, channel: str, screened: Sequence[Screened],
              kind: str | None = None) -> int:  # fmt: skip
    """Drop, mark and report as the module says, in place; returns the reports made."""
    if not concerned(screened):
        return 0
    live = hits.live_notices(conn)
    stopped = source.stopped(conn)
    flags = not_acting(conn, [row.id for row in live.values()])
    found: list[hits.Found] = []
    marked: list[tuple[dict[str, Any], Any]] = []
    for record, results in screened:
        results[:] = [h for h in results if not _stopped(members(h), live, stopped)]
        for hit in results:
            row = next((live[m] for m in members(hit) if m in live), None)
            if row is None:
                continue
            hit["notice"] = notice_mark(row, flags.get(row.id, []), actor.state)
            if hit["match"]:
                found.append(hits.Found(record, members(hit), hit["score"], hit["explanation"]))
                marked.append((hit, row))
    made = hits.report(conn, actor, channel, found, kind=kind, live=live) if found else []
    for (hit, _), summary in zip(marked, made, strict=True):
        if summary is not None:
            hit["notice"].update(hit_report_id=summary["hit_report_id"], new_report=summary["new"])
    return sum(1 for m in made if m and m["new"])


def _stopped(ids: tuple[str, ...], live: dict[str, Any], stopped: set[str]) -> bool:
    return any(m in stopped for m in ids) and not any(m in live for m in ids)


def follow_batch(engine: Engine, actor: Actor, source: Path, output: Path,
                 columns: ColumnMap) -> int:  # fmt: skip
    """After a batch (``interlist screen``) into JSON lines: :func:`follow_up` on the rows
    with a hit that may be a notice's subject, rewriting their output records; returns
    the hit reports opened. Other outputs are left as they are."""
    if output.suffix.lower() != ".jsonl":
        return 0
    records: dict[int, dict[str, Any]] = {}
    with output.open("rb") as fh:
        for line in fh:
            if NOTICE_MARK in line:  # only these are parsed
                record = orjson.loads(line)
                records[record["row"]] = record
    if not records:
        return 0
    raws = {number: raw for number, raw in read_rows(source) if number in records}
    screened = [(_screened(r, raws.get(n), columns), r["results"]) for n, r in records.items()]
    with engine.begin() as conn:
        opened = follow_up(conn, actor, "batch", screened)
    _rewrite(output, records)
    return opened


NOTICE_MARK = b'"' + hits.NOTICE_PREFIX.encode()


def _screened(record: dict[str, Any], raw: Any, columns: ColumnMap) -> dict[str, Any]:
    query = to_query(record["row"], raw, columns) if isinstance(raw, dict) else None
    mapping = query.mapping if isinstance(query, Query) else {}
    return {"row": record["row"], "id": record["id"], "query": mapping}


def _rewrite(output: Path, records: dict[int, dict[str, Any]]) -> None:
    fd, name = tempfile.mkstemp(prefix=".screened-", dir=output.parent)
    with os.fdopen(fd, "wb") as out, output.open("rb") as fh:
        for line in fh:
            if NOTICE_MARK in line:
                line = orjson.dumps(records[orjson.loads(line)["row"]]) + b"\n"
            out.write(line)
    os.replace(name, output)
