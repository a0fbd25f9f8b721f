"""PostgreSQL stops a query whose client was killed (issue 24: an export killed with
SIGKILL left its query running on the server)."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest
from sqlalchemy import Engine, text

HOLD = """
import sys
from sqlalchemy import text
from interlist.store import open_engine
engine = open_engine(sys.argv[1], migrate=False)
with engine.connect() as conn:
    print("ready", flush=True)
    conn.execute(text("SELECT pg_sleep(300) AS held_by_a_killed_client"))
"""


def _running(engine: Engine) -> int:
    query = text("SELECT count(*) FROM pg_stat_activity WHERE query LIKE '%held_by_a_killed%' "
                 "AND query NOT LIKE '%pg_stat_activity%'")  # fmt: skip
    with engine.connect() as conn:
        return int(conn.scalar(query) or 0)


def test_a_query_whose_client_is_killed_stops(engine: Engine, db_url: str) -> None:
    if engine.dialect.name != "postgresql":
        pytest.skip("a PostgreSQL server's behaviour")
    proc = subprocess.Popen([sys.executable, "-c", HOLD, db_url], stdout=subprocess.PIPE,
                            text=True)  # fmt: skip
    assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
    deadline = time.monotonic() + 30
    while _running(engine) == 0 and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _running(engine) == 1
    proc.kill()
    proc.wait()
    deadline = time.monotonic() + 30
    while _running(engine) and time.monotonic() < deadline:
        time.sleep(0.5)
    assert _running(engine) == 0  # stopped within the check interval, not after 300 s
