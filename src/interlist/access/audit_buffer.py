"""A buffered audit writer for busy HTTP endpoints: entries are chained in batches.

A `/match` request should not wait for its own audit transaction. Requests
:meth:`AuditBuffer.add` their entry (stamped with the time it was made) and
return; a background thread appends what has gathered every `interval`
seconds in one transaction, in order, through the same :func:`append` that
chains every entry. :meth:`close` (at shutdown) writes what is left. An entry
is lost only if the process dies within `interval` of making it.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from sqlalchemy import Engine

from interlist.access.audit import Pending, append_many, now_text

log = logging.getLogger(__name__)

MAX_BACKOFF = 5.0  # seconds between retries while the database refuses the entries


class AuditBuffer:
    """Gathers audit entries and appends them in batches from a background thread."""

    def __init__(self, engine: Engine, interval: float = 0.05) -> None:
        self.engine = engine
        self.interval = interval
        self._pending: list[Pending] = []
        self._lock = threading.Lock()  # guards _pending
        self._writing = threading.Lock()  # one batch written at a time, in order
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="audit-buffer", daemon=True)
        self._thread.start()

    def add(self, actor: str, agency: str, action: str, detail: dict[str, Any],
            result_count: int | None = None) -> None:  # fmt: skip
        """Queue an entry (returns at once)."""
        with self._lock:
            self._pending.append((actor, agency, action, detail, result_count, now_text()))

    def flush(self) -> int:
        """Append every queued entry now, in order; returns how many. Waits for a write
        the background thread has started, so that everything queued before the call is
        stored when it returns. A batch that cannot be written is queued again."""
        with self._writing:
            with self._lock:
                batch, self._pending = self._pending, []
            if not batch:
                return 0
            try:
                with self.engine.begin() as conn:
                    append_many(conn, batch)
            except Exception:
                with self._lock:
                    self._pending[:0] = batch
                raise
            return len(batch)

    def _loop(self) -> None:
        """Flush every `interval`; after a failed write wait longer each time (up to
        MAX_BACKOFF seconds), logging the first failure of a streak in full."""
        wait, failures = self.interval, 0
        while not self._stop.wait(wait):
            try:
                self.flush()
            except Exception:  # keep the thread alive; the batch was queued again
                failures += 1
                if failures == 1:
                    log.exception("audit buffer: cannot write entries; retrying")
                wait = min(MAX_BACKOFF, self.interval * 2**failures)
            else:
                if failures:
                    log.warning("audit buffer: entries written after %d failures", failures)
                wait, failures = self.interval, 0

    def close(self) -> None:
        """Stop the thread and write what is left."""
        self._stop.set()
        self._thread.join(timeout=5)
        self.flush()
