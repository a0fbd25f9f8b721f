"""Fictional records that show every domain at work in `interlist demo`.

:func:`seed` registers the member states, their agencies and users, loads each state's
fictional national list, runs xref over everything loaded (automatic merges: a person
two lists name is one profile) and opens recognition requests between them, some decided.
It is idempotent: a databank that already has the demo states is left as it is.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import Connection, Engine

from interlist.access import users
from interlist.cooperation import actor_for, add_state, recognition
from interlist.cooperation.recognition import Request
from interlist.cooperation.states import find_state, place_agency
from interlist.databank import ingest
from interlist.lifecycle import Actor
from interlist.reporting.operations import OperationIn, ResultIn, add_operation, add_results

HEADER = "record_id,type,name,aliases,birth_date,nationality,legal_basis,listed_on,topics"


@cache
def records() -> dict[str, Any]:
    """The fictional records (resources/demo.yml)."""
    text = resources.files("interlist").joinpath("resources/demo.yml").read_text("utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return data


def seed(engine: Engine, folder: Path) -> dict[str, Any]:
    """Register the demo's states, users and lists, and its recognition procedure."""
    data = records()
    with engine.begin() as conn:
        if find_state(conn, next(iter(data["states"]))) is not None:
            return {"seeded": False}
        _states(conn, data)
    ingest(engine, [write_list(folder, code, rows) for code, rows in data["lists"].items()])
    merged = resolve_lists(engine)
    with engine.begin() as conn:
        opened = _requests(conn, data)
        decided = _decisions(conn, data)
        results = _operations(conn, data, date.today().year)
        frozen = _freezes(conn, data, date.today().year)
        wanted = _notices(conn, data)
        alerted = _subjects(conn, data)
    return {"seeded": True, "states": len(data["states"]), "requests": opened,
            "decisions": decided, "operations": len(data["operations"]), "results": results,
            "freezes": frozen, "notices": wanted, "alerts": alerted, "merged": merged,
            "users": sorted(data["users"]), "password": data["password"]}  # fmt: skip


def resolve_lists(engine: Engine) -> int:
    """xref over everything loaded (the shared lists and the demo's national lists):
    the sure pairs are merged automatically, so that a person listed by two lists is one
    profile and one search result; the others wait in Review. Returns the merged pairs."""
    from interlist.resolution.xref import XrefOptions, xref

    result = xref(engine, XrefOptions())
    return result.explicit_merged + result.auto_merged


def _states(conn: Connection, data: dict[str, Any]) -> None:
    for code, spec in data["states"].items():
        add_state(conn, code, spec["name"], spec["languages"], spec.get("review_months", 6))
        users.ensure_agency(conn, spec["agency"], spec["title"])
        place_agency(conn, spec["agency"], code, centre=False)
    users.ensure_agency(conn, users.COORDINATION, "Coordinating centre")
    place_agency(conn, users.COORDINATION, None, centre=True)
    for name, (agency, role) in data["users"].items():
        if users.find_user(conn, name) is None:
            users.add_user(conn, name, agency, role, data["password"])


def write_list(folder: Path, code: str, rows: list[list[str]]) -> Path:
    """A state's fictional national list as a national list CSV file."""
    spec = records()["states"][code]
    source = spec["agency"].replace("-", "_")
    lines = [
        f"#source={source}", f"#title=National list of {spec['name']} (fictional demo)",
        f"#publisher={spec['title']}", f"#country={code}", "#date=2026-01-15", HEADER,
    ]  # fmt: skip
    basis = '"Law on countering the financing of terrorism, art. 12"'
    for rid, kind, name, alias, born, *given in rows:
        nationality = (given[0] if given else code) if kind == "person" else ""
        row = f'{rid},{kind},{name},"{alias}",{born},{nationality},{basis},2025-11-03,crime.terror'
        lines.append(row)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{source}.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _actor(conn: Connection, name: str) -> Actor:
    user = users.get_user(conn, name)
    return actor_for(conn, user.name, user.agency, user.role)


def _requests(conn: Connection, data: dict[str, Any]) -> int:
    asked = Request("", "", "Law on countering the financing of terrorism, art. 12",
                    "Listed nationally for financing a terrorist organisation",
                    ["asset_freeze", "travel_ban"])  # fmt: skip
    opened = 0
    for item in data["requests"]:
        state = item["source"].split("_")[0]
        late = date.today() - timedelta(days=10) if item.get("overdue") else None
        summary = recognition.request_list(conn, _actor(conn, f"{state}-analyst"),
                                           item["source"], item["to"],
                                           replace(asked, respond_by=late))  # fmt: skip
        opened += int(summary["opened"])
    return opened


def _operations(conn: Connection, data: dict[str, Any], year: int) -> int:
    """This year's operations and results (those dated after today are left out)."""
    centre = _actor(conn, "centre-analyst")
    count = 0
    for spec in data["operations"]:
        given = OperationIn(spec["name"], spec["kind"], _on(year, spec["start"]),
                            _on(year, spec["end"]), spec["lead"], spec["states"],
                            spec["description"])  # fmt: skip
        found = add_operation(conn, centre, given)
        count += _results(conn, centre, found["id"], spec["results"], year)
    return count + _results(conn, centre, None, data["results"], year)


def _results(conn: Connection, actor: Actor, operation: int | None, rows: list[list[Any]],
             year: int) -> int:  # fmt: skip
    given = []
    for kind, state, day, where, quantity, unit in rows:
        when = _on(year, day)
        if when > date.today():
            continue
        seizure = kind == "seizure"
        given.append(ResultIn(kind, state, when, None if seizure else where, None, None,
                              where if seizure else None, quantity, unit))  # fmt: skip
    return len(add_results(conn, actor, operation, given)) if given else 0


def _freezes(conn: Connection, data: dict[str, Any], year: int) -> int:
    """Assets frozen in the demo states on their own and on recognised designations."""
    from interlist.freezes.register import FreezeInput, record

    count = 0
    for user, entity_id, institution, kind, identifier, amount, currency, day in data["freezes"]:
        when = min(_on(year, day), date.today())
        given = FreezeInput(entity_id, institution, kind, amount, currency, when,
                            identifier=identifier)  # fmt: skip
        record(conn, _actor(conn, user), given)
        count += 1
    return count


def _notices(conn: Connection, data: dict[str, Any]) -> int:
    """Wanted notices at several steps: one located in a prison and detained, one
    published, one awaiting the centre's review."""
    from interlist.notices import Draft, draft, move

    checklist = {key: True for key in ("required_fields", "category_allowed",
                 "penalty_threshold", "not_political", "warrant_valid")}  # fmt: skip
    for spec in data["notices"]:
        authority, reference, issued = spec["warrant"]
        given = Draft(spec["subject"], spec["category"], spec["summary"], spec["law"],
                      spec["max_penalty_years"], authority, reference,
                      date.fromisoformat(str(issued)), warnings=spec["flags"])  # fmt: skip
        notice = draft(conn, _actor(conn, spec["user"]), given)
        for step in spec["steps"]:
            user, status, *where = step
            move(conn, _actor(conn, user), notice["id"], status,
                 checklist=checklist if status == "published" else None,
                 where=where[0] if where else None)  # fmt: skip
    return len(data["notices"])


def _subjects(conn: Connection, data: dict[str, Any]) -> int:
    """Monitored customers of two agencies; those resembling a designation in force in
    their state raise alerts at once. Returns the number of alerts."""
    from interlist.alerts import register

    alerts = 0
    for user in sorted({row[0] for row in data["subjects"]}):
        actor = _actor(conn, user)
        rows = [
            (n, {"id": cid, "name": name, "birth_date": born, "nationality": nat})
            for n, (owner, cid, name, born, nat) in enumerate(data["subjects"], start=1)
            if owner == user
        ]
        done = register(conn, actor, actor.agency, rows, actor.state)
        alerts += len(done.alerts)
    return alerts


def _on(year: int, month_day: str) -> date:
    return date.fromisoformat(f"{year}-{month_day}")


def _decisions(conn: Connection, data: dict[str, Any]) -> int:
    for entity_id, to_state, decision, fields in data["decisions"]:
        (found,) = recognition.search(conn, None, to_state=to_state, entity_id=entity_id)
        who = _actor(conn, f"{to_state}-analyst")
        recognition.decide(conn, who, found["id"], decision, fields.get("ground"),
                           fields.get("legal_act"), fields.get("note"))  # fmt: skip
    return len(data["decisions"])
