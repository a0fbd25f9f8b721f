"""`interlist states` and `interlist recognition`: member states, and the recognition of
one state's designations by another.

Every change acts as a named user (`--user`): their agency's state and their role
decide what they may do, exactly as in the API and the web application, and the
change is recorded in the request's history and the audit log under their name.
"""

from __future__ import annotations

import sys
from datetime import date
from typing import Annotated, Any

import orjson
import typer
from rich.table import Table

from interlist.cli.common import DbOption, JsonOption, engine_for, out

states_app = typer.Typer(help="Member states of the databank.", no_args_is_help=True)
recognition_app = typer.Typer(
    help="Recognition of one member state's designations by another.", no_args_is_help=True
)
UserOption = Annotated[
    str, typer.Option("--user", help="The user acting (their agency's state and role count).")
]


def register(app: typer.Typer) -> None:
    app.add_typer(states_app, name="states")
    app.add_typer(recognition_app, name="recognition")


def _actor(conn: Any, name: str) -> Any:
    from interlist.access.users import get_user
    from interlist.cooperation import actor_for

    user = get_user(conn, name)
    return actor_for(conn, user.name, user.agency, user.role)


def _print_json(data: Any) -> None:
    sys.stdout.buffer.write(orjson.dumps(data, option=orjson.OPT_INDENT_2) + b"\n")


@states_app.command("add")
def states_add(
    code: Annotated[str, typer.Argument(help="ISO 3166-1 alpha-2 code, e.g. kz.")],
    name: Annotated[str, typer.Option("--name", help="The state's name.")],
    language: Annotated[
        list[str] | None, typer.Option("--language", help="A language of the state (repeatable).")
    ] = None,
    review_months: Annotated[
        int, typer.Option(help="How often the state reviews its recognitions.")
    ] = 6,
    db: DbOption = None,
) -> None:
    """Register a member state."""
    from interlist.access import audit
    from interlist.cli.access import actor_name
    from interlist.cooperation import add_state

    with engine_for(db).begin() as conn:
        state = add_state(conn, code, name, language, review_months)
        audit.append(conn, actor_name(), "-", "state_add", state.to_dict())
    out.print(f"member state {state.code} ({state.name}) registered", highlight=False)


@states_app.command("list")
def states_list(db: DbOption = None, as_json: JsonOption = False) -> None:
    """Every member state with its languages, agencies and national lists."""
    from interlist.cooperation import states

    with engine_for(db).connect() as conn:
        found = states(conn)
    if as_json:
        _print_json(found)
        return
    table = Table("code", "name", "languages", "review", "agencies", "national lists")
    for s in found:
        table.add_row(s["code"], s["name"], ", ".join(s["languages"]),
                      f"{s['review_months']} months", ", ".join(s["agencies"]) or "-",
                      ", ".join(s["sources"]) or "-")  # fmt: skip
    out.print(table)


@recognition_app.command("request")
def request(
    source: Annotated[str, typer.Argument(help="The requesting state's national list.")],
    to: Annotated[list[str], typer.Option("--to", help="A state asked (repeatable).")],
    user: UserOption,
    legal_basis: Annotated[str, typer.Option(help="The national legal basis of the listing.")],
    reasons: Annotated[str, typer.Option(help="The statement of reasons.")],
    measure: Annotated[
        list[str] | None, typer.Option("--measure", help="A measure asked (repeatable).")
    ] = None,
    entity: Annotated[
        list[str] | None, typer.Option("--entity", help="Only this designation (repeatable).")
    ] = None,
    respond_by: Annotated[
        str | None, typer.Option(help="Answer by this date (YYYY-MM-DD).")
    ] = None,
    db: DbOption = None,
) -> None:
    """Ask states to recognise the designations of a national list: one request per
    designation each state has not decided yet (or only the `--entity` ones)."""
    from interlist.cooperation import recognition
    from interlist.cooperation.recognition import Request
    from interlist.errors import InvalidInputError

    try:
        by = date.fromisoformat(respond_by) if respond_by else None
    except ValueError as exc:
        raise InvalidInputError(
            f"{respond_by!r} is not a date (YYYY-MM-DD)", "--respond-by"
        ) from exc
    asked = Request("", "", legal_basis, reasons, list(measure or ["asset_freeze"]), by)
    with engine_for(db).begin() as conn:
        actor = _actor(conn, user)
        if entity:
            made = [recognition.request(conn, actor, _for(asked, e, s)) for e in entity for s in to]
            out.print(f"{len(made)} requests opened: " + ", ".join(str(m["id"]) for m in made))
            return
        summary = recognition.request_list(conn, actor, source, to, asked)
    for state, count in summary["by_state"].items():
        skipped = summary["skipped"][state]
        out.print(f"{state}: {count} requests opened, {skipped} designations already decided "
                  "or pending", highlight=False)  # fmt: skip


def _for(asked: Any, entity_id: str, state: str) -> Any:
    from dataclasses import replace

    return replace(asked, entity_id=entity_id, to_state=state)


@recognition_app.command("decide")
def decide(
    record_id: Annotated[int, typer.Argument(help="The request's id.")],
    decision: Annotated[str, typer.Argument(
        help="recognised, refused, info_requested, revoked, reviewed, answered or lapsed.")],
    user: UserOption,
    ground: Annotated[str | None, typer.Option(help="Why it is refused (see docs).")] = None,
    legal_act: Annotated[str | None, typer.Option(help="The decision's legal act.")] = None,
    note: Annotated[str | None, typer.Option(help="A note for the history.")] = None,
    db: DbOption = None,
) -> None:  # fmt: skip
    """Decide on a recognition request (as the state asked), or answer or withdraw it
    (as the requesting state)."""
    from interlist.cooperation import recognition

    with engine_for(db).begin() as conn:
        found = recognition.decide(conn, _actor(conn, user), record_id, decision, ground,
                                   legal_act, note)  # fmt: skip
    out.print(f"recognition {record_id}: {found['status']}", highlight=False)


@recognition_app.command("list")
def list_requests(
    user: Annotated[str | None, typer.Option("--user", help="Only what this user may see.")] = None,
    to_state: Annotated[str | None, typer.Option(help="Addressed to this state.")] = None,
    from_state: Annotated[str | None, typer.Option(help="Made by this state.")] = None,
    status: Annotated[str | None, typer.Option(help="In this status.")] = None,
    overdue: Annotated[bool, typer.Option(help="Only those past their deadline.")] = False,
    limit: Annotated[int, typer.Option(help="At most this many.")] = 100,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Recognition requests, soonest deadline first."""
    from interlist.cooperation import recognition

    with engine_for(db).connect() as conn:
        viewer = _actor(conn, user) if user else None
        found = recognition.search(conn, viewer, to_state, from_state, status, overdue,
                                   limit=limit)  # fmt: skip
    if as_json:
        _print_json(found)
        return
    table = Table("id", "designation", "from", "to", "status", "due", "measures")
    for r in found:
        due = (r["due_at"] or "")[:10] + (" overdue" if r["overdue"] else "")
        table.add_row(str(r["id"]), f"{r['caption']} ({r['entity_id']})", r["from_state"],
                      r["to_state"], r["status"], due, ", ".join(r["measures"]))  # fmt: skip
    out.print(table)


@recognition_app.command("show")
def show(
    record_id: Annotated[int, typer.Argument(help="The request's id.")],
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """A request with its history."""
    from interlist.cooperation import recognition

    with engine_for(db).connect() as conn:
        found = recognition.get(conn, record_id)
    if as_json:
        _print_json(found)
        return
    out.print(f"[bold]recognition {found['id']}[/bold]: {found['caption']} "
              f"({found['entity_id']}), {found['from_state']} → {found['to_state']}: "
              f"{found['status']}")  # fmt: skip
    out.print(f"legal basis: {found['legal_basis']}; measures: {', '.join(found['measures'])}")
    table = Table("when", "move", "from", "to", "who", "note")
    for e in found["history"]:
        table.add_row(e["at"][:19], e["transition"], e["from_status"] or "-", e["to_status"],
                      f"{e['actor']} ({e['agency']})", e["note"] or "")  # fmt: skip
    out.print(table)


@recognition_app.command("matrix")
def matrix(db: DbOption = None, as_json: JsonOption = False) -> None:
    """Requests by requesting x recognising state: recognised, refused, pending, overdue."""
    from interlist.cooperation import recognition

    with engine_for(db).connect() as conn:
        cells = recognition.matrix(conn)
    rows: list[dict[str, Any]] = [
        {"from_state": a, "to_state": b, **counts} for (a, b), counts in sorted(cells.items())
    ]
    if as_json:
        _print_json(rows)
        return
    table = Table("from", "to", "recognised", "refused", "pending", "overdue", "other")
    for r in rows:
        other = sum(v for k, v in r.items() if k in ("revoked", "lapsed"))
        table.add_row(r["from_state"], r["to_state"], *(str(r.get(k, 0)) for k in
                      ("recognised", "refused", "pending", "overdue")), str(other))  # fmt: skip
    out.print(table)
