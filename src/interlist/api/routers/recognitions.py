"""Member states and mutual recognition: ``/states``, ``/recognitions``, ``/lifecycles``.

Other states' systems are written against these paths and field names. A
caller acts for the member state of its agency: it requests the recognition of
its own state's designations and decides on the requests addressed to its state
(403 otherwise; 409 for a decision not allowed from the request's status). The
coordinating centre reads everything.
"""

from __future__ import annotations

import re
from typing import Any

from fastapi import APIRouter, Depends, Query
from sqlalchemy import Engine

from interlist.api.deps import MAX_OFFSET, RecordId, get_engine, require_client
from interlist.api.lifecycle_models import (
    DecisionIn,
    LifecycleOut,
    MemberStateOut,
    RecognitionIn,
    RecognitionList,
    RecognitionListIn,
    RecognitionListOut,
    RecognitionOut,
    StatesOut,
    errors,
)
from interlist.api.responses import JSONBytes
from interlist.cooperation import recognition
from interlist.cooperation.states import actor_for, states
from interlist.errors import ConfigError, NotFoundError
from interlist.lifecycle import Actor, lifecycle

router = APIRouter(tags=["Member states and recognition"], dependencies=[Depends(require_client)])


def acting(client: Any = Depends(require_client), engine: Engine = Depends(get_engine)) -> Actor:
    """The caller as an actor: its agency's state (or the centre) and its role's permissions."""
    with engine.connect() as conn:
        return actor_for(conn, client.name, client.agency, client.role)


@router.get("/states", summary="Member states", response_model=StatesOut)
def list_states(engine: Engine = Depends(get_engine)) -> Any:
    """Every member state with its languages, agencies and national lists."""
    with engine.connect() as conn:
        found = states(conn)
    return JSONBytes({"results": [MemberStateOut(**s).model_dump() for s in found]})


@router.post(
    "/recognitions",
    status_code=201,
    summary="Ask another state to recognise a designation",
    response_model=RecognitionOut,
    responses=errors(403, 404, 409, 422),
)
def create(body: RecognitionIn, actor: Actor = Depends(acting),
           engine: Engine = Depends(get_engine)) -> Any:  # fmt: skip
    """Open a request (status `requested`) by a user of the designation's own state."""
    with engine.begin() as conn:
        found = recognition.request(conn, actor, body.to_request())
    return JSONBytes(found, status_code=201)


@router.post(
    "/recognitions/list",
    status_code=201,
    summary="Ask other states to recognise a whole national list",
    response_model=RecognitionListOut,
    responses=errors(403, 404, 422),
)
def create_for_list(body: RecognitionListIn, actor: Actor = Depends(acting),
                    engine: Engine = Depends(get_engine)) -> Any:  # fmt: skip
    """One request per listed designation of `source` to each state of `to_states`
    that has not decided it yet; answers how many were opened per state."""
    with engine.begin() as conn:
        found = recognition.request_list(conn, actor, body.source, body.to_states,
                                         body.to_request())  # fmt: skip
    return JSONBytes(found, status_code=201)


@router.post(
    "/recognitions/{record_id}/decision",
    summary="Decide on a recognition request",
    response_model=RecognitionOut,
    responses=errors(403, 404, 409, 422),
)
def decide(record_id: RecordId, body: DecisionIn, actor: Actor = Depends(acting),
           engine: Engine = Depends(get_engine)) -> Any:  # fmt: skip
    """Recognise, refuse (with a ground), ask for information, revoke or confirm on
    review (the state asked); answer a request for information or withdraw (the
    requesting state)."""
    with engine.begin() as conn:
        found = recognition.decide(conn, actor, record_id, body.decision, body.ground,
                                   body.legal_act, body.note)  # fmt: skip
    return JSONBytes(found)


@router.get(
    "/recognitions/{record_id}",
    summary="A recognition request with its history",
    response_model=RecognitionOut,
    responses=errors(403, 404),
)
def fetch(record_id: RecordId, actor: Actor = Depends(acting),
          engine: Engine = Depends(get_engine)) -> Any:  # fmt: skip
    with engine.connect() as conn:
        return JSONBytes(recognition.get(conn, record_id, actor))


@router.get("/recognitions", summary="Recognition requests", response_model=RecognitionList)
def search(
    to_state: str | None = Query(None, title="Addressed to this state"),
    from_state: str | None = Query(None, title="Made by this state"),
    status: str | None = Query(None, title="In this status"),
    entity_id: str | None = Query(None, title="About this designation"),
    overdue: bool = Query(False, title="Only those past their response or review date"),
    limit: int = Query(100, ge=1, le=1000),
    offset: int = Query(0, ge=0, le=MAX_OFFSET),
    actor: Actor = Depends(acting),
    engine: Engine = Depends(get_engine),
) -> Any:
    """The requests the caller's state made or received (the centre: all), soonest
    deadline first."""
    with engine.connect() as conn:
        found = recognition.search(conn, actor, to_state, from_state, status, overdue,
                                   entity_id, limit, offset)  # fmt: skip
    return JSONBytes({"results": found, "limit": limit, "offset": offset})


@router.get("/lifecycles/{name}", summary="A lifecycle's declaration", response_model=LifecycleOut)
def declaration(name: str) -> Any:
    """The statuses, transitions (who may make each, what it records) and deadlines."""
    if not re.fullmatch(r"[a-z][a-z0-9_]*", name):  # a name, never a path
        raise NotFoundError(f"no lifecycle named {name!r}")
    try:
        found = lifecycle(name)
    except ConfigError as exc:  # an unknown name: nothing at this address
        raise NotFoundError(exc.message) from exc
    return JSONBytes(found.describe())
