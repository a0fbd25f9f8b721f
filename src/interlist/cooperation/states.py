"""Member states, the agencies and national lists that belong to them, and who acts.

A member state is known by its ISO 3166-1 alpha-2 code in lower case (``kz``).
An agency belongs to one state, or is the coordinating centre, or (as before
states existed) to none. A national list's source belongs to the state of its
``#country=`` line, or to the state it is assigned to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from importlib import resources
from typing import Any

import yaml
from followthemoney.types import registry
from sqlalchemy import Connection, func, select, update

from interlist.access.roles import permissions_of
from interlist.errors import ConfigError, InvalidInputError, NotFoundError
from interlist.lifecycle import Actor
from interlist.store import access_tables as at
from interlist.store import lifecycle_tables as lt
from interlist.store import tables as t

CODE = re.compile(r"^[a-z]{2}$")
LANGUAGE = re.compile(r"^[a-z]{2,3}$")
DEFAULT_REVIEW_MONTHS = 6
UN_SOURCES = ("un_sc",)  # in force in every member state
SHARED_SOURCES = ("notices",)  # published wanted notices: screened in every member state


@dataclass(frozen=True)
class MemberState:
    code: str
    name: str
    languages: list[str]
    review_months: int

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def check_code(code: str, field: str = "code") -> str:
    """A state's code as kept: lower case ISO 3166-1 alpha-2, a country FtM knows."""
    value = (code or "").strip().lower()
    if not CODE.match(value) or value not in registry.country.names:
        raise InvalidInputError(f"{code!r} is not an ISO 3166-1 alpha-2 country code", field)
    return value


def add_state(conn: Connection, code: str, name: str, languages: list[str] | None = None,
              review_months: int = DEFAULT_REVIEW_MONTHS) -> MemberState:  # fmt: skip
    """Register a member state; ConfigError if it is registered already."""
    code = check_code(code)
    if not name.strip():
        raise InvalidInputError("a member state needs a name", "name")
    langs = [lang.strip().lower() for lang in languages or []]
    for lang in langs:
        if not LANGUAGE.match(lang):
            raise InvalidInputError(f"{lang!r} is not an ISO 639 language code", "language")
    if review_months < 1:
        raise InvalidInputError("the review interval is at least one month", "review_months")
    if find_state(conn, code) is not None:
        raise ConfigError(f"member state {code} exists already")
    conn.execute(lt.member_state.insert().values(
        code=code, name=name.strip(), languages=langs, review_months=review_months,
        created_at=datetime.now(UTC),
    ))  # fmt: skip
    return MemberState(code, name.strip(), langs, review_months)


def find_state(conn: Connection, code: str) -> MemberState | None:
    row = conn.execute(select(lt.member_state).where(lt.member_state.c.code == code)).first()
    if row is None:
        return None
    return MemberState(row.code, row.name, list(row.languages or []), row.review_months)


def get_state(conn: Connection, code: str) -> MemberState:
    found = find_state(conn, (code or "").strip().lower())
    if found is None:
        raise NotFoundError(f"no member state {code!r} (see `interlist states list`)")
    return found


def states(conn: Connection) -> list[dict[str, Any]]:
    """Every member state with its agencies and national lists."""
    s = lt.member_state.c
    agencies = _grouped(conn, at.agency.c.state, at.agency.c.name)
    lists = _grouped(conn, t.source.c.state, t.source.c.name)
    rows = conn.execute(select(lt.member_state).order_by(s.code))
    return [
        {**MemberState(r.code, r.name, list(r.languages or []), r.review_months).to_dict(),
         "agencies": agencies.get(r.code, []), "sources": lists.get(r.code, [])}
        for r in rows
    ]  # fmt: skip


def _grouped(conn: Connection, key: Any, value: Any) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for k, v in conn.execute(select(key, value).where(key.is_not(None)).order_by(value)):
        found.setdefault(k, []).append(v)
    return found


def place_agency(conn: Connection, agency: str, state: str | None, centre: bool) -> None:
    """Make an agency one of `state`'s, or the coordinating centre."""
    if state and centre:
        raise ConfigError("an agency belongs to a state or is the centre, not both")
    code = get_state(conn, state).code if state else None
    a = at.agency.c
    done = conn.execute(
        update(at.agency).where(a.name == agency).values(state=code, centre=centre)
    ).rowcount
    if not done:
        raise NotFoundError(f"no agency named {agency!r}")


def assign_source(conn: Connection, source: str, state: str) -> None:
    """Make a source the national list of `state`."""
    code = get_state(conn, state).code
    done = conn.execute(
        update(t.source).where(t.source.c.name == source).values(state=code)
    ).rowcount
    if not done:
        raise NotFoundError(f"no source named {source!r} (see `interlist sources`)")


def state_sources(conn: Connection, code: str) -> list[str]:
    """The national lists of a state."""
    query = select(t.source.c.name).where(t.source.c.state == code).order_by(t.source.c.name)
    return list(conn.scalars(query))


def source_state(conn: Connection, source: str) -> str | None:
    return conn.scalar(select(t.source.c.state).where(t.source.c.name == source))


def agency_place(conn: Connection, agency: str) -> tuple[str | None, bool]:
    """The state an agency belongs to and whether it is the centre."""
    row = conn.execute(
        select(at.agency.c.state, at.agency.c.centre).where(at.agency.c.name == agency)
    ).first()
    return (row.state, bool(row.centre)) if row else (None, False)


def actor_for(conn: Connection, name: str, agency: str, role: str) -> Actor:
    """The actor a user is: their agency's state or the centre, their role's permissions."""
    state, centre = agency_place(conn, agency)
    return Actor(name, agency or "-", state, centre, permissions_of(role))


def count_states(conn: Connection) -> int:
    return int(conn.scalar(select(func.count()).select_from(lt.member_state)) or 0)


@cache
def vocabulary() -> dict[str, dict[str, dict[str, str]]]:
    """The measures and refusal grounds (resources/cooperation.yml), with their labels."""
    text = resources.files("interlist").joinpath("resources/cooperation.yml").read_text("utf-8")
    data: dict[str, dict[str, dict[str, str]]] = yaml.safe_load(text)
    return data


def check_terms(kind: str, values: list[str], field: str) -> list[str]:
    """The values if each is a term of the vocabulary `kind`, else 422 naming the field."""
    known = vocabulary()[kind]
    for value in values:
        if value not in known:
            raise InvalidInputError(f"unknown {value!r} (known: {', '.join(known)})", field)
    return values
