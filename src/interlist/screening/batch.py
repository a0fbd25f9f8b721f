"""Batch screening: a whole file of rows against the index, on every core.

:func:`screen_rows` is the one batch function: a chunk of raw rows in, one
output record per row out. The local engine runs it in forked worker
processes that share the loaded index; the Dask engine (``dask_engine``) runs
the very same function on a cluster. Bad rows become records with an
``error`` and are counted in the :class:`Summary`; they never stop a batch.
"""

from __future__ import annotations

import multiprocessing
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

from interlist.screening.index import ScreeningIndex
from interlist.screening.readers import RawRow, read_rows
from interlist.screening.records import BadRow, ColumnMap, to_query
from interlist.screening.screen import ScreenOptions, hit_record, screen
from interlist.screening.writers import open_writer

CHUNK = 500
MAX_BAD_SHOWN = 20
Chunk = list[tuple[int, RawRow]]
Progress = Callable[[int], None]


@dataclass
class Summary:
    """What a batch did: rows, bad rows (with the first few shown), hits and speed."""

    rows: int = 0
    bad: int = 0
    with_hits: int = 0
    with_matches: int = 0
    seconds: float = 0.0
    bad_rows: list[dict[str, Any]] = field(default_factory=list)

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds if self.seconds else 0.0

    def add(self, records: list[dict[str, Any]]) -> None:
        self.rows += len(records)
        for rec in records:
            if "error" in rec:
                self.bad += 1
                if len(self.bad_rows) < MAX_BAD_SHOWN:
                    self.bad_rows.append({k: rec[k] for k in ("row", "id", "error")})
            elif rec["results"]:
                self.with_hits += 1
                self.with_matches += any(h["match"] for h in rec["results"])


def screen_rows(
    index: ScreeningIndex, rows: Chunk, columns: ColumnMap, options: ScreenOptions
) -> list[dict[str, Any]]:
    """Screen a chunk of raw rows: one output record per row, in order."""
    out = []
    for number, raw in rows:
        query = to_query(number, raw, columns) if isinstance(raw, dict) else BadRow(number, "", raw)
        if isinstance(query, BadRow):
            out.append({"row": number, "id": query.id or str(number), "error": query.error})
            out[-1]["results"] = []
            continue
        hits = screen(index, query.mapping, options)
        record: dict[str, Any] = {"row": number, "id": query.id}
        record["results"] = [hit_record(index, h) for h in hits]
        if query.warnings:
            record["warnings"] = query.warnings
        out.append(record)
    return out


def chunks(rows: Iterable[tuple[int, RawRow]], size: int = CHUNK) -> Iterator[Chunk]:
    """Rows grouped in lists of `size`."""
    it = iter(rows)
    while chunk := list(islice(it, size)):
        yield chunk


def run_batch(
    index: ScreeningIndex,
    source: Path,
    output: Path,
    columns: ColumnMap,
    options: ScreenOptions,
    workers: int = 1,
    progress: Progress | None = None,
) -> Summary:
    """Screen every row of `source` into `output` using `workers` processes."""
    started = time.perf_counter()
    summary = Summary()
    writer = open_writer(output)
    try:
        results = _local_results(index, read_rows(source), columns, options, workers)
        for records in results:
            writer.write(records)
            summary.add(records)
            if progress:
                progress(len(records))
    finally:
        writer.close()
    summary.seconds = time.perf_counter() - started
    return summary


def _local_results(
    index: ScreeningIndex,
    rows: Iterable[tuple[int, RawRow]],
    columns: ColumnMap,
    options: ScreenOptions,
    workers: int,
) -> Iterator[list[dict[str, Any]]]:
    if workers <= 1:
        for chunk in chunks(rows):
            yield screen_rows(index, chunk, columns, options)
        return
    global _WORKER_STATE
    _WORKER_STATE = (index, columns, options)  # inherited by the forked workers
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(workers) as pool:
        pending: deque[Any] = deque()
        for chunk in chunks(rows):
            pending.append(pool.apply_async(_worker_screen, (chunk,)))
            while len(pending) >= workers * 4:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()
    _WORKER_STATE = None


_WORKER_STATE: tuple[ScreeningIndex, ColumnMap, ScreenOptions] | None = None


def _worker_screen(chunk: Chunk) -> list[dict[str, Any]]:
    assert _WORKER_STATE is not None, "worker started without an index"
    index, columns, options = _WORKER_STATE
    return screen_rows(index, chunk, columns, options)
