"""`interlist demo`'s fictional records show every domain at work."""

from __future__ import annotations

import re
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
    assert figures["frozen"] and figures["designations"] == 11
    assert done["alerts"] >= 1 and figures["alerts_raised"] == done["alerts"]


def test_the_demo_merges_a_person_two_lists_name(engine: Engine, db_url: str,
                                                  tmp_path: Path) -> None:  # fmt: skip
    """After seeding, xref has merged KZ-001 and KG-003 (one person on two national lists):
    the profile has both members and a search for him shows one row."""
    from tests.web.site import make_web

    ensure_first_admin(engine)
    done = seed(engine, tmp_path / "demo")
    assert done["merged"] >= 1
    site = make_web(engine, db_url, tmp_path, auth=False)
    with site.client:
        found = site.client.get("/web/results", params={"q": "Daulet Serikovich ABENOV"})
        rows = re.findall(r'href="/web/entity/([^"]+)"', found.text)
        assert len(set(rows)) == 1, rows
        profile = site.client.get(f"/web/entity/{rows[0]}")
    assert "kz-afm-KZ-001" in profile.text and "kg-sfs-KG-003" in profile.text
