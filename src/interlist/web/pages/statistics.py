"""The dashboard: every figure for a chosen period, charts drawn on the server as SVG
beside their numbers, each number a link to the records it counts; the operations
and their results."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response

from interlist import i18n
from interlist.access import audit
from interlist.cooperation import actor_for, recognition
from interlist.errors import InterlistError
from interlist.reporting import charts
from interlist.reporting.annual import build, number, seizure_bars
from interlist.reporting.documents import FORMATS, kind_text, write
from interlist.reporting.figures import FIGURES, Period
from interlist.reporting.operations import (
    add_results,
    get_operation,
    operations,
    result_from_mapping,
)
from interlist.reporting.statistics import records, statistics
from interlist.reporting.vocabulary import vocabulary
from interlist.web import PREFIX, render, session

router = APIRouter()
FUNNEL = ("wanted_identified", "detained", "extradited", "deported")


def _period(start: str, end: str, state: str, operation: int | None) -> Period:
    today = date.today()
    try:
        first = date.fromisoformat(start) if start else date(today.year, 1, 1)
        last = date.fromisoformat(end) if end else date(today.year, 12, 31)
    except ValueError:
        first, last = date(today.year, 1, 1), date(today.year, 12, 31)
    return Period(first, last, state[:2] or None, operation)


@router.get("/statistics")
def dashboard(
    request: Request, start: str = Query("", alias="from"), end: str = Query("", alias="to"),
    state: str = "", operation: int | None = None,
) -> Response:  # fmt: skip
    """The figures of the period with their charts and tables."""
    who = session.permitted(request, "statistics")
    period = _period(start, end, state, operation)
    with request.app.state.engine.connect() as conn:
        stats = statistics(conn, period)
        ops = operations(conn, period.start.year)
        for op in ops:
            within = Period(period.start, period.end, period.state, op["id"])
            op["figures"] = statistics(conn, within)["figures"]
        cells = recognition.matrix(conn)
    lang = who.lang
    funnel = [(stats["labels"][k][lang], float(stats["figures"][k])) for k in FUNNEL]
    by_state = [(i18n.country_name(c, lang), float(v.get("detained", 0)))
                for c, v in stats["by_state"].items() if c != "-"]  # fmt: skip

    def shown(value: float) -> str:
        return number(value, lang)

    drawn = {"funnel": charts.bars(funnel, shown=shown),
             "seizures": charts.bars(seizure_bars(stats, lang), shown=shown),
             "by_state": charts.bars(by_state, shown=shown)}  # fmt: skip
    return render(request, who, "statistics.html", stats=stats, figures=FIGURES, charts=drawn,
                  period=period, operations=ops, query=_query(period),
                  vocab=vocabulary(), cells=cells,
                  requesting=sorted({a for a, _ in cells}),
                  recognising=sorted({b for _, b in cells}))  # fmt: skip


@router.get("/statistics/report")
def annual_report(request: Request, year: int = Query(..., ge=2000, le=2100),
                  lang: str = "en", kind: str = "pdf") -> Response:  # fmt: skip
    """The annual report (pdf, docx, html) or its companion spreadsheet (xlsx)."""
    who = session.permitted(request, "statistics")
    suffix = f".{kind}" if f".{kind}" in FORMATS else ".pdf"
    with tempfile.TemporaryDirectory() as folder, request.app.state.engine.connect() as conn:
        path = Path(folder) / f"interlist-report-{year}-{lang}{suffix}"
        write(conn, build(conn, year, "ru" if lang == "ru" else "en"), path)
        data = path.read_bytes()
    audit.record(request.app.state.engine, who.user.name, who.user.agency, "report_annual",
                 {"year": year, "lang": lang, "format": suffix})  # fmt: skip
    return Response(
        data,
        media_type=MEDIA.get(suffix, "application/octet-stream"),
        headers={"Content-Disposition": f'attachment; filename="{path.name}"'},
    )


MEDIA = {
    ".pdf": "application/pdf",
    ".html": "text/html; charset=utf-8",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _query(period: Period) -> str:
    parts = [f"from={period.start.isoformat()}", f"to={period.end.isoformat()}"]
    if period.state:
        parts.append(f"state={period.state}")
    if period.operation is not None:
        parts.append(f"operation={period.operation}")
    return "&".join(parts)


@router.get("/statistics/records")
def figure_records(request: Request, figure: str, start: str = Query("", alias="from"),
                   end: str = Query("", alias="to"), state: str = "",
                   operation: int | None = None) -> Response:  # fmt: skip
    """The records one figure counts."""
    who = session.permitted(request, "statistics")
    period = _period(start, end, state, operation)
    try:
        with request.app.state.engine.connect() as conn:
            found = records(conn, figure, period)
    except InterlistError as exc:
        return render(request, who, "error.html", status=422, message=str(exc))
    declared = next(f for f in FIGURES if f.name == figure)
    return render(request, who, "statistics_records.html", found=found, figure=declared,
                  period=period, vocab=vocabulary(), kind_text=kind_text)  # fmt: skip


@router.post("/operations/{operation_id}/results")
async def record_result(request: Request, operation_id: int) -> Response:
    """Record one result from the operation's page; a result about a wanted notice
    performs the notice's transition. A refused result is shown with its reason."""
    who = await session.checked(request, "operations")
    form = {k: str(v).strip()[:300] for k, v in (await request.form()).items() if k != "csrf"}
    try:
        given = result_from_mapping({k: v for k, v in form.items() if k in RESULT_FIELDS})
        with request.app.state.engine.begin() as conn:
            actor = actor_for(conn, who.user.name, who.user.agency, who.user.role)
            add_results(conn, actor, operation_id, [given])
    except InterlistError as exc:
        return render(request, who, "error.html", status=exc.status_code, message=str(exc))
    return RedirectResponse(f"{PREFIX}/operations/{operation_id}", status_code=303)


RESULT_FIELDS = ("kind", "state", "date", "place", "notice_id", "entity_id", "category",
                 "quantity", "unit", "note")  # fmt: skip


@router.get("/operations/{operation_id}")
def operation_page(request: Request, operation_id: int) -> Response:
    who = session.permitted(request, "statistics")
    try:
        with request.app.state.engine.connect() as conn:
            found: dict[str, Any] = get_operation(conn, operation_id)
            span = Period(date.fromisoformat(found["start"]), date.fromisoformat(found["end"]),
                          None, operation_id)  # fmt: skip
            stats = statistics(conn, span)
    except InterlistError as exc:
        return render(request, who, "error.html", status=exc.status_code, message=str(exc))
    return render(request, who, "operation.html", op=found, stats=stats, figures=FIGURES,
                  vocab=vocabulary(), today=date.today().isoformat())  # fmt: skip
