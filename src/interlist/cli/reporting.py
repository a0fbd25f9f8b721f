"""`interlist operations`, `interlist statistics` and `interlist report`: coordinated
operations and their results, every figure counted from the records, and the annual
report in English or Russian."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import orjson
import typer
from rich.table import Table

from interlist.cli.common import DbOption, JsonOption, engine_for, err, out

operations_app = typer.Typer(help="Coordinated operations and their results.",
                             no_args_is_help=True)  # fmt: skip
report_app = typer.Typer(help="Reports made from the records.", no_args_is_help=True)
UserOption = Annotated[str, typer.Option("--user", help="The user acting.")]


def register(app: typer.Typer) -> None:
    app.add_typer(operations_app, name="operations")
    app.command("statistics")(statistics)
    app.add_typer(report_app, name="report")


def _actor(conn: Any, name: str) -> Any:
    from interlist.access.users import get_user
    from interlist.cooperation import actor_for

    user = get_user(conn, name)
    return actor_for(conn, user.name, user.agency, user.role)


def _day(text: str, option: str) -> date:
    from interlist.errors import InvalidInputError

    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise InvalidInputError(f"{text!r} is not a date (YYYY-MM-DD)", option) from exc


@operations_app.command("add")
def operations_add(
    name: Annotated[str, typer.Argument(help="The operation's name.")],
    kind: Annotated[str, typer.Option(help="search, financial, border, exercise or other.")],
    start: Annotated[str, typer.Option(help="First day (YYYY-MM-DD).")],
    end: Annotated[str, typer.Option(help="Last day (YYYY-MM-DD).")],
    user: UserOption,
    lead: Annotated[str | None, typer.Option(help="The lead state's code, or centre.")] = None,
    state: Annotated[
        list[str] | None, typer.Option("--state", help="A participating state (repeatable).")
    ] = None,
    description: Annotated[str, typer.Option(help="What it is about.")] = "",
    db: DbOption = None,
) -> None:
    """Register a coordinated operation."""
    from interlist.reporting.operations import OperationIn, add_operation

    given = OperationIn(name, kind, _day(start, "--start"), _day(end, "--end"), lead,
                        list(state or []), description)  # fmt: skip
    with engine_for(db).begin() as conn:
        found = add_operation(conn, _actor(conn, user), given)
    out.print(f"operation {found['id']} registered: {found['name']}", highlight=False)


@operations_app.command("list")
def operations_list(
    year: Annotated[int | None, typer.Option(help="Only operations of this year.")] = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Every operation (of a year)."""
    from interlist.reporting.operations import operations

    with engine_for(db).connect() as conn:
        found = operations(conn, year)
    if as_json:
        sys.stdout.buffer.write(orjson.dumps(found, default=str) + b"\n")
        return
    table = Table("id", "name", "kind", "period", "lead", "states")
    for op in found:
        table.add_row(str(op["id"]), op["name"], op["kind"], f"{op['start']} — {op['end']}",
                      op["lead"], ", ".join(op["states"]))  # fmt: skip
    out.print(table)


@operations_app.command("results")
def operations_results(
    source: Annotated[Path, typer.Argument(help="CSV, Excel or JSON lines of results.")],
    user: UserOption,
    operation: Annotated[int | None, typer.Option(help="The operation they belong to.")] = None,
    db: DbOption = None,
) -> None:
    """Record results from a file (columns kind, state, date, where, notice_id,
    entity_id, category, quantity, unit, note): all of them, or none if a row is bad."""
    from interlist.reporting.files import read_results
    from interlist.reporting.operations import add_results

    given = read_results(source)
    with engine_for(db).begin() as conn:
        found = add_results(conn, _actor(conn, user), operation, given)
    out.print(f"{len(found)} results recorded from {source}", highlight=False)


def statistics(
    start: Annotated[str | None, typer.Option("--from", help="First day (YYYY-MM-DD).")] = None,
    end: Annotated[str | None, typer.Option("--to", help="Last day (YYYY-MM-DD).")] = None,
    state: Annotated[str | None, typer.Option(help="Only this member state.")] = None,
    operation: Annotated[int | None, typer.Option(help="Only this operation.")] = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Every figure counted from the records (default: this year so far)."""
    from interlist.reporting.figures import FIGURES, Period
    from interlist.reporting.statistics import statistics as compute

    today = date.today()
    period = Period(_day(start, "--from") if start else date(today.year, 1, 1),
                    _day(end, "--to") if end else today, state, operation)  # fmt: skip
    with engine_for(db).connect() as conn:
        found = compute(conn, period)
    if as_json:
        sys.stdout.buffer.write(orjson.dumps(found, option=orjson.OPT_INDENT_2) + b"\n")
        return
    table = Table("figure", "count", "records")
    for fig in FIGURES:
        value = found["figures"][fig.name]
        shown = ", ".join(f"{k} {v['quantity']} {v['unit']}" for k, v in value.items()) if (
            isinstance(value, dict)) else f"{value:,}"  # fmt: skip
        table.add_row(fig.en, shown or "0", found["links"][fig.name])
    out.print(table)


@report_app.command("annual")
def annual(
    year: Annotated[int, typer.Option(help="The year reported.")],
    output: Annotated[Path, typer.Option("-o", "--output", help=".pdf, .html, .docx or .xlsx")],
    lang: Annotated[str, typer.Option(help="en or ru.")] = "en",
    state: Annotated[str | None, typer.Option(help="Only this member state.")] = None,
    db: DbOption = None,
) -> None:
    """The annual report of the member states' joint work (the .xlsx is its companion:
    every record each figure counts)."""
    from interlist.errors import ConfigError
    from interlist.reporting.annual import LANGUAGES, build
    from interlist.reporting.documents import write

    if lang not in LANGUAGES:
        raise ConfigError(f"--lang: {lang!r} is not one of {', '.join(LANGUAGES)}")
    with engine_for(db).connect() as conn:
        report = build(conn, year, lang, state)
        write(conn, report, output)
    err.print(f"wrote the {year} report ({lang}) to {output}")
