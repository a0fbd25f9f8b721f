"""Crash harness: each write path killed with SIGKILL at random moments, on SQLite or
PostgreSQL; the databank must be exactly as before or as after the interrupted operation.

    .venv/bin/python benchmarks/crash.py [--points 20] [--db sqlite|POSTGRES_URL]
        [--path ingest --path xref ...]

For each write path (an `interlist` command, run as a user runs it) the harness prepares
a databank, runs the command once to completion to learn how long it takes and what it
leaves (the row count of every table), then, `--points` times, starts it again on a fresh
copy of the prepared databank and kills its process group at a random moment between
the end of its start-up (imports, connection: what `interlist sources` takes) and its
end. After each kill:

- `interlist check` finds nothing wrong (versions complete, statements, listings,
  clusters, lifecycle records consistent with their events, the audit chain intact);
- every table holds exactly the rows it held before the command, or exactly those it
  held after the complete run: nothing half-written;
- when it was as before, the command, run again, completes, and leaves the databank as
  the complete run did.

The paths: ``ingest`` (a national list's next version, which also lapses recognitions
and screens monitored subjects), ``xref`` (duplicates merged: judgements and clusters),
``judgements`` (judgements imported), ``recognition`` (a lifecycle: a request per
designation to two states, each with its event and audit entry), ``monitor``
(subjects registered and screened: alerts opened), ``freezes`` (a file of freezes
recorded, each a lifecycle record) and ``alerts`` (open alerts cleared in bulk, each a
lifecycle transition). `make stress` runs 20 points per path
on both databases; the test suite runs a few (tests/maintenance/test_crash.py).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "src")]

from sqlalchemy import Engine, create_engine, func, select, text  # noqa: E402

from interlist.databank import ingest  # noqa: E402
from interlist.maintenance.check import check  # noqa: E402
from interlist.settings import normalize_db_url  # noqa: E402
from interlist.store import open_engine  # noqa: E402
from interlist.store.schema import complete_metadata  # noqa: E402
from tests.alerts.population import innocents, otherwise  # noqa: E402
from tests.cooperation.kit import setup_states  # noqa: E402

DATA = ROOT / "../shared/data"
HEADER = "record_id,type,name,birth_date,nationality,legal_basis,listed_on,topics"
PEOPLE = 1500  # designations in the prepared national list


# --- databanks: a prepared one, and fresh copies of it -------------------------------


class Store:
    """Where the prepared databank and its copies live (SQLite files or PostgreSQL
    databases made from a template)."""

    def __init__(self, url: str, folder: Path) -> None:
        self.url, self.folder = url, folder
        self.sqlite = url == "sqlite"
        self.made: list[str] = []

    def new(self, name: str, template: str | None = None) -> str:
        """A new databank's URL: empty, or a copy of `template` (a URL from here)."""
        if self.sqlite:
            path = self.folder / f"{name}.sqlite"
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
            if template:
                shutil.copyfile(template.split("///", 1)[1], path)
            return f"sqlite:///{path}"
        database = f"crash_{name}_{uuid.uuid4().hex[:8]}"
        with self._admin() as conn:
            source = f' TEMPLATE "{template.rsplit("/", 1)[1]}"' if template else ""
            conn.execute(text(f'CREATE DATABASE "{database}"{source}'))
        self.made.append(database)
        return normalize_db_url(self.url).rsplit("/", 1)[0] + f"/{database}"

    def drop_all(self) -> None:
        if self.sqlite:
            return
        with self._admin() as conn:
            for database in self.made:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))

    @contextmanager
    def _admin(self) -> Iterator[object]:
        engine = create_engine(normalize_db_url(self.url), isolation_level="AUTOCOMMIT")
        try:
            with engine.connect() as conn:
                yield conn
        finally:
            engine.dispose()


# --- the write paths -------------------------------------------------------------------


@dataclass
class WritePath:
    """A command that writes, and how to prepare the databank it runs on."""

    name: str
    prepare: Callable[[Engine, Path], None]
    command: Callable[[Path], list[str]]
    files: dict[str, str] = field(default_factory=dict)


def _people(count: int, seed: int) -> list[dict[str, str]]:
    rows = list(innocents(DATA, count, seed))
    return [{**row, "id": f"P-{n:05d}"} for n, row in enumerate(rows)]


def _national(path: Path, people: list[dict[str, str]], published: str, source: str = "kz_fiu",
              country: str = "kz") -> Path:  # fmt: skip
    lines = [f"#source={source}", f"#title=Fictional national list of {country}",
             f"#publisher=FIU of {country}", f"#country={country}", f"#date={published}",
             HEADER]  # fmt: skip
    for p in people:
        name = p["name"].replace(",", " ")
        lines.append(f"{p['id']},person,{name},{p['birth_date']},{country},Law art. 12,"
                     "2025-01-01,crime.terror")  # fmt: skip
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _listed(engine: Engine, folder: Path) -> None:
    setup_states(engine)
    ingest(engine, [_national(folder / "kz_v1.csv", _people(PEOPLE, 1), "2026-01-10")])


def _prepare_ingest(engine: Engine, folder: Path) -> None:
    _listed(engine, folder)
    people = _people(PEOPLE, 1)
    kept, added = people[PEOPLE // 20 :], _people(PEOPLE // 5, 2)  # 5% delisted
    added = [{**p, "id": f"N-{p['id']}"} for p in added]
    for p in kept[: PEOPLE // 5]:
        p["birth_date"] = "1961-06-01"  # a changed fact
    _national(folder / "kz_v2.csv", kept + added, "2026-02-10")


def _prepare_xref(engine: Engine, folder: Path) -> None:
    _listed(engine, folder)
    twins = [{**p, "name": p["name"].upper()} for p in _people(PEOPLE // 3, 1)]
    ingest(engine, [_national(folder / "uz_v1.csv", twins, "2026-01-11", "uz_fiu", "uz")])


def _prepare_judgements(engine: Engine, folder: Path) -> None:
    _listed(engine, folder)
    lines = []
    for n in range(0, PEOPLE - 1, 2):
        left, right = f"kz-fiu-P-{n:05d}", f"kz-fiu-P-{n + 1:05d}"
        lines.append(json.dumps({"left": left, "right": right, "judgement": "positive",
                                 "origin": "analyst", "user": "ana",
                                 "created_at": "2026-03-01T10:00:00+00:00"}))  # fmt: skip
    (folder / "judgements.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _prepare_monitor(engine: Engine, folder: Path) -> None:
    _listed(engine, folder)
    rows = ["id,name,schema,birth_date,nationality"]
    for n, p in enumerate(_people(PEOPLE, 3)):
        rows.append(f"C-{n},{p['name'].replace(',', ' ')},Person,{p['birth_date']},kz")
    for n, p in enumerate(_people(PEOPLE, 1)[:50]):  # listed people spelled otherwise
        rows.append(f"L-{n},{otherwise(p['name'])},Person,{p['birth_date']},kz")
    (folder / "subjects.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")


def _prepare_freezes(engine: Engine, folder: Path) -> None:
    _listed(engine, folder)
    rows = ["entity_id,institution,asset_type,amount,currency,frozen_on,basis_kind,basis_ref"]
    for n in range(PEOPLE):
        rows.append(f"kz-fiu-P-{n:05d},Fictional Bank {n % 7},bank_account,{1000 + n}.50,KZT,"
                    "2026-03-01,listing,kz_fiu")  # fmt: skip
    (folder / "freezes.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")


def _prepare_alerts(engine: Engine, folder: Path) -> None:
    """Subjects registered and screened (as `monitor add` leaves them), alerts open."""
    _prepare_monitor(engine, folder)
    engine.dispose()
    run(str(engine.url.render_as_string(hide_password=False)), _monitor_args(folder))
    with engine.connect() as conn:
        ids = conn.scalars(text("SELECT id FROM lc_record WHERE kind = 'alert' ORDER BY id"))
        (folder / "alerts.txt").write_text(" ".join(str(i) for i in ids), encoding="utf-8")


def _ingest_args(folder: Path) -> list[str]:
    return ["ingest", str(folder / "kz_v2.csv")]


def _xref_args(folder: Path) -> list[str]:
    return ["xref"]


def _judgements_args(folder: Path) -> list[str]:
    return ["judgements", "import", str(folder / "judgements.jsonl")]


def _recognition_args(folder: Path) -> list[str]:
    return ["recognition", "request", "kz_fiu", "--to", "uz", "--to", "kg", "--user",
            "kz-analyst", "--legal-basis", "Law art. 12",
            "--reasons", "Financed a group"]  # fmt: skip


def _monitor_args(folder: Path) -> list[str]:
    return ["monitor", "add", str(folder / "subjects.csv"), "--agency", "kz-fiu", "--user",
            "kz-analyst"]  # fmt: skip


def _freezes_args(folder: Path) -> list[str]:
    return ["freezes", "add", str(folder / "freezes.csv"), "--user", "kz-analyst"]


def _alerts_args(folder: Path) -> list[str]:
    ids = (folder / "alerts.txt").read_text(encoding="utf-8").split()
    return ["alerts", "clear", *ids, "--reason", "different_person", "--user", "kz-analyst"]


PATHS = {
    p.name: p
    for p in (
        WritePath("ingest", _prepare_ingest, _ingest_args),
        WritePath("xref", _prepare_xref, _xref_args),
        WritePath("judgements", _prepare_judgements, _judgements_args),
        WritePath("recognition", _listed, _recognition_args),
        WritePath("monitor", _prepare_monitor, _monitor_args),
        WritePath("freezes", _prepare_freezes, _freezes_args),
        WritePath("alerts", _prepare_alerts, _alerts_args),
    )
}


# --- running, killing and judging ----------------------------------------------------------


def counts(url: str) -> dict[str, int]:
    """Rows per table."""
    engine = open_engine(url, migrate=False)
    try:
        with engine.connect() as conn:
            return {
                name: int(conn.scalar(select(func.count()).select_from(table)) or 0)
                for name, table in sorted(complete_metadata().tables.items())
            }
    finally:
        engine.dispose()


def run(url: str, args: list[str], kill_after: float | None = None) -> tuple[int, float]:
    """Run `interlist ARGS` on the databank at `url`; kill its process group with
    SIGKILL after `kill_after` seconds if given. Returns its exit status and duration."""
    env = {**os.environ, "INTERLIST_DB": url, "COLUMNS": "200", "NO_COLOR": "1"}
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), env.get("PYTHONPATH", "")])
    code = "from interlist.cli import main; main()"
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", code, *args], env=env, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)  # fmt: skip
    try:
        proc.wait(timeout=kill_after if kill_after is not None else 900)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    finally:
        _end_group(proc.pid)
    if kill_after is None and proc.returncode != 0:
        stderr = proc.stderr.read().decode() if proc.stderr else ""
        raise SystemExit(f"interlist {' '.join(args)} failed: {stderr[-2000:]}")
    if proc.stderr:
        proc.stderr.close()
    return proc.returncode, time.perf_counter() - started


def _end_group(pgid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pgid, signal.SIGKILL)  # workers the command started, if any are left


@dataclass
class Trial:
    """One killed run: when it was killed, what the databank held, what was wrong."""

    at: float
    outcome: str  # "before", "after" or "PARTIAL"
    problems: list[str]


def trial(store: Store, path: WritePath, folder: Path, prepared: str, window: tuple[float, float],
          before: dict[str, int], after: dict[str, int], rng: random.Random) -> Trial:  # fmt: skip
    startup, duration = window
    url = store.new(f"{path.name}_trial", prepared)
    at = rng.uniform(startup, duration)
    code, _ = run(url, path.command(folder), kill_after=at)
    found = counts(url)
    outcome = "before" if found == before else "after" if found == after else "PARTIAL"
    problems = [] if outcome != "PARTIAL" else [_difference(found, before, after)]
    problems += _wrong(url)
    if outcome == "before":  # the next run completes (after a whole one there is none)
        run(url, path.command(folder))
        again = counts(url)
        if _without_audit(again) != _without_audit(after):
            problems.append(f"after the next run: {_difference(again, after, after)}")
        problems += _wrong(url)
    if code == 0 and outcome == "before":
        problems.append("the command finished but the databank is as before")
    return Trial(at, outcome, problems)


def _wrong(url: str) -> list[str]:
    engine = open_engine(url, migrate=False)
    try:
        return [f"{f.name}: {p}" for f in check(engine) for p in f.problems]
    finally:
        engine.dispose()


def _without_audit(found: dict[str, int]) -> dict[str, int]:
    return {k: v for k, v in found.items() if not k.startswith("audit")}


def _difference(found: dict[str, int], before: dict[str, int], after: dict[str, int]) -> str:
    odd = [f"{k}={found[k]} (before {before[k]}, after {after[k]})"
           for k in found if found[k] not in (before[k], after[k])]  # fmt: skip
    mixed = [k for k in found if found[k] != before[k]]
    return "; ".join(odd) or f"some tables as after, others as before: {', '.join(mixed)}"


@dataclass
class PathResult:
    name: str
    duration: float
    trials: list[Trial]

    @property
    def failed(self) -> list[Trial]:
        return [t for t in self.trials if t.problems]


def crash_path(store: Store, path: WritePath, points: int, seed: int = 24) -> PathResult:
    """Prepare, run once whole, then `points` killed runs of one write path."""
    folder = store.folder / path.name
    folder.mkdir(parents=True, exist_ok=True)
    prepared = store.new(f"{path.name}_prepared")
    engine = open_engine(prepared)
    try:
        path.prepare(engine, folder)
    finally:
        engine.dispose()
    before = counts(prepared)
    whole = store.new(f"{path.name}_whole", prepared)
    _, startup = run(whole, ["sources", "--json"])  # start-up: imports, connection
    _, duration = run(whole, path.command(folder))
    after = counts(whole)
    if after == before:
        raise SystemExit(f"{path.name}: the command wrote nothing; nothing to test")
    rng = random.Random(seed)
    window = (min(startup, duration) * 0.8, duration)
    trials = [trial(store, path, folder, prepared, window, before, after, rng)
              for _ in range(points)]  # fmt: skip
    return PathResult(path.name, duration, trials)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--points", type=int, default=20, help="killed runs per write path")
    parser.add_argument("--db", default="sqlite", help="sqlite, or a PostgreSQL URL")
    parser.add_argument("--path", action="append", choices=sorted(PATHS), help="(repeatable)")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="interlist-crash-"))
    store = Store(args.db, folder)
    failed = 0
    print(f"database: {'SQLite' if store.sqlite else 'PostgreSQL'}; {args.points} kills per path")
    print(f"{'write path':12} {'run (s)':>8} {'kills':>6} {'before':>7} {'after':>6} "
          f"{'partial':>8} {'wrong':>6}  target: 0 partial, 0 wrong")  # fmt: skip
    try:
        for name in args.path or list(PATHS):
            result = crash_path(store, PATHS[name], args.points)
            outcomes = [t.outcome for t in result.trials]
            print(f"{name:12} {result.duration:8.2f} {len(outcomes):6} "
                  f"{outcomes.count('before'):7} {outcomes.count('after'):6} "
                  f"{outcomes.count('PARTIAL'):8} {len(result.failed):6}", flush=True)  # fmt: skip
            for bad in result.failed:
                print(f"   killed at {bad.at:.2f} s: {'; '.join(bad.problems)}")
            failed += len(result.failed)
    finally:
        store.drop_all()
        shutil.rmtree(folder, ignore_errors=True)
    print("verdict:", "ok" if not failed else f"{failed} killed runs left the databank wrong")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
