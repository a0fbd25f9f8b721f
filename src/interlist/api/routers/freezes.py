"""The asset-freeze register: ``/freezes``.

A caller acts for the member state of its agency: it records the assets frozen there,
grants licences and records their seizure, confiscation or release (403 for another
state's freezes, 409 for a move not allowed from the freeze's status, 422 for a
licence above the balance). Identifiers are masked except for the recording agency.
The coordinating centre reads every state's freezes and totals.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from fastapi import APIRouter, Depends, Query
from sqlalchemy import Engine

from interlist.api.deps import MAX_OFFSET, RecordId, get_engine, require_client
from interlist.api.freeze_models import (
    FreezeIn,
    FreezeList,
    FreezeOut,
    FreezeTransitionIn,
    LicenceIn,
    SummaryOut,
)
from interlist.api.lifecycle_models import errors
from interlist.api.responses import JSONBytes
from interlist.api.routers.recognitions import acting
from interlist.freezes import licences, register, returns
from interlist.lifecycle import Actor

router = APIRouter(tags=["Asset-freeze register"], dependencies=[Depends(require_client)])


@router.post("/freezes", status_code=201, summary="Record a freeze", response_model=FreezeOut,
             responses=errors(403, 404, 422))  # fmt: skip
def create(body: FreezeIn, actor: Actor = Depends(acting),
           engine: Engine = Depends(get_engine)) -> Any:  # fmt: skip
    """Record an asset frozen in the caller's state (status `frozen`), on the basis given
    or, without one, the entity's UN listing, its listing by the state, or the state's
    recognition of it."""
    with engine.begin() as conn:
        found = register.record(conn, actor, body.to_input())
    return JSONBytes(found, status_code=201)


@router.get("/freezes/summary", summary="Totals still frozen at a date",
            response_model=SummaryOut, responses=errors(403, 422))  # fmt: skip
def summary(
    state: str | None = Query(None, title="Of this state (default: the caller's)"),
    at: date | None = Query(None, title="At the end of this day (default: today)"),
    by: list[str] = Query([], title="Also by state, institution, asset_type or programme"),
    actor: Actor = Depends(acting),
    engine: Engine = Depends(get_engine),
) -> Any:
    """The balance still frozen at `at` and the number of freezes, per currency (no
    conversion), with what is seized and what licences released."""
    day = at or datetime.now(UTC).date()
    with engine.connect() as conn:
        return JSONBytes(returns.summary(conn, actor, state, day, by))


@router.get("/freezes", summary="Freezes", response_model=FreezeList)
def search(
    entity: str | None = Query(None, title="Of this entity"),
    state: str | None = Query(None, title="Held in this state"),
    status: str | None = Query(None, title="In this status"),
    needs_review: bool | None = Query(None, title="Only those whose basis ended (true)"),
    limit: int = Query(100, ge=1, le=1000),
    offset: int = Query(0, ge=0, le=MAX_OFFSET),
    actor: Actor = Depends(acting),
    engine: Engine = Depends(get_engine),
) -> Any:
    """The freezes of the caller's state (the centre: every state), those awaiting a
    review first."""
    with engine.connect() as conn:
        found = register.search(conn, actor, entity, state, status, needs_review, limit, offset)
    return JSONBytes({"results": found, "limit": limit, "offset": offset})


@router.get("/freezes/{record_id}", summary="A freeze with its history and licences",
            response_model=FreezeOut, responses=errors(403, 404))  # fmt: skip
def fetch(record_id: RecordId, actor: Actor = Depends(acting),
          engine: Engine = Depends(get_engine)) -> Any:  # fmt: skip
    with engine.connect() as conn:
        return JSONBytes(register.get(conn, record_id, actor))


@router.post("/freezes/{record_id}/licences", status_code=201, summary="Grant a licence",
             response_model=FreezeOut, responses=errors(403, 404, 409, 422))  # fmt: skip
def grant(record_id: RecordId, body: LicenceIn, actor: Actor = Depends(acting),
          engine: Engine = Depends(get_engine)) -> Any:  # fmt: skip
    """Release part of the funds; 422 naming the balance when the amount exceeds it."""
    with engine.begin() as conn:
        found = licences.grant(conn, actor, record_id, body.to_licence())
    return JSONBytes(found, status_code=201)


@router.post("/freezes/{record_id}/transitions", summary="Seize, confiscate, unfreeze",
             response_model=FreezeOut, responses=errors(403, 404, 409, 422))  # fmt: skip
def transition(record_id: RecordId, body: FreezeTransitionIn, actor: Actor = Depends(acting),
               engine: Engine = Depends(get_engine)) -> Any:  # fmt: skip
    """Move a freeze to `seized`, `confiscated`, `unfrozen`, back to `frozen` after a
    review, or to `review_required`, on an act taking effect at `date`."""
    with engine.begin() as conn:
        found = register.move(conn, actor, record_id, body.to, body.act, body.date, body.note)
    return JSONBytes(found)
