"""Monitoring benchmark: a list version changing 100 entities, re-screened against a
million monitored subjects, alerts written.

    .venv/bin/python benchmarks/monitoring.py [--subjects 1000000] [--changed 100]
        [--snapshot FILE]

Registers `--subjects` generated subjects (names, birth dates and nationalities of
../shared/data/bench/negatives recombined: people on no list) for one agency, plus one
planted subject per new designation (the designated person spelled otherwise, same
birth date). Loads a national list of 1,000 fictional designations, then a version
adding `--changed` more, and times that ingest: the list version loaded, every watched
subject screened against the changed entities, the alerts written (one transaction).
Every planted subject must alert. Prints each figure beside its target; results in
docs/monitoring.md. Registering a million subjects takes minutes: `--snapshot FILE` keeps
the SQLite database as it is once they are registered (the first run) and starts from it
(the next runs), so that the measured step can be repeated.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "src")]

from interlist.access import users  # noqa: E402
from interlist.alerts import decisions, subjects  # noqa: E402
from interlist.alerts.subjects import queries_of  # noqa: E402
from interlist.cooperation import add_state  # noqa: E402
from interlist.cooperation.states import place_agency  # noqa: E402
from interlist.databank import ingest  # noqa: E402
from interlist.lifecycle import SYSTEM  # noqa: E402
from interlist.store import open_engine  # noqa: E402
from tests.alerts.population import innocents, otherwise  # noqa: E402

DATA = ROOT / "../shared/data"
HEADER = "record_id,type,name,birth_date,nationality,legal_basis,listed_on,topics"
CHUNK = 20_000
TARGET_SECONDS = 60.0


def report(name: str, value: str, target: str = "") -> None:
    print(f"{name:<56} {value:<18} {('target ' + target) if target else ''}", flush=True)


def designations(count: int, seed: int) -> list[dict[str, str]]:
    """Fictional designations: negatives' names recombined, of another seed."""
    found = list(innocents(DATA, count, seed))
    return [{**row, "id": f"D-{n:05d}"} for n, row in enumerate(found)]


def national(folder: Path, people: list[dict[str, str]], published: str) -> Path:
    lines = ["#source=bench_fiu", "#title=Fictional national list", "#publisher=Bench FIU",
             "#country=kz", f"#date={published}", HEADER]  # fmt: skip
    for p in people:
        name = p["name"].replace(",", " ")
        lines.append(f"{p['id']},person,{name},{p['birth_date']},kz,Law art. 12,2025-01-01,")
    path = folder / f"bench_fiu_{published}.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def register_subjects(engine, rows: list[dict[str, str]]) -> float:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    for start in range(0, len(rows), CHUNK):
        good, bad = queries_of(enumerate(rows[start : start + CHUNK], start + 1))
        with engine.begin() as conn:
            subjects.register(conn, SYSTEM, "bench-fiu", good, None, bad)
        if start and start % (CHUNK * 10) == 0:
            print(f"  {start:,} subjects registered", flush=True)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--subjects", type=int, default=1_000_000)
    parser.add_argument("--changed", type=int, default=100)
    parser.add_argument("--snapshot", type=Path, help="SQLite file kept after registration")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="interlist-monitoring-"))
    db = folder / "bench.sqlite"
    listed = designations(1000 + args.changed, seed=2026)
    plants = [{"id": f"PLANT-{n:04d}", "name": otherwise(p["name"]), "birth_date": p["birth_date"]}
              for n, p in enumerate(listed[1000:])]  # fmt: skip
    if args.snapshot and args.snapshot.exists():
        shutil.copy(args.snapshot, db)
        engine = open_engine(f"sqlite:///{db}")
        report("subjects registered (from the snapshot)", str(args.snapshot))
    else:
        engine = open_engine(f"sqlite:///{db}")
        prepare(engine, folder, listed[:1000], plants, args.subjects)
        if args.snapshot:
            with engine.begin() as conn:
                conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            shutil.copy(db, args.snapshot)
    started = time.perf_counter()
    outcome = ingest(engine, [national(folder, listed, "2026-02-10")])
    seconds = time.perf_counter() - started
    changed = outcome[0].target_counts()["added"]  # type: ignore[union-attr]
    with engine.connect() as conn:
        found = decisions.search(conn, None, "open", agency="bench-fiu", limit=1_000_000)
    alerted = {a["subject_id"] for a in found}
    missed = [p["id"] for p in plants if p["id"] not in alerted]
    shutil.rmtree(folder, ignore_errors=True)
    report("entities changed by the list version", f"{changed}")
    report("ingest + re-screen of every subject + alerts", f"{seconds:.1f} s",
           f"<= {TARGET_SECONDS:.0f} s for 1,000,000 subjects")  # fmt: skip
    report("alerts opened", f"{len(found):,}")
    report("planted true matches alerting", f"{len(plants) - len(missed)} of {len(plants)}",
           "all")  # fmt: skip
    report("alerts on other subjects (namesakes of the new designations)",
           f"{len(alerted - {p['id'] for p in plants}):,}")  # fmt: skip
    if missed:
        print("missed:", ", ".join(missed[:20]))


def prepare(engine, folder: Path, old: list[dict[str, str]],  # type: ignore[no-untyped-def]
            plants: list[dict[str, str]], count: int) -> None:  # fmt: skip
    """The agency, the list's first version, and the subjects registered."""
    with engine.begin() as conn:
        add_state(conn, "kz", "Kazakhstan", ["ru"])
        users.ensure_agency(conn, "bench-fiu")
        place_agency(conn, "bench-fiu", "kz", centre=False)
    ingest(engine, [national(folder, old, "2026-01-10")])
    rows = list(innocents(DATA, count - len(plants), seed=99)) + plants
    random.Random(7).shuffle(rows)
    took = register_subjects(engine, rows)
    report("subjects registered (keys computed and stored)", f"{len(rows):,} in {took:.0f} s")


if __name__ == "__main__":
    main()
