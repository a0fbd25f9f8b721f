"""Coordinated operations, their results and the statistics: ``/operations``,
``/results``, ``/statistics``, ``/statistics/records``.

The paths and field names are a contract with the member states' systems. Every
figure of ``/statistics`` comes with a link to ``/statistics/records``, which lists
exactly the records it counts.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Depends, Query
from sqlalchemy import Engine

from interlist.access.http import require
from interlist.api.deps import MAX_ID, RecordId, get_engine, require_client
from interlist.api.lifecycle_models import errors
from interlist.api.operation_models import (
    OperationBody,
    OperationList,
    OperationOut,
    OperationResultOut,
    RecordsOut,
    ResultBody,
    StatisticsOut,
)
from interlist.api.responses import JSONBytes
from interlist.api.routers.recognitions import acting
from interlist.lifecycle import Actor
from interlist.reporting import operations as ops
from interlist.reporting.figures import Period
from interlist.reporting.statistics import records, statistics

router = APIRouter(tags=["Operations and statistics"], dependencies=[Depends(require_client)])
READER = [Depends(require("statistics"))]  # not for machine accounts: places of detention...


@router.post("/operations", status_code=201, summary="Register a coordinated operation",
             response_model=OperationOut, responses=errors(403, 404, 422))  # fmt: skip
def create(body: OperationBody, actor: Actor = Depends(acting),
           engine: Engine = Depends(get_engine)) -> Any:  # fmt: skip
    with engine.begin() as conn:
        found = ops.add_operation(conn, actor, body.to_domain())
    return JSONBytes(found, status_code=201)


@router.get(
    "/operations",
    summary="Coordinated operations",
    response_model=OperationList,
    dependencies=READER,
)
def list_operations(
    year: int | None = Query(None, ge=1, le=9998), engine: Engine = Depends(get_engine)
) -> Any:
    with engine.connect() as conn:
        return JSONBytes({"results": ops.operations(conn, year)})


@router.get("/operations/{operation_id}", summary="An operation with its results",
            response_model=OperationOut, responses=errors(403, 404),
            dependencies=READER)  # fmt: skip
def fetch(operation_id: RecordId, engine: Engine = Depends(get_engine)) -> Any:
    with engine.connect() as conn:
        return JSONBytes(ops.get_operation(conn, operation_id))


@router.post(
    "/operations/{operation_id}/results", status_code=201,
    summary="Report a result of an operation", responses=errors(403, 404, 422),
    response_model=OperationResultOut,
)  # fmt: skip
def add_result(operation_id: RecordId, body: ResultBody, actor: Actor = Depends(acting),
               engine: Engine = Depends(get_engine)) -> Any:  # fmt: skip
    with engine.begin() as conn:
        (found,) = ops.add_results(conn, actor, operation_id, [body.to_domain()])
    return JSONBytes(found, status_code=201)


@router.post("/results", status_code=201, summary="Report a result outside any operation",
             response_model=OperationResultOut, responses=errors(403, 422))  # fmt: skip
def add_free_result(body: ResultBody, actor: Actor = Depends(acting),
                    engine: Engine = Depends(get_engine)) -> Any:  # fmt: skip
    with engine.begin() as conn:
        (found,) = ops.add_results(conn, actor, None, [body.to_domain()])
    return JSONBytes(found, status_code=201)


def _period(start: date | None, end: date | None, state: str | None,
            operation: int | None) -> Period:  # fmt: skip
    today = date.today()
    return Period(start or date(today.year, 1, 1), end or today, state or None, operation)


@router.get("/statistics", summary="Every figure, by state and by month",
            response_model=StatisticsOut, responses=errors(403), dependencies=READER)  # fmt: skip
def get_statistics(
    start: date | None = Query(None, alias="from", title="First day (default: 1 January)"),
    end: date | None = Query(None, alias="to", title="Last day (default: today)"),
    state: str | None = Query(None, title="Only this member state"),
    operation: int | None = Query(None, ge=1, le=MAX_ID, title="Only this operation"),
    engine: Engine = Depends(get_engine),
) -> Any:
    """Each figure counted from the records, with the link that lists them."""
    with engine.connect() as conn:
        return JSONBytes(statistics(conn, _period(start, end, state, operation)))


@router.get("/statistics/records", summary="The records behind one figure",
            response_model=RecordsOut, responses=errors(403, 422), dependencies=READER)  # fmt: skip
def get_records(
    figure: str = Query(..., title="The figure, e.g. detained"),
    start: date | None = Query(None, alias="from"),
    end: date | None = Query(None, alias="to"),
    state: str | None = Query(None),
    operation: int | None = Query(None, ge=1, le=MAX_ID),
    engine: Engine = Depends(get_engine),
) -> Any:
    with engine.connect() as conn:
        found = records(conn, figure, _period(start, end, state, operation))
    return JSONBytes({"figure": figure, "count": len(found), "results": found})
