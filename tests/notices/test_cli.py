"""`interlist notices`: draft, review, publish, sweep, acknowledge, as a user would."""

from __future__ import annotations

import json
from pathlib import Path

import orjson
import pytest
from sqlalchemy import Engine
from typer.testing import CliRunner

from interlist.cli import app
from tests.clitools import Run
from tests.cooperation.kit import setup_states
from tests.notices.kit import CHECKLIST, body
from tests.notices.prison import prison_file

pytestmark = pytest.mark.shared_data


def interlist(*args: str, db: str) -> Run:
    """The command in this process (a subprocess costs seconds of imports each)."""
    result = CliRunner().invoke(app, list(args), env={"INTERLIST_DB": db, "COLUMNS": "250"})
    error = str(result.exception) if result.exception else ""
    return Run(result.exit_code, result.stdout, error)


def said(run: Run, text: str) -> bool:
    """Whether the command printed `text` (however the terminal wrapped it)."""
    return text in " ".join(run.stdout.split())


def test_notice_from_draft_to_sweep(engine: Engine, db_url: str, tmp_path: Path,
                                    shared_data: Path) -> None:  # fmt: skip
    setup_states(engine)
    notice = tmp_path / "notice.json"
    notice.write_text(json.dumps(body()), encoding="utf-8")
    made = interlist("notices", "draft", str(notice), "--user", "kz-analyst", "--json", db=db_url)
    assert made.code == 0, made.stderr
    rid = str(made.json()["id"])
    wrong = interlist("notices", "move", rid, "published", "--user", "centre-analyst", db=db_url)
    assert wrong.code != 0 and "only from submitted" in wrong.stderr
    assert (
        interlist("notices", "move", rid, "submitted", "--user", "kz-analyst", db=db_url).code == 0
    )
    checks = [a for item in CHECKLIST for a in ("--check", item)]
    done = interlist("notices", "move", rid, "published", "--user", "centre-analyst", *checks,
                     "--json", db=db_url)  # fmt: skip
    assert done.code == 0 and done.json()["status"] == "published", done.stderr

    hidden = {7: {"name": "TOKHTAROV BAURZHAN NURLANOVICH", "birth_date": "1987-03-14"}}
    rows = prison_file(shared_data / "bench" / "negatives", tmp_path / "border.csv", 300, hidden)
    out = tmp_path / "hits.jsonl"
    swept = interlist("notices", "sweep", str(rows), "--state", "uz", "--kind", "border",
                      "-o", str(out), db=db_url)  # fmt: skip
    assert swept.code == 0 and said(swept, "1 with a match, 1 hit reports opened"), swept.stdout
    lines = [orjson.loads(line) for line in out.read_bytes().splitlines()]
    assert len(lines) == 300 and lines[7]["results"][0]["notice"]["notice_id"] == int(rid)
    again = interlist("notices", "sweep", str(rows), "--state", "uz", "--kind", "border",
                      "-o", str(out), db=db_url)  # fmt: skip
    assert said(again, "0 hit reports opened, 1 known already"), again.stdout

    batch = tmp_path / "batch.jsonl"
    screened = interlist("screen", str(rows), "-o", str(batch), "--workers", "1", db=db_url)
    assert said(screened, "1 hit reports opened on wanted notices"), screened.stdout
    lines = [orjson.loads(line) for line in batch.read_bytes().splitlines()]
    assert lines[7]["results"][0]["notice"]["action"] == "arrest"

    found = interlist("notices", "hits", "--user", "kz-analyst", "--json", db=db_url).json()
    assert sorted(h["channel"] for h in found) == ["batch", "sweep"]
    border = next(h for h in found if h["kind"] == "border")
    ack = interlist("notices", "ack", str(border["id"]), "--outcome", "not_the_person",
                    "--user", "kz-analyst", "--note", "Other birth place", db=db_url)  # fmt: skip
    assert ack.code == 0 and said(ack, "not_the_person"), ack.stdout
    listed = interlist("notices", "list", "--user", "uz-analyst", "--json", db=db_url).json()
    assert [n["status"] for n in listed] == ["published"]
