"""Web login sessions: a random id in a Secure, HttpOnly, SameSite=Strict cookie, CSRF tokens.

The database keeps only the SHA-256 of the session id, the user, a CSRF
token and the expiry. Every state-changing request must carry the session's
CSRF token (form field ``csrf`` or header ``X-CSRF-Token``, which htmx sends).
The login form, before any session exists, uses a double-submit cookie.
With authentication turned off by the operator, every visitor is a local
administrator of no agency (who sees no restricted source).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from fastapi import Request
from sqlalchemy import Engine, select

from interlist import i18n
from interlist.access import credentials
from interlist.access.users import User
from interlist.store import access_tables as at
from interlist.store.db import aware

COOKIE = "interlist_session"
LANG_COOKIE = "interlist_lang"  # the language chosen before logging in
LOGIN_CSRF = "interlist_login_csrf"
LIFETIME = timedelta(hours=8)
LOCAL_OPERATOR = User(id=0, name="local-operator", agency="", role="admin")


class LoginRequired(Exception):
    """Raised by page dependencies; answered with a redirect to the login page."""


class Forbidden(Exception):
    """Raised when the user's role lacks a permission or the CSRF token is wrong."""


@dataclass(frozen=True)
class Visitor:
    """Who is looking at a page, in which language, with which CSRF token."""

    user: User
    csrf: str
    lang: str


def create(engine: Engine, user: User, lang: str) -> tuple[str, str]:
    """A new session for `user` (expired ones are swept away); returns (session id for the
    cookie, CSRF token)."""
    sid, csrf, now = credentials.new_secret(), credentials.new_secret(), datetime.now(UTC)
    with engine.begin() as conn:
        conn.execute(at.web_session.delete().where(at.web_session.c.expires_at < now))
        conn.execute(
            at.web_session.insert().values(
                id_hash=credentials.digest(sid), user_id=user.id, csrf=csrf,
                lang=i18n.language(lang), created_at=now, expires_at=now + LIFETIME,
            )
        )  # fmt: skip
    return sid, csrf


def lookup(engine: Engine, sid: str | None) -> tuple[User, str] | None:
    """The active user and CSRF token of a live session, or None."""
    if not sid:
        return None
    s, u = at.web_session.c, at.app_user.c
    query = (
        select(u.id, u.name, u.agency, u.role, u.active, s.csrf, s.expires_at)
        .join(at.app_user, u.id == s.user_id)
        .where(s.id_hash == credentials.digest(sid))
    )
    with engine.connect() as conn:
        row = conn.execute(query).first()
    if row is None or not row.active or aware(row.expires_at) < datetime.now(UTC):
        return None
    return User(row.id, row.name, row.agency, row.role, row.active), row.csrf


def end(engine: Engine, sid: str | None) -> None:
    if sid:
        with engine.begin() as conn:
            conn.execute(at.web_session.delete().where(
                at.web_session.c.id_hash == credentials.digest(sid)))  # fmt: skip


def visitor(request: Request) -> Visitor:
    """Page dependency: the logged-in visitor, or LoginRequired."""
    state = request.app.state
    lang = i18n.language(request.cookies.get(LANG_COOKIE))
    if not state.settings.auth_required:
        return Visitor(LOCAL_OPERATOR, state.web.local_csrf, lang)
    found = lookup(state.engine, request.cookies.get(COOKIE))
    if found is None or not found[0].can("web"):
        raise LoginRequired()
    return Visitor(found[0], found[1], lang)


def permitted(request: Request, permission: str) -> Visitor:
    """The visitor, if their role has `permission` (else Forbidden)."""
    who = visitor(request)
    if not who.user.can(permission):
        raise Forbidden(permission)
    return who


async def checked(request: Request, permission: str) -> Visitor:
    """For POST requests: the permitted visitor whose CSRF token matches."""
    who = permitted(request, permission)
    form = await request.form()
    sent = request.headers.get("x-csrf-token") or str(form.get("csrf") or "")
    if not sent or not credentials.same(sent, who.csrf):
        raise Forbidden("csrf")
    return who
