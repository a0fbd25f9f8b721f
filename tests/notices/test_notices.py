"""Wanted notices through the domain functions, on a fresh databank."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine, select, update

from interlist import notices
from interlist.access import audit
from interlist.cooperation import collection
from interlist.errors import ConflictError, InvalidInputError, PermissionDeniedError
from interlist.lifecycle import inconsistent
from interlist.notices import hits, source
from interlist.store import lifecycle_tables as lt
from interlist.store import read
from interlist.store import tables as t
from tests.cooperation.kit import actor, setup_states
from tests.notices.kit import CHECKLIST, make, move, published


@pytest.fixture
def states(engine: Engine) -> Engine:
    setup_states(engine)
    return engine


def test_a_draft_keeps_the_subject_in_every_script(states: Engine) -> None:
    found = make(states)
    assert found["status"] == "draft" and found["issuing_state"] == "kz"
    assert found["entity_id"] == f"notices-{found['id']}"
    props = found["subject"]["properties"]
    assert "Тохтаров Бауыржан Нурланович" in props["name"] and props["nationality"] == ["kz"]
    assert found["offence"]["topic"] == "crime.terror" and found["flags"] == ["armed"]
    assert found["allowed"] == ["submitted", "withdrawn"]


def test_the_draft_is_checked(states: Engine) -> None:
    with pytest.raises(InvalidInputError, match="category"):
        make(states, category="tax_evasion")
    with pytest.raises(InvalidInputError, match="Person property"):
        make(states, subject={"name": ["X"], "ownershipType": ["y"]})
    with pytest.raises(InvalidInputError, match="name"):
        make(states, subject={"birthDate": ["1980"]})
    with pytest.raises(PermissionDeniedError):
        make(states, user="centre-analyst")  # the centre issues no notice


def test_review_and_publication(states: Engine) -> None:
    rid = make(states)["id"]
    with pytest.raises(PermissionDeniedError):  # the issuer does not publish its own
        move(states, "kz-analyst", rid, "published", checklist=CHECKLIST)
    with pytest.raises(ConflictError):  # not submitted yet
        move(states, "centre-analyst", rid, "published", checklist=CHECKLIST)
    move(states, "kz-analyst", rid, "submitted")
    asked = move(states, "centre-analyst", rid, "info_requested", note="Which court?")
    assert asked["status"] == "info_requested"
    assert move(states, "kz-analyst", rid, "submitted", note="Shymkent")["status"] == "submitted"
    with pytest.raises(InvalidInputError, match="not_political"):
        move(
            states,
            "centre-analyst",
            rid,
            "published",
            checklist={**CHECKLIST, "not_political": False},
        )
    done = move(states, "centre-analyst", rid, "published", checklist=CHECKLIST)
    assert done["status"] == "published" and done["screened"] and done["checklist"] == CHECKLIST
    expires = datetime.fromisoformat(done["expires_at"])
    assert expires.year - datetime.now(UTC).year == 5 and not done["expiry_warning"]
    assert [e["transition"] for e in done["history"]] == [
        "drafted",
        "submitted",
        "info_requested",
        "answered",
        "published",
    ]
    with states.connect() as conn:
        assert not inconsistent(conn)
    logged = [e.action for e in audit.entries(states, limit=50)]
    assert "notice.published" in logged and "notice.drafted" in logged


def test_the_penalty_threshold_is_checked(states: Engine) -> None:
    rid = make(states, max_penalty_years=1)["id"]
    move(states, "kz-analyst", rid, "submitted")
    with pytest.raises(InvalidInputError, match="penalty_threshold"):
        move(states, "centre-analyst", rid, "published", checklist=CHECKLIST)
    refused = move(states, "centre-analyst", rid, "refused", note="Below the threshold",
                   checklist={**CHECKLIST, "penalty_threshold": False})  # fmt: skip
    assert refused["status"] == "refused" and not refused["screened"]


def test_published_subject_is_a_listed_person_until_withdrawn(states: Engine) -> None:
    found = published(states)
    eid = found["entity_id"]
    with states.connect() as conn:
        entity = read.get_entity(conn, eid)
        assert entity is not None and set(entity.get("topics")) == {"wanted", "crime.terror"}
        assert "notices" in collection(conn, "uz").sources
        assert {r.entity_id for r in source.screened_rows(conn)} == {eid}
    move(states, "kz-analyst", found["id"], "withdrawn", note="Case closed")
    with states.connect() as conn:
        listed = conn.scalar(select(t.entity.c.listed).where(t.entity.c.id == eid))
        assert listed is False and source.stopped(conn) == {eid}


def test_search_located_detained_extradited(states: Engine) -> None:
    rid = published(states)["id"]
    with pytest.raises(PermissionDeniedError):  # on another state's territory
        move(states, "uz-analyst", rid, "located", state="kg")
    located = move(states, "uz-analyst", rid, "located", place="Tashkent")
    assert located["status"] == "located"
    with pytest.raises(PermissionDeniedError):  # only the issuing state records it
        move(states, "uz-analyst", rid, "extradited")
    move(states, "uz-analyst", rid, "detained")
    with pytest.raises(ConflictError):
        move(states, "kz-analyst", rid, "located")
    done = move(states, "kz-analyst", rid, "extradited", note="Handed over at the border")
    assert done["status"] == "extradited" and not done["screened"]
    states_in_history = [e["state"] for e in done["history"]]
    assert states_in_history[-3:] == ["uz", "uz", "kz"]


def test_a_state_flags_it_will_not_act(states: Engine) -> None:
    rid = published(states)["id"]
    with states.begin() as conn, pytest.raises(InvalidInputError):
        notices.flag(conn, actor(states, "kg-analyst"), rid, "")
    with states.begin() as conn:
        found = notices.flag(conn, actor(states, "kg-analyst"), rid, "Refugee status")
    assert found["not_acting"][0]["state"] == "kg"


def test_expiry_and_renewal(states: Engine) -> None:
    rid = published(states)["id"]
    renewed = move(states, "kz-analyst", rid, "renewed", note="Still sought")
    assert renewed["status"] == "published"
    r = lt.lc_record.c
    soon = datetime.now(UTC) + timedelta(days=30)
    with states.begin() as conn:
        conn.execute(update(lt.lc_record).where(r.id == rid).values(due_at=soon))
    with states.connect() as conn:
        warned = notices.search(conn, actor(states, "kz-analyst"), expiring=True)
    assert [n["id"] for n in warned] == [rid]
    with states.begin() as conn:
        conn.execute(update(lt.lc_record).where(r.id == rid).values(
            due_at=datetime.now(UTC) - timedelta(seconds=1)))  # fmt: skip
        assert source.screened_rows(conn) == []  # stops at once, before the sweep below
        assert notices.expire_due(conn) == [rid]
    with states.connect() as conn:
        assert notices.get(conn, rid)["status"] == "expired"


def test_who_sees_what(states: Engine) -> None:
    rid = make(states)["id"]
    with states.connect() as conn:
        with pytest.raises(PermissionDeniedError):
            notices.get(conn, rid, actor(states, "uz-analyst"))
        assert notices.search(conn, actor(states, "centre-analyst")) == []
    move(states, "kz-analyst", rid, "submitted")
    with states.connect() as conn:
        assert len(notices.search(conn, actor(states, "centre-analyst"))) == 1
        assert notices.search(conn, actor(states, "uz-analyst")) == []


def test_hit_reports_dedupe_and_fall_overdue(states: Engine) -> None:
    rid = published(states)["id"]
    record = {"id": "PR-1", "query": {"schema": "Person", "properties": {"name": ["X"]}}}
    found = hits.Found(record, ("other-id", f"notices-{rid}"), 0.91, {"name": "close"})
    stranger = hits.Found(record, ("un-sc-1",), 0.95, {})
    with states.begin() as conn:
        made = hits.report(conn, actor(states, "uz-analyst"), "api", [found, stranger, found])
    assert made[1] is None and made[0] == made[2] and made[0] is not None and made[0]["new"]
    with states.begin() as conn:
        again = hits.report(conn, actor(states, "uz-analyst"), "batch", [found])
        other = hits.report(conn, actor(states, "kg-analyst"), "api", [found])
    assert again[0] == {**made[0], "new": False} and other[0]["new"]  # type: ignore[index]
    report = made[0]["hit_report_id"]
    with states.connect() as conn:
        assert hits.search(conn, actor(states, "kz-analyst"), overdue=True) == []
        due = hits.get(conn, report)["due_at"]
    assert datetime.fromisoformat(due) - datetime.now(UTC) < timedelta(hours=12, minutes=1)
    r = lt.lc_record.c
    with states.begin() as conn:
        conn.execute(update(lt.lc_record).where(r.id == report).values(
            due_at=datetime.now(UTC) - timedelta(minutes=1)))  # fmt: skip
    with states.connect() as conn:
        late = hits.search(conn, actor(states, "kz-analyst"), overdue=True)
        assert [h["id"] for h in late] == [report] and late[0]["overdue"]
        assert [h["id"] for h in hits.search(conn, actor(states, "kg-analyst"))] != [report]
    with states.begin() as conn, pytest.raises(PermissionDeniedError):
        hits.acknowledge(conn, actor(states, "uz-analyst"), report, "confirmed")
    with states.begin() as conn:
        done = hits.acknowledge(conn, actor(states, "kz-analyst"), report, "not_the_person",
                                "Born elsewhere")  # fmt: skip
    assert done["status"] == "not_the_person" and done["note"] == "Born elsewhere"
