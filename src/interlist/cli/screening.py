"""The `screen` and `serve` commands: thin wrappers over interlist.screening and the API."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import (
    Progress,
    ProgressColumn,
    SpinnerColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
)
from rich.text import Text

from interlist.cli.common import DbOption, err, out, settings_for
from interlist.matching import DEFAULT_THRESHOLD

APP_FACTORY = "interlist.api:app_from_env"  # what each server process runs


class RateColumn(ProgressColumn):
    """Rows per second so far."""

    def render(self, task: Task) -> Text:
        speed = task.completed / task.elapsed if task.elapsed else 0.0
        return Text(f"{speed:,.0f} rows/s")


def screen(
    source: Annotated[Path, typer.Argument(help="CSV, JSON lines, Parquet or XLSX file.")],
    output: Annotated[
        Path,
        typer.Option(
            "-o",
            "--output",
            help=".jsonl, .csv (a line per row), .hits.csv (a line per hit), .xlsx or .parquet",
        ),
    ],
    limit: Annotated[int, typer.Option(min=1, max=100, help="Hits per row.")] = 5,
    threshold: Annotated[float, typer.Option(min=0.0, max=1.0)] = DEFAULT_THRESHOLD,
    column: Annotated[
        list[str] | None, typer.Option(help="FIELD=COLUMN, e.g. name=full_name (repeatable).")
    ] = None,
    dataset: Annotated[
        list[str] | None,
        typer.Option(help="Only these sources, or a member state's code: what is in force there."),
    ] = None,
    workers: Annotated[int, typer.Option(min=1, help="Processes.")] = os.cpu_count() or 1,
    engine: Annotated[str, typer.Option(help="local or dask.")] = "local",
    scheduler: Annotated[str | None, typer.Option(help="Dask scheduler address.")] = None,
    db: DbOption = None,
) -> None:
    """Screen every row of a file against the databank; one result record per row."""
    from interlist.screening import open_index, screen_file
    from interlist.screening.records import column_map
    from interlist.screening.run import check_request
    from interlist.screening.screen import ScreenOptions

    settings = settings_for(db)
    scope = _scope(settings, dataset or [])
    options = ScreenOptions(limit=limit, threshold=threshold, include_datasets=scope.sources,
                            include_entities=scope.entities)  # fmt: skip
    columns = column_map(column or ())
    info = check_request(source, output, engine)
    out.print(f"reading {source.name}: {info.describe()}", highlight=False)
    with err.status("preparing the screening index (built once per list version)..."):
        index = open_index(settings)
    with Progress(
        SpinnerColumn(), TextColumn("{task.completed:,} rows"), RateColumn(), TimeElapsedColumn(),
        console=err, transient=False,
    ) as bar:  # fmt: skip
        task = bar.add_task("screening", total=None)
        summary = screen_file(
            settings, source, output, columns, options, workers, engine, scheduler,
            progress=lambda n: bar.advance(task, n), index=index,
        )  # fmt: skip
    _print_summary(summary, output)
    _wanted_notices(settings, dataset or [], source, output, columns)


def screen_template(
    output: Annotated[
        Path, typer.Option("-o", "--output", help="Where to write it ('-' for the terminal).")
    ] = Path("-"),
) -> None:
    """Write a CSV template for `screen` and the web batch: the columns id, name, schema,
    birth_date, nationality, id_number, country and one example row."""
    import sys

    from interlist.screening.inputs import template_csv

    if str(output) == "-":
        sys.stdout.buffer.write(template_csv())
        return
    partial = output.with_name(f".{output.name}.partial")
    partial.write_bytes(template_csv())
    partial.replace(output)
    out.print(f"template written to {output}", highlight=False)


def _wanted_notices(settings: Any, datasets: list[str], source: Path, output: Path,
                    columns: Any) -> None:  # fmt: skip
    """Hits on wanted notices' subjects: open hit reports (JSON lines output)."""
    from interlist.cli.access import actor_name
    from interlist.cooperation.collections import state_codes
    from interlist.lifecycle import Actor
    from interlist.notices.follow import follow_batch
    from interlist.store import open_engine

    engine = open_engine(settings.database_url)
    with engine.connect() as conn:
        states = [d for d in datasets if d in set(state_codes(conn))]
    state = states[0] if len(states) == 1 else None
    actor = Actor(actor_name(), f"{state or '-'} (command line)", state)
    opened = follow_batch(engine, actor, source, output, columns)
    if opened:
        out.print(f"{opened} hit reports opened on wanted notices", highlight=False)


def _scope(settings: Any, datasets: list[str]) -> Any:
    """What `--dataset` lets through: sources, or a state's collection."""
    from interlist.cooperation.collections import Scope, resolve
    from interlist.store import open_engine

    if not datasets:
        return Scope()
    with open_engine(settings.database_url).connect() as conn:
        return resolve(conn, datasets)


def _print_summary(summary, output: Path) -> None:  # type: ignore[no-untyped-def]
    out.print(
        f"screened {summary.rows:,} rows in {summary.seconds:.1f}s "
        f"({summary.rows_per_second:,.0f} rows/s): {summary.with_matches:,} with a match, "
        f"{summary.with_hits:,} with any hit, {summary.bad:,} bad rows -> {output}"
    )
    for bad in summary.bad_rows:
        out.print(f"  row {bad['row']} (id {bad['id']}): {bad['error']}", highlight=False)
    if summary.bad > len(summary.bad_rows):
        out.print(f"  ... and {summary.bad - len(summary.bad_rows):,} more bad rows in {output}")


def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port.")] = 8000,
    workers: Annotated[int, typer.Option(min=1, help="Server processes.")] = 1,
    no_auth: Annotated[
        bool, typer.Option("--no-auth", help="Serve without API tokens (local demo only).")
    ] = False,
    db: DbOption = None,
) -> None:
    """Serve the yente-compatible HTTP API (builds the screening index first if needed)."""
    import uvicorn

    from interlist.api.workers import serve_workers
    from interlist.screening import prepare_index

    settings = settings_for(db)
    if no_auth:
        settings = replace(settings, auth_required=False)
    with out.status("preparing the screening index..."):
        profiles = prepare_index(settings)  # the index is loaded by the server's processes
    os.environ.update(
        INTERLIST_DB=settings.database_url,
        INTERLIST_HOME=str(settings.home),
        INTERLIST_AUTH="on" if settings.auth_required else "off",
    )
    out.print(f"{profiles:,} profiles indexed; serving on http://{host}:{port} (docs: /docs)")
    options: dict[str, Any] = {
        "log_level": "warning",
        "http": "interlist.api.protocol:NoDelayH11Protocol",
    }
    if workers == 1:
        uvicorn.run(APP_FACTORY, factory=True, host=host, port=port, **options)
        return
    code = serve_workers(APP_FACTORY, host, port, workers, **options)
    if code:
        raise typer.Exit(code)


def register(app: typer.Typer) -> None:
    """Add `screen`, `screen-template` and `serve` to the `interlist` command."""
    app.command()(screen)
    app.command("screen-template")(screen_template)
    app.command()(serve)
