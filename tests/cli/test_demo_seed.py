"""`interlist demo`'s fictional records show every domain at work."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import Engine

from interlist.access.users import ensure_first_admin
from interlist.cooperation import recognition
from interlist.demo import seed
from interlist.notices.records import search as notices
from interlist.reporting.figures import Period
from interlist.reporting.statistics import statistics


def test_the_demo_seeds_every_domain_once(engine: Engine, tmp_path: Path) -> None:
    ensure_first_admin(engine)
    done = seed(engine, tmp_path)
    assert done["seeded"] and seed(engine, tmp_path) == {"seeded": False}
    with engine.connect() as conn:
        cells = recognition.matrix(conn)
        wanted = {n["status"] for n in notices(conn, None)}
        figures = statistics(conn, Period(date(2000, 1, 1), date(2100, 1, 1)))["figures"]
    assert sum(c.get("recognised", 0) for c in cells.values()) == 6
    assert sum(c.get("overdue", 0) for c in cells.values()) >= 1
    assert {"detained", "published", "submitted"} <= wanted
    assert figures["recognitions_requested"] == done["requests"]
    assert figures["frozen"] and figures["designations"] == 10
    assert done["alerts"] >= 1 and figures["alerts_raised"] == done["alerts"]
