"""The screening page: one person or organisation with explained results, or a CSV batch.

Screening goes through the same index and ``screen`` function as the batch
command and ``/match``; sources the visitor's agency may not see are
excluded from the candidates. Every screening is written to the audit log.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, Request, UploadFile
from fastapi.responses import FileResponse, Response

from interlist.access import audit
from interlist.access.restrict import hidden_sources
from interlist.cooperation import actor_for
from interlist.cooperation.collections import Scope, resolve, state_codes
from interlist.errors import InputFileError, InterlistError
from interlist.screening import certificate as certificates
from interlist.screening.inputs import template_csv
from interlist.screening.screen import ScreenOptions, hit_record, query_mapping, screen
from interlist.web import is_htmx, jobs, render, session

router = APIRouter()
MAX_UPLOAD = 20 * 1024 * 1024
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHOWN_FROM = 0.5  # near misses from this score are shown as "possible"
FIELDS = {"name": "name", "birth_date": "birthDate", "nationality": "nationality",
          "id_number": "idNumber"}  # fmt: skip


@router.get("/screen")
def screen_page(request: Request) -> Response:
    who = session.permitted(request, "screen")
    return render(request, who, "screen.html", form={}, hits=None, **_collections(request, who))


def _collections(request: Request, who: session.Visitor) -> dict[str, Any]:
    """The collections the form offers, and the visitor's state's as the default."""
    with request.app.state.engine.connect() as conn:
        codes = state_codes(conn)
        state = actor_for(conn, who.user.name, who.user.agency, who.user.role).state
    return {"collections": ["default", *codes], "own_collection": state or "default"}


def _scope(request: Request, name: str) -> Scope:
    with request.app.state.engine.connect() as conn:
        return resolve(conn, [name[:20]] if name else [])


async def _record(request: Request) -> tuple[dict[str, str], str, dict[str, str]]:
    """The screening form's record: its fields as given, its schema, its FtM properties."""
    form = {k: str(v)[:300] for k, v in (await request.form()).items() if k != "csrf"}
    schema = "Organization" if form.get("schema") == "Organization" else "Person"
    props = {FIELDS[k]: form[k].strip() for k in FIELDS if form.get(k, "").strip()}
    return form, schema, props


@router.post("/screen")
async def screen_one(request: Request) -> Response:
    """Screen the form's record; htmx gets the result list only."""
    who = await session.checked(request, "screen")
    form, schema, props = await _record(request)
    context: dict[str, Any] = {"form": form, "hits": [], "error": "",
                               **_collections(request, who)}  # fmt: skip
    if "name" not in props:
        context["error"] = "name"
    else:
        scope = _scope(request, form.get("collection", ""))
        context["hits"] = _screen(request, who, query_mapping(schema, props), scope)
        asked = {"schema": schema, "collection": form.get("collection") or "default", **props}
        engine = request.app.state.engine
        audit.record(engine, who.user.name, who.user.agency, "screen", asked, len(context["hits"]))
    template = "_screen_results.html" if is_htmx(request) else "screen.html"
    return render(request, who, template, **context)


@router.post("/screen/certificate")
async def certificate(request: Request) -> Response:
    """The form's record screened again and written as a PDF certificate: who screened
    whom, when, against which list versions, with what result (audited)."""
    who = await session.checked(request, "screen")
    form, schema, props = await _record(request)
    if "name" not in props:
        return Response("name?", status_code=422)
    collection = form.get("collection") or "default"
    scope = _scope(request, collection)
    hits = _screen(request, who, query_mapping(schema, props), scope)
    engine = request.app.state.engine
    asked = {"schema": schema, "collection": collection, "certificate": True, **props}
    seq = audit.record(engine, who.user.name, who.user.agency, "screen", asked, len(hits))
    with engine.connect() as conn:
        hidden = hidden_sources(conn, who.user.agency or None)
        versions = certificates.versions_in_force(conn, scope.sources or None, hidden)
    cert = certificates.Certificate(
        who.lang,
        who.user.name,
        who.user.agency,
        datetime.now(UTC),
        schema,
        props,
        collection,
        ScreenOptions().threshold,
        hits,
        versions,
        seq,
    )
    name = f"screening-{cert.at.strftime('%Y%m%d-%H%M%S')}.pdf"
    return Response(certificates.pdf(cert), media_type="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})  # fmt: skip


def _screen(request: Request, who: session.Visitor, query: dict[str, Any],
            scope: Scope) -> list[dict[str, Any]]:  # fmt: skip
    with request.app.state.engine.connect() as conn:
        hidden = hidden_sources(conn, who.user.agency or None)
    index = request.app.state.holder.get()
    options = ScreenOptions(
        limit=10,
        cutoff=SHOWN_FROM,
        exclude_datasets=tuple(sorted(hidden)),
        include_datasets=scope.sources,
        include_entities=scope.entities,
    )
    records = [hit_record(index, h) for h in screen(index, query, options)]
    for record in records:
        record["recognitions"] = scope.recognitions([record["entity_id"], *record["referents"]])
    _wanted_notices(request, who, query, records)
    return records


def _wanted_notices(request: Request, who: session.Visitor, query: dict[str, Any],
                    found: list[dict[str, Any]]) -> None:  # fmt: skip
    """Hits on wanted notices: stopped ones dropped, the others marked, matches reported."""
    from interlist.cooperation import actor_for
    from interlist.notices.follow import concerned, follow_up

    screened = [({"query": query}, found)]
    if concerned(screened):
        with request.app.state.engine.begin() as conn:
            actor = actor_for(conn, who.user.name, who.user.agency or "", who.user.role)
            follow_up(conn, actor, "web", screened)


@router.post("/screen/batch")
async def screen_batch(request: Request, file: UploadFile) -> Response:
    """Start screening an uploaded file; answers with the progress panel, or (422) with
    why the file cannot be screened, in the user's language."""
    who = await session.checked(request, "screen")
    data = await file.read(MAX_UPLOAD + 1)
    name = file.filename or "upload.csv"
    problem = upload_problem(name, data)
    if problem:
        return render(request, who, "_batch.html", status=422, job=None, problem=problem)
    engine = request.app.state.engine
    with engine.connect() as conn:
        hidden = hidden_sources(conn, who.user.agency or None)
    try:
        index = request.app.state.holder.get()
    except InterlistError as exc:
        return render(request, who, "_batch.html", status=503, job=None,
                      problem={"text": str(exc)})  # fmt: skip
    home = request.app.state.settings.home
    form = await request.form()
    scope = _scope(request, str(form.get("collection") or ""))
    try:
        job = jobs.start(engine, index, who.user, name, data, home, hidden, scope)
    except InputFileError as exc:
        return render(request, who, "_batch.html", status=422, job=None,
                      problem=input_problem(exc))  # fmt: skip
    jobs.remember(request.app.state.web.jobs, job)
    return render(request, who, "_batch.html", job=job, problem=None)


def upload_problem(name: str, data: bytes) -> dict[str, Any] | None:
    """What is wrong with an upload before it is read: a message key and its values."""
    if len(data) > MAX_UPLOAD:
        return {"key": "upload_too_large", "values": {"limit": MAX_UPLOAD // (1024 * 1024)}}
    if not data.strip():
        return {"key": "upload_empty", "values": {}}
    if not name.lower().endswith(jobs.SUFFIXES):
        return {"key": "upload_wrong_type", "values": {"known": ", ".join(jobs.SUFFIXES)}}
    return None


def input_problem(exc: InputFileError) -> dict[str, Any]:
    """A file that cannot be read, as the panel says it: the file, where, and why."""
    return {"key": f"input_{exc.reason}", "values": exc.values, "file_name": exc.file_name,
            "line": exc.line, "row": exc.row}  # fmt: skip


@router.get("/screen/template.csv")
def batch_template(request: Request) -> Response:
    """A CSV file with the screening columns and an example row, to fill in."""
    session.permitted(request, "screen")
    disposition = 'attachment; filename="screening-template.csv"'
    return Response(template_csv(), media_type="text/csv",
                    headers={"Content-Disposition": disposition})  # fmt: skip


def _job(request: Request, who: session.Visitor, job_id: str) -> jobs.Job:
    job = request.app.state.web.jobs.get(job_id)
    if job is None or job.user != who.user.name:
        raise session.Forbidden("job")
    return job


@router.get("/screen/batch/{job_id}")
def batch_progress(request: Request, job_id: str) -> Response:
    who = session.permitted(request, "screen")
    return render(request, who, "_batch.html", job=_job(request, who, job_id), problem=None)


@router.post("/screen/batch/{job_id}/cancel")
async def batch_cancel(request: Request, job_id: str) -> Response:
    """Stop a running job after the chunk it is screening; answers with its panel."""
    who = await session.checked(request, "screen")
    job = _job(request, who, job_id)
    if job.status == "running":
        job.cancel()
    return render(request, who, "_batch.html", job=job, problem=None)


@router.get("/screen/batch/{job_id}/result.csv")
def batch_result(request: Request, job_id: str) -> Response:
    return _result(request, job_id, "csv")


@router.get("/screen/batch/{job_id}/result.xlsx")
def batch_workbook(request: Request, job_id: str) -> Response:
    return _result(request, job_id, "xlsx")


@router.get("/screen/batch/{job_id}/hits.csv")
def batch_hits(request: Request, job_id: str) -> Response:
    return _result(request, job_id, "hits.csv")


def _result(request: Request, job_id: str, kind: str) -> Response:
    who = session.permitted(request, "screen")
    job = _job(request, who, job_id)
    if job.status != "finished":
        return Response("not finished", status_code=409)
    download = f"screening-{job.file_name.rsplit('.', 1)[0]}.{kind}"
    if kind == "csv":
        return FileResponse(job.output, media_type="text/csv", filename=download)
    if kind == "hits.csv":
        return FileResponse(job.hits, media_type="text/csv", filename=download)
    return FileResponse(job.workbook, filename=download, media_type=XLSX_TYPE)
