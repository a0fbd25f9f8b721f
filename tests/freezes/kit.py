"""Freezes for the register's tests: the cooperation kit's states and lists, a
recognition, and a short way to record a freeze."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from interlist.cooperation import recognition
from interlist.cooperation.recognition import Request
from interlist.freezes import register
from interlist.freezes.register import FreezeInput
from tests.cooperation.kit import PEOPLE, actor, load, national_csv, setup_states


def world(engine: Engine, folder: Path) -> dict[str, int]:
    """kz, uz, kg; kz's national list of four; uz recognises P-1 and P-2 of it."""
    setup_states(engine)
    load(engine, national_csv(folder, PEOPLE, "2026-01-10"))
    return {n: recognise(engine, f"kz-fiu-P-{n}", "uz") for n in (1, 2)}


def recognise(engine: Engine, entity_id: str, to: str) -> int:
    with engine.begin() as conn:
        asked = Request(entity_id, to, "Law art. 12", "Financed a listed group", ["asset_freeze"])
        rid = int(recognition.request(conn, actor(engine, "kz-analyst"), asked)["id"])
        recognition.decide(conn, actor(engine, f"{to}-analyst"), rid, "recognised",
                           legal_act="14/2026")  # fmt: skip
    return rid


def freeze_input(entity_id: str, amount: str = "12500.00", currency: str = "KZT",
                 **kw: Any) -> FreezeInput:  # fmt: skip
    values: dict[str, Any] = {
        "entity_id": entity_id, "institution": "Halyk Bank", "asset_type": "bank_account",
        "identifier": "KZ86125KZT5004100100", "amount": amount, "currency": currency,
        "frozen_on": "2026-02-01", **kw,
    }  # fmt: skip
    return FreezeInput(**values)


def freeze(engine: Engine, user: str, entity_id: str, **kw: Any) -> dict[str, Any]:
    with engine.begin() as conn:
        return register.record(conn, actor(engine, user), freeze_input(entity_id, **kw))
