"""Agencies, users and their API tokens, kept in the databank's own database.

A user belongs to one agency and has one role. Passwords are Argon2 hashes;
an API token is shown once when it is made and stored only as its SHA-256.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine, func, select, update

from interlist.access import credentials
from interlist.access.audit import append
from interlist.access.roles import check_role, permissions_of
from interlist.errors import ConfigError, NotFoundError
from interlist.store import access_tables as at

COORDINATION = "coordination"
FIRST_ADMIN = "admin"


@dataclass(frozen=True)
class User:
    """An authenticated user as the rest of interlist sees it."""

    id: int
    name: str
    agency: str
    role: str
    active: bool = True

    @property
    def permissions(self) -> frozenset[str]:
        return permissions_of(self.role) if self.active else frozenset()

    def can(self, permission: str) -> bool:
        return permission in self.permissions


def _user(row: Any) -> User:
    return User(row.id, row.name, row.agency, row.role, row.active)


def _now() -> datetime:
    return datetime.now(UTC)


def ensure_agency(conn: Connection, name: str, title: str | None = None) -> bool:
    """Create the agency unless it exists; True if it was created."""
    if not name.strip():
        raise ConfigError("--agency: an agency needs a name")
    if conn.scalar(select(at.agency.c.name).where(at.agency.c.name == name)):
        return False
    conn.execute(at.agency.insert().values(name=name, title=title or name, created_at=_now()))
    return True


def agencies(conn: Connection) -> list[dict[str, Any]]:
    """Every agency with its number of active users."""
    a, u = at.agency.c, at.app_user.c
    users = func.count(u.id).filter(u.active.is_(True))
    query = (
        select(a.name, a.title, a.state, a.centre, users.label("users"))
        .select_from(at.agency.outerjoin(at.app_user, u.agency == a.name))
        .group_by(a.name, a.title, a.state, a.centre)
        .order_by(a.name)
    )
    return [dict(r._mapping) for r in conn.execute(query)]


def add_user(conn: Connection, name: str, agency: str, role: str,
             password: str | None = None) -> str:  # fmt: skip
    """Create a user (and the agency if new); returns the password (generated if not given)."""
    check_role(role)
    if not name.strip() or len(name) > 100:
        raise ConfigError("NAME: a user name needs 1 to 100 characters")
    if find_user(conn, name) is not None:
        raise ConfigError(f"NAME: a user named {name!r} exists already")
    if password is not None and len(password) < 12:
        raise ConfigError("password: at least 12 characters")
    password = password or credentials.new_password()
    ensure_agency(conn, agency)
    conn.execute(
        at.app_user.insert().values(
            name=name, agency=agency, role=role, active=True, created_at=_now(),
            password_hash=credentials.hash_password(password),
        )
    )  # fmt: skip
    return password


def find_user(conn: Connection, name: str) -> User | None:
    row = conn.execute(select(at.app_user).where(at.app_user.c.name == name)).first()
    return _user(row) if row else None


def get_user(conn: Connection, name: str) -> User:
    user = find_user(conn, name)
    if user is None:
        raise NotFoundError(f"no user named {name!r}")
    return user


def list_users(conn: Connection) -> list[User]:
    return [_user(r) for r in conn.execute(select(at.app_user).order_by(at.app_user.c.name))]


def disable_user(conn: Connection, name: str) -> User:
    """Disable a user: no login, tokens refused, open sessions ended."""
    user = get_user(conn, name)
    u = at.app_user.c
    query = update(at.app_user).where(u.id == user.id)
    conn.execute(query.values(active=False, disabled_at=_now()))
    conn.execute(at.web_session.delete().where(at.web_session.c.user_id == user.id))
    return get_user(conn, name)


def new_token(conn: Connection, name: str) -> str:
    """A new API token for an active user (returned once, stored as a hash)."""
    user = get_user(conn, name)
    if not user.active:
        raise ConfigError(f"user {name!r} is disabled")
    token = credentials.new_token()
    conn.execute(
        at.api_token.insert().values(
            user_id=user.id, token_hash=credentials.digest(token), created_at=_now()
        )
    )
    return token


def revoke_tokens(conn: Connection, name: str) -> int:
    """Revoke every token of a user; returns how many were open."""
    user, t = get_user(conn, name), at.api_token.c
    query = update(at.api_token).where(t.user_id == user.id, t.revoked_at.is_(None))
    return int(conn.execute(query.values(revoked_at=_now())).rowcount)


def user_for_token(conn: Connection, token: str) -> User | None:
    """The active user an API token belongs to, or None."""
    t, u = at.api_token.c, at.app_user.c
    query = (
        select(at.app_user)
        .join(at.api_token, t.user_id == u.id)
        .where(t.token_hash == credentials.digest(token), t.revoked_at.is_(None), u.active)
    )
    row = conn.execute(query).first()
    return _user(row) if row else None


def authenticate(conn: Connection, name: str, password: str) -> User | None:
    """The active user with this name and password, or None (same cost either way)."""
    row = conn.execute(select(at.app_user).where(at.app_user.c.name == name)).first()
    if not credentials.verify_password(row.password_hash if row else None, password):
        return None
    if row is None or not row.active:
        return None
    if credentials.needs_rehash(row.password_hash):
        new_hash = credentials.hash_password(password)
        conn.execute(update(at.app_user).where(at.app_user.c.id == row.id)
                     .values(password_hash=new_hash))  # fmt: skip
    return _user(row)


def ensure_first_admin(engine: Engine) -> tuple[str, str | None]:
    """The first admin's name and, if it was just created, its password (else None).

    Used by `interlist demo`: on an empty user table it creates the agency
    ``coordination`` and the user ``admin`` with a random password.
    """
    with engine.begin() as conn:
        u = at.app_user.c
        query = select(u.name).where(u.role == "admin", u.active).order_by(u.id).limit(1)
        existing = conn.scalar(query)
        if existing:
            return str(existing), None
        name = FIRST_ADMIN if find_user(conn, FIRST_ADMIN) is None else "admin-1"
        password = add_user(conn, name, COORDINATION, "admin")
        append(conn, "interlist", COORDINATION, "user_add", {"user": name, "role": "admin"})
        return name, password


def reset_password(conn: Connection, name: str) -> str:
    """Give a user a new random password (returned once, stored only as a hash)."""
    user = get_user(conn, name)
    password = credentials.new_password()
    new_hash = credentials.hash_password(password)
    conn.execute(update(at.app_user).where(at.app_user.c.name == user.name)
                 .values(password_hash=new_hash))  # fmt: skip
    append(conn, "interlist", COORDINATION, "password_reset", {"user": name})
    return password
