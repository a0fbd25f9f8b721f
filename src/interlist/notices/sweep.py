"""Sweeps ("identification"): a file of people screened against the screened notices.

A state screens its prison population, border crossings or residence registrations
(CSV, Excel, JSON lines...) against the subjects of the notices screened now, and
only those: the index is built from the notices in the databank when the sweep
starts (a few hundred names: instant), so a notice published a minute ago is found
and one withdrawn is not. Rows are screened by the batch machinery
(:func:`interlist.screening.batch.screen_results`, on every core); the output has
one record per row in the shape of ``interlist screen``'s, each match on a notice
carrying ``notice`` (its id, action, warning flags, states not acting and the hit
report opened for it).
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine

from interlist.errors import InvalidInputError
from interlist.lifecycle import Actor
from interlist.matching import DEFAULT_THRESHOLD
from interlist.notices import hits, source, terms
from interlist.notices.records import not_acting
from interlist.screening.batch import Progress, Summary, screen_results
from interlist.screening.candidates import Candidate
from interlist.screening.index import ScreeningIndex, build_index
from interlist.screening.readers import RawRow, read_rows
from interlist.screening.records import ColumnMap, Query, to_query
from interlist.screening.screen import ScreenOptions
from interlist.screening.writers import open_writer


@dataclass
class SweepSummary(Summary):
    """A batch summary plus the notices swept against and the hit reports."""

    notices: int = 0
    reports_opened: int = 0
    reports_known: int = 0
    reports: list[int] = field(default_factory=list)


def notice_index(conn: Connection) -> ScreeningIndex:
    """An index of the subjects of the notices screened now (and nothing else)."""
    found = source.entities(conn)
    return build_index((Candidate(e, [str(e.id)]) for e in found), fingerprint="notices")


class _Kept:
    """The raw rows read, kept until their records are written (to report the record
    screened with a hit)."""

    def __init__(self, rows: Iterable[tuple[int, RawRow]]) -> None:
        self.rows = rows
        self.kept: dict[int, RawRow] = {}

    def __iter__(self) -> Iterator[tuple[int, RawRow]]:
        for number, raw in self.rows:
            self.kept[number] = raw
            yield number, raw


def sweep(engine: Engine, actor: Actor, path: Path, output: Path, kind: str,
          columns: ColumnMap, workers: int = 1, threshold: float = DEFAULT_THRESHOLD,
          progress: Progress | None = None) -> SweepSummary:  # fmt: skip
    """Screen every row of `path` against the screened notices into `output`; open a
    hit report for each match (the same record swept again opens none)."""
    terms.check("sweep_kinds", [kind], "kind")
    if path.resolve() == output.resolve():
        raise InvalidInputError("must not be the input file", "output")
    rows = _Kept(read_rows(path))
    with engine.connect() as conn:
        index = notice_index(conn)
        live = hits.live_notices(conn)
        flags = not_acting(conn, [row.id for row in live.values()])
    summary = SweepSummary(notices=len(index))
    options = ScreenOptions(limit=5, threshold=threshold)
    started = time.perf_counter()
    writer = open_writer(output)
    try:
        for records in screen_results(index, rows, columns, options, workers):
            _report(engine, actor, kind, records, rows.kept, columns, live, flags, summary)
            writer.write(records)
            summary.add(records)
            if progress:
                progress(len(records))
    finally:
        writer.close()
    summary.seconds = time.perf_counter() - started
    return summary


def _report(engine: Engine, actor: Actor, kind: str, records: list[dict[str, Any]],
            kept: dict[int, RawRow], columns: ColumnMap, live: dict[str, Any],
            flags: dict[int, list[dict[str, Any]]], summary: SweepSummary) -> None:  # fmt: skip
    """Open the hit reports of a chunk's matches and mark each match with its notice."""
    found: list[hits.Found] = []
    marked: list[dict[str, Any]] = []
    for record in records:
        raw = kept.pop(record["row"], None)
        matches = [h for h in record["results"] if h["match"]]
        if not matches or not isinstance(raw, dict):
            continue
        query = to_query(record["row"], raw, columns)
        mapping = query.mapping if isinstance(query, Query) else {}
        screened = {"row": record["row"], "id": record["id"], "query": mapping, "kind": kind}
        for hit in matches:
            found.append(hits.Found(screened, (hit["entity_id"], *hit["referents"]),
                                    hit["score"], hit["explanation"]))  # fmt: skip
            marked.append(hit)
    if not found:
        return
    with engine.begin() as conn:
        reports = hits.report(conn, actor, "sweep", found, kind=kind, live=live)
    for hit, made in zip(marked, reports, strict=True):
        if made is None:
            continue
        row = live[next(m for m in (hit["entity_id"], *hit["referents"]) if m in live)]
        hit["notice"] = notice_mark(row, flags.get(row.id, []), actor.state, made)
        summary.reports.append(made["hit_report_id"])
        summary.reports_opened += made["new"]
        summary.reports_known += not made["new"]


def notice_mark(row: Any, flags: list[dict[str, Any]], state: str | None,
                made: dict[str, Any] | None = None) -> dict[str, Any]:  # fmt: skip
    """What a hit on a notice's subject carries: the notice, what to do, the warning
    flags, the states not acting (and whether the screening state is one)."""
    mark = {
        "notice_id": row.id, "status": row.status, "issuing_state": row.issuing_state,
        "action": row.action, "flags": list(row.warnings or []), "not_acting": flags,
        "acting": not any(f["state"] == state for f in flags),
    }  # fmt: skip
    if made is not None:
        mark.update(hit_report_id=made["hit_report_id"], new_report=made["new"])
    return mark
