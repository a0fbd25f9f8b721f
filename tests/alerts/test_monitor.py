"""Subjects, screening on registration and after each ingest, memory of the cleared."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from interlist.alerts import decisions, subjects
from interlist.errors import ConflictError, PermissionDeniedError
from interlist.store import alert_tables as at
from tests.alerts.kit import LISTED, national, register, setup
from tests.cooperation.kit import actor, load

# The listed persons spelled otherwise (Cyrillic, another transliteration), and others.
SUBJECTS = [
    {"id": "C-1", "name": "Жакупов Арман Серикович", "birth_date": "14.03.1980"},
    {"id": "C-2", "name": "Daniiar Kasymov", "birth_date": "1975-07-02", "nationality": "kz"},
    {"id": "C-3", "name": "Maria Petrova", "birth_date": "1990-01-01"},
    {"id": "C-4", "name": "Ivan Sidorov", "birth_date": "1985-05-05"},
]


def _alerts(engine: Engine, user: str = "kz-analyst", **filters: object) -> list[dict]:
    with engine.connect() as conn:
        return decisions.search(conn, actor(engine, user), **filters)  # type: ignore[arg-type]


@pytest.fixture
def watched(engine: Engine, tmp_path: Path) -> Engine:
    setup(engine)
    load(engine, national(tmp_path, LISTED, "2026-01-10"))
    done = register(engine, "kz-analyst", SUBJECTS)
    assert (len(done.registered), done.unchanged, done.bad) == (4, 0, [])
    return engine


def test_registration_alerts_the_listed_spelled_otherwise(watched: Engine) -> None:
    found = {a["subject_id"]: a for a in _alerts(watched)}
    assert set(found) == {"C-1", "C-2"}
    alert = found["C-1"]
    assert alert["entity_id"].endswith("P-1") and alert["status"] == "open"
    assert alert["score"] >= 0.7 and alert["explanation"]
    assert alert["cause"]["kind"] == "registration" and alert["entity_version"]
    assert alert["due_at"] and not alert["overdue"]


def test_each_agency_sees_only_its_own(watched: Engine) -> None:
    assert _alerts(watched, "uz-analyst") == []
    with watched.connect() as conn:
        with pytest.raises(PermissionDeniedError):
            subjects.search(conn, actor(watched, "uz-analyst"), "kz-fiu")
        alert_id = _alerts(watched)[0]["id"]
        with pytest.raises(PermissionDeniedError):
            decisions.get(conn, alert_id, actor(watched, "uz-analyst"))
        own = subjects.search(conn, actor(watched, "kz-analyst"), "kz-fiu")
    assert [s["subject_id"] for s in own] == ["C-1", "C-2", "C-3", "C-4"]


def test_update_and_removal_keep_history(watched: Engine) -> None:
    again = register(
        watched, "kz-analyst", [SUBJECTS[2], {**SUBJECTS[3], "name": "Ivan Sidorenko"}]
    )
    assert (again.registered, again.unchanged, len(again.updated)) == ([], 1, 1)
    from interlist import alerts

    who = actor(watched, "kz-analyst")
    with watched.begin() as conn:
        assert alerts.remove(conn, who, "kz-fiu", ["C-1"]) == {
            "agency": "kz-fiu", "removed": 1, "withdrawn": 1}  # fmt: skip
    with watched.connect() as conn:
        c4 = subjects.get(conn, who, "kz-fiu", "C-4")
        c1 = subjects.get(conn, who, "kz-fiu", "C-1")
    assert [h["action"] for h in c4["history"]] == ["registered", "updated"]
    assert c4["revision"] == 2 and c4["name"] == "Ivan Sidorenko"
    assert [h["action"] for h in c1["history"]] == ["registered", "removed"]
    assert not c1["active"]
    assert [a["status"] for a in _alerts(watched, subject="C-1")] == ["withdrawn"]


def test_new_designation_alerts_within_the_ingest(watched: Engine, tmp_path: Path) -> None:
    before = {a["id"] for a in _alerts(watched)}
    records = {**LISTED, "P-4": ("Timur Askarovich NURGALIYEV", "", "1988-02-29")}
    register(watched, "kz-analyst", [{"id": "C-5", "name": "Тимур Нургалиев"}])
    assert {a["subject_id"] for a in _alerts(watched)} == {"C-1", "C-2"}
    load(watched, national(tmp_path, records, "2026-02-10"))
    new = [a for a in _alerts(watched) if a["id"] not in before]
    assert [(a["subject_id"], a["cause"]["kind"], a["cause"]["change"]) for a in new] == [
        ("C-5", "list_version", "added")
    ]


def test_memory_of_the_cleared(watched: Engine, tmp_path: Path) -> None:
    first = next(a for a in _alerts(watched) if a["subject_id"] == "C-2")
    with watched.begin() as conn:
        done = decisions.decide(conn, actor(watched, "kz-analyst"), first["id"],
                                "false_positive", "different_person", "known customer")  # fmt: skip
    assert done["status"] == "false_positive" and done["reason"] == "different_person"
    # a new version that leaves the entity as it was (another entry changes)
    changed = {**LISTED, "P-3": ("Yerlan Maratovich ISKAKOV", "Erlan Iskakov", "1969-11-23")}
    load(watched, national(tmp_path, changed, "2026-02-10"))
    assert [a["status"] for a in _alerts(watched, subject="C-2")] == ["false_positive"]
    # one that adds an alias to it re-opens the pair, saying what changed
    alias = {**changed, "P-2": ("Daniyar Bolatovich KASYMOV", "Daniyar Kassymov", "1975-07-02")}
    load(watched, national(tmp_path, alias, "2026-03-10"))
    pair = _alerts(watched, subject="C-2")
    assert sorted(a["status"] for a in pair) == ["false_positive", "open"]
    reopened = next(a for a in pair if a["status"] == "open")
    assert reopened["changes"]["entity"]["added"] == {"alias": ["Daniyar Kassymov"]}
    assert reopened["changes"]["previous_alert"] == first["id"]
    assert reopened["cause"]["change"] == "changed"


def test_subject_update_rescreens_a_cleared_pair(watched: Engine) -> None:
    first = next(a for a in _alerts(watched) if a["subject_id"] == "C-1")
    with watched.begin() as conn:
        decisions.decide(conn, actor(watched, "kz-analyst"), first["id"], "false_positive",
                         "different_birth_date")  # fmt: skip
    register(watched, "kz-analyst", [SUBJECTS[0]])  # unchanged: nothing
    assert len(_alerts(watched, subject="C-1")) == 1
    register(watched, "kz-analyst", [{**SUBJECTS[0], "id_number": "N1234567"}])
    pair = _alerts(watched, subject="C-1", status="open")
    assert len(pair) == 1
    assert pair[0]["changes"]["subject"]["added"] == {"idNumber": ["N1234567"]}


def test_four_eyes(watched: Engine) -> None:
    alert_id = next(a["id"] for a in _alerts(watched) if a["subject_id"] == "C-1")
    first, second = actor(watched, "kz-analyst"), actor(watched, "kz-analyst2")
    with watched.begin() as conn:
        pending = decisions.decide(conn, first, alert_id, "confirmed", "same_person")
    assert pending["status"] == "confirmed_pending" and "approved" not in pending["allowed"]
    with watched.begin() as conn, pytest.raises(PermissionDeniedError):
        decisions.approve(conn, first, alert_id, True)
    with watched.begin() as conn, pytest.raises(PermissionDeniedError):
        decisions.approve(conn, actor(watched, "uz-analyst"), alert_id, True)
    with watched.begin() as conn:
        back = decisions.approve(conn, second, alert_id, False, "birth date unclear")
    assert back["status"] == "open"
    with watched.begin() as conn:
        decisions.decide(conn, first, alert_id, "confirmed", "same_person")
        done = decisions.approve(conn, second, alert_id, True)
    assert done["status"] == "confirmed" and done["freeze"]
    assert [e["transition"] for e in done["history"]] == [
        "opened", "confirmed", "refused", "confirmed", "approved"]  # fmt: skip
    with watched.begin() as conn, pytest.raises(ConflictError):
        decisions.decide(conn, first, alert_id, "false_positive", "common_name")


def test_escalation_opens_a_case(watched: Engine) -> None:
    from interlist.alerts import cases

    alert_id = next(a["id"] for a in _alerts(watched) if a["subject_id"] == "C-2")
    who = actor(watched, "kz-analyst")
    with watched.begin() as conn:
        done = decisions.decide(conn, who, alert_id, "escalated", "needs_investigation", "check")
        case = cases.move(conn, who, done["case_id"], "noted", note="asked the bank")
        closed = cases.move(conn, who, case["id"], "closed", outcome="no_match")
    assert closed["status"] == "closed" and closed["outcome"] == "no_match"
    assert [a["id"] for a in closed["alerts"]] == [alert_id]
    assert closed["assignee"] == "kz-analyst"


def test_every_decision_is_audited(watched: Engine) -> None:
    from interlist.store import access_tables as acc

    alert_id = _alerts(watched)[0]["id"]
    with watched.begin() as conn:
        decisions.decide(conn, actor(watched, "kz-analyst"), alert_id, "false_positive",
                         "common_name")  # fmt: skip
        actions = list(conn.scalars(select(acc.audit_log.c.action)))
    assert "alert.false_positive" in actions and "alert.opened" in actions


def test_keys_are_kept_per_subject(watched: Engine) -> None:
    with watched.connect() as conn:
        n = len(list(conn.execute(select(at.monitor_key.c.key).distinct())))
    assert n > 20


def test_a_recognition_decision_alerts_the_state_s_subjects(watched: Engine) -> None:
    from interlist.cooperation import recognition
    from interlist.cooperation.recognition import Request

    uz = [{"id": "U-1", "name": "Arman Zhakupov", "birth_date": "1980-03-14"}]
    assert register(watched, "uz-analyst", uz, dataset="uz").alerts == []  # not in force in uz
    asked = Request("kz-fiu-P-1", "uz", "Law art. 12", "Financed a listed group")
    with watched.begin() as conn:
        rid = recognition.request(conn, actor(watched, "kz-analyst"), asked)["id"]
        recognition.decide(conn, actor(watched, "uz-analyst"), rid, "recognised",
                           legal_act="14/2026")  # fmt: skip
    found = _alerts(watched, "uz-analyst")
    assert [(a["subject_id"], a["cause"]["kind"], a["cause"]["recognition_id"]) for a in found] == [
        ("U-1", "recognition", rid)
    ]


def test_an_alert_carries_the_measures_of_its_listing(watched: Engine) -> None:
    alert = next(a for a in _alerts(watched) if a["subject_id"] == "C-1")
    assert alert["measures"] == ["asset_freeze"]  # a member state's national list freezes
    with watched.begin() as conn:  # the same pair on a listing that freezes nothing
        conn.execute(at.alert.update().where(at.alert.c.record_id == alert["id"])
                     .values(measures=["export_restriction"]))  # fmt: skip
        decisions.decide(conn, actor(watched, "kz-analyst"), alert["id"], "confirmed",
                         "same_person")  # fmt: skip
        done = decisions.approve(conn, actor(watched, "kz-analyst2"), alert["id"], True)
    assert done["status"] == "confirmed" and done["freeze"] is False


def test_delisting_withdraws_the_undecided_alerts(watched: Engine, tmp_path: Path) -> None:
    kept = {k: v for k, v in LISTED.items() if k != "P-2"}
    load(watched, national(tmp_path, kept, "2026-02-10"))
    pair = _alerts(watched, subject="C-2")
    assert [a["status"] for a in pair] == ["withdrawn"]
    with watched.connect() as conn:
        note = decisions.get(conn, pair[0]["id"])["history"][-1]["note"]
    assert note.startswith("delisted by kz_fiu")
    assert [a["status"] for a in _alerts(watched, subject="C-1")] == ["open"]  # still listed
