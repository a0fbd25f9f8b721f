"""Recognition requests and decisions through the domain functions, on a fresh databank."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine

from interlist.access import audit
from interlist.cooperation import collection, recognition
from interlist.cooperation.recognition import Request
from interlist.errors import ConflictError, InvalidInputError, PermissionDeniedError
from interlist.lifecycle import inconsistent
from tests.cooperation.kit import PEOPLE, actor, load, national_csv, setup_states


@pytest.fixture
def kz_listed(engine: Engine, tmp_path: Path) -> Engine:
    setup_states(engine)
    load(engine, national_csv(tmp_path, PEOPLE, "2026-01-10"))
    return engine


def ask(engine: Engine, entity: str, to: str = "uz") -> dict:  # type: ignore[type-arg]
    with engine.begin() as conn:
        return recognition.request(
            conn, actor(engine, "kz-analyst"),
            Request(entity, to, "Law art. 12", "Financed a terrorist group", ["asset_freeze"]),
        )  # fmt: skip


def decide(engine: Engine, user: str, rid: int, decision: str, **kw: str) -> dict:  # type: ignore[type-arg]
    with engine.begin() as conn:
        return recognition.decide(conn, actor(engine, user), rid, decision, **kw)


def test_source_of_a_national_list_belongs_to_its_country(kz_listed: Engine) -> None:
    with kz_listed.connect() as conn:
        kz = collection(conn, "kz")
        uz = collection(conn, "uz")
    assert kz.sources == ("kz_fiu",)
    assert uz.sources == () and uz.entities == frozenset()


def test_request_recognise_refuse_and_the_collection(kz_listed: Engine) -> None:
    first, second = (ask(kz_listed, f"kz-fiu-P-{n}") for n in (1, 2))
    assert first["status"] == "requested" and first["from_state"] == "kz"
    assert first["due_kind"] == "response" and first["due_at"]
    done = decide(kz_listed, "uz-analyst", first["id"], "recognised", legal_act="14/2026")
    assert done["status"] == "recognised" and done["due_kind"] == "review"
    refused = decide(kz_listed, "uz-analyst", second["id"], "refused",
                     ground="insufficient_information")  # fmt: skip
    assert refused["ground"] == "insufficient_information"
    with kz_listed.connect() as conn:
        uz = collection(conn, "uz")
    assert uz.entities == frozenset({"kz-fiu-P-1"})
    assert uz.decisions_for(["kz-fiu-P-1"])[0]["text"].endswith("decision 14/2026")
    assert [e["to_status"] for e in done["history"]] == ["requested", "recognised"]


def test_wrong_state_is_403_and_wrong_status_is_409(kz_listed: Engine) -> None:
    rid = ask(kz_listed, "kz-fiu-P-1")["id"]
    with pytest.raises(PermissionDeniedError):
        decide(kz_listed, "kg-analyst", rid, "recognised", legal_act="1")
    with pytest.raises(PermissionDeniedError):  # a viewer of the right state lacks the permission
        decide(kz_listed, "uz-viewer", rid, "recognised", legal_act="1")
    with pytest.raises(PermissionDeniedError):  # the requester cannot decide its own request
        decide(kz_listed, "kz-analyst", rid, "recognised", legal_act="1")
    decide(kz_listed, "uz-analyst", rid, "refused", ground="humanitarian")
    with pytest.raises(ConflictError):
        decide(kz_listed, "uz-analyst", rid, "recognised", legal_act="1")
    with pytest.raises(ConflictError):
        ask(kz_listed, "kz-fiu-P-2", "uz") and ask(kz_listed, "kz-fiu-P-2", "uz")


def test_fields_and_grounds_are_checked(kz_listed: Engine) -> None:
    rid = ask(kz_listed, "kz-fiu-P-1")["id"]
    with pytest.raises(InvalidInputError, match="ground"):
        decide(kz_listed, "uz-analyst", rid, "refused")
    with pytest.raises(InvalidInputError, match="ground"):
        decide(kz_listed, "uz-analyst", rid, "refused", ground="bored")
    with pytest.raises(InvalidInputError, match="note"):
        decide(kz_listed, "uz-analyst", rid, "refused", ground="other")
    info = decide(kz_listed, "uz-analyst", rid, "info_requested", note="Which group?")
    assert info["status"] == "info_requested"
    back = decide(kz_listed, "kz-analyst", rid, "answered", note="Group X, see annex")
    assert back["status"] == "requested"


def test_delisting_lapses_the_recognition_in_the_same_ingest(
    kz_listed: Engine, tmp_path: Path
) -> None:
    rid = ask(kz_listed, "kz-fiu-P-1")["id"]
    decide(kz_listed, "uz-analyst", rid, "recognised", legal_act="14/2026")
    kept = {k: v for k, v in PEOPLE.items() if k != "P-1"}
    (outcome,) = load(kz_listed, national_csv(tmp_path, kept, "2026-03-01"))
    assert outcome.lapsed == [rid]
    with kz_listed.connect() as conn:
        found = recognition.get(conn, rid)
        assert collection(conn, "uz").entities == frozenset()
        assert inconsistent(conn) == []
    assert found["status"] == "lapsed"
    assert found["history"][-1]["actor"] == "interlist"
    actions = [e.action for e in audit.entries(kz_listed)]
    assert actions.count("recognition.lapsed") == 1 and "recognition.recognised" in actions


def test_a_whole_list_to_several_states_skips_what_is_decided(kz_listed: Engine) -> None:
    rid = ask(kz_listed, "kz-fiu-P-1", "uz")["id"]
    decide(kz_listed, "uz-analyst", rid, "refused", ground="humanitarian")
    with kz_listed.begin() as conn:
        summary = recognition.request_list(
            conn, actor(kz_listed, "kz-analyst"), "kz_fiu", ["uz", "kg"],
            Request("", "", "Law art. 12", "Listed nationally", ["asset_freeze", "travel_ban"]),
        )  # fmt: skip
    assert summary["by_state"] == {"uz": 3, "kg": 4}
    assert summary["skipped"] == {"uz": 1, "kg": 0}
    with kz_listed.connect() as conn:
        kg_view = recognition.search(conn, actor(kz_listed, "kg-analyst"))
        uz_view = recognition.search(conn, actor(kz_listed, "uz-analyst"), status="requested")
        centre = recognition.search(conn, actor(kz_listed, "centre-analyst"))
        cells = recognition.matrix(conn)
    assert {r["to_state"] for r in kg_view} == {"kg"} and len(kg_view) == 4
    assert len(uz_view) == 3 and len(centre) == 8
    assert cells[("kz", "uz")] == {"refused": 1, "overdue": 0, "pending": 3}
