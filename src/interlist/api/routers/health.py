"""``GET /healthz`` (the process answers) and ``GET /readyz`` (an index is loaded)."""

from __future__ import annotations

from fastapi import APIRouter, Request

from interlist.api.models import ErrorResponse, StatusResponse
from interlist.api.responses import JSONBytes
from interlist.screening.storage import IndexHolder

router = APIRouter(tags=["System information"])


@router.get("/healthz", summary="Health check", response_model=StatusResponse)
async def healthz() -> JSONBytes:
    """The server process is up."""
    return JSONBytes({"status": "ok"})


@router.get(
    "/readyz",
    summary="Readiness check",
    response_model=StatusResponse,
    responses={503: {"model": ErrorResponse, "description": "No index loaded yet"}},
)
async def readyz(request: Request) -> JSONBytes:
    """Ready when a screening index is loaded and queries can be answered."""
    holder: IndexHolder = request.app.state.holder
    if not holder.ready:
        return JSONBytes({"detail": "screening index not ready"}, status_code=503)
    return JSONBytes({"status": "ok"})
