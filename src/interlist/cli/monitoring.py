"""`interlist monitor`, `alerts`, `cases` and `webhooks`: subjects under watch, the
alerts a list change raises, their decisions (four eyes), cases and notifications.

Decisions act as a named user (`--user`): their agency and role decide what they may
do, and the decision is recorded under their name, exactly as in the API and the web
application. Registering subjects and webhooks for an agency (`--agency`) may be done
by the operator at the console, or as a user (`--user`).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Annotated, Any

import orjson
import typer
from rich.table import Table

from interlist.cli.common import DbOption, JsonOption, engine_for, out

monitor_app = typer.Typer(help="Subjects an agency keeps under watch.", no_args_is_help=True)
alerts_app = typer.Typer(help="Alerts raised by list changes, and their decisions.",
                         no_args_is_help=True)  # fmt: skip
cases_app = typer.Typer(help="Cases grouping escalated alerts about one subject.",
                        no_args_is_help=True)  # fmt: skip
webhooks_app = typer.Typer(help="Agencies' webhooks: new alerts and decisions, signed.",
                           no_args_is_help=True)  # fmt: skip

AgencyOption = Annotated[str, typer.Option("--agency", help="The agency whose subjects these are.")]
UserOption = Annotated[
    str, typer.Option("--user", help="The user acting (their agency and role count).")
]
MaybeUser = Annotated[
    str | None, typer.Option("--user", help="Act as this user (default: the console operator).")
]


def register(app: typer.Typer) -> None:
    app.add_typer(monitor_app, name="monitor")
    app.add_typer(alerts_app, name="alerts")
    app.add_typer(cases_app, name="cases")
    app.add_typer(webhooks_app, name="webhooks")


def _actor(conn: Any, user: str | None, agency: str | None = None) -> Any:
    """The named user, or the console operator acting for `agency`."""
    from interlist.access.users import get_user
    from interlist.cli.access import actor_name
    from interlist.cooperation import actor_for
    from interlist.lifecycle import SYSTEM

    if user:
        found = get_user(conn, user)
        return actor_for(conn, found.name, found.agency, found.role)
    if agency:
        return actor_for(conn, actor_name(), agency, "admin")
    return SYSTEM


def _print_json(data: Any) -> None:
    sys.stdout.buffer.write(orjson.dumps(data, option=orjson.OPT_INDENT_2) + b"\n")


@monitor_app.command("add")
def monitor_add(
    file: Annotated[Path, typer.Argument(help="CSV, Excel, JSON lines or Parquet of subjects.")],
    agency: AgencyOption,
    dataset: Annotated[
        str | None, typer.Option("--dataset", help="Screen against this collection (kz...).")
    ] = None,
    user: MaybeUser = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Register or update subjects (columns id, name, schema, birth_date, nationality,
    id_number, country; the same id replaces), and screen them at once."""
    from interlist import alerts
    from interlist.screening.readers import read_rows

    rows = list(read_rows(file))
    with engine_for(db).begin() as conn:
        done = alerts.register(conn, _actor(conn, user, agency), agency, rows, dataset)
    if as_json:
        _print_json(done.to_dict())
        return
    out.print(
        f"{agency}: {len(done.registered)} registered, {len(done.updated)} updated, "
        f"{done.unchanged} unchanged, {len(done.bad)} bad rows; {len(done.alerts)} alerts opened",
        highlight=False,
    )
    for bad in done.bad[:20]:
        out.print(f"  row {bad['row']} ({bad['id']}): {bad['error']}", highlight=False)


@monitor_app.command("remove")
def monitor_remove(
    subject_ids: Annotated[list[str], typer.Argument(help="The agency's ids of the subjects.")],
    agency: AgencyOption,
    user: MaybeUser = None,
    db: DbOption = None,
) -> None:
    """End the watch of subjects (history kept; undecided alerts withdrawn)."""
    from interlist import alerts

    with engine_for(db).begin() as conn:
        done = alerts.remove(conn, _actor(conn, user, agency), agency, subject_ids)
    out.print(f"{done['removed']} removed, {done['withdrawn']} alerts withdrawn", highlight=False)


@monitor_app.command("list")
def monitor_list(
    agency: AgencyOption,
    removed: Annotated[bool, typer.Option("--removed", help="Those no longer watched.")] = False,
    limit: int = 100,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """An agency's subjects."""
    from interlist.alerts import subjects

    with engine_for(db).connect() as conn:
        found = subjects.search(conn, _actor(conn, None, agency), agency, not removed, limit)
    if as_json:
        _print_json(found)
        return
    table = Table("id", "name", "schema", "dataset", "revision", "updated")
    for s in found:
        table.add_row(s["subject_id"], s["name"], s["schema"], s["dataset"] or "-",
                      str(s["revision"]), s["updated_at"][:19])  # fmt: skip
    out.print(table)


@monitor_app.command("threshold")
def monitor_threshold(
    value: Annotated[float, typer.Argument(help="Score from which a pair alerts (0..1).")],
    agency: AgencyOption,
    db: DbOption = None,
) -> None:
    """Set the agency's alert threshold (default: resources/alerts.yml)."""
    from interlist.alerts.raising import set_threshold
    from interlist.errors import InvalidInputError

    if not 0.0 < value <= 1.0:
        raise InvalidInputError("a threshold is above 0 and at most 1", "threshold")
    with engine_for(db).begin() as conn:
        set_threshold(conn, agency, value)
    out.print(f"{agency}: alerts from a score of {value}", highlight=False)


@alerts_app.command("list")
def alerts_list(
    status: Annotated[str | None, typer.Option(help="open, confirmed_pending...")] = None,
    agency: Annotated[str | None, typer.Option(help="Of this agency.")] = None,
    subject: Annotated[str | None, typer.Option(help="The agency's subject id.")] = None,
    entity: Annotated[str | None, typer.Option(help="The listed entity's id.")] = None,
    overdue: Annotated[bool, typer.Option("--overdue", help="Past their deadline.")] = False,
    limit: int = 100,
    user: MaybeUser = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Alerts, the soonest deadline first."""
    from interlist.alerts import decisions

    with engine_for(db).connect() as conn:
        found = decisions.search(conn, _actor(conn, user), status, agency, subject, entity,
                                 overdue, limit=limit)  # fmt: skip
    if as_json:
        _print_json({"results": found})
        return
    table = Table("id", "status", "agency", "subject", "entity", "score", "due", "cause")
    for a in found:
        table.add_row(str(a["id"]), a["status"], a["agency"], a["subject_id"],
                      f"{a['entity_id']} {a['caption']}", f"{a['score']:.2f}",
                      (a["due_at"] or "-")[:16] + (" late" if a["overdue"] else ""),
                      str(a["cause"].get("kind")))  # fmt: skip
    out.print(table)


@alerts_app.command("show")
def alerts_show(alert_id: int, user: MaybeUser = None, db: DbOption = None) -> None:
    """An alert with its explanation and history (JSON)."""
    from interlist.alerts import decisions

    with engine_for(db).connect() as conn:
        _print_json(decisions.get(conn, alert_id, _actor(conn, user)))


@alerts_app.command("decide")
def alerts_decide(
    alert_id: int,
    decision: Annotated[str, typer.Argument(help="false_positive, confirmed or escalated.")],
    reason: Annotated[str, typer.Option("--reason", help="A reason of resources/alerts.yml.")],
    user: UserOption,
    note: Annotated[str | None, typer.Option("--note", help="A note for the record.")] = None,
    db: DbOption = None,
) -> None:
    """Decide an alert (a confirmation then awaits a second user's approval)."""
    from interlist.alerts import decisions

    with engine_for(db).begin() as conn:
        found = decisions.decide(conn, _actor(conn, user), alert_id, decision, reason, note)
    out.print(f"alert {alert_id}: {found['status']}", highlight=False)


@alerts_app.command("approve")
def alerts_approve(
    alert_id: int,
    user: UserOption,
    refuse: Annotated[bool, typer.Option("--refuse", help="Refuse: back to open.")] = False,
    note: Annotated[str | None, typer.Option("--note", help="A note for the record.")] = None,
    db: DbOption = None,
) -> None:
    """Approve (or refuse) a confirmation, as a second user of the agency."""
    from interlist.alerts import decisions

    with engine_for(db).begin() as conn:
        found = decisions.approve(conn, _actor(conn, user), alert_id, not refuse, note)
    out.print(f"alert {alert_id}: {found['status']}", highlight=False)


@alerts_app.command("clear")
def alerts_clear(
    alert_ids: Annotated[list[int], typer.Argument(help="The alerts to clear.")],
    reason: Annotated[str, typer.Option("--reason", help="One reason for all.")],
    user: UserOption,
    note: Annotated[str | None, typer.Option("--note", help="A note for the record.")] = None,
    db: DbOption = None,
) -> None:
    """Clear many obvious false positives with one reason (all or nothing)."""
    from interlist.alerts import decisions

    with engine_for(db).begin() as conn:
        found = decisions.clear(conn, _actor(conn, user), alert_ids, reason, note)
    out.print(f"{len(found)} alerts cleared as false positives", highlight=False)


@cases_app.command("list")
def cases_list(
    status: Annotated[str | None, typer.Option(help="open, investigating, closed.")] = None,
    user: MaybeUser = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Cases, the soonest deadline first."""
    from interlist.alerts import cases

    with engine_for(db).connect() as conn:
        found = cases.search(conn, _actor(conn, user), status)
    if as_json:
        _print_json({"results": found})
        return
    table = Table("id", "status", "agency", "subject", "assignee", "outcome")
    for c in found:
        table.add_row(str(c["id"]), c["status"], c["agency"], c["subject_id"],
                      c["assignee"] or "-", c["outcome"] or "-")  # fmt: skip
    out.print(table)


@cases_app.command("show")
def cases_show(case_id: int, user: MaybeUser = None, db: DbOption = None) -> None:
    """A case with its alerts and notes (JSON)."""
    from interlist.alerts import cases

    with engine_for(db).connect() as conn:
        _print_json(cases.get(conn, case_id, _actor(conn, user)))


@cases_app.command("move")
def cases_move(
    case_id: int,
    move: Annotated[str, typer.Argument(help="investigating, noted or closed.")],
    user: UserOption,
    note: Annotated[str | None, typer.Option("--note", help="A note for the record.")] = None,
    outcome: Annotated[str | None, typer.Option("--outcome", help="How it closed.")] = None,
    db: DbOption = None,
) -> None:
    """Investigate, add a note to, or close a case."""
    from interlist.alerts import cases

    with engine_for(db).begin() as conn:
        found = cases.move(conn, _actor(conn, user), case_id, move, note, outcome)
    out.print(f"case {case_id}: {found['status']}", highlight=False)


@webhooks_app.command("add")
def webhooks_add(
    url: Annotated[str, typer.Argument(help="Where to POST new alerts and decisions.")],
    agency: AgencyOption,
    secret_stdin: Annotated[
        bool, typer.Option("--secret-stdin", help="Read the signing secret from stdin.")
    ] = False,
    db: DbOption = None,
) -> None:
    """Register an agency's webhook (its secret read from stdin, never an argument)."""
    from interlist.alerts import webhooks
    from interlist.errors import InvalidInputError

    if not secret_stdin:
        raise InvalidInputError("give the secret on stdin with --secret-stdin", "secret")
    secret = sys.stdin.readline().strip()
    with engine_for(db).begin() as conn:
        found = webhooks.add(conn, agency, url, secret)
    out.print(f"webhook {found['id']} of {agency}: {url}", highlight=False)


@webhooks_app.command("list")
def webhooks_list(agency: Annotated[str | None, typer.Option(help="Of this agency.")] = None,
                  db: DbOption = None, as_json: JsonOption = False) -> None:  # fmt: skip
    """Registered webhooks (never their secrets)."""
    from interlist.alerts import webhooks

    with engine_for(db).connect() as conn:
        found = webhooks.listed(conn, agency)
    if as_json:
        _print_json(found)
        return
    for hook in found:
        state = "active" if hook["active"] else "removed"
        out.print(f"{hook['id']}  {hook['agency']}  {hook['url']}  {state}", highlight=False)


@webhooks_app.command("deliver")
def webhooks_deliver(
    loop: Annotated[bool, typer.Option("--loop", help="Keep delivering until stopped.")] = False,
    interval: Annotated[float, typer.Option(help="Seconds between rounds (--loop).")] = 5.0,
    db: DbOption = None,
) -> None:
    """POST the pending deliveries that are due (retried with backoff when the receiver
    is down; every attempt logged)."""
    from interlist.alerts import webhooks

    engine = engine_for(db)
    while True:
        counts = webhooks.deliver_pending(engine)
        out.print(", ".join(f"{v} {k}" for k, v in counts.items()), highlight=False)
        if not loop:
            return
        time.sleep(interval)


@webhooks_app.command("log")
def webhooks_log(
    agency: Annotated[str | None, typer.Option(help="Of this agency.")] = None,
    status: Annotated[str | None, typer.Option(help="pending, delivered, failed.")] = None,
    limit: int = 50,
    db: DbOption = None,
) -> None:
    """The delivery log, newest first (JSON)."""
    from interlist.alerts import webhooks

    with engine_for(db).connect() as conn:
        _print_json(webhooks.deliveries(conn, agency, status, limit))
