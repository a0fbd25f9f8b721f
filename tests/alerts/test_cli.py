"""`interlist monitor`, `alerts`, `cases` and `webhooks` as a user runs them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from interlist.store import open_engine
from tests.alerts.kit import LISTED, national, setup
from tests.clitools import interlist
from tests.cooperation.kit import load


def test_monitor_decide_and_webhooks(db_url: str, tmp_path: Path) -> None:
    engine = open_engine(db_url)
    setup(engine)
    load(engine, national(tmp_path, LISTED, "2026-01-10"))
    engine.dispose()
    subjects = tmp_path / "customers.csv"
    subjects.write_text("id,name,birth_date\nC-1,Арман Жакупов,1980-03-14\nC-2,Anna Li,\n,x,\n")
    added = interlist("monitor", "add", str(subjects), "--agency", "kz-fiu", "--json", db=db_url)
    assert added.code == 0, added.stderr
    assert (added.json()["registered"], added.json()["alerts"], len(added.json()["bad"])) == (
        2,
        1,
        1,
    )
    found = interlist("alerts", "list", "--agency", "kz-fiu", "--json", db=db_url).json()["results"]
    alert_id = str(found[0]["id"])
    decided = interlist("alerts", "decide", alert_id, "confirmed", "--reason", "same_person",
                        "--user", "kz-analyst", db=db_url)  # fmt: skip
    assert decided.code == 0 and "confirmed_pending" in decided.stdout
    own = interlist("alerts", "approve", alert_id, "--user", "kz-analyst", db=db_url)
    assert own.code == 1 and "four eyes" in own.stderr and "Traceback" not in own.stderr
    other = interlist("alerts", "approve", alert_id, "--user", "kz-analyst2", db=db_url)
    assert other.code == 0 and "confirmed" in other.stdout
    env = {**os.environ, "INTERLIST_DB": db_url}
    code = "from interlist.cli import main; main()"
    hook = subprocess.run(
        [sys.executable, "-c", code, "webhooks", "add", "http://127.0.0.1:9/x", "--agency",
         "kz-fiu", "--secret-stdin"], input="a-secret-of-twenty-chars\n", capture_output=True,
        text=True, env=env, timeout=120,
    )  # fmt: skip
    assert hook.returncode == 0, hook.stderr
    listed = interlist("webhooks", "list", "--json", db=db_url).json()
    assert listed[0]["url"] == "http://127.0.0.1:9/x" and "secret" not in listed[0]
    removed = interlist("monitor", "remove", "C-2", "--agency", "kz-fiu", db=db_url)
    assert removed.code == 0 and "1 removed" in removed.stdout
