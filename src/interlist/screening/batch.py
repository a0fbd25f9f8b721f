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

from interlist.screening.index import BATCH_YOUNG_OBJECTS, ScreeningIndex, steady_collection
from interlist.screening.readers import RawRow, read_rows
from interlist.screening.records import (
    FIELDS,
    MAX_FIELD_CHARS,
    MAX_NAME_CHARS,
    BadRow,
    ColumnMap,
    to_query,
)
from interlist.screening.screen import ScreenOptions, hit_record, screen_many
from interlist.screening.writers import open_writer

CHUNK = 500
DEDUPE_SIZE = 200_000  # distinct rows whose results are kept for their repeats
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
    queries = [
        to_query(number, raw, columns) if isinstance(raw, dict) else BadRow(number, "", raw)
        for number, raw in rows
    ]
    good = [q for q in queries if not isinstance(q, BadRow)]
    screened = iter(screen_many(index, [q.mapping for q in good], options))
    names = [_name(raw, columns) for _, raw in rows]
    out = []
    for query, name in zip(queries, names, strict=True):
        if isinstance(query, BadRow):
            out.append({"row": query.row, "id": query.id or str(query.row), "name": name,
                        "error": query.error})  # fmt: skip
            out[-1]["results"] = []
            continue
        record: dict[str, Any] = {"row": query.row, "id": query.id, "name": name}
        record["results"] = [hit_record(index, h) for h in next(screened)]
        if query.warnings:
            record["warnings"] = query.warnings
        out.append(record)
    return out


def _name(raw: RawRow, columns: ColumnMap) -> str:
    """The screened name as the file gives it (cut at the longest name screened)."""
    value = raw.get(columns["name"]) if isinstance(raw, dict) else None
    return "" if value is None else str(value).strip()[:MAX_NAME_CHARS]


def chunks(rows: Iterable[tuple[int, RawRow]], size: int = CHUNK) -> Iterator[Chunk]:
    """Rows grouped in lists of `size`."""
    it = iter(rows)
    while chunk := list(islice(it, size)):
        yield chunk


Known = dict[tuple[Any, ...], dict[str, Any]]


class Dedupe:
    """Identical rows (same values in every screened column) are screened once: a
    customer file repeats people, a transfer file repeats beneficiaries. A repeat of a
    row still being screened (in a chunk not yet written) waits for that row's result;
    results are kept for the last `size` distinct rows."""

    def __init__(self, columns: ColumnMap, size: int = DEDUPE_SIZE) -> None:
        self.fields = [columns[f] for f in FIELDS if f != "id"]
        self.id_column = columns["id"]
        self.size = size
        self.seen: Known = {}
        self.pending: set[tuple[Any, ...]] = set()  # first met in a chunk not merged yet
        self.keys: dict[int, tuple[Any, ...] | None] = {}  # of the rows split, not merged

    def _key(self, raw: RawRow) -> tuple[Any, ...] | None:
        if not isinstance(raw, dict):
            return None
        return tuple([str(raw.get(f) or "") for f in self.fields])

    def split(self, chunk: Chunk) -> tuple[Chunk, Known]:
        """The rows of a chunk to screen (first of their kind), and the known results the
        repeats of earlier rows reuse (the others are known when the chunk is merged)."""
        todo: Chunk = []
        known: Known = {}
        for number, raw in chunk:
            key = self._key(raw)
            self.keys[number] = key
            if key is None:
                todo.append((number, raw))
            elif key in self.seen:
                known[key] = self.seen[key]
            elif key not in self.pending:
                self.pending.add(key)
                todo.append((number, raw))
        return todo, known

    def merge(self, chunk: Chunk, known: Known, screened: list[Any]) -> list[dict[str, Any]]:
        """One record per row of the chunk, repeats filled from known results. Chunks are
        merged in input order, so the first of a kind is always merged before its repeats."""
        by_row = {rec["row"]: rec for rec in screened}
        out = []
        for number, raw in chunk:
            key = self.keys.pop(number)
            record = by_row.get(number)
            if record is not None:
                if key is not None:
                    self.pending.discard(key)
                    self._remember(key, record)
            else:
                assert key is not None  # only keyed rows are ever left out of `todo`
                first = known.get(key) or self.seen[key]
                record = {**first, "row": number, "id": self._row_id(number, raw)}
            out.append(record)
        return out

    def _row_id(self, number: int, raw: RawRow) -> str:
        value = raw.get(self.id_column) if isinstance(raw, dict) else None
        return str(value).strip()[:MAX_FIELD_CHARS] if value not in (None, "") else str(number)

    def _remember(self, key: tuple[Any, ...], record: dict[str, Any]) -> None:
        if len(self.seen) >= self.size:
            self.seen.pop(next(iter(self.seen)))
        self.seen[key] = record


def pipeline(
    rows: Iterable[tuple[int, RawRow]],
    submit: Callable[[Chunk], Any],
    in_flight: int,
    columns: ColumnMap,
    size: int = CHUNK,
) -> Iterator[list[dict[str, Any]]]:
    """Output records chunk by chunk (of `size` rows), in input order: each chunk's new
    rows are submitted (`submit` returns something with ``.result()``), at most
    `in_flight` at a time."""
    # a result must outlive the chunks in flight after it: their repeats read it at merge
    dedupe = Dedupe(columns, size=max(DEDUPE_SIZE, 2 * in_flight * size))
    pending: deque[tuple[Chunk, Known, Any]] = deque()
    for chunk in chunks(rows, size):
        todo, known = dedupe.split(chunk)
        pending.append((chunk, known, submit(todo)))
        while len(pending) >= in_flight:
            done, known, job = pending.popleft()
            yield dedupe.merge(done, known, job.result())
    while pending:
        done, known, job = pending.popleft()
        yield dedupe.merge(done, known, job.result())


class _Done:
    """A result computed at once (the single-process engine)."""

    def __init__(self, value: list[dict[str, Any]]) -> None:
        self.value = value

    def result(self) -> list[dict[str, Any]]:
        return self.value


class _Pooled:
    """A chunk screened by a worker process."""

    def __init__(self, job: Any) -> None:
        self.job = job

    def result(self) -> list[dict[str, Any]]:
        records: list[dict[str, Any]] = self.job.get()
        return records


def run_batch(
    index: ScreeningIndex,
    source: Path,
    output: Path,
    columns: ColumnMap,
    options: ScreenOptions,
    workers: int = 1,
    progress: Progress | None = None,
    also: tuple[Path, ...] = (),
) -> Summary:
    """Screen every row of `source` into `output` (and the `also` files, each in the
    form its extension says) using `workers` processes."""
    results = _local_results(index, read_rows(source), columns, options, workers)
    return write_results(results, output, progress, also)


def write_results(
    results: Iterable[list[dict[str, Any]]],
    output: Path,
    progress: Progress | None = None,
    also: tuple[Path, ...] = (),
) -> Summary:
    """Write batches of output records to `output` (and `also`) as they come, counting
    them; on any failure (or a `progress` that raises to cancel) nothing is left."""
    started = time.perf_counter()
    summary = Summary()
    writers = [open_writer(path) for path in (output, *also)]
    try:
        for records in results:
            for writer in writers:
                writer.write(records)
            summary.add(records)
            if progress:
                progress(len(records))
        for writer in writers:
            writer.close()
    except BaseException:
        for writer in writers:
            writer.discard()  # no partial result is left behind
        raise
    summary.seconds = time.perf_counter() - started
    return summary


def screen_results(
    index: ScreeningIndex,
    rows: Iterable[tuple[int, RawRow]],
    columns: ColumnMap,
    options: ScreenOptions,
    workers: int = 1,
) -> Iterator[list[dict[str, Any]]]:
    """Output records chunk by chunk, in input order, on `workers` processes: what
    :func:`run_batch` writes, for a caller that does more with them (a sweep)."""
    return _local_results(index, rows, columns, options, workers)


def _local_results(
    index: ScreeningIndex,
    rows: Iterable[tuple[int, RawRow]],
    columns: ColumnMap,
    options: ScreenOptions,
    workers: int,
) -> Iterator[list[dict[str, Any]]]:
    if workers <= 1:
        yield from pipeline(
            rows, lambda c: _Done(screen_rows(index, c, columns, options)), 1, columns
        )
        return
    global _WORKER_STATE
    index.warm()  # once here, not in every worker: about 0.5 s for the shared lists
    _WORKER_STATE = (index, columns, options)  # inherited by the forked workers
    ctx = multiprocessing.get_context("fork")
    try:
        with ctx.Pool(workers, steady_collection, (BATCH_YOUNG_OBJECTS,)) as pool:

            def submit(chunk: Chunk) -> _Pooled:
                return _Pooled(pool.apply_async(_worker_screen, (chunk,)))

            yield from pipeline(rows, submit, workers * 4, columns)
    finally:
        _WORKER_STATE = None


_WORKER_STATE: tuple[ScreeningIndex, ColumnMap, ScreenOptions] | None = None


def _worker_screen(chunk: Chunk) -> list[dict[str, Any]]:
    assert _WORKER_STATE is not None, "worker started without an index"
    index, columns, options = _WORKER_STATE
    return screen_rows(index, chunk, columns, options)
