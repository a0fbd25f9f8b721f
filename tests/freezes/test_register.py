"""The freeze register through its domain functions: recording, licences within the
balance, seizure and confiscation, the basis ending at an ingest or by a decision."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine

from interlist.cooperation import recognition
from interlist.errors import (
    ConflictError,
    InvalidInputError,
    NotFoundError,
    PermissionDeniedError,
)
from interlist.freezes import licences, register
from interlist.freezes.licences import Licence
from interlist.lifecycle import inconsistent
from tests.cooperation.kit import PEOPLE, actor, load, national_csv
from tests.freezes.kit import freeze, freeze_input, world


@pytest.fixture
def ids(engine: Engine, tmp_path: Path) -> dict[str, int]:
    return world(engine, tmp_path)


def grant(engine: Engine, user: str, fid: int, amount: str, **kw: str) -> dict:  # type: ignore[type-arg]
    asked = Licence(kw.pop("ground", "rent"), amount, kw.pop("currency", "KZT"),
                    kw.pop("granted_on", "2026-03-01"), **kw)  # fmt: skip
    with engine.begin() as conn:
        return licences.grant(conn, actor(engine, user), fid, asked)


def move(engine: Engine, user: str, fid: int, to: str, when: str = "2026-04-01") -> dict:  # type: ignore[type-arg]
    with engine.begin() as conn:
        return register.move(conn, actor(engine, user), fid, to, "Court order 7/2026", when)


def test_a_freeze_on_the_states_own_listing(engine: Engine, ids: dict[str, int]) -> None:
    made = freeze(engine, "kz-analyst", "kz-fiu-P-3")
    assert made["status"] == "frozen" and made["state"] == "kz"
    assert made["basis"] == {"kind": "listing", "ref": "kz_fiu"}
    assert made["balance"] == "12500.00" and made["currency"] == "KZT"
    assert made["identifier"] == "KZ86125KZT5004100100" and not made["identifier_masked"]
    assert made["allowed"] == ["seized", "unfrozen", "review_required", "licence"]
    with engine.connect() as conn:
        centre = register.get(conn, made["id"], actor(engine, "centre-analyst"))
        assert centre["identifier"].endswith("0100") and "KZ86" not in centre["identifier"]
        with pytest.raises(PermissionDeniedError):
            register.get(conn, made["id"], actor(engine, "uz-analyst"))
        assert register.search(conn, actor(engine, "uz-analyst")) == []
        assert inconsistent(conn) == []


def test_refused_inputs(engine: Engine, ids: dict[str, int]) -> None:
    with pytest.raises(PermissionDeniedError):
        freeze(engine, "kz-analyst", "kz-fiu-P-3", state="uz")
    with pytest.raises(InvalidInputError, match="amount"):
        freeze(engine, "kz-analyst", "kz-fiu-P-3", amount=12.5)  # a float
    with pytest.raises(InvalidInputError, match="asset_type"):
        freeze(engine, "kz-analyst", "kz-fiu-P-3", asset_type="gold")
    with pytest.raises(NotFoundError):
        freeze(engine, "kz-analyst", "nobody")
    with pytest.raises(InvalidInputError, match="basis"):
        freeze(engine, "uz-analyst", "kz-fiu-P-3")  # not recognised by uz
    with pytest.raises(InvalidInputError, match=r"basis\.ref"):
        freeze(
            engine, "uz-analyst", "kz-fiu-P-1", basis_kind="recognition", basis_ref=str(ids[2] + 99)
        )


def test_licences_never_above_the_balance(engine: Engine, ids: dict[str, int]) -> None:
    fid = freeze(engine, "kz-analyst", "kz-fiu-P-3")["id"]
    done = grant(engine, "kz-analyst", fid, "2500.50", committee_notified_on="2026-02-20")
    assert done["status"] == "partially_released" and done["balance"] == "9999.50"
    assert done["licences"][0]["ground"] == "rent" and done["licences"][0]["category"] == "basic"
    with pytest.raises(InvalidInputError, match=r"balance still frozen \(9999.50 KZT\)"):
        grant(engine, "kz-analyst", fid, "10000")
    with pytest.raises(InvalidInputError, match="currency"):
        grant(engine, "kz-analyst", fid, "10", currency="USD")
    with pytest.raises(InvalidInputError, match="ground"):
        grant(engine, "kz-analyst", fid, "10", ground="holiday")
    with pytest.raises(PermissionDeniedError):
        grant(engine, "uz-analyst", fid, "10")
    again = grant(engine, "kz-analyst", fid, "9999.50", ground="medicine")
    assert again["balance"] == "0.00" and len(again["licences"]) == 2
    step = again["history"][-1]
    assert step["transition"] == "licensed" and step["payload"]["amount"] == "9999.50"
    assert step["actor"] == "kz-analyst" and step["payload"]["date"] == "2026-03-01"


def test_seizure_then_confiscation(engine: Engine, ids: dict[str, int]) -> None:
    fid = freeze(engine, "kz-analyst", "kz-fiu-P-4", amount="700000")["id"]
    with pytest.raises(ConflictError):
        move(engine, "kz-analyst", fid, "confiscated")
    with pytest.raises(PermissionDeniedError):
        move(engine, "uz-analyst", fid, "seized")
    move(engine, "kz-analyst", fid, "seized")
    done = move(engine, "kz-analyst", fid, "confiscated", "2026-06-01")
    assert done["status"] == "confiscated" and done["allowed"] == []
    last = done["history"][-1]
    assert last["payload"] == {"act": "Court order 7/2026", "date": "2026-06-01",
                               "amount": "700000", "currency": "KZT"}  # fmt: skip
    with pytest.raises(ConflictError):
        grant(engine, "kz-analyst", fid, "1")


def test_recognition_revoked_puts_freezes_under_review(engine: Engine, ids: dict[str, int]) -> None:
    made = freeze(engine, "uz-analyst", "kz-fiu-P-1", currency="UZS")
    assert made["basis"] == {"kind": "recognition", "ref": str(ids[1])}
    with engine.begin() as conn:
        recognition.decide(conn, actor(engine, "uz-analyst"), ids[1], "revoked",
                           legal_act="15/2026")  # fmt: skip
    with engine.connect() as conn:
        found = register.get(conn, made["id"], actor(engine, "uz-analyst"))
        queue = register.search(conn, actor(engine, "uz-analyst"), needs_review=True)
    assert found["status"] == "review_required" and found["needs_review"]
    assert found["due_kind"] == "review" and found["due_at"]
    assert found["history"][-1]["actor"] == "interlist"
    assert [f["id"] for f in queue] == [made["id"]]
    done = move(engine, "uz-analyst", made["id"], "unfrozen")
    assert done["status"] == "unfrozen" and done["history"][-1]["payload"]["amount"] == "12500.00"


def test_delisting_at_ingest_ends_listing_and_recognition_bases(
    engine: Engine, ids: dict[str, int], tmp_path: Path
) -> None:
    own = freeze(engine, "kz-analyst", "kz-fiu-P-2")
    kept = freeze(engine, "kz-analyst", "kz-fiu-P-3")
    recognised = freeze(engine, "uz-analyst", "kz-fiu-P-2", currency="UZS")
    rest = {k: v for k, v in PEOPLE.items() if k != "P-2"}
    load(engine, national_csv(tmp_path, rest, "2026-03-10"))
    with engine.connect() as conn:
        status = {
            f["id"]: f["status"] for f in register.search(conn, actor(engine, "centre-analyst"))
        }
    assert status[own["id"]] == "review_required"
    assert status[recognised["id"]] == "review_required"
    assert status[kept["id"]] == "frozen"
    back = move(engine, "kz-analyst", own["id"], "frozen")
    assert back["status"] == "frozen" and back["needs_review"] is False


def test_a_file_is_recorded_whole_or_not_at_all(engine: Engine, ids: dict[str, int]) -> None:
    rows = [freeze_input("kz-fiu-P-3"), freeze_input("kz-fiu-P-4", amount="-5")]
    with engine.begin() as conn, pytest.raises(InvalidInputError, match="row 3: amount"):
        register.record_many(conn, actor(engine, "kz-analyst"), rows, ["row 2", "row 3"])
    with engine.connect() as conn:
        assert register.search(conn, actor(engine, "kz-analyst")) == []


def test_identifiers_are_for_the_recording_agency(engine: Engine, ids: dict[str, int]) -> None:
    from interlist.access import users
    from interlist.cooperation.states import place_agency

    with engine.begin() as conn:
        users.ensure_agency(conn, "kz-police")
        place_agency(conn, "kz-police", "kz", centre=False)
        users.add_user(conn, "kz-officer", "kz-police", "analyst", "pw-officer-123")
    fid = freeze(engine, "kz-analyst", "kz-fiu-P-3")["id"]
    with engine.connect() as conn:
        seen = register.get(conn, fid, actor(engine, "kz-officer"))
        listed = register.search(conn, actor(engine, "kz-officer"))
    assert seen["identifier_masked"] and seen["identifier"] == "•" * 16 + "0100"
    assert listed[0]["identifier"] == seen["identifier"]
    assert "licence" in seen["allowed"]  # the same state's agencies act on it
