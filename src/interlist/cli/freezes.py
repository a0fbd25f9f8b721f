"""`interlist freezes`: the asset-freeze register.

Changes act as a named user (`--user`): their agency's state and role decide what they
may do, as in the API and the web application. Reads without `--user` see every state,
with identifiers masked (they are shown in full to the recording agency's users only).
"""

from __future__ import annotations

import sys
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Annotated, Any

import orjson
import typer
from rich.table import Table

from interlist.cli.common import DbOption, JsonOption, engine_for, out

freezes_app = typer.Typer(help="The asset-freeze register.", no_args_is_help=True)
UserOption = Annotated[
    str, typer.Option("--user", help="The user acting (their agency's state and role count).")
]
ViewerOption = Annotated[
    str | None, typer.Option("--user", help="Only what this user may see (default: all, masked).")
]
OPERATOR = "interlist-cli"


def register(app: typer.Typer) -> None:
    app.add_typer(freezes_app, name="freezes")


def _actor(conn: Any, name: str | None) -> Any:
    from interlist.access.users import get_user
    from interlist.cooperation import actor_for
    from interlist.lifecycle import Actor

    if name is None:
        return Actor(OPERATOR, "-", centre=True)
    user = get_user(conn, name)
    return actor_for(conn, user.name, user.agency, user.role)


def _day(value: str | None, option: str) -> date:
    from interlist.freezes.terms import day

    found = day(value, option, required=False)
    return found or datetime.now(UTC).date()


def _print_json(data: Any) -> None:
    sys.stdout.buffer.write(orjson.dumps(data, option=orjson.OPT_INDENT_2) + b"\n")


@freezes_app.command("add")
def add(
    file: Annotated[
        Path, typer.Argument(help="CSV, Excel (.xlsx) or JSON lines; - for CSV on stdin.")
    ],
    user: UserOption,
    db: DbOption = None,
) -> None:
    """Record the freezes of a file: all of them, or none when a row is bad (reported by
    its number)."""
    from interlist.freezes import files, register

    text = sys.stdin.read() if str(file) == "-" else None
    given, labels = files.read(Path("stdin.csv") if text is not None else file, text)
    with engine_for(db).begin() as conn:
        ids = register.record_many(conn, _actor(conn, user), given, labels)
    out.print(f"{len(ids)} freezes recorded: {', '.join(map(str, ids))}", highlight=False)


@freezes_app.command("list")
def list_freezes(
    user: ViewerOption = None,
    entity: Annotated[str | None, typer.Option(help="Of this entity.")] = None,
    state: Annotated[str | None, typer.Option(help="Held in this state.")] = None,
    status: Annotated[str | None, typer.Option(help="In this status.")] = None,
    needs_review: Annotated[
        bool, typer.Option("--needs-review", help="Only those whose basis ended.")
    ] = False,
    limit: Annotated[int, typer.Option(help="At most this many.")] = 100,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Freezes, those awaiting a review first."""
    from interlist.freezes import register

    with engine_for(db).connect() as conn:
        found = register.search(conn, _actor(conn, user), entity, state, status,
                                True if needs_review else None, limit)  # fmt: skip
    if as_json:
        _print_json(found)
        return
    table = Table("id", "entity", "state", "institution", "asset", "balance", "status", "due")
    for f in found:
        table.add_row(str(f["id"]), f"{f['caption']} ({f['entity_id']})", f["state"],
                      f["institution"], f["asset_type"], f"{f['balance']} {f['currency']}",
                      f["status"], (f["due_at"] or "")[:10])  # fmt: skip
    out.print(table)


@freezes_app.command("show")
def show(
    record_id: Annotated[int, typer.Argument(help="The freeze's id.")],
    user: ViewerOption = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """A freeze with its history and licences."""
    from interlist.freezes import register

    with engine_for(db).connect() as conn:
        found = register.get(conn, record_id, _actor(conn, user))
    if as_json:
        _print_json(found)
        return
    out.print(f"[bold]freeze {found['id']}[/bold]: {found['caption']} ({found['entity_id']}), "
              f"{found['state']}, {found['institution']}: {found['status']}")  # fmt: skip
    out.print(f"{found['asset_type']} {found['identifier'] or ''}: {found['amount']} "
              f"{found['currency']}, balance {found['balance']}; basis {found['basis']['kind']} "
              f"{found['basis']['ref']}", highlight=False)  # fmt: skip
    table = Table("when", "move", "to", "who", "act", "date", "amount", "note")
    for e in found["history"]:
        p = e["payload"]
        cells = (str(p.get(k, "")) for k in ("act", "date", "amount"))
        who = f"{e['actor']} ({e['agency']})"
        table.add_row(e["at"][:19], e["transition"], e["to_status"], who, *cells, e["note"] or "")
    out.print(table)


@freezes_app.command("licence")
def licence(
    record_id: Annotated[int, typer.Argument(help="The freeze's id.")],
    user: UserOption,
    ground: Annotated[str, typer.Option(help="Why (rent, food, medicine... see docs).")],
    amount: Annotated[str, typer.Option(help="The amount released, e.g. 150000.00.")],
    currency: Annotated[str, typer.Option(help="The freeze's currency.")],
    granted_on: Annotated[str, typer.Option(help="The date granted (YYYY-MM-DD).")],
    committee_notified_on: Annotated[
        str | None, typer.Option(help="UN listings: when the sanctions committee was notified.")
    ] = None,
    granted_by: Annotated[str | None, typer.Option(help="The authority granting it.")] = None,
    valid_from: Annotated[str | None, typer.Option(help="Start of the period.")] = None,
    valid_until: Annotated[str | None, typer.Option(help="End of the period.")] = None,
    note: Annotated[str | None, typer.Option(help="A note for the history.")] = None,
    db: DbOption = None,
) -> None:
    """Grant a licence releasing part of the funds (never more than the balance)."""
    from interlist.freezes import licences

    asked = licences.Licence(ground, amount, currency, granted_on, committee_notified_on,
                             granted_by, valid_from, valid_until, note)  # fmt: skip
    with engine_for(db).begin() as conn:
        found = licences.grant(conn, _actor(conn, user), record_id, asked)
    out.print(f"freeze {record_id}: {found['status']}, balance {found['balance']} "
              f"{found['currency']}", highlight=False)  # fmt: skip


@freezes_app.command("transition")
def transition(
    record_id: Annotated[int, typer.Argument(help="The freeze's id.")],
    to: Annotated[str, typer.Argument(
        help="seized, confiscated, unfrozen, frozen (kept after a review) or review_required.")],
    user: UserOption,
    act: Annotated[str, typer.Option(help="The act: court decision, order...")],
    date_: Annotated[str, typer.Option("--date", help="When it takes effect (YYYY-MM-DD).")],
    note: Annotated[str | None, typer.Option(help="A note for the history.")] = None,
    db: DbOption = None,
) -> None:  # fmt: skip
    """Seize, confiscate or unfreeze a freeze, or keep it frozen after a review."""
    from interlist.freezes import register

    with engine_for(db).begin() as conn:
        found = register.move(conn, _actor(conn, user), record_id, to, act, date_, note)
    out.print(f"freeze {record_id}: {found['status']}", highlight=False)


@freezes_app.command("summary")
def summary(
    user: ViewerOption = None,
    state: Annotated[str | None, typer.Option(help="Of this state (default: all).")] = None,
    at: Annotated[str | None, typer.Option(help="At the end of this day (default: today).")] = None,
    by: Annotated[list[str] | None, typer.Option(
        "--by", help="Also by state, institution, asset_type or programme (repeatable).")] = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:  # fmt: skip
    """The balance still frozen at a date, per currency."""
    from interlist.freezes import returns

    with engine_for(db).connect() as conn:
        found = returns.summary(conn, _actor(conn, user), state, _day(at, "--at"), by or [])
    if as_json:
        _print_json(found)
        return
    groups = list(found["by"])
    table = Table(*groups, "currency", "frozen", "count", "seized", "released")
    for t in found["totals"]:
        table.add_row(*(str(t[g]) for g in groups), t["currency"], t["frozen"], str(t["count"]),
                      t["seized"], t["released"])  # fmt: skip
    out.print(table)


@freezes_app.command("report")
def report(
    state: Annotated[str, typer.Option(help="The state whose return it is, e.g. kz.")],
    output: Annotated[str, typer.Option("-o", "--output", help="return.xlsx, .csv or - (CSV).")],
    at: Annotated[str | None, typer.Option(help="The reference date (default: today).")] = None,
    user: ViewerOption = None,
    convert_to: Annotated[str | None, typer.Option(
        help="Also give each balance in this currency (with --rate, --rates-*).")] = None,
    rate: Annotated[list[str] | None, typer.Option(
        "--rate", help="CUR=RATE: one CUR in the --convert-to currency (repeatable).")] = None,
    rates_source: Annotated[str | None, typer.Option(help="Who published the rates.")] = None,
    rates_date: Annotated[str | None, typer.Option(help="The rates' date (YYYY-MM-DD).")] = None,
    db: DbOption = None,
) -> None:  # fmt: skip
    """The annual return: the assets frozen at the reference date, with totals per
    currency that are the sums of the rows (nothing converted unless rates are given)."""
    from interlist.freezes import annual

    rates = None
    if convert_to:
        rates = annual.Rates.parse(convert_to, rate or [], rates_source, rates_date)
    with engine_for(db).connect() as conn:
        found = annual.annual_return(conn, _actor(conn, user), state, _day(at, "--at"), rates)
    annual.write(found, output, sys.stdout)
    if output != "-":
        out.print(f"{len(found.lines)} assets at {found.at.isoformat()} written to {output}",
                  highlight=False)  # fmt: skip
