"""The soak's view from inside the server (benchmarks/soak.py): `interlist serve` run as
it is, with its application wrapped in a probe.

    python -c "from benchmarks.soak_probe import main; main()" serve --port 8000

The probe is a pure ASGI middleware around the application `interlist serve` makes. It
counts every answer by endpoint and status, with its duration (so that an error the load
generator only counts is named: a 5xx, a 429, or an answer slower than the client's
timeout), and answers ``GET /_soak/probe`` with those counts and the process's memory:
resident size, what the C allocator holds in use and free (``mallinfo2``: live objects
against fragmentation), the garbage collector's tracked and frozen objects, and the sizes
of the matcher's and the index's caches. With ``SOAK_TRACEMALLOC=1`` it also traces
Python's allocations (slow: for diagnosis, not for the timed run).
"""

from __future__ import annotations

import bisect
import ctypes
import gc
import os
import sys
import tempfile
import threading
import time
import tracemalloc
from collections import Counter
from collections.abc import Awaitable, Callable, MutableMapping
from pathlib import Path
from typing import Any

import orjson

ROOT = Path(__file__).resolve().parents[1]
PROBE_PATH = "/_soak/probe"
# Bounds of the duration buckets, in seconds (the last bucket: slower than 30 s, the
# load generator's timeout).
BOUNDS = (0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0, 20.0, 30.0)
ENDPOINTS = (
    ("/match/", "match"),
    ("/search/", "search"),
    ("/entities/", "entities"),
    ("/catalog", "catalog"),
    ("/web/entity/", "web profile"),
    ("/web/", "web search"),
)

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


def endpoint(path: str) -> str:
    """The soak's name for the endpoint a path belongs to ("other" for the rest)."""
    return next((name for prefix, name in ENDPOINTS if path.startswith(prefix)), "other")


class Tally:
    """Answers by endpoint and status, and their durations by bucket (thread-safe)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.statuses: Counter[tuple[str, str]] = Counter()
        self.buckets: dict[str, list[int]] = {}
        self.slowest: dict[str, float] = {}

    def add(self, name: str, status: str, seconds: float) -> None:
        with self.lock:
            self.statuses[name, status] += 1
            counts = self.buckets.setdefault(name, [0] * (len(BOUNDS) + 1))
            counts[bisect.bisect_left(BOUNDS, seconds)] += 1
            self.slowest[name] = max(self.slowest.get(name, 0.0), seconds)

    def snapshot(self) -> dict[str, Any]:
        with self.lock:
            return {
                "statuses": [[name, status, n] for (name, status), n in self.statuses.items()],
                "bounds": list(BOUNDS),
                "buckets": {name: list(counts) for name, counts in self.buckets.items()},
                "slowest": dict(self.slowest),
            }


class Probe:
    """ASGI middleware: tallies every HTTP answer; answers the probe path itself."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.tally = Tally()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if scope["path"] == PROBE_PATH:
            await _answer(send, orjson.dumps({**self.tally.snapshot(), **memory()}))
            return
        started = time.perf_counter()
        status = {"code": "none"}  # "none": no answer started (the client went away)

        async def watched(message: Message) -> None:
            if message["type"] == "http.response.start":
                status["code"] = str(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, watched)
        except BaseException:
            status["code"] = "exception"
            raise
        finally:
            name = endpoint(scope["path"])
            self.tally.add(name, status["code"], time.perf_counter() - started)


async def _answer(send: Send, body: bytes) -> None:
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": body})


MALLINFO2 = [
    "arena",
    "ordblks",
    "smblks",
    "hblks",
    "hblkhd",
    "usmblks",
    "fsmblks",
    "uordblks",
    "fordblks",
    "keepcost",
]


class _MallInfo2(ctypes.Structure):
    _fields_ = [(name, ctypes.c_size_t) for name in MALLINFO2]


def _libc() -> Any:
    try:
        return ctypes.CDLL("libc.so.6")
    except OSError:
        return None


LIBC = _libc()


def memory() -> dict[str, Any]:
    """The process's memory now, in KiB, and its caches' sizes."""
    found: dict[str, Any] = {"rss_kb": _rss_kb(), "time": time.time()}
    if LIBC is not None and hasattr(LIBC, "mallinfo2"):
        LIBC.mallinfo2.restype = _MallInfo2
        info = LIBC.mallinfo2()
        found["malloc_in_use_kb"] = (info.uordblks + info.hblkhd) // 1024
        found["malloc_free_kb"] = info.fordblks // 1024
        found["malloc_arena_kb"] = info.arena // 1024
    found["gc_tracked"] = len(gc.get_objects())
    found["gc_frozen"] = gc.get_freeze_count()
    found["gc_counts"] = list(gc.get_count())
    found["caches"] = cache_sizes()
    found["pymalloc"] = pymalloc_stats()
    index = _held_index()
    found["index_built_at"] = index.built_at if index is not None else None
    if tracemalloc.is_tracing():
        current, _ = tracemalloc.get_traced_memory()
        found["traced_kb"] = current // 1024
        top = tracemalloc.take_snapshot().statistics("lineno")[:15]
        found["traced_top"] = [[str(s.traceback[0]), s.size // 1024, s.count] for s in top]
    return found


PYMALLOC = {
    "# arenas allocated current": "arenas",
    "# bytes in allocated blocks": "allocated",
    "# bytes in available blocks": "available",
}


def pymalloc_stats() -> dict[str, int]:
    """Python's small-object allocator: its 1 MiB arenas in use, and the bytes of the
    blocks allocated and free in them (sys._debugmallocstats, written to stderr)."""
    with tempfile.TemporaryFile() as out:
        saved = os.dup(2)
        try:
            os.dup2(out.fileno(), 2)
            sys._debugmallocstats()
        finally:
            os.dup2(saved, 2)
            os.close(saved)
        out.seek(0)
        text = out.read().decode("utf-8", "replace")
    found = {}
    for line in text.splitlines():
        name, _, value = line.partition("=")
        if name.strip() in PYMALLOC:
            found[PYMALLOC[name.strip()]] = int(value.strip().replace(",", ""))
    return found


def _rss_kb() -> int:
    status = Path("/proc/self/status").read_text()
    return next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:"))


def cache_sizes() -> dict[str, int]:
    """Entries in the matcher's and the screening index's caches (those loaded)."""
    sizes: dict[str, int] = {}
    modules = sys.modules
    align = modules.get("interlist.matching.align")
    if align is not None:
        sizes["part similarities"] = align.remembered_similarities()
    names = modules.get("interlist.matching.names")
    if names is not None:
        sizes["part key ids"] = len(names._KEY_IDS)
    features = modules.get("interlist.matching.features")
    if features is not None:
        sizes["date years"] = len(features._YEARS)
    keys = modules.get("interlist.screening.keys")
    if keys is not None:
        sizes["part search keys"] = len(keys._SEARCH_KEYS)
        sizes["part spelling keys"] = len(keys._PART_KEYS)
    text = modules.get("interlist.matching.text")
    if text is not None:
        sizes["icu latin"] = text.icu_latin.cache_info().currsize
        sizes["syllable keys"] = text.syllable_key.cache_info().currsize
    index = _held_index()
    if index is not None:
        sizes["index profiles"] = len(index)
        sizes["index part slots"] = len(index._part_memo)
        sizes["index masks"] = len(index._masks)
    return sizes


_APP: list[Any] = []  # the application probed (for its index holder)


def _held_index() -> Any:
    holder = _APP[0].state.holder if _APP else None
    return holder._index if holder is not None else None


def probed_app() -> Probe:
    """The application `interlist serve` runs (`app_from_env`), inside the probe."""
    from interlist.api import app_from_env

    app = app_from_env()
    _APP[:] = [app]
    return Probe(app)


def main() -> None:
    """`interlist` with its arguments, its server's application probed."""
    if os.environ.get("SOAK_TRACEMALLOC") == "1":
        tracemalloc.start()
    sys.path[:0] = [str(ROOT), str(ROOT / "src")]
    from interlist import cli
    from interlist.cli import screening

    screening.APP_FACTORY = "benchmarks.soak_probe:probed_app"
    cli.main()
