"""The `interlist states`, `agencies`, `sources assign`, `recognition` and
`export --dataset` commands, run as a user runs them."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from sqlalchemy import Engine

from interlist.cli import main
from interlist.databank import ingest
from tests.clitools import Run
from tests.cooperation.kit import PEOPLE, national_csv


@pytest.fixture
def interlist(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    """`interlist ARGS` run in this process, as the entry point runs it (quicker than a
    subprocess per command; tests/cli runs the real script)."""

    def run(*args: str, db: str) -> Run:
        monkeypatch.setattr(sys, "argv", ["interlist", *args])
        monkeypatch.setenv("INTERLIST_DB", db)
        monkeypatch.setenv("COLUMNS", "250")
        code: object = 0
        try:
            main()
        except SystemExit as exited:
            code = exited.code
        captured = capsys.readouterr()
        return Run(code if isinstance(code, int) else 1, captured.out, captured.err)

    return run


def test_the_procedure_from_the_command_line(
    interlist,
    engine: Engine,
    db_url: str,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    for code, name in (("kz", "Kazakhstan"), ("uz", "Uzbekistan")):
        assert (
            interlist("states", "add", code, "--name", name, "--language", "ru", db=db_url).code
            == 0
        )
        assert interlist("agencies", "add", f"{code}-fiu", "--state", code, db=db_url).code == 0
        made = interlist("users", "add", f"{code}-analyst", "--agency", f"{code}-fiu", "--role",
                         "analyst", db=db_url)  # fmt: skip
        assert made.code == 0, made.stderr
    duplicate = interlist("states", "add", "kz", "--name", "Again", db=db_url)
    assert duplicate.code == 1 and "exists already" in duplicate.stderr
    assert interlist("states", "add", "xx", "--name", "Nowhere", db=db_url).code == 1
    ingest(engine, [national_csv(tmp_path, PEOPLE, "2026-01-10", source="kz_list", country="")])
    assert "kz_list" not in interlist("states", "list", "--json", db=db_url).stdout
    assert interlist("sources", "assign", "kz_list", "--state", "kz", db=db_url).code == 0
    states = interlist("states", "list", "--json", db=db_url).json()
    assert next(s for s in states if s["code"] == "kz")["sources"] == ["kz_list"]

    asked = interlist("recognition", "request", "kz_list", "--to", "uz", "--user", "kz-analyst",
                      "--legal-basis", "Law art. 12", "--reasons", "National listing",
                      "--measure", "asset_freeze", db=db_url)  # fmt: skip
    assert asked.code == 0 and "uz: 4 requests opened" in asked.stdout, asked.stderr
    pending = interlist("recognition", "list", "--user", "uz-analyst", "--json", db=db_url).json()
    first = next(r for r in pending if r["entity_id"] == "kz-list-P-1")
    wrong = interlist("recognition", "decide", str(first["id"]), "recognised", "--user",
                      "kz-analyst", "--legal-act", "1", db=db_url)  # fmt: skip
    assert wrong.code == 1 and "recipient" in wrong.stderr and "Traceback" not in wrong.stderr
    done = interlist("recognition", "decide", str(first["id"]), "recognised", "--user",
                     "uz-analyst", "--legal-act", "14/2026", db=db_url)  # fmt: skip
    assert done.code == 0 and "recognised" in done.stdout
    again = interlist("recognition", "decide", str(first["id"]), "refused", "--user",
                      "uz-analyst", "--ground", "humanitarian", db=db_url)  # fmt: skip
    assert again.code == 1 and "allowed only from" in again.stderr

    shown = interlist("recognition", "show", str(first["id"]), "--json", db=db_url).json()
    assert [e["to_status"] for e in shown["history"]] == ["requested", "recognised"]
    matrix = interlist("recognition", "matrix", "--json", db=db_url).json()
    assert matrix == [{"from_state": "kz", "to_state": "uz", "recognised": 1, "pending": 3,
                       "overdue": 0}]  # fmt: skip

    out = tmp_path / "uz.jsonl"
    assert interlist("export", "--dataset", "uz", "-o", str(out), db=db_url).code == 0
    exported = [json.loads(line) for line in out.read_text().splitlines()]
    assert [e["id"] for e in exported] == ["kz-list-P-1"]
    assert exported[0]["recognitions"][0]["legal_act"] == "14/2026"
    csv_out = tmp_path / "uz.csv"
    made = interlist("export", "--dataset", "uz", "--format", "csv", "-o", str(csv_out), db=db_url)
    assert made.code == 0, made.stderr
    (reloaded,) = ingest(engine, [csv_out])
    assert reloaded.source == "uz_consolidated" and len(reloaded.added) >= 1
