"""Monitoring and alerts: ``/monitoring/subjects``, ``/alerts``, ``/cases``, ``/webhooks``.

The agencies' systems are written against these paths and field names. A caller acts
for its own agency: it registers, reads and removes its own subjects, and sees and
decides its own agency's alerts (403 otherwise; 409 for a decision not allowed from the
alert's status). A confirmation is approved by a second user of the agency.
"""

from __future__ import annotations

import csv
import tempfile
import zipfile
from pathlib import Path
from typing import Any

import orjson
from fastapi import APIRouter, Depends, Query, Request
from sqlalchemy import Engine

from interlist import alerts
from interlist.alerts import cases, decisions, subjects, webhooks
from interlist.api.alert_models import (
    AlertCounts,
    AlertDecisionIn,
    AlertList,
    AlertOut,
    ApproveIn,
    AssignIn,
    CaseList,
    CaseMoveIn,
    CaseOut,
    ClearIn,
    DeliveryList,
    RegisteredOut,
    RemovedOut,
    SubjectList,
    SubjectOut,
    SubjectsIn,
    WebhookIn,
    WebhookOut,
)
from interlist.api.deps import MAX_OFFSET, RecordId, get_engine, require_client
from interlist.api.lifecycle_models import errors
from interlist.api.responses import JSONBytes
from interlist.api.routers.recognitions import acting
from interlist.errors import InputFileError, InvalidInputError
from interlist.lifecycle import Actor
from interlist.screening.readers import RawRow, read_rows

router = APIRouter(tags=["Monitoring and alerts"], dependencies=[Depends(require_client)])


@router.post(
    "/monitoring/subjects",
    summary="Register or update monitored subjects",
    response_model=RegisteredOut,
    responses=errors(403, 422),
    openapi_extra={"requestBody": {"content": {
        "application/json": {"schema": SubjectsIn.model_json_schema()},
        "application/x-ndjson": {"schema": {"type": "string"}},
        "multipart/form-data": {"schema": {"type": "object", "properties": {
            "file": {"type": "string", "format": "binary"}}}},
    }}},
)  # fmt: skip
async def register(request: Request, dataset: str | None = Query(None),
                   actor: Actor = Depends(acting),
                   engine: Engine = Depends(get_engine)) -> Any:  # fmt: skip
    """Subjects as JSON (`{"subjects": [...], "dataset"}`), JSON lines, or a file upload
    (CSV, Excel, JSON lines) with the screening columns `id, name, schema, birth_date,
    nationality, id_number, country`. The same `id` again replaces the subject. New and
    changed subjects are screened at once; the answer says how many alerts opened."""
    rows, given = await _rows(request)
    with engine.begin() as conn:
        done = alerts.register(conn, actor, actor.agency, rows, dataset or given)
    return JSONBytes(done.to_dict())


async def _rows(request: Request) -> tuple[list[tuple[int, RawRow]], str | None]:
    kind = request.headers.get("content-type", "")
    if kind.startswith("multipart/form-data"):
        form = await request.form()
        upload = form.get("file")
        if upload is None or isinstance(upload, str):
            raise InvalidInputError("a multipart upload needs a `file` part", "file")
        suffix = Path(upload.filename or "subjects.csv").suffix or ".csv"
        with tempfile.NamedTemporaryFile(suffix=suffix) as fh:
            fh.write(await upload.read())
            fh.flush()
            try:
                return list(read_rows(Path(fh.name))), None
            except InputFileError as exc:
                raise exc.named(upload.filename or "the upload") from exc
            except (UnicodeError, ValueError, csv.Error, zipfile.BadZipFile, KeyError) as exc:
                # a binary, mis-encoded or corrupt file: refused, not a server error
                name = upload.filename or "the upload"
                raise InvalidInputError(f"{name}: the file cannot be read ({exc})", "file") from exc
    body = await request.body()
    if kind.startswith("application/json"):
        try:
            parsed = SubjectsIn.model_validate_json(body)
        except ValueError as exc:
            raise InvalidInputError(f"not a subjects document: {exc}", "subjects") from exc
        return list(enumerate((s.row() for s in parsed.subjects), 1)), parsed.dataset
    return _json_lines(body), None


def _json_lines(body: bytes) -> list[tuple[int, RawRow]]:
    rows: list[tuple[int, RawRow]] = []
    for number, line in enumerate((b for b in body.splitlines() if b.strip()), 1):
        try:
            found = orjson.loads(line)
            rows.append((number, found if isinstance(found, dict) else "not a JSON object"))
        except orjson.JSONDecodeError as exc:
            rows.append((number, f"not JSON: {exc}"))
    return rows


@router.get("/monitoring/subjects", summary="The agency's subjects", response_model=SubjectList)
def list_subjects(active: bool | None = Query(True), limit: int = Query(100, ge=1, le=1000),
                  offset: int = Query(0, ge=0, le=MAX_OFFSET), actor: Actor = Depends(acting),
                  engine: Engine = Depends(get_engine)) -> Any:  # fmt: skip
    with engine.connect() as conn:
        found = subjects.search(conn, actor, actor.agency, active, limit, offset)
    return JSONBytes({"results": found})


@router.get("/monitoring/subjects/{subject_id}", summary="A subject with its history",
            response_model=SubjectOut, responses=errors(403, 404))  # fmt: skip
def get_subject(subject_id: str, actor: Actor = Depends(acting),
                engine: Engine = Depends(get_engine)) -> Any:  # fmt: skip
    with engine.connect() as conn:
        return JSONBytes(subjects.get(conn, actor, actor.agency, subject_id))


@router.delete("/monitoring/subjects/{subject_id}", summary="End a subject's watch",
               response_model=RemovedOut, responses=errors(403, 404))  # fmt: skip
def remove_subject(subject_id: str, actor: Actor = Depends(acting),
                   engine: Engine = Depends(get_engine)) -> Any:  # fmt: skip
    """The subject is no longer screened; its history and decided alerts stay, its
    undecided alerts are withdrawn."""
    with engine.begin() as conn:
        return JSONBytes(alerts.remove(conn, actor, actor.agency, [subject_id]))


@router.get("/alerts", summary="Alerts", response_model=AlertList)
def search(
    status: str | None = Query(None, examples=["open"]),
    agency: str | None = Query(None),
    subject: str | None = Query(None, title="The subject's id as the agency gave it"),
    entity: str | None = Query(None, title="The listed entity's id"),
    overdue: bool = Query(False, title="Only those past their decision deadline"),
    limit: int = Query(100, ge=1, le=1000),
    offset: int = Query(0, ge=0, le=MAX_OFFSET),
    actor: Actor = Depends(acting),
    engine: Engine = Depends(get_engine),
) -> Any:
    """The alerts of the caller's agency (the centre: any), soonest deadline first."""
    with engine.connect() as conn:
        found = decisions.search(conn, actor, status, agency, subject, entity, overdue,
                                 limit=limit, offset=offset)  # fmt: skip
    return JSONBytes({"results": found, "limit": limit, "offset": offset})


@router.get("/alerts/counts", summary="Open and overdue alerts", response_model=AlertCounts)
def count(actor: Actor = Depends(acting), engine: Engine = Depends(get_engine)) -> Any:
    with engine.connect() as conn:
        return JSONBytes(decisions.counts(conn, None if actor.centre else actor.agency))


@router.post("/alerts/clear", summary="Clear many false positives with one reason",
             response_model=AlertList, responses=errors(403, 404, 409, 422))  # fmt: skip
def clear(body: ClearIn, actor: Actor = Depends(acting),
          engine: Engine = Depends(get_engine)) -> Any:  # fmt: skip
    """All or nothing: one alert that may not be cleared refuses the whole request."""
    with engine.begin() as conn:
        found = decisions.clear(conn, actor, body.ids, body.reason, body.note)
    return JSONBytes({"results": found, "limit": len(found), "offset": 0})


@router.get("/alerts/{alert_id}", summary="An alert with its history", response_model=AlertOut,
            responses=errors(403, 404))  # fmt: skip
def fetch(alert_id: RecordId, actor: Actor = Depends(acting),
          engine: Engine = Depends(get_engine)) -> Any:  # fmt: skip
    with engine.connect() as conn:
        return JSONBytes(decisions.get(conn, alert_id, actor))


@router.post("/alerts/{alert_id}/decision", summary="Decide an alert", response_model=AlertOut,
             responses=errors(403, 404, 409, 422))  # fmt: skip
def decide(alert_id: RecordId, body: AlertDecisionIn, actor: Actor = Depends(acting),
           engine: Engine = Depends(get_engine)) -> Any:  # fmt: skip
    """`false_positive` (remembered for the pair), `escalated` (into the subject's case)
    or `confirmed` (which stays `confirmed_pending` until a second user approves)."""
    with engine.begin() as conn:
        found = decisions.decide(conn, actor, alert_id, body.decision, body.reason, body.note)
    return JSONBytes(found)


@router.post("/alerts/{alert_id}/approve", summary="Approve or refuse a confirmation",
             response_model=AlertOut, responses=errors(403, 404, 409))  # fmt: skip
def approve(alert_id: RecordId, body: ApproveIn, actor: Actor = Depends(acting),
            engine: Engine = Depends(get_engine)) -> Any:  # fmt: skip
    """By a second user of the agency (403 for the one who confirmed); a refusal sends
    the alert back to `open`."""
    with engine.begin() as conn:
        return JSONBytes(decisions.approve(conn, actor, alert_id, body.approve, body.note))


@router.get("/cases", summary="Cases", response_model=CaseList)
def list_cases(status: str | None = Query(None), assignee: str | None = Query(None),
               subject: str | None = Query(None), limit: int = Query(100, ge=1, le=1000),
               offset: int = Query(0, ge=0, le=MAX_OFFSET), actor: Actor = Depends(acting),
               engine: Engine = Depends(get_engine)) -> Any:  # fmt: skip
    with engine.connect() as conn:
        found = cases.search(conn, actor, status, assignee, subject, limit, offset)
    return JSONBytes({"results": found})


@router.get("/cases/{case_id}", summary="A case with its alerts and notes",
            response_model=CaseOut, responses=errors(403, 404))  # fmt: skip
def get_case(case_id: RecordId, actor: Actor = Depends(acting),
             engine: Engine = Depends(get_engine)) -> Any:  # fmt: skip
    with engine.connect() as conn:
        return JSONBytes(cases.get(conn, case_id, actor))


@router.post("/cases/{case_id}/move", summary="Investigate, add a note, or close a case",
             response_model=CaseOut, responses=errors(403, 404, 409, 422))  # fmt: skip
def move_case(case_id: RecordId, body: CaseMoveIn, actor: Actor = Depends(acting),
              engine: Engine = Depends(get_engine)) -> Any:  # fmt: skip
    with engine.begin() as conn:
        return JSONBytes(cases.move(conn, actor, case_id, body.move, body.note, body.outcome))


@router.post("/cases/{case_id}/assign", summary="Assign a case", response_model=CaseOut,
             responses=errors(403, 404))  # fmt: skip
def assign_case(case_id: RecordId, body: AssignIn, actor: Actor = Depends(acting),
                engine: Engine = Depends(get_engine)) -> Any:  # fmt: skip
    with engine.begin() as conn:
        return JSONBytes(cases.assign(conn, actor, case_id, body.assignee))


@router.post("/webhooks", status_code=201, summary="Register a webhook of the agency",
             response_model=WebhookOut, responses=errors(403, 422))  # fmt: skip
def add_webhook(body: WebhookIn, actor: Actor = Depends(acting),
                engine: Engine = Depends(get_engine)) -> Any:  # fmt: skip
    """New alerts and decisions are POSTed to `url`, signed with `secret`
    (`X-Interlist-Signature: t=UNIX_TIME,v1=HMAC-SHA256("{t}.{body}")`)."""
    subjects.check_agency(actor, actor.agency)
    with engine.begin() as conn:
        return JSONBytes(webhooks.add(conn, actor.agency, body.url, body.secret), status_code=201)


@router.get(
    "/webhooks/deliveries", summary="The agency's webhook delivery log", response_model=DeliveryList
)
def deliveries(status: str | None = Query(None), limit: int = Query(100, ge=1, le=1000),
               actor: Actor = Depends(acting),
               engine: Engine = Depends(get_engine)) -> Any:  # fmt: skip
    with engine.connect() as conn:
        found = webhooks.deliveries(conn, actor.agency, status, limit)
    return JSONBytes({"results": found})
