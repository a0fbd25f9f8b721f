"""Recognition benchmark: opening requests for a whole national list, and screening a
member state's collection against screening everything.

    .venv/bin/python benchmarks/recognition.py [--db URL] [--designations 1000] [--states 10]

Loads ../shared/data/lists plus a generated national list of fictional persons (names
recombined from ../shared/data/bench/negatives, which are on no list), registers the
states, opens one request per designation to each other state, recognises half of
them in one state, and screens the same queries against `default` and that state's
collection. Prints each figure beside its target. Results: docs/recognition.md.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import tempfile
import time
from pathlib import Path

from interlist.access import users
from interlist.cooperation import actor_for, add_state, recognition
from interlist.cooperation.collections import resolve
from interlist.cooperation.recognition import Request
from interlist.cooperation.states import place_agency
from interlist.databank import ingest
from interlist.screening.index import steady_collection
from interlist.screening.screen import ScreenOptions, screen_many
from interlist.screening.storage import build
from interlist.store import open_engine

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "../shared/data"
STATES = ["kz", "uz", "kg", "tj", "tm", "az", "am", "by", "ru", "ge", "mn"]
HEADER = "record_id,type,name,birth_date,nationality,legal_basis,listed_on,topics"


def report(name: str, value: str, target: str = "") -> None:
    print(f"{name:<52} {value:<22} {('target ' + target) if target else ''}", flush=True)


def negatives() -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    for name in ("negatives_global_1k.csv", "negatives_us_1k.csv"):
        with open(DATA / "bench/negatives" / name, encoding="utf-8") as fh:
            rows.extend(csv.DictReader(fh))
    return rows


def national_list(folder: Path, count: int, people: list[dict[str, str]]) -> Path:
    """A fictional national list: first and last names of different negatives joined."""
    rng = random.Random(7)
    lines = ["#source=kz_bench", "#title=Generated national list", "#publisher=Bench FIU",
             "#country=kz", "#date=2026-01-10", HEADER]  # fmt: skip
    for n in range(count):
        first = rng.choice(people)["first_name"] or "Arman"
        last = rng.choice(people)["last_name"] or "Zhakupov"
        name = f"{first} {last}".replace(",", " ")
        lines.append(f"B-{n},person,{name},1980-01-01,kz,Law art. 12,2025-01-01,crime.terror")
    path = folder / "kz_bench.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def setup(engine, states: list[str]) -> None:  # type: ignore[no-untyped-def]
    with engine.begin() as conn:
        for code in states:
            add_state(conn, code, code.upper(), ["ru"])
            users.ensure_agency(conn, f"{code}-fiu")
            place_agency(conn, f"{code}-fiu", code, centre=False)
            password = "pw-benchmark-" + code
            users.add_user(conn, f"{code}-analyst", f"{code}-fiu", "analyst", password)


def actor(conn, name: str):  # type: ignore[no-untyped-def]
    user = users.get_user(conn, name)
    return actor_for(conn, user.name, user.agency, user.role)


def rate(index, queries: list[dict], options: ScreenOptions) -> float:  # type: ignore[no-untyped-def]
    screen_many(index, queries[:200], options)  # warm the memos and the mask
    start = time.perf_counter()
    for chunk in range(0, len(queries), 500):
        screen_many(index, queries[chunk : chunk + 500], options)
    return len(queries) / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", help="database URL (default: a fresh SQLite file)")
    parser.add_argument("--designations", type=int, default=1000)
    parser.add_argument("--states", type=int, default=10)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="interlist-recognition-"))
    engine = open_engine(args.db or f"sqlite:///{folder / 'bench.sqlite'}")
    people = negatives()
    started = time.perf_counter()
    ingest(engine, [DATA / "lists", national_list(folder, args.designations, people)])
    report(
        "ingest of the shared lists + the national list", f"{time.perf_counter() - started:.1f} s"
    )
    recipients = STATES[1 : args.states + 1]
    setup(engine, ["kz", *recipients])
    asked = Request("", "", "Law art. 12", "Listed nationally", ["asset_freeze"])
    started = time.perf_counter()
    with engine.begin() as conn:
        summary = recognition.request_list(conn, actor(conn, "kz-analyst"), "kz_bench",
                                           recipients, asked)  # fmt: skip
    took = time.perf_counter() - started
    report(f"open {summary['opened']:,} requests ({args.designations:,} x {len(recipients)})",
           f"{took:.2f} s", "< 10 s")  # fmt: skip
    if summary["opened"] != args.designations * len(recipients):
        sys.exit(f"expected {args.designations * len(recipients)} requests")
    started = time.perf_counter()
    with engine.begin() as conn:
        uz = actor(conn, "uz-analyst")
        mine = recognition.search(conn, uz, to_state="uz", limit=args.designations)
        for item in mine[::2]:
            recognition.decide(conn, uz, item["id"], "recognised", legal_act="B/2026")
    report(f"decide {len(mine[::2])} requests one by one", f"{time.perf_counter() - started:.2f} s")
    index = build(engine)
    index.warm()
    steady_collection()  # as a server and a batch worker screen (screening.index)
    listed = [f"{p['first_name']} {p['last_name']}" for p in people]
    queries = [{"schema": "Person", "properties": {"name": [n]}} for n in listed if n.strip()]
    with engine.connect() as conn:
        scope = resolve(conn, ["uz"])
    runs: dict[str, list[float]] = {"default": [], "uz": [], "same lists": []}
    options = {
        "default": ScreenOptions(),
        "uz": ScreenOptions(include_datasets=scope.sources, include_entities=scope.entities),
        "same lists": ScreenOptions(include_datasets=scope.sources),
    }
    for _ in range(3):  # alternated, so that a busy machine weighs on each alike
        for name, option in options.items():
            runs[name].append(rate(index, queries, option))
    best = {name: max(values) for name, values in runs.items()}
    report(f"screen {len(queries):,} names against default", f"{best['default']:,.0f} rows/s")
    report(f"screen {len(queries):,} names against uz's collection", f"{best['uz']:,.0f} rows/s",
           f">= default ({best['default']:,.0f} rows/s, same run)")  # fmt: skip
    report("  reference: uz's lists without its recognitions", f"{best['same lists']:,.0f} rows/s",
           "(the collection's own cost: the difference)")  # fmt: skip
    report("uz's collection", f"{len(scope.sources)} lists + {len(scope.entities)} recognised")


if __name__ == "__main__":
    main()
