"""The `interlist` commands of entity resolution: xref, review, judgements export/import.

Thin commands over :mod:`interlist.resolution`; `show` (in :mod:`interlist.cli.databank`)
prints the merged profile of a cluster through :mod:`interlist.cli.render_profile`.
"""

from __future__ import annotations

import getpass
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import click
import orjson
import typer
from rich.table import Table

from interlist.cli.common import DbOption, engine_for, err, out
from interlist.errors import InvalidInputError

judgements_app = typer.Typer(help="Move analysts' judgements between databanks.")


def xref(
    auto_threshold: Annotated[
        float | None,
        typer.Option(help="Merge pairs scoring at least this automatically (omit: default)."),
    ] = None,
    no_auto: Annotated[bool, typer.Option("--no-auto", help="Never merge automatically.")] = False,
    limit: Annotated[int | None, typer.Option(help="Keep at most N suggestions.")] = None,
    min_score: Annotated[float | None, typer.Option(help="Suggest pairs from this score.")] = None,
    show: Annotated[int, typer.Option(help="Print the N best suggestions.")] = 20,
    db: DbOption = None,
) -> None:
    """Find duplicates across and within sources; merge the sure ones, suggest the rest."""
    from interlist.resolution.xref import DEFAULT_AUTO_THRESHOLD, DEFAULT_MIN_SCORE, XrefOptions
    from interlist.resolution.xref import xref as run

    threshold = None if no_auto else (auto_threshold or DEFAULT_AUTO_THRESHOLD)
    if threshold is not None and not 0 < threshold <= 1:
        raise InvalidInputError("must be in (0, 1]", "--auto-threshold")
    options = XrefOptions(threshold, min_score or DEFAULT_MIN_SCORE, limit)
    with out.status("cross-referencing..."):
        result = run(engine_for(db), options)
    out.print(
        f"{result.entities} entities, {result.pairs_scored} pairs scored in "
        f"{result.seconds:.1f}s; merged {result.explicit_merged} by explicit reference, "
        f"{result.auto_merged} automatically (>= {threshold}); "
        f"{len(result.suggestions)} suggestions; {result.clusters.get('clusters', 0)} clusters"
    )
    table = Table(title="Best suggestions (review them with `interlist review`)")
    for col in ("score", "left", "right"):
        table.add_column(col)
    for s in result.suggestions[:show]:
        table.add_row(f"{s.score:.3f}", s.left, s.right)
    out.print(table)


def review(
    user: Annotated[str | None, typer.Option(help="Analyst name (default: login name).")] = None,
    limit: Annotated[int | None, typer.Option(help="Stop after N pairs.")] = None,
    db: DbOption = None,
) -> None:
    """Review xref's suggestions one pair at a time: s same, n not same, u unsure, k skip."""
    from interlist.resolution.review import review as run

    analyst = user or getpass.getuser()
    summary = run(engine_for(db), analyst, _key_reader(), out, limit=limit)
    out.print(
        f"decided {summary.decided}, skipped {summary.skipped}, undone {summary.undone}, "
        f"{summary.remaining} pairs left"
    )


def _key_reader() -> Callable[[], str]:
    """Single key presses from the terminal; from a pipe, one character at a time
    (newlines ignored, end of input quits), so that review can be scripted."""
    if sys.stdin.isatty():
        return click.getchar

    def from_pipe() -> str:
        while True:
            char = sys.stdin.read(1)
            if char == "":
                return "q"
            if char not in "\r\n":
                return char

    return from_pipe


@judgements_app.command("export")
def judgements_export(
    output: Annotated[str, typer.Option("-o", "--output", help="File, or - for stdout.")] = "-",
    db: DbOption = None,
) -> None:
    """Write every judgement (undone ones too) as JSON lines."""
    from interlist.resolution.transfer import export_judgements

    engine = engine_for(db)
    if output == "-":
        export_judgements(engine, sys.stdout.buffer)
        return
    with open(output, "wb") as fh:
        count = export_judgements(engine, fh)
    err.print(f"wrote {count} judgements to {output}")


@judgements_app.command("import")
def judgements_import(
    path: Annotated[str, typer.Argument(help="JSON lines file from `judgements export`, or -.")],
    db: DbOption = None,
) -> None:
    """Replay exported judgements into this databank (open ones not yet held)."""
    from interlist.errors import NotFoundError
    from interlist.resolution.transfer import import_judgements, read_lines

    engine = engine_for(db)
    if path == "-":
        counts = import_judgements(engine, read_lines(sys.stdin.buffer))
    else:
        if not Path(path).is_file():
            raise NotFoundError(f"{path}: no such file")
        with open(path, "rb") as fh:
            counts = import_judgements(engine, read_lines(fh))
    out.print_json(orjson.dumps(counts).decode())


def register(app: typer.Typer) -> None:
    """Add the resolution commands to the main `interlist` app."""
    app.command()(xref)
    app.command()(review)
    app.add_typer(judgements_app, name="judgements")
