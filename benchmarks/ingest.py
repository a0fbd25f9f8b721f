"""Benchmark: load every file of ../shared/data/lists into a fresh, empty databank, then
load them again (unchanged), and print both times beside their targets, with the
machine's load average at each measurement (other work on a 2-core machine slows
both down: repeat the run when the load is high).

``--reference SRC`` measures another copy of the code in the same run, e.g. the main
branch before a change (``--reference ../main/src``), and prints its figures beside.
``--db URL`` measures on that database instead (it must be empty: a PostgreSQL schema
made for the purpose)."""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

TARGET_FIRST_S = 10.0
TARGET_REPEAT_S = 2.0


def measure(lists: Path, url: str | None) -> dict[str, Any]:
    """The two timings on a fresh databank, with the load average around each."""
    from sqlalchemy import func, select

    from interlist.databank import ingest
    from interlist.store import open_engine
    from interlist.store import tables as t

    with tempfile.TemporaryDirectory() as tmp:
        engine = open_engine(url or f"sqlite:///{tmp}/bench.sqlite")
        figures: dict[str, Any] = {}
        for name in ("first", "repeat"):
            load_before, cpu_before = os.getloadavg()[0], _cpu()
            start = time.perf_counter()
            ingest(engine, [lists])
            figures[name] = time.perf_counter() - start
            figures[f"{name}_load"] = max(load_before, os.getloadavg()[0])
            figures[f"{name}_cpu"] = _cpu() - cpu_before
        with engine.connect() as conn:
            figures["statements"] = conn.scalar(select(func.count()).select_from(t.statement))
            figures["entities"] = conn.scalar(select(func.count()).select_from(t.entity))
        engine.dispose()
    return figures


def _cpu() -> float:
    """CPU seconds used so far by this process and its ended children (the parse
    workers): on a machine busy with other work, the figure that moves least."""
    own, children = (resource.getrusage(who) for who in (resource.RUSAGE_SELF,
                                                        resource.RUSAGE_CHILDREN))  # fmt: skip
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def reference(src: Path, lists: Path, url: str | None) -> dict[str, Any]:
    """The same measurement with the code under `src` (in a process of its own)."""
    command = [sys.executable, __file__, "--lists", str(lists), "--json"]
    if url:
        command += ["--db", url]
    env = {**os.environ, "PYTHONPATH": str(src.resolve())}
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lists", type=Path, default=Path("../shared/data/lists"))
    parser.add_argument("--db", help="database URL (default: a temporary SQLite file)")
    parser.add_argument("--reference", type=Path, help="another copy's src/ to measure too")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    ours = measure(args.lists, args.db)
    if args.json:
        print(json.dumps(ours))
        return
    theirs = reference(args.reference, args.lists, args.db) if args.reference else None
    cpu = platform.processor() or platform.machine()
    print(f"machine: {platform.node()} {cpu}, {os.cpu_count()} cores, python "
          f"{platform.python_version()}, {time.strftime('%Y-%m-%d %H:%M %Z')}")  # fmt: skip
    print(f"databank: {ours['entities']} entities, {ours['statements']} statements "
          f"from {args.lists} on {'SQLite' if not args.db else args.db.split(':')[0]}")  # fmt: skip
    if theirs and (theirs["entities"], theirs["statements"]) != (
        ours["entities"],
        ours["statements"],
    ):
        print(f"REFERENCE DIFFERS: {theirs['entities']} entities, "
              f"{theirs['statements']} statements")  # fmt: skip
    ref_head = f"{'reference':>10} {'(load)':>7} {'(CPU s)':>8}" if theirs else ""
    print(f"{'measure':30} {'measured':>9} {'(load)':>7} {'(CPU s)':>8} {'target':>8}  "
          f"{'verdict':9}{ref_head}")  # fmt: skip
    for name, key, target in (
        ("first load, empty databank (s)", "first", TARGET_FIRST_S),
        ("same files again (s)", "repeat", TARGET_REPEAT_S),
    ):
        value = ours[key]
        verdict = "ok" if value <= target else "TOO SLOW"
        line = f"{name:30} {value:9.2f} {ours[key + '_load']:7.2f} {ours[key + '_cpu']:8.2f} "
        line += f"{'<= ' + str(target):>8}  {verdict:9}"
        if theirs:
            line += f"{theirs[key]:10.2f} {theirs[key + '_load']:7.2f} {theirs[key + '_cpu']:8.2f}"
        print(line)
    print(f"(load) = the 1-minute load average around the measurement, on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
