"""Every main command timed on SQLite and on PostgreSQL, side by side: PostgreSQL must be
within 2x of SQLite.

    .venv/bin/python benchmarks/commands.py [--pg postgresql+psycopg://postgres@127.0.0.1:5432/test]

Runs, on a fresh databank of each kind and as a user runs them (`interlist ...` in a
subprocess, so start-up is counted alike): the ingest of all of ../shared/data/lists, its
repetition with the files unchanged, `export`, `xref`, `screen` of 2,000 names, `check`
and `backup`. Prints each duration on both databases, their ratio, and the verdict
against the 2x target. Results: docs/reliability.md.
"""

from __future__ import annotations

import argparse
import csv
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "src")]

from sqlalchemy import create_engine, text  # noqa: E402

from interlist.settings import normalize_db_url  # noqa: E402

DATA = ROOT / "../shared/data"
CLI = [sys.executable, "-c", "from interlist.cli import main; main()"]
RATIO_MAX = 2.0


def commands(folder: Path, names: Path) -> list[tuple[str, list[str]]]:
    """The commands timed, writing into `folder`, screening the names in `names`."""
    lists = str(DATA / "lists")
    return [
        ("ingest (all lists, empty databank)", ["ingest", lists]),
        ("ingest again (unchanged)", ["ingest", lists]),
        ("export (FtM JSON lines)", ["export", "-o", str(folder / "export.json")]),
        ("xref", ["xref"]),
        ("screen 2,000 names", ["screen", str(names), "-o", str(folder / "screened.csv")]),
        ("check", ["check"]),
        ("backup", ["backup", str(folder / "bank.backup")]),
    ]


def names_file(folder: Path) -> Path:
    with open(DATA / "bench/negatives/negatives_global_1k.csv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    with open(DATA / "bench/negatives/negatives_us_1k.csv", encoding="utf-8") as fh:
        rows += list(csv.DictReader(fh))
    path = folder / "names.csv"
    with open(path, "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["id", "name", "birth_date", "nationality"])
        for n, row in enumerate(rows):
            writer.writerow([f"R-{n}", row["full_name"], row["date_of_birth"], ""])
    return path


def timed(url: str, args: list[str], home: Path) -> float:
    env = {**os.environ, "INTERLIST_DB": url, "INTERLIST_HOME": str(home), "NO_COLOR": "1"}
    started = time.perf_counter()
    done = subprocess.run([*CLI, *args], env=env, capture_output=True, text=True)
    took = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"interlist {' '.join(args)} failed on {url.split(':')[0]}: "
                         f"{done.stderr[-1500:]}")  # fmt: skip
    return took


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pg", default="postgresql+psycopg://postgres@127.0.0.1:5432/test")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="interlist-commands-"))
    names = names_file(folder)
    database = f"bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(normalize_db_url(args.pg), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{database}"'))
    pg = normalize_db_url(args.pg).rsplit("/", 1)[0] + f"/{database}"
    urls = {"SQLite": f"sqlite:///{folder / 'bench.sqlite'}", "PostgreSQL": pg}
    try:
        results = {}
        for kind, url in urls.items():
            work = folder / kind
            work.mkdir()
            results[kind] = [timed(url, cmd, work) for _, cmd in commands(work, names)]
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
        admin.dispose()
        shutil.rmtree(folder, ignore_errors=True)
    print(f"{'command':38} {'SQLite':>9} {'PostgreSQL':>11} {'ratio':>6}  target <= {RATIO_MAX}")
    worst = 0.0
    for n, (name, _) in enumerate(commands(folder, names)):
        lite, post = results["SQLite"][n], results["PostgreSQL"][n]
        ratio = post / lite
        worst = max(worst, ratio)
        verdict = "ok" if ratio <= RATIO_MAX else "TOO SLOW"
        print(f"{name:38} {lite:8.1f}s {post:10.1f}s {ratio:6.2f}  {verdict}")
    print("verdict:", "ok" if worst <= RATIO_MAX else f"PostgreSQL up to {worst:.1f}x SQLite")


if __name__ == "__main__":
    main()
