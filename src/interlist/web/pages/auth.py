"""Logging in and out, and switching the interface language.

Every login, failed login, lockout and logout is written to the audit log. Failed
logins are limited per account from an address, per address and per account
(:mod:`interlist.access.lockout`): a locked login is refused without checking the
password, and the page says what is locked and for how many minutes. After a
successful login the visitor is sent back to the page they asked for (only
paths of this application are accepted as targets).
"""

from __future__ import annotations

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from interlist import i18n
from interlist.access import audit, credentials, lockout, users
from interlist.web import PREFIX, render, session
from interlist.web.session import Forbidden

router = APIRouter()
MAX_FAILURES = lockout.PAIR_FAILURES  # failed logins for one account from one address
WINDOW = lockout.WINDOW
SECURE_COOKIE = {"secure": True, "httponly": True, "samesite": "strict", "path": "/"}


def _safe_next(target: str | None) -> str:
    """Only a local path of the web application (no //host or scheme) is a valid target."""
    if target and target.startswith(PREFIX + "/") and "//" not in target and "\\" not in target:
        return target
    return PREFIX + "/"


@router.get("/login")
def login_page(request: Request, next: str = "", failed: int = 0, out: int = 0,
               locked: str = "", minutes: int = 0) -> Response:  # fmt: skip
    token = request.cookies.get(session.LOGIN_CSRF) or credentials.new_secret()
    locked = locked if locked in (lockout.ACCOUNT, lockout.ADDRESS) else ""
    minutes = min(max(minutes, 1), lockout.LOCK_SECONDS // 60)
    page = render(request, None, "login.html", status=401 if failed or locked else 200,
                  next=_safe_next(next), csrf=token, failed=failed, out=out, locked=locked,
                  minutes=minutes)  # fmt: skip
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
    limiter: lockout.LoginLimiter = request.app.state.web.logins
    name, address = username[:100], request.client.host if request.client else "-"
    lock = limiter.check(name, address)
    with engine.begin() as conn:
        user = None if lock else users.authenticate(conn, name, password)
        if user is None or not user.can("web"):
            detail = {"user": name, "address": address, "throttled": lock is not None}
            if lock is not None:
                detail["locked"] = lock.reason
            audit.append(conn, name, "-", "login_failed", detail)
            if lock is None:
                lock = limiter.failed(name, address)
                if lock is not None:  # this failure reached a limit: the lockout starts
                    audit.append(conn, name, "-", "login_locked", {
                        "user": name, "address": address, "limit": lock.reason,
                        "scope": lock.scope, "seconds": lock.seconds})  # fmt: skip
            user = None
        else:
            audit.append(conn, user.name, user.agency, "login", {"address": address})
            limiter.succeeded(name, address)
    if user is None and lock is not None:
        query = f"locked={lock.scope}&minutes={lock.minutes}&next={_safe_next(next)}"
        return RedirectResponse(f"{PREFIX}/login?{query}", 303)
    if user is None:
        return RedirectResponse(f"{PREFIX}/login?failed=1&next={_safe_next(next)}", 303)
    sid, _ = session.create(engine, user, i18n.language(request.cookies.get(session.LANG_COOKIE)))
    response = RedirectResponse(_safe_next(next), status_code=303)
    response.set_cookie(session.COOKIE, sid, max_age=int(session.LIFETIME.total_seconds()),
                        **SECURE_COOKIE)  # type: ignore[arg-type]  # fmt: skip
    response.delete_cookie(session.LOGIN_CSRF, path="/")
    return response


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
    response.set_cookie(session.LANG_COOKIE, i18n.language(code), max_age=365 * 86400,
                        secure=True, samesite="lax", path="/")  # fmt: skip
    return response
