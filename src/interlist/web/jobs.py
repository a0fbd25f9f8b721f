"""Batch screening jobs started from the web page: a thread per upload, progress in memory.

The uploaded file is inspected as `interlist screen` inspects it (encoding,
delimiter, limits: what cannot be read is refused at once), then screened by
the same batch function (one worker, so that the server keeps answering) into a
CSV file and an Excel workbook kept beside the database; the page polls for
progress and offers both for download. A job that fails says why (the reason
in the user's language), a running job can be cancelled, and either way the
audit log records it. Only the user who started a job can see it. Jobs live as
long as the process.
"""

from __future__ import annotations

import csv
import logging
import shutil
import threading
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from interlist.access import audit
from interlist.access.users import User
from interlist.cooperation.collections import Scope
from interlist.errors import InputFileError, InterlistError
from interlist.screening.batch import run_batch
from interlist.screening.index import ScreeningIndex
from interlist.screening.inputs import InputInfo
from interlist.screening.readers import inspect_input
from interlist.screening.records import column_map
from interlist.screening.screen import ScreenOptions

SUFFIXES = (".csv", ".xlsx", ".jsonl")
PREVIEW = 100  # rows with a hit or an error shown in the panel's table
PREVIEW_COLUMNS = ("row", "id", "name", "decision", "top_score", "listed_name", "lists",
                   "top_entity_id", "error")  # fmt: skip
KEEP = 200  # jobs remembered per process; the oldest finished ones are forgotten first

log = logging.getLogger(__name__)


@dataclass
class Job:
    id: str
    user: str
    file_name: str
    total: int
    folder: Path
    done: int = 0
    status: str = "running"  # running / finished / failed / cancelled
    error: str = ""
    summary: dict[str, Any] = field(default_factory=dict)
    info: InputInfo | None = None  # what was detected: encoding, delimiter
    problem: InputFileError | None = None  # why the file could not be read
    stop: threading.Event = field(default_factory=threading.Event)
    table: list[dict[str, str]] = field(default_factory=list)  # the first rows of note

    @property
    def output(self) -> Path:
        return self.folder / "result.csv"

    @property
    def workbook(self) -> Path:
        return self.folder / "result.xlsx"

    @property
    def hits(self) -> Path:
        return self.folder / "result.hits.csv"

    def cancel(self) -> None:
        """Ask the running job to stop after the chunk it is screening."""
        self.stop.set()

    @property
    def percent(self) -> int:
        if self.status == "finished":
            return 100
        return min(99, int(100 * self.done / max(1, self.total)))


def remember(registry: dict[str, Job], job: Job) -> None:
    """Add a job, forgetting the oldest finished jobs (and their files) beyond KEEP."""
    registry[job.id] = job
    finished = [j for j in registry.values() if j.status != "running"]
    for old in finished[: max(0, len(registry) - KEEP)]:
        del registry[old.id]
        shutil.rmtree(old.folder, ignore_errors=True)


def count_rows(data: bytes, suffix: str) -> int:
    """Rows of data for the progress bar (lines without the header for text files)."""
    if suffix == ".xlsx":
        return 0
    lines = data.count(b"\n") + (0 if data.endswith(b"\n") else 1)
    return max(0, lines - (1 if suffix == ".csv" else 0))


def preview(result: Path, limit: int = PREVIEW) -> list[dict[str, str]]:
    """The first `limit` rows of a result CSV with a hit or an error, for the panel's table."""
    shown: list[dict[str, str]] = []
    with open(result, encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(fh):
            if row["hits"] != "0" or row["error"]:
                shown.append({k: row[k] for k in PREVIEW_COLUMNS})
                if len(shown) >= limit:
                    break
    return shown


class Cancelled(Exception):
    """The user cancelled the job."""


def start(engine: Engine, index: ScreeningIndex, user: User, file_name: str, data: bytes,
          home: Path, hidden: frozenset[str], scope: Scope | None = None) -> Job:  # fmt: skip
    """Save the upload, inspect it (an :class:`InputFileError` if it cannot be read: the
    upload is then forgotten) and screen it in a background thread."""
    suffix = Path(file_name).suffix.lower()
    job = Job(uuid.uuid4().hex, user.name, Path(file_name).name[:200],
              count_rows(data, suffix), home / "web-batches" / uuid.uuid4().hex)  # fmt: skip
    job.folder.mkdir(parents=True, exist_ok=True)
    source = job.folder / f"input{suffix}"
    source.write_bytes(data)
    try:
        job.info = inspect_input(source)
    except InputFileError as exc:
        shutil.rmtree(job.folder, ignore_errors=True)
        exc.file_name = job.file_name  # the user's name for it, not the saved copy's
        raise
    scope = scope or Scope()
    options = ScreenOptions(exclude_datasets=tuple(sorted(hidden)), include_datasets=scope.sources,
                            include_entities=scope.entities)  # fmt: skip
    args = (engine, index, user, job, source, options)
    threading.Thread(target=_run, args=args, daemon=True).start()
    return job


def _run(engine: Engine, index: ScreeningIndex, user: User, job: Job, source: Path,
         options: ScreenOptions) -> None:  # fmt: skip
    def progress(rows: int) -> None:
        job.done += rows
        if job.stop.is_set():
            raise Cancelled

    status, error = "finished", ""
    try:
        summary = run_batch(index, source, job.output, column_map(), options, 1, progress,
                            also=(job.workbook, job.hits))  # fmt: skip
        job.summary = {"rows": summary.rows, "bad": summary.bad, "with_hits": summary.with_hits,
                       "with_matches": summary.with_matches,
                       "rows_per_second": round(summary.rows_per_second)}  # fmt: skip
        job.total = summary.rows
        job.table = preview(job.output)
    except Cancelled:
        status, error = "cancelled", f"cancelled after {job.done:,} rows"
    except InputFileError as exc:
        exc.file_name = job.file_name
        status, error, job.problem = "failed", str(exc).replace(str(source), job.file_name), exc
    except InterlistError as exc:
        status, error = "failed", str(exc)
    except Exception as exc:  # a job must end, whatever went wrong: never "running" forever
        log.exception("batch %s failed", job.id)
        status, error = "failed", f"unexpected error ({type(exc).__name__}); see the server log"
    source.unlink(missing_ok=True)
    detail = {"file": job.file_name, "status": status, **job.summary}
    if error:
        detail["error"] = error[:500]
    try:  # the audit entry is written before the job shows as done
        audit.record(engine, user.name, user.agency, "screen_batch", detail,
                     job.summary.get("with_hits"))  # fmt: skip
    except Exception as exc:  # a screening nobody can trace is not handed out
        log.exception("batch %s: audit entry not written", job.id)
        status, error = "failed", f"the audit entry could not be written ({exc})"
    job.error, job.status = error, status
