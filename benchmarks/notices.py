"""Sweep benchmark: a prison file of 100,000 people against the published wanted notices,
beside the batch screening rate of the same machine in the same run.

    .venv/bin/python benchmarks/notices.py [--db URL] [--rows 100000] [--notices 300]
        [--batch-rows 20000] [--workers 2]

Loads ../shared/data/lists (the databank a batch screens), registers two states and
the centre, publishes `--notices` notices of fictional persons (names recombined from
../shared/data/bench/negatives, which are on no list), writes a prison file of
`--rows` people recombined the same way with ten of the wanted hidden in it (spelled
as another state writes them), sweeps it, and screens the first `--batch-rows` rows of
the same file against the whole databank with `interlist screen`'s batch function.
Prints each figure beside its target and reference. Results: docs/notices.md.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import tempfile
import time
from datetime import date
from itertools import islice
from pathlib import Path

from interlist.access import users
from interlist.cooperation import actor_for, add_state
from interlist.cooperation.states import place_agency
from interlist.databank import ingest
from interlist.notices import Draft, draft, move
from interlist.notices.sweep import sweep
from interlist.screening.batch import screen_results
from interlist.screening.readers import read_rows
from interlist.screening.records import column_map
from interlist.screening.screen import ScreenOptions
from interlist.screening.storage import build
from interlist.store import open_engine

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "../shared/data"
CHECKLIST = {"required_fields": True, "category_allowed": True, "penalty_threshold": True,
             "not_political": True, "warrant_valid": True}  # fmt: skip
HIDDEN = 10


def report(name: str, value: str, target: str = "", reference: str = "") -> None:
    extra = "  ".join(x for x in (f"target {target}" if target else "", reference) if x)
    print(f"{name:<50} {value:<22} {extra}", flush=True)


def negatives() -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    for path in sorted((DATA / "bench/negatives").glob("*.csv")):
        with path.open(encoding="utf-8") as fh:
            rows.extend(csv.DictReader(fh))
    return rows


def person(rng: random.Random, people: list[dict[str, str]]) -> dict[str, str]:
    first, last, other = rng.choice(people), rng.choice(people), rng.choice(people)
    return {"name": f"{first['first_name']} {last['last_name']}".strip(),
            "birth_date": other["date_of_birth"], "nationality": other["nationality"]}  # fmt: skip


def setup(engine) -> None:  # type: ignore[no-untyped-def]
    with engine.begin() as conn:
        for code in ("kz", "uz"):
            add_state(conn, code, code.upper(), ["ru"])
            users.ensure_agency(conn, f"{code}-fiu")
            place_agency(conn, f"{code}-fiu", code, centre=False)
            password = "pw-benchmark-" + code
            users.add_user(conn, f"{code}-analyst", f"{code}-fiu", "analyst", password)
        users.ensure_agency(conn, "coordination")
        place_agency(conn, "coordination", None, centre=True)
        users.add_user(conn, "centre-analyst", "coordination", "analyst", "pw-benchmark-centre")


def actor(conn, name: str):  # type: ignore[no-untyped-def]
    user = users.get_user(conn, name)
    return actor_for(conn, user.name, user.agency, user.role)


def publish(engine, wanted: list[dict[str, str]]) -> None:  # type: ignore[no-untyped-def]
    with engine.begin() as conn:
        kz, centre = actor(conn, "kz-analyst"), actor(conn, "centre-analyst")
        for who in wanted:
            props = {"name": [who["name"]], "birthDate": [who["birth_date"]]}
            made = draft(conn, kz, Draft(props, "terrorism", "Recruitment", "CC art. 255", 12,
                                         "City court", "1/2026", date(2026, 1, 5)))  # fmt: skip
            move(conn, kz, made["id"], "submitted")
            move(conn, centre, made["id"], "published", checklist=CHECKLIST)


def prison(path: Path, rows: int, people: list[dict[str, str]],
           wanted: list[dict[str, str]]) -> None:  # fmt: skip
    rng = random.Random(17)
    places = {rng.randrange(rows): w for w in wanted[:HIDDEN]}
    with path.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(["id", "name", "birth_date", "nationality"])
        for n in range(rows):
            who = places.get(n) or person(rng, people)
            name = who["name"].upper() if n in places else who["name"]  # another state's way
            out.writerow([f"PR-{n}", name, who["birth_date"], who.get("nationality", "")])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", help="database URL (default: a fresh SQLite file)")
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--notices", type=int, default=300)
    parser.add_argument("--batch-rows", type=int, default=20_000)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="interlist-notices-"))
    engine = open_engine(args.db or f"sqlite:///{folder / 'bench.sqlite'}")
    people = negatives()
    started = time.perf_counter()
    ingest(engine, [DATA / "lists"])
    report("ingest of the shared lists", f"{time.perf_counter() - started:.1f} s")
    setup(engine)
    rng = random.Random(5)
    wanted = [person(rng, people) for _ in range(args.notices)]
    started = time.perf_counter()
    publish(engine, wanted)
    took = time.perf_counter() - started
    report(f"draft, submit, publish {args.notices} notices", f"{took:.1f} s",
           reference=f"{took / args.notices * 1000:.0f} ms per notice")  # fmt: skip
    path = folder / "prison.csv"
    prison(path, args.rows, people, wanted)
    with engine.connect() as conn:
        uz = actor(conn, "uz-analyst")
    done = sweep(engine, uz, path, folder / "sweep.jsonl", "prison", column_map(()), args.workers)
    sweep_rate = done.rows_per_second
    found = f"{done.seconds:.1f} s, {done.with_matches} matched, {done.reports_opened} reports"
    report(f"sweep of {done.rows:,} rows vs {done.notices} notices",
           f"{sweep_rate:,.0f} rows/s", ">= batch rate", found)  # fmt: skip
    if done.with_matches < HIDDEN:
        sys.exit(f"the sweep found {done.with_matches} of the {HIDDEN} hidden wanted persons")
    index = build(engine)
    rows = islice(read_rows(path), args.batch_rows)
    started = time.perf_counter()
    count = sum(len(chunk) for chunk in screen_results(index, rows, column_map(()),
                                                        ScreenOptions(), args.workers))  # fmt: skip
    batch_rate = count / (time.perf_counter() - started)
    report(f"batch screening of {count:,} rows vs {len(index):,} profiles",
           f"{batch_rate:,.0f} rows/s", reference="interlist screen, same workers")  # fmt: skip
    report("sweep / batch", f"{sweep_rate / batch_rate:.1f} x", ">= 1.0")


if __name__ == "__main__":
    main()
