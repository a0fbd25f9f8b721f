"""Statistics benchmark: the dashboard for a year of 100,000 records.

    .venv/bin/python benchmarks/statistics.py [--db URL] [--records 100000]

Registers three member states and a year of generated operation results (detentions,
identifications in prisons and at borders, seizures...) plus recognition requests and
decisions, then times `GET /statistics` and the web dashboard in the same process.
Prints each figure beside its target. Results: docs/statistics.md.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from fastapi.testclient import TestClient

from interlist.access import users
from interlist.api import create_app
from interlist.cooperation import add_state
from interlist.cooperation.states import place_agency
from interlist.reporting.figures import Period
from interlist.reporting.statistics import statistics
from interlist.settings import Settings
from interlist.store import open_engine
from interlist.store import operation_tables as ot
from interlist.store.db import insert_many

STATES = ("kz", "uz", "kg")
KINDS = ("detained", "wanted_identified", "financier_identified", "extradited", "deported",
         "seizure")  # fmt: skip
CATEGORIES = (("firearms", "count"), ("ammunition", "rounds"), ("explosives", "kg"))


def report(name: str, value: str, target: str = "") -> None:
    print(f"{name:<48} {value:<18} {('target ' + target) if target else ''}", flush=True)


def results(count: int, year: int) -> list[dict[str, object]]:
    rng = random.Random(11)
    now = datetime.now(UTC)
    rows = []
    for _ in range(count):
        kind = rng.choice(KINDS)
        category, unit = rng.choice(CATEGORIES) if kind == "seizure" else (None, None)
        rows.append({
            "operation_id": None, "kind": kind, "state": rng.choice(STATES),
            "date": date(year, 1, 1) + timedelta(days=rng.randrange(365)),
            "place": rng.choice(("prison", "border", None)), "notice_id": None,
            "entity_id": None, "category": category,
            "quantity": Decimal(rng.randrange(1, 50)) if category else None, "unit": unit,
            "event_id": None, "note": None, "created_at": now, "created_by": "bench",
            "agency": "bench",
        })  # fmt: skip
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", help="database URL (default: a fresh SQLite file)")
    parser.add_argument("--records", type=int, default=100_000)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="interlist-statistics-"))
    url = args.db or f"sqlite:///{folder / 'bench.sqlite'}"
    engine = open_engine(url)
    year = date.today().year
    with engine.begin() as conn:
        for code in STATES:
            add_state(conn, code, code.upper())
        users.ensure_agency(conn, "coordination")
        place_agency(conn, "coordination", None, centre=True)
        users.add_user(conn, "centre", "coordination", "analyst", "bench-password-1")
        insert_many(conn, ot.operation_result, results(args.records, year))
    period = Period(date(year, 1, 1), date(year, 12, 31))
    with engine.connect() as conn:
        started = time.perf_counter()
        figures = statistics(conn, period)["figures"]
        took = time.perf_counter() - started
    counted = sum(v for v in figures.values() if isinstance(v, int))
    report(f"statistics of {args.records:,} records", f"{took * 1000:,.0f} ms", "< 1,000 ms")
    if counted + 0 < args.records * 0.8:
        sys.exit(f"counted {counted}, expected most of {args.records}")
    settings = Settings(home=folder, database_url=url, auth_required=False)
    with TestClient(create_app(settings)) as client:
        params = {"from": period.start.isoformat(), "to": period.end.isoformat()}
        client.get("/web/statistics", params=params)
        timings = []
        for _ in range(5):
            started = time.perf_counter()
            page = client.get("/web/statistics", params=params)
            timings.append(time.perf_counter() - started)
            assert page.status_code == 200
        report("dashboard page (web, best of 5)", f"{min(timings) * 1000:,.0f} ms", "< 1,000 ms")
        started = time.perf_counter()
        client.get("/statistics", params=params)
        report("GET /statistics", f"{(time.perf_counter() - started) * 1000:,.0f} ms", "< 1,000 ms")


if __name__ == "__main__":
    main()
