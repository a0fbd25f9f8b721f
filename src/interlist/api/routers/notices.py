"""Wanted notices and hit reports: ``/notices``, ``/hits``.

Other states' systems are written against these paths and field names. A caller
acts for the member state of its agency: it drafts, submits, withdraws and renews
its own state's notices, records a location or detention on its own territory, the
outcome of its own notices and acknowledges the hit reports addressed to it; the
coordinating centre reviews and publishes (403 otherwise; 409 for a transition not
allowed from the notice's status).
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Depends, File, Query, UploadFile
from fastapi.responses import Response
from sqlalchemy import Engine

from interlist.api.deps import MAX_ID, MAX_OFFSET, RecordId, get_engine, require_client
from interlist.api.lifecycle_models import errors
from interlist.api.notice_models import (
    AcknowledgeIn,
    FlagIn,
    HitList,
    HitOut,
    NoticeIn,
    NoticeList,
    NoticeOut,
    PhotoAdded,
    TransitionIn,
)
from interlist.api.responses import JSONBytes
from interlist.api.routers.recognitions import acting
from interlist.errors import InvalidInputError, PermissionDeniedError
from interlist.lifecycle import Actor
from interlist.notices import draft, flag, get, move, search
from interlist.notices import hits as hit_reports
from interlist.screening.records import column_map

router = APIRouter(tags=["Wanted notices"], dependencies=[Depends(require_client)])


@router.post("/notices", status_code=201, summary="Draft a wanted notice",
             response_model=NoticeOut, responses=errors(403, 422))  # fmt: skip
def create(body: NoticeIn, actor: Actor = Depends(acting),
           engine: Engine = Depends(get_engine)) -> Any:  # fmt: skip
    """Open a notice (status `draft`) for the caller's state."""
    with engine.begin() as conn:
        return JSONBytes(draft(conn, actor, body.to_draft()), status_code=201)


@router.post("/notices/sweep", summary="Sweep a file of people against the published notices",
             response_class=Response, responses={**errors(403, 422), 200: {
                 "description": "One JSON object per input row, a line each",
                 "content": {"application/x-ndjson": {"schema": {"type": "string"}}}}})  # fmt: skip
def sweep_upload(
    file: UploadFile = File(..., description="CSV, Excel (.xlsx) or JSON lines"),
    kind: str = Query(..., examples=["prison"], title="prison, border or residence"),
    state: str | None = Query(None, title="The sweeping state (the caller's)"),
    column: list[str] = Query([], title="FIELD=COLUMN, e.g. name=full_name"),
    actor: Actor = Depends(acting),
    engine: Engine = Depends(get_engine),
) -> Any:
    """One JSON line per input row, in the shape of `interlist screen`'s output; each
    match on a notice carries `notice` and opens a hit report."""
    from interlist.notices.sweep import sweep

    _sweeping_state(actor, state)
    suffix = Path(file.filename or "upload.csv").suffix or ".csv"
    with tempfile.TemporaryDirectory(prefix="interlist-sweep-") as folder:
        source, output = Path(folder) / f"rows{suffix}", Path(folder) / "hits.jsonl"
        with source.open("wb") as fh:
            shutil.copyfileobj(file.file, fh)
        done = sweep(engine, actor, source, output, kind, column_map(column))
        body = output.read_bytes()
    headers = {"x-sweep-rows": str(done.rows), "x-sweep-matches": str(done.with_matches),
               "x-sweep-reports": str(len(set(done.reports)))}  # fmt: skip
    return Response(body, media_type="application/x-ndjson", headers=headers)


def _sweeping_state(actor: Actor, state: str | None) -> None:
    if not actor.state:
        raise PermissionDeniedError("a sweep is made by a member state's agency")
    if state and state.lower() != actor.state:
        raise PermissionDeniedError(f"{actor.name} sweeps for {actor.state}, not {state}")
    if "screen" not in actor.permissions:
        raise PermissionDeniedError(f"the role of {actor.name} does not screen")


@router.get("/notices/{notice_id}", summary="A notice with its history",
            response_model=NoticeOut, responses=errors(403, 404))  # fmt: skip
def fetch(notice_id: RecordId, actor: Actor = Depends(acting),
          engine: Engine = Depends(get_engine)) -> Any:  # fmt: skip
    with engine.connect() as conn:
        return JSONBytes(get(conn, notice_id, actor))


@router.post("/notices/{notice_id}/transitions", summary="Move a notice to another status",
             response_model=NoticeOut, responses=errors(403, 404, 409, 422))  # fmt: skip
def transition(notice_id: RecordId, body: TransitionIn, actor: Actor = Depends(acting),
               engine: Engine = Depends(get_engine)) -> Any:  # fmt: skip
    """Submit, ask for or give information, publish or refuse (with the checklist),
    record located or detained (on the caller's territory), the outcome, withdraw or
    renew. See `GET /lifecycles/notice` for who may do what."""
    with engine.begin() as conn:
        found = move(conn, actor, notice_id, body.to, body.note, body.checklist, body.state,
                     body.date, body.place)  # fmt: skip
    return JSONBytes(found)


@router.post("/notices/{notice_id}/flags", summary="Record that the caller's state will not act",
             response_model=NoticeOut, responses=errors(403, 404, 409, 422))  # fmt: skip
def flag_notice(notice_id: RecordId, body: FlagIn, actor: Actor = Depends(acting),
                engine: Engine = Depends(get_engine)) -> Any:  # fmt: skip
    """Screening in the caller's state still finds the subject, marked `acting: false`."""
    with engine.begin() as conn:
        return JSONBytes(flag(conn, actor, notice_id, body.reason, body.lift))


@router.post("/notices/{notice_id}/photos", status_code=201, summary="Add a photograph",
             response_model=PhotoAdded, responses=errors(403, 404, 409, 422))  # fmt: skip
def add_photo(
    notice_id: RecordId,
    file: UploadFile = File(..., description="JPEG or PNG"),
    actor: Actor = Depends(acting),
    engine: Engine = Depends(get_engine),
) -> Any:
    """The issuing state adds a photograph of the subject (never sent to third parties)."""
    from interlist.notices import photos

    data = file.file.read(photos.MAX_BYTES + 1)
    with engine.begin() as conn:
        photo = photos.add(conn, actor, notice_id, file.content_type or "", data)
    return JSONBytes({"id": photo, "notice_id": notice_id}, status_code=201)


@router.get("/notices/{notice_id}/photos/{photo_id}", summary="A photograph",
            response_class=Response, responses={**errors(403, 404), 200: {
                "description": "The photograph as stored",
                "content": {kind: {"schema": {"type": "string", "format": "binary"}}
                            for kind in ("image/jpeg", "image/png")}}})  # fmt: skip
def photo(notice_id: RecordId, photo_id: RecordId, actor: Actor = Depends(acting),
          engine: Engine = Depends(get_engine)) -> Any:  # fmt: skip
    """Only to those entitled to the notice; every view is in the audit log."""
    from interlist.notices import photos

    with engine.begin() as conn:
        media_type, data = photos.get(conn, actor, notice_id, photo_id)
    return Response(data, media_type=media_type, headers={"Cache-Control": "no-store"})


@router.get("/notices", summary="Wanted notices", response_model=NoticeList)
def list_notices(
    status: str | None = Query(None, title="In this status"),
    issuing_state: str | None = Query(None, title="Issued by this state"),
    category: str | None = Query(None, title="For this offence category"),
    overdue: bool = Query(False, title="Only those past their deadline"),
    expiring: bool = Query(False, title="Only those within 6 months of expiry"),
    limit: int = Query(100, ge=1, le=1000),
    offset: int = Query(0, ge=0, le=MAX_OFFSET),
    actor: Actor = Depends(acting),
    engine: Engine = Depends(get_engine),
) -> Any:
    """The notices the caller may see (its own state's; the published ones; the centre:
    all submitted), soonest deadline first."""
    with engine.connect() as conn:
        found = search(conn, actor, status, issuing_state, category, overdue, expiring,
                       limit, offset)  # fmt: skip
    return JSONBytes({"results": found, "limit": limit, "offset": offset})


@router.get("/hits", summary="Hit reports", response_model=HitList)
def list_hits(
    notice: int | None = Query(None, ge=1, le=MAX_ID, title="Of this notice"),
    status: str | None = Query(None, title="open, confirmed or not_the_person"),
    overdue: bool = Query(False, title="Only those not acknowledged within 12 hours"),
    limit: int = Query(100, ge=1, le=1000),
    offset: int = Query(0, ge=0, le=MAX_OFFSET),
    actor: Actor = Depends(acting),
    engine: Engine = Depends(get_engine),
) -> Any:
    """Reports addressed to the caller's state or made by it (the centre: all)."""
    with engine.connect() as conn:
        found = hit_reports.search(conn, actor, notice, status, overdue, None, limit, offset)
    return JSONBytes({"results": found, "limit": limit, "offset": offset})


@router.get("/hits/{hit_id}", summary="A hit report with its history",
            response_model=HitOut, responses=errors(403, 404))  # fmt: skip
def fetch_hit(hit_id: RecordId, actor: Actor = Depends(acting),
              engine: Engine = Depends(get_engine)) -> Any:  # fmt: skip
    with engine.connect() as conn:
        return JSONBytes(hit_reports.get(conn, hit_id, actor))


@router.post("/hits/{hit_id}/acknowledge", summary="Acknowledge a hit report",
             response_model=HitOut, responses=errors(403, 404, 409, 422))  # fmt: skip
def acknowledge(hit_id: RecordId, body: AcknowledgeIn, actor: Actor = Depends(acting),
                engine: Engine = Depends(get_engine)) -> Any:  # fmt: skip
    """The issuing state: `confirmed` (it is the person) or `not_the_person`."""
    if body.outcome not in hit_reports.OUTCOMES:
        raise InvalidInputError("unknown outcome", "outcome")
    with engine.begin() as conn:
        return JSONBytes(hit_reports.acknowledge(conn, actor, hit_id, body.outcome, body.note))
