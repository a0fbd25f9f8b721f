"""`interlist notices`: wanted notices, their hit reports and sweeps.

Every change acts as a named user (`--user`): their agency's state (or the centre)
and their role decide what they may do, exactly as in the API and the web pages, and
the change is recorded in the notice's history and the audit log under their name.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import orjson
import typer
from rich.table import Table

from interlist.cli.common import DbOption, JsonOption, engine_for, err, out
from interlist.cli.cooperation import UserOption
from interlist.matching import DEFAULT_THRESHOLD

notices_app = typer.Typer(help="Inter-state wanted notices, hit reports and sweeps.",
                          no_args_is_help=True)  # fmt: skip


def register(app: typer.Typer) -> None:
    app.add_typer(notices_app, name="notices")


def _actor(conn: Any, name: str) -> Any:
    from interlist.access.users import get_user
    from interlist.cooperation import actor_for

    user = get_user(conn, name)
    return actor_for(conn, user.name, user.agency, user.role)


def _print_json(data: Any) -> None:
    sys.stdout.buffer.write(orjson.dumps(data, option=orjson.OPT_INDENT_2) + b"\n")


def _show(found: dict[str, Any], as_json: bool) -> None:
    if as_json:
        _print_json(found)
        return
    out.print(f"notice {found['id']} ({found['issuing_state']}): {found['caption']} — "
              f"{found['status']}", highlight=False)  # fmt: skip
    for event in found.get("history", []):
        out.print(f"  {event['at'][:19]} {event['transition']:<15} {event['actor']} "
                  f"({event['agency']}) {event['note'] or ''}", highlight=False)  # fmt: skip


@notices_app.command("draft")
def draft_notice(
    file: Annotated[Path, typer.Argument(help="The notice as JSON (as POST /notices takes).")],
    user: UserOption,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Draft a notice of the user's state from a JSON file."""
    from pydantic import ValidationError

    from interlist.api.notice_models import NoticeIn
    from interlist.errors import InvalidInputError
    from interlist.notices import draft

    try:
        asked = NoticeIn.model_validate_json(file.read_bytes())
    except ValidationError as exc:
        raise InvalidInputError(f"{file}: {exc.errors()[0]['msg']}",
                                ".".join(map(str, exc.errors()[0]["loc"]))) from exc  # fmt: skip
    with engine_for(db).begin() as conn:
        found = draft(conn, _actor(conn, user), asked.to_draft())
    _show(found, as_json)


@notices_app.command("move")
def move_notice(
    notice_id: Annotated[int, typer.Argument(help="The notice.")],
    to: Annotated[str, typer.Argument(help="The status asked: submitted, published, located...")],
    user: UserOption,
    note: Annotated[str | None, typer.Option(help="A note for the history.")] = None,
    check: Annotated[
        list[str] | None,
        typer.Option("--check", help="A checklist item that holds (repeatable; review only)."),
    ] = None,
    state: Annotated[str | None, typer.Option(help="Where (located, detained).")] = None,
    when: Annotated[str | None, typer.Option("--date", help="When (YYYY-MM-DD).")] = None,
    place: Annotated[str | None, typer.Option(help="Where exactly.")] = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Move a notice to another status (who may do what: docs/notices.md)."""
    from interlist.notices import move
    from interlist.notices.terms import terms

    checklist = None
    if check is not None or to in ("published", "refused"):
        checklist = {item: item in (check or []) for item in terms("checklist")}
    day = date.fromisoformat(when) if when else None
    with engine_for(db).begin() as conn:
        found = move(conn, _actor(conn, user), notice_id, to, note, checklist, state, day, place)
    _show(found, as_json)


@notices_app.command("flag")
def flag_notice(
    notice_id: Annotated[int, typer.Argument(help="The notice.")],
    user: UserOption,
    reason: Annotated[str | None, typer.Option(help="Why the state will not act.")] = None,
    lift: Annotated[bool, typer.Option("--lift", help="Lift the state's flag.")] = False,
    db: DbOption = None,
) -> None:
    """Record that the user's state will not act on a notice on its territory."""
    from interlist.notices import flag

    with engine_for(db).begin() as conn:
        flag(conn, _actor(conn, user), notice_id, reason, lift)
    out.print(f"notice {notice_id}: flag {'lifted' if lift else 'recorded'}", highlight=False)


@notices_app.command("list")
def list_notices(
    user: Annotated[str | None, typer.Option("--user", help="Only what this user may see.")] = None,
    status: Annotated[str | None, typer.Option(help="In this status.")] = None,
    state: Annotated[str | None, typer.Option("--state", help="Issued by this state.")] = None,
    category: Annotated[str | None, typer.Option(help="For this offence category.")] = None,
    overdue: Annotated[bool, typer.Option(help="Only those past their deadline.")] = False,
    expiring: Annotated[bool, typer.Option(help="Only those within 6 months of expiry.")] = False,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Notices, soonest deadline first."""
    from interlist.notices import search

    with engine_for(db).connect() as conn:
        viewer = _actor(conn, user) if user else None
        found = search(conn, viewer, status, state, category, overdue, expiring)
    if as_json:
        _print_json(found)
        return
    table = Table("id", "state", "subject", "offence", "status", "due")
    for n in found:
        table.add_row(str(n["id"]), n["issuing_state"], n["caption"], n["offence"]["category"],
                      n["status"], (n["due_at"] or "")[:10])  # fmt: skip
    out.print(table)


@notices_app.command("show")
def show_notice(
    notice_id: Annotated[int, typer.Argument(help="The notice.")],
    user: Annotated[str | None, typer.Option("--user", help="As this user sees it.")] = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """A notice with its history."""
    from interlist.notices import get

    with engine_for(db).connect() as conn:
        found = get(conn, notice_id, _actor(conn, user) if user else None)
    _show(found, as_json)


@notices_app.command("expire")
def expire(db: DbOption = None) -> None:
    """Expire the notices past their expiry (daily; screening stops at expiry anyway)."""
    from interlist.notices import expire_due

    with engine_for(db).begin() as conn:
        done = expire_due(conn)
    out.print(f"{len(done)} notices expired", highlight=False)


@notices_app.command("hits")
def list_hits(
    user: Annotated[str | None, typer.Option("--user", help="Only what this user may see.")] = None,
    notice: Annotated[int | None, typer.Option(help="Of this notice.")] = None,
    status: Annotated[str | None, typer.Option(help="open, confirmed, not_the_person.")] = None,
    overdue: Annotated[bool, typer.Option(help="Only those not acknowledged in time.")] = False,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Hit reports, soonest deadline first."""
    from interlist.notices import hits

    with engine_for(db).connect() as conn:
        viewer = _actor(conn, user) if user else None
        found = hits.search(conn, viewer, notice, status, overdue)
    if as_json:
        _print_json(found)
        return
    table = Table("id", "notice", "to", "by", "channel", "score", "status", "due")
    for h in found:
        table.add_row(str(h["id"]), str(h["notice_id"]), h["issuing_state"],
                      f"{h['screened_agency']} ({h['screened_state'] or '-'})", h["channel"],
                      f"{h['score']:.2f}", h["status"], (h["due_at"] or "")[:16])  # fmt: skip
    out.print(table)


@notices_app.command("ack")
def acknowledge(
    hit_id: Annotated[int, typer.Argument(help="The hit report.")],
    outcome: Annotated[str, typer.Option(help="confirmed or not_the_person.")],
    user: UserOption,
    note: Annotated[str | None, typer.Option(help="A note for the history.")] = None,
    db: DbOption = None,
) -> None:
    """Acknowledge a hit report addressed to the user's state."""
    from interlist.notices import hits

    with engine_for(db).begin() as conn:
        found = hits.acknowledge(conn, _actor(conn, user), hit_id, outcome, note)
    out.print(f"hit report {hit_id}: {found['status']}", highlight=False)


@notices_app.command("sweep")
def sweep(
    source: Annotated[Path, typer.Argument(help="CSV, JSON lines or XLSX file of people.")],
    state: Annotated[str, typer.Option("--state", help="The sweeping state, e.g. uz.")],
    kind: Annotated[str, typer.Option("--kind", help="prison, border or residence.")],
    output: Annotated[Path, typer.Option("-o", "--output", help=".jsonl, .csv or .parquet")],
    user: Annotated[
        str | None, typer.Option("--user", help="The user sweeping (one of the state's).")
    ] = None,
    column: Annotated[
        list[str] | None, typer.Option(help="FIELD=COLUMN, e.g. name=full_name (repeatable).")
    ] = None,
    threshold: Annotated[float, typer.Option(min=0.0, max=1.0)] = DEFAULT_THRESHOLD,
    workers: Annotated[int, typer.Option(min=1, help="Processes.")] = 1,
    db: DbOption = None,
) -> None:
    """Sweep a file of people against the published notices; report the matches."""
    from interlist.notices.sweep import sweep as run
    from interlist.screening.records import column_map

    engine = engine_for(db)
    with engine.connect() as conn:
        actor = _sweeper(conn, state, user)
    summary = run(engine, actor, source, output, kind, column_map(column or ()), workers,
                  threshold)  # fmt: skip
    out.print(
        f"swept {summary.rows:,} rows against {summary.notices} notices in "
        f"{summary.seconds:.1f}s ({summary.rows_per_second:,.0f} rows/s): "
        f"{summary.with_matches:,} with a match, {summary.reports_opened} hit reports opened, "
        f"{summary.reports_known} known already, {summary.bad:,} bad rows -> {output}",
        highlight=False,
    )
    for bad in summary.bad_rows:
        err.print(f"  row {bad['row']} (id {bad['id']}): {bad['error']}", highlight=False)


def _sweeper(conn: Any, state: str, user: str | None) -> Any:
    """The user sweeping (who must be of `state`), or the command line for `state`."""
    from interlist.cli.access import actor_name
    from interlist.cooperation.states import get_state
    from interlist.errors import PermissionDeniedError
    from interlist.lifecycle import Actor

    code = get_state(conn, state).code
    if user is None:
        return Actor(actor_name(), f"{code} (command line)", code, False, frozenset({"screen"}))
    actor = _actor(conn, user)
    if actor.state != code:
        raise PermissionDeniedError(f"{user} is not of {code}")
    return actor
