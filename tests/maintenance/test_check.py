"""`interlist check`: a sound databank passes every check; each kind of damage a half-done
write would leave is found and named."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, text, update

from interlist.access import audit
from interlist.cooperation import recognition
from interlist.cooperation.recognition import Request
from interlist.maintenance.check import check
from interlist.resolution.clusters import recluster
from interlist.resolution.judgements import Decision, Judgement, record
from interlist.store import tables as t
from interlist.store.lifecycle_tables import lc_record
from tests.clitools import interlist
from tests.cooperation.kit import PEOPLE, actor, load, national_csv, setup_states


@pytest.fixture
def sound(engine: Engine, tmp_path: Path) -> Engine:
    """A databank with a list in two versions, a cluster, a decided request and an audit log."""
    setup_states(engine)
    load(engine, national_csv(tmp_path, PEOPLE, "2026-01-10"))
    fewer = {k: v for k, v in PEOPLE.items() if k != "P-4"}
    load(engine, national_csv(tmp_path, fewer, "2026-02-10"))
    with engine.begin() as conn:
        request = recognition.request(conn, actor(engine, "kz-analyst"), Request(
            "kz-fiu-P-1", "uz", "Law art. 12", "Financed a group", ["asset_freeze"]))  # fmt: skip
    with engine.begin() as conn:
        recognition.decide(conn, actor(engine, "uz-analyst"), request["id"], "recognised",
                           legal_act="14/2026")  # fmt: skip
        record(conn, [Decision("kz-fiu-P-1", "kz-fiu-P-2", Judgement.POSITIVE, "ana")])
        recluster(conn)
    return engine


def problems(engine: Engine) -> dict[str, list[str]]:
    return {f.name: f.problems for f in check(engine) if not f.ok}


def test_a_sound_databank_passes_every_check(sound: Engine) -> None:
    findings = check(sound)
    assert [f.name for f in findings] == [
        "versions", "statements", "entities", "clusters", "lifecycles", "audit"
    ]  # fmt: skip
    assert all(f.ok for f in findings), problems(sound)


def test_a_half_loaded_version_is_found(sound: Engine) -> None:
    with sound.begin() as conn:
        conn.execute(update(t.statement).where(t.statement.c.entity_id == "kz-fiu-P-2")
                     .values(active=False))  # fmt: skip
    found = problems(sound)
    assert list(found) == ["versions"]
    assert "kz_fiu" in found["versions"][0] and "in force" in found["versions"][0]


def test_an_entity_marked_against_its_listings_is_found(sound: Engine) -> None:
    with sound.begin() as conn:
        conn.execute(update(t.entity).where(t.entity.c.id == "kz-fiu-P-4").values(listed=True))
    assert problems(sound)["entities"] == [
        "entity kz-fiu-P-4 is marked listed, but its listings say delisted"
    ]


def test_clusters_that_disagree_with_the_judgements_are_found(sound: Engine) -> None:
    with sound.begin() as conn:
        conn.execute(text("DELETE FROM cluster_member WHERE entity_id = 'kz-fiu-P-2'"))
    assert "kz-fiu-P-1, kz-fiu-P-2" in problems(sound)["clusters"][0]


def test_a_half_applied_transition_is_found(sound: Engine) -> None:
    with sound.begin() as conn:
        conn.execute(update(lc_record).values(status="refused"))
    assert "its newest event" in problems(sound)["lifecycles"][0]


def test_a_broken_audit_chain_is_found(sound: Engine) -> None:
    with sound.begin() as conn:
        conn.execute(text("UPDATE audit_head SET seq = seq + 1"))
    assert problems(sound)["audit"] and audit.verify(sound).ok is False


def test_the_command_says_what_is_wrong_and_exits_1(sound: Engine, db_url: str) -> None:
    ok = interlist("check", "--json", db=db_url)
    assert ok.code == 0 and all(f["ok"] for f in ok.json())
    with sound.begin() as conn:
        conn.execute(update(t.entity).where(t.entity.c.id == "kz-fiu-P-4").values(listed=True))
    bad = interlist("check", db=db_url)
    assert bad.code == 1 and "kz-fiu-P-4" in bad.stdout
