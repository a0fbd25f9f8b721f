"""Soak: concurrent clients for minutes against a served databank, with a list ingest in
the middle; no error, p99 latency reported, memory stable.

    .venv/bin/python benchmarks/soak.py [--seconds 600] [--clients 32] [--warmup 60]
        [--db postgresql+psycopg://postgres@127.0.0.1:5432/soak]

Loads the shared lists and a fictional national list into a fresh SQLite databank (or
the PostgreSQL database `--db` names, emptied first),
starts `interlist serve` on loopback, and runs `wrk` (a compiled load generator, so that
the server is measured rather than the client; Debian's package `wrk`) with a mix of
`/match`, `/search`, `/entities`, `/catalog` and web pages (search, profile), each client
with an API token or a web session. Half-way, `interlist ingest` loads the national list's
next version while the clients keep going. Prints the requests, errors (connection
errors, timeouts, answers other than 2xx/3xx), latency percentiles, and the server's
resident memory after the warm-up and at the end, each beside its target. Results:
docs/reliability.md.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "src")]

from benchmarks.soak_probe import PROBE_PATH  # noqa: E402
from sqlalchemy import create_engine, make_url, select, text  # noqa: E402

from interlist.access import users  # noqa: E402
from interlist.databank import ingest  # noqa: E402
from interlist.screening.storage import ensure_index, index_path  # noqa: E402
from interlist.settings import Settings, normalize_db_url  # noqa: E402
from interlist.store import open_engine  # noqa: E402
from interlist.store import tables as t  # noqa: E402
from interlist.web import session  # noqa: E402

DATA = ROOT / "../shared/data"
HEADER = "record_id,type,name,birth_date,nationality,legal_basis,listed_on,topics"
CLI = [sys.executable, "-c", "from interlist.cli import main; main()"]
# `interlist serve`, its application wrapped in the probe that counts the answers by
# endpoint and status and reports the memory (benchmarks/soak_probe.py)
SERVER = [sys.executable, "-c", "from benchmarks.soak_probe import main; main()"]
TIMEOUT = 30  # seconds the client waits for an answer
DELISTED = 10  # designations of the national list its second version drops
MEMORY_GROWTH_MAX = 0.10  # RSS at the end within 10% of after the warm-up
LUA = """
local requests = {}
local n = 0
init = function(args)
  local f = io.open(args[1], "r")
  for line in f:lines() do
    table.insert(requests, line)
  end
  f:close()
end
request = function()
  n = n + 1
  local line = requests[(n % #requests) + 1]
  local method, path, body, kind = line:match("^(%S+) (%S+) (%S+) (%S+)$")
  local headers = {}
  if kind == "api" then
    headers["Authorization"] = "Bearer " .. os.getenv("SOAK_TOKEN")
  else
    headers["Cookie"] = "interlist_session=" .. os.getenv("SOAK_SESSION")
  end
  if body ~= "-" then
    headers["Content-Type"] = "application/json"
    body = body:gsub("%%20", " ")
    return wrk.format(method, path, headers, body)
  end
  return wrk.format(method, path, headers)
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "SOAK {\\"requests\\": %d, \\"connect\\": %d, \\"read\\": %d, \\"write\\": %d, " ..
    "\\"timeout\\": %d, \\"status\\": %d, \\"p50\\": %d, \\"p90\\": %d, \\"p99\\": %d, " ..
    "\\"max\\": %d}\\n",
    summary.requests, e.connect, e.read, e.write, e.timeout, e.status,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
"""


def report(name: str, value: str, target: str = "") -> None:
    print(f"{name:<44} {value:<20} {('target ' + target) if target else ''}", flush=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def national(folder: Path, version: int) -> Path:
    """A fictional national list; version 2 drops ten designations (DELISTED) and adds ten."""
    rows = []
    with open(DATA / "bench/negatives/negatives_us_1k.csv", encoding="utf-8") as fh:
        for n, row in enumerate(csv.DictReader(fh)):
            if (version == 1 and n >= 200) or (version == 2 and (n < DELISTED or n >= 210)):
                continue
            rows.append(f"S-{n},person,{row['full_name']},{row['date_of_birth']},kz,"
                        "Law art. 12,2025-01-01,crime.terror")  # fmt: skip
    head = ["#source=soak_fiu", "#title=Fictional national list", "#publisher=Soak FIU",
            "#country=kz", f"#date=2026-0{version}-01", HEADER]  # fmt: skip
    path = folder / f"soak_v{version}.csv"
    path.write_text("\n".join(head + rows) + "\n", encoding="utf-8")
    return path


def fresh_postgres(url: str) -> str:
    """The PostgreSQL database of `url` dropped and created again, empty."""
    target = make_url(normalize_db_url(url))
    name = target.database
    admin = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return target.render_as_string(hide_password=False)


def prepare(url: str, folder: Path) -> tuple[str, str, list[str]]:
    """The databank loaded; an API token, a web session and some entity ids."""
    engine = open_engine(url)
    ingest(engine, [DATA / "lists", national(folder, 1)])
    with engine.begin() as conn:
        users.add_user(conn, "soak-bot", "soak-bank", "api-client", "a password long enough")
        users.add_user(conn, "soak-analyst", "soak-fiu", "analyst", "a password long enough")
        token = users.new_token(conn, "soak-bot")
        # not those the next version of the national list delists half-way: /entities
        # rightly answers 404 for them once the index is swapped
        kept = t.entity.c.id.notin_([f"soak-fiu-S-{n}" for n in range(DELISTED)])
        ids = list(conn.scalars(select(t.entity.c.id).where(t.entity.c.target.is_(True), kept)
                                .order_by(t.entity.c.id).limit(300)))  # fmt: skip
        analyst = users.find_user(conn, "soak-analyst")
    assert analyst is not None
    sid, _ = session.create(engine, analyst, "en")
    engine.dispose()
    return token, sid, ids


def prepared(url: str, folder: Path, keep: Path | None) -> tuple[str, str, list[str]]:
    """:func:`prepare`, or with `keep` a copy of the databank (and its index) prepared
    there by an earlier run (its web session lasts 8 hours): for repeated short runs."""
    saved = keep / "prepared.json" if keep else None
    if keep is None or saved is None or not saved.exists():
        token, sid, ids = prepare(url, folder)
        if keep is not None and saved is not None:
            engine = open_engine(url)
            ensure_index(engine, index_path(Settings(database_url=url)))
            engine.dispose()
            shutil.copytree(folder, keep, dirs_exist_ok=True)
            saved.write_text(json.dumps([token, sid, ids]))
        return token, sid, ids
    shutil.copytree(keep, folder, dirs_exist_ok=True)
    token, sid, ids = json.loads(saved.read_text())
    return token, sid, ids


def request_mix(ids: list[str]) -> list[str]:
    """One line per request: METHOD PATH BODY KIND (BODY "-" when none)."""
    names = []
    with open(DATA / "bench/negatives/negatives_global_1k.csv", encoding="utf-8") as fh:
        names = [row["full_name"] for row in csv.DictReader(fh)][:300]
    lines = []
    for n, (name, entity) in enumerate(zip(names, ids, strict=False)):
        q = urllib.request.quote(name)
        body = json.dumps({"queries": {"q": {"schema": "Person", "properties": {"name": [name]}}}},
                          ensure_ascii=False).replace(" ", "%20")  # fmt: skip
        lines.append(f"POST /match/default {body} api")
        lines.append(f"GET /search/default?q={q} - api")
        lines.append(f"GET /entities/{entity} - api")
        lines.append(f"GET /web/?q={q} - web")
        lines.append(f"GET /web/entity/{entity} - web")
        if n % 10 == 0:
            lines.append("GET /catalog - api")
    return lines


def rss_kb(pid: int) -> int:
    """Resident memory of a process and its children, in KiB."""
    total = 0
    for proc in [pid, *_children(pid)]:
        try:
            status = Path(f"/proc/{proc}/status").read_text()
        except FileNotFoundError:
            continue
        total += next(int(line.split()[1]) for line in status.splitlines()
                      if line.startswith("VmRSS:"))  # fmt: skip
    return total


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        text = (task / "children").read_text() if (task / "children").exists() else ""
        for child in map(int, text.split()):
            found += [child, *_children(child)]
    return found


def wait_ready(port: int, seconds: float = 600) -> None:
    stop = time.monotonic() + seconds
    while time.monotonic() < stop:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=5) as answer:
                if answer.status == 200:
                    return
        except OSError:
            pass
        time.sleep(1)
    raise SystemExit("the server did not become ready")


def wrk(port: int, clients: int, seconds: float, script: Path, mix: Path,
        env: dict[str, str]) -> dict[str, int]:  # fmt: skip
    command = ["wrk", "-t", "2", "-c", str(clients), "-d", f"{int(seconds)}s",
               "--timeout", f"{TIMEOUT}s", "-s", str(script), f"http://127.0.0.1:{port}",
               "--", str(mix)]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=True)
    line = next(x for x in done.stdout.splitlines() if x.startswith("SOAK "))
    return dict(json.loads(line[5:]))


def probe(port: int) -> dict[str, Any]:
    """The server's counts and memory (benchmarks/soak_probe.py)."""
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{PROBE_PATH}", timeout=120) as answer:
        found: dict[str, Any] = json.loads(answer.read())
    return found


class Sampler:
    """The server's probe read every `every` seconds in a thread, and at named moments."""

    def __init__(self, port: int, every: float) -> None:
        self.port, self.every = port, every
        self.samples: list[tuple[str, dict[str, Any]]] = []
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.lock = threading.Lock()

    def take(self, moment: str) -> dict[str, Any]:
        found = probe(self.port)
        with self.lock:
            self.samples.append((moment, found))
        return found

    def _run(self) -> None:
        while not self.stop.wait(self.every):
            with contextlib.suppress(OSError):
                self.take("")

    def ordered(self) -> list[tuple[str, dict[str, Any]]]:
        with self.lock:
            return sorted(self.samples, key=lambda item: item[1]["time"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=600)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--warmup", type=float, default=60)
    parser.add_argument("--sample", type=float, default=60, help="seconds between memory samples")
    parser.add_argument("--keep", type=Path, help="a folder keeping the prepared databank")
    parser.add_argument("--ingest-at", type=float, help="seconds into the soak (default: half)")
    parser.add_argument("--db", help="a PostgreSQL URL, emptied first (default: a new SQLite file)")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed: apt-get install wrk")
    if args.db and args.keep:
        raise SystemExit("--keep keeps an SQLite databank only")
    folder = Path(tempfile.mkdtemp(prefix="interlist-soak-"))
    url = fresh_postgres(args.db) if args.db else f"sqlite:///{folder / 'soak.sqlite'}"
    token, sid, ids = prepared(url, folder, args.keep)
    mix, script = folder / "mix.txt", folder / "soak.lua"
    mix.write_text("\n".join(request_mix(ids)) + "\n", encoding="utf-8")
    script.write_text(LUA, encoding="utf-8")
    port = free_port()
    env = {**os.environ, "INTERLIST_DB": url, "INTERLIST_HOME": str(folder / "home"),
           "SOAK_TOKEN": token, "SOAK_SESSION": sid}  # fmt: skip
    log = ROOT / "var" / "soak-server.log"  # kept: what the errors were
    log.parent.mkdir(exist_ok=True)
    server = subprocess.Popen([*SERVER, "serve", "--host", "127.0.0.1", "--port", str(port)],
                              env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT,
                              start_new_session=True)  # fmt: skip
    sampler = Sampler(port, args.sample)
    try:
        wait_ready(port)
        sampler.take("ready")
        warm = wrk(port, args.clients, args.warmup, script, mix, env)
        after_warmup = sampler.take("after the warm-up")
        sampler.thread.start()
        ingested: dict[str, float] = {}
        ingest_at = args.seconds / 2 if args.ingest_at is None else args.ingest_at
        timer = threading.Timer(ingest_at, _ingest, (env, folder, ingested, sampler))
        timer.start()
        soak = wrk(port, args.clients, args.seconds, script, mix, env)
        timer.join()
        sampler.stop.set()
        at_end = sampler.take("at the end")
    finally:
        sampler.stop.set()
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=120)
    samples = sampler.ordered()
    (ROOT / "var" / "soak-samples.json").write_text(json.dumps(samples, indent=1))
    errors = sum(soak[k] for k in ("connect", "read", "write", "timeout", "status"))
    growth = (at_end["rss_kb"] - after_warmup["rss_kb"]) / after_warmup["rss_kb"]
    report("clients, seconds", f"{args.clients}, {args.seconds:.0f} s (+{args.warmup:.0f} warm-up)")
    report("warm-up requests", f"{warm['requests']:,}")
    report("requests", f"{soak['requests']:,} ({soak['requests'] / args.seconds:,.0f}/s)")
    kinds = ", ".join(f"{k} {soak[k]}" for k in ("connect", "read", "write", "timeout", "status"))
    report("errors (connection, timeout, non-2xx/3xx)", f"{errors} ({kinds})", "0")
    report_answers(after_warmup, at_end)
    report("server log", str(log))
    latencies = " / ".join(f"{soak[k] / 1000:.0f} ms" for k in ("p50", "p90", "p99", "max"))
    report("latency p50 / p90 / p99 / max", latencies)
    report("ingest during the soak", f"{ingested.get('seconds', float('nan')):.1f} s, "
           f"exit {ingested.get('code', -1):.0f}", "exit 0")  # fmt: skip
    report_memory(samples)
    report("server memory after warm-up / at end",
           f"{after_warmup['rss_kb'] / 1024:.0f} / {at_end['rss_kb'] / 1024:.0f} MiB "
           f"({growth:+.1%})", f"within {MEMORY_GROWTH_MAX:.0%}")  # fmt: skip
    shutil.rmtree(folder, ignore_errors=True)
    ok = errors == 0 and abs(growth) <= MEMORY_GROWTH_MAX and ingested.get("code") == 0
    print("verdict:", "ok" if ok else "FAILED")
    sys.exit(0 if ok else 1)


def report_answers(before: dict[str, Any], after: dict[str, Any]) -> None:
    """The server's answers during the soak by endpoint: statuses, and how many took
    longer than the client's timeout (counted by the probe, so an error is named)."""
    counts: Counter[tuple[str, str]] = Counter()
    for name, status, n in after["statuses"]:
        counts[name, status] += n
    for name, status, n in before["statuses"]:
        counts[name, status] -= n
    slow = {name: after["buckets"][name][-1] - before["buckets"].get(name, [0] * 99)[-1]
            for name in after["buckets"]}  # fmt: skip
    for name in sorted({name for name, _ in counts}):
        statuses = ", ".join(f"{status} {n:,}" for (each, status), n in sorted(counts.items())
                             if each == name and n)  # fmt: skip
        report(f"  answers: {name}", statuses, f"over {TIMEOUT} s: {slow.get(name, 0)}")


def report_memory(samples: list[tuple[str, dict[str, Any]]]) -> None:
    """The server's memory over time: resident, the C allocator's live and free bytes,
    Python's allocator's arenas, objects frozen by the collector, the largest caches."""
    start = samples[0][1]["time"]
    print(f"{'  at':<8} {'moment':<30} {'RSS':>7} {'in use':>7} {'free':>7} {'py':>7} "
          f"{'frozen':>9} caches (entries)")  # fmt: skip
    built = samples[0][1].get("index_built_at")
    for moment, found in samples:
        if found.get("index_built_at") != built:
            moment, built = moment or "new index swapped in", found.get("index_built_at")
        caches = ", ".join(f"{k} {v:,}" for k, v in found["caches"].items() if v >= 1000)
        mib = [found.get(k, 0) / 1024 for k in ("rss_kb", "malloc_in_use_kb", "malloc_free_kb")]
        mib.append(found.get("pymalloc", {}).get("arenas", 0))  # 1 MiB each
        sizes = " ".join(f"{m:5.0f} M" for m in mib)
        print(f"  {found['time'] - start:5.0f} s {moment:<30} {sizes} {found['gc_frozen']:>9,} "
              f"{caches}")  # fmt: skip


def _ingest(env: dict[str, str], folder: Path, result: dict[str, float], sampler: Sampler) -> None:
    sampler.take("before the ingest")
    started = time.perf_counter()
    done = subprocess.run([*CLI, "ingest", str(national(folder, 2))], env=env,
                          capture_output=True)  # fmt: skip
    result.update(seconds=time.perf_counter() - started, code=done.returncode)
    sampler.take("after the ingest")


if __name__ == "__main__":
    main()
