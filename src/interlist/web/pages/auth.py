"""Logging in and out, and switching the interface language.

Every login, failed login and logout is written to the audit log. After
MAX_FAILURES failed logins for one user name within WINDOW seconds, further
attempts fail without being checked until the window has passed (per process). After a
successful login the visitor is sent back to the page they asked for (only
paths of this application are accepted as targets).
"""

from __future__ import annotations

import time

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from interlist.access import audit, credentials, users
from interlist.web import PREFIX, i18n, render, session
from interlist.web.session import Forbidden

router = APIRouter()
MAX_FAILURES = 5  # failed logins per user name within WINDOW seconds before a pause
WINDOW = 15 * 60
_failures: dict[str, list[float]] = {}
SECURE_COOKIE = {"secure": True, "httponly": True, "samesite": "strict", "path": "/"}


def _safe_next(target: str | None) -> str:
    """Only a local path of the web application (no //host or scheme) is a valid target."""
    if target and target.startswith(PREFIX + "/") and "//" not in target and "\\" not in target:
        return target
    return PREFIX + "/"


@router.get("/login")
def login_page(request: Request, next: str = "", failed: int = 0, out: int = 0) -> Response:
    token = request.cookies.get(session.LOGIN_CSRF) or credentials.new_secret()
    page = render(request, None, "login.html", status=401 if failed else 200,
                  next=_safe_next(next), csrf=token, failed=failed, out=out)  # fmt: skip
    page.set_cookie(session.LOGIN_CSRF, token, max_age=3600, **SECURE_COOKIE)  # type: ignore[arg-type]
    return page


@router.post("/login")
def login(
    request: Request,
    username: str = Form(..., max_length=100),
    password: str = Form(..., max_length=1000),
    csrf: str = Form(""),
    next: str = Form(""),
) -> Response:
    expected = request.cookies.get(session.LOGIN_CSRF) or ""
    if not expected or not credentials.same(csrf, expected):
        raise Forbidden("csrf")
    engine = request.app.state.engine
    throttled = _throttled(username)
    with engine.begin() as conn:
        user = None if throttled else users.authenticate(conn, username, password)
        if user is None or not user.can("web"):
            detail = {"user": username[:100], "throttled": throttled}
            audit.append(conn, username[:100], "-", "login_failed", detail)
            _failures.setdefault(username[:100], []).append(time.monotonic())
            user = None
        else:
            audit.append(conn, user.name, user.agency, "login", {})
            _failures.pop(user.name, None)
    if user is None:
        return RedirectResponse(f"{PREFIX}/login?failed=1&next={_safe_next(next)}", 303)
    sid, _ = session.create(engine, user, i18n.language(request.cookies.get(i18n.COOKIE)))
    response = RedirectResponse(_safe_next(next), status_code=303)
    response.set_cookie(session.COOKIE, sid, max_age=int(session.LIFETIME.total_seconds()),
                        **SECURE_COOKIE)  # type: ignore[arg-type]  # fmt: skip
    response.delete_cookie(session.LOGIN_CSRF, path="/")
    return response


def _throttled(username: str) -> bool:
    """Whether a user name had MAX_FAILURES failed logins in the last WINDOW seconds."""
    recent = [t for t in _failures.get(username[:100], []) if t > time.monotonic() - WINDOW]
    _failures[username[:100]] = recent
    if len(_failures) > 10_000:
        _failures.clear()
    return len(recent) >= MAX_FAILURES


@router.post("/logout")
async def logout(request: Request) -> Response:
    who = await session.checked(request, "web")
    session.end(request.app.state.engine, request.cookies.get(session.COOKIE))
    audit.record(request.app.state.engine, who.user.name, who.user.agency, "logout", {})
    response = RedirectResponse(f"{PREFIX}/login?out=1", status_code=303)
    response.delete_cookie(session.COOKIE, path="/")
    return response


@router.get("/lang/{code}")
def switch_language(request: Request, code: str, next: str = "") -> Response:
    """Set the interface language (a preference cookie) and go back."""
    response = RedirectResponse(_safe_next(next), status_code=303)
    response.set_cookie(i18n.COOKIE, i18n.language(code), max_age=365 * 86400,
                        secure=True, samesite="lax", path="/")  # fmt: skip
    return response
