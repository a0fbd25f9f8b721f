"""Benchmark: load every file of ../shared/data/lists into a fresh SQLite databank,
then load them again (unchanged), and print both times beside the targets."""

from __future__ import annotations

import argparse
import platform
import tempfile
import time
from pathlib import Path

from sqlalchemy import func, select

from interlist.databank import ingest
from interlist.store import open_engine
from interlist.store import tables as t

TARGET_FIRST_S = 30.0
TARGET_REPEAT_S = 3.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lists", type=Path, default=Path("../shared/data/lists"))
    parser.add_argument("--db", help="database URL (default: a temporary SQLite file)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.db or f"sqlite:///{tmp}/bench.sqlite"
        engine = open_engine(url)
        start = time.perf_counter()
        ingest(engine, [args.lists])
        first = time.perf_counter() - start
        start = time.perf_counter()
        ingest(engine, [args.lists])
        repeat = time.perf_counter() - start
        with engine.connect() as conn:
            statements = conn.scalar(select(func.count()).select_from(t.statement))
            entities = conn.scalar(select(func.count()).select_from(t.entity))
        engine.dispose()
    cpu = platform.processor() or platform.machine()
    print(f"machine: {platform.node()} {cpu}, python {platform.python_version()}")
    print(f"databank: {entities} entities, {statements} statements from {args.lists}")
    print(f"{'measure':28} {'measured':>10} {'target':>10}  verdict")
    for name, value, target in (
        ("first load of all lists (s)", first, TARGET_FIRST_S),
        ("repeated load, unchanged (s)", repeat, TARGET_REPEAT_S),
    ):
        verdict = "ok" if value < target else "TOO SLOW"
        print(f"{name:28} {value:10.2f} {'< ' + str(target):>10}  {verdict}")


if __name__ == "__main__":
    main()
