"""The resolution commands as a user runs them: xref, show (merged), judgements, export."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import Engine

from interlist.resolution.clusters import recluster
from interlist.resolution.judgements import Decision, Judgement, record
from interlist.sources.helpers import make_sanction
from interlist.store import open_engine
from tests.clitools import interlist
from tests.resolution.kit import entity, load_source


def _load(engine: Engine) -> None:
    un = entity("un-sc-1", "un_sc", name="Nashwan Abd Al-Baqi", birthDate="1961")
    load_source(engine, "un_sc", un, extra=(make_sanction(un, key="r", reference="QDi.012"),))
    load_source(
        engine,
        "gb_ofsi",
        entity(
            "gb-ofsi-5",
            "gb_ofsi",
            name="ABD AL-BAQI Nashwan",
            birthDate="1962",
            notes="UN Ref QI.A.12.01.",
        ),
        entity("gb-ofsi-6", "gb_ofsi", name="Ivan Petrov"),
    )


def test_xref_then_show_prints_the_merged_profile(engine: Engine, db_url: str) -> None:
    _load(engine)
    run = interlist("xref", db=db_url)
    assert run.code == 0, run.stderr
    assert "merged 1 by explicit reference" in run.stdout
    shown = interlist("show", "gb-ofsi-5", "--json", db=db_url)
    assert shown.code == 0, shown.stderr
    data = shown.json()
    assert data["id"].startswith("NK-")
    assert data["referents"] == ["gb-ofsi-5", "un-sc-1"]
    assert data["conflicts"] == ["birthDate"]
    table = interlist("show", data["id"], db=db_url)
    assert "sources differ" in table.stdout and "1961" in table.stdout and "1962" in table.stdout
    single = interlist("show", "gb-ofsi-6", "--json", db=db_url)
    assert single.json()["id"] == "gb-ofsi-6"  # unclustered: the entity itself


def test_export_writes_merged_entities_with_referents(engine: Engine, db_url: str) -> None:
    _load(engine)
    interlist("xref", db=db_url)
    run = interlist("export", "--format", "ftm", db=db_url)
    assert run.code == 0, run.stderr
    records = [json.loads(line) for line in run.stdout.splitlines()]
    merged = [r for r in records if r["id"].startswith("NK-")]
    assert len(merged) == 1
    assert set(merged[0]["referents"]) == {"gb-ofsi-5", "un-sc-1"}
    assert set(merged[0]["datasets"]) == {"gb_ofsi", "un_sc"}
    ids = {r["id"] for r in records}
    assert "gb-ofsi-5" not in ids and "un-sc-1" not in ids and "gb-ofsi-6" in ids


def test_judgements_round_trip_between_databanks(
    engine: Engine, db_url: str, tmp_path: Path
) -> None:
    _load(engine)
    with engine.begin() as conn:
        record(conn, [Decision("un-sc-1", "gb-ofsi-5", Judgement.POSITIVE, "ana")])
        record(conn, [Decision("un-sc-1", "gb-ofsi-6", Judgement.NEGATIVE, "ana")])
        record(conn, [Decision("gb-ofsi-5", "gb-ofsi-6", Judgement.UNSURE, "bo")])
        recluster(conn)
    dump = tmp_path / "judgements.jsonl"
    assert interlist("judgements", "export", "-o", str(dump), db=db_url).code == 0
    lines = [json.loads(line) for line in dump.read_text().splitlines()]
    assert {(r["left"], r["right"], r["judgement"], r["user"]) for r in lines} == {
        ("gb-ofsi-5", "un-sc-1", "positive", "ana"),
        ("gb-ofsi-6", "un-sc-1", "negative", "ana"),
        ("gb-ofsi-5", "gb-ofsi-6", "unsure", "bo"),
    }
    other_url = f"sqlite:///{tmp_path / 'other.sqlite'}"
    other = open_engine(other_url)
    _load(other)
    first = interlist("judgements", "import", str(dump), db=other_url)
    assert first.code == 0, first.stderr
    assert json.loads(first.stdout)["imported"] == 3
    again = interlist("judgements", "import", str(dump), db=other_url)
    assert json.loads(again.stdout)["already"] == 3
    back = interlist("judgements", "export", db=other_url)
    assert sorted(back.stdout.splitlines()) == sorted(dump.read_text().splitlines())
    shown = interlist("show", "un-sc-1", "--json", db=other_url).json()
    assert shown["referents"] == ["gb-ofsi-5", "un-sc-1"]


def test_bad_import_file_is_a_clean_error(db_url: str, tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"left": "a"}\nnot json\n')
    run = interlist("judgements", "import", str(bad), db=db_url)
    assert run.code == 1
    assert "judgements" in run.stderr and "Traceback" not in run.stderr


def test_review_command_reads_keys_from_a_pipe(engine: Engine, db_url: str) -> None:
    import subprocess
    import sys

    _load(engine)
    load_source(engine, "us_ofac_sdn", entity("us-ofac-3", "us_ofac_sdn", name="Ivan Petrov"))
    assert interlist("xref", "--no-auto", db=db_url).code == 0
    code = "from interlist.cli import main; main()"
    proc = subprocess.run(
        [sys.executable, "-c", code, "review", "--user", "ana", "--db", db_url],
        input="x\ns\n",
        capture_output=True,
        text=True,
        env={**__import__("os").environ, "COLUMNS": "200", "NO_COLOR": "1"},
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    assert "[s] same" in proc.stdout and "unknown key 'x'" in proc.stdout
    assert "decided {'positive': 1}" in proc.stdout
    exported = interlist("judgements", "export", db=db_url).stdout.splitlines()
    assert any('"user":"ana"' in line and '"positive"' in line for line in exported)
