"""The databank commands: ingest, sources, show, history, export and fetch."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import orjson
import typer

from interlist.cli import render
from interlist.cli.common import DbOption, JsonOption, engine_for, err, out, settings_for
from interlist.errors import NotFoundError


def ingest(
    paths: Annotated[list[Path], typer.Argument(help="List files or folders.")],
    db: DbOption = None,
    allow_older: Annotated[
        bool, typer.Option(help="Load a file older than the source's current version.")
    ] = False,
    accept_shrink: Annotated[
        bool,
        typer.Option(
            help="Load a version even if it delists more than 10% of its list "
            "(a shorter file is otherwise held as possibly truncated)."
        ),
    ] = False,
) -> None:
    """Load official list files (any known format) into the databank."""
    from interlist.databank import ingest as run

    engine = engine_for(db)
    with render.file_progress(out) as progress:
        outcomes = run(
            engine, paths, progress=progress, allow_older=allow_older, accept_shrink=accept_shrink
        )
    render.outcomes(out, outcomes)


sources_app = typer.Typer(
    help="Each source with its versions and what it lists; `sources assign` gives a "
    "national list to its member state.",
    invoke_without_command=True,
)


@sources_app.callback()
def sources(ctx: typer.Context, db: DbOption = None, as_json: JsonOption = False) -> None:
    """Each source with its versions and what it lists."""
    if ctx.invoked_subcommand is None:
        print_sources(db, as_json)


def print_sources(db: str | None, as_json: bool = False) -> None:
    """The table (or JSON) of every source with its versions."""
    from interlist.store import read

    with engine_for(db).connect() as conn:
        summary = read.source_summaries(conn)
    if as_json:
        out.print_json(orjson.dumps(summary).decode())
    else:
        render.sources(out, summary)


@sources_app.command("assign")
def sources_assign(
    source: Annotated[str, typer.Argument(help="The source, e.g. kz_fiu.")],
    state: Annotated[str, typer.Option(help="The member state whose national list it is.")],
    db: DbOption = None,
) -> None:
    """Make a source the national list of a member state."""
    from interlist.access import audit
    from interlist.cli.access import actor_name
    from interlist.cooperation.states import assign_source

    with engine_for(db).begin() as conn:
        assign_source(conn, source, state)
        audit.append(conn, actor_name(), "-", "source_assign", {"source": source, "state": state})
    out.print(f"source {source} is a national list of {state}", highlight=False)


def show(
    entity_id: Annotated[str, typer.Argument(help="Entity id, e.g. un-sc-6908555.")],
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """An entity with every fact and the source that states it; for a member of a
    cluster (or a canonical NK- id), the merged profile of the whole cluster."""
    from interlist.cli import render_profile
    from interlist.export import entity_with_provenance
    from interlist.resolution import profile
    from interlist.store import read

    with engine_for(db).connect() as conn:
        merged = profile(conn, entity_id)
        if merged is not None and len(merged.members) > 1:
            if as_json:
                out.print_json(orjson.dumps(merged.to_dict()).decode())
            else:
                render_profile.profile(out, merged)
            return
        data = entity_with_provenance(conn, entity_id)
        if data is None:
            raise NotFoundError(f"no entity with id {entity_id}")
        related = read.related(conn, entity_id)
    if as_json:
        out.print_json(orjson.dumps(data).decode())
    else:
        render.entity(out, data, related)


def history(entity_id: str, db: DbOption = None, as_json: JsonOption = False) -> None:
    """The timeline of an entity: listed, changed, delisted, per list version."""
    from interlist.store import read

    with engine_for(db).connect() as conn:
        events = read.history(conn, entity_id)
    if not events:
        raise NotFoundError(f"no history for {entity_id}: no such entity")
    if as_json:
        out.print_json(orjson.dumps([e.__dict__ for e in events]).decode())
    else:
        render.history(out, entity_id, events)


def export(
    fmt: Annotated[
        str, typer.Option("--format", help="Output format: ftm, or csv (with --dataset).")
    ] = "ftm",
    output: Annotated[str, typer.Option("-o", "--output", help="File, or - for stdout.")] = "-",
    dataset: Annotated[
        str | None,
        typer.Option(help="A member state's code: its consolidated list (what is in force)."),
    ] = None,
    db: DbOption = None,
) -> None:
    """Write every entity as FtM JSON lines (delisted ones marked), or a member state's
    consolidated list as FtM JSON lines or national list CSV."""
    from interlist.errors import ConfigError
    from interlist.export import iter_export, write_jsonl

    known = ("ftm", "csv") if dataset else ("ftm",)
    if fmt not in known:
        raise ConfigError(f"--format: unknown export format {fmt!r} (known: {', '.join(known)})")
    engine = engine_for(db)
    if dataset:
        count = _export_collection(engine, dataset, fmt, output)
    elif output == "-":
        write_jsonl(iter_export(engine), sys.stdout.buffer)
        return
    else:
        with open(output, "wb") as fh:
            count = write_jsonl(iter_export(engine), fh)
    if output != "-":
        err.print(f"wrote {count} entities to {output}")


def _export_collection(engine: Any, code: str, fmt: str, output: str) -> int:
    from interlist.cooperation import consolidated

    if fmt == "csv":
        if output == "-":
            return consolidated.write_csv(engine, code, sys.stdout)
        with open(output, "w", encoding="utf-8", newline="") as text:
            return consolidated.write_csv(engine, code, text)
    if output == "-":
        return consolidated.write_ftm(engine, code, sys.stdout.buffer)
    with open(output, "wb") as fh:
        return consolidated.write_ftm(engine, code, fh)


def fetch(
    db: DbOption = None,
    mirror: Annotated[
        str | None, typer.Option(help="Fetch the same paths from this base URL instead.")
    ] = None,
    only: Annotated[list[str] | None, typer.Option(help="Only this source (repeatable).")] = None,
    folder: Annotated[Path | None, typer.Option(help="Download folder.")] = None,
    download_only: Annotated[bool, typer.Option(help="Download, but do not ingest.")] = False,
) -> None:
    """Download the official lists from their publishers and ingest them."""
    from interlist.databank import ingest as run
    from interlist.sources.fetch import download_all

    settings = settings_for(db)
    target = folder or settings.home / "downloads"
    with out.status("downloading official lists..."):
        folders = download_all(target, mirror=mirror, only=only)
    if download_only:
        out.print("downloaded into: " + ", ".join(str(f) for f in folders))
        return
    engine = engine_for(db)
    with render.file_progress(out) as progress:
        outcomes = run(engine, folders, progress=progress)
    render.outcomes(out, outcomes)


def register(app: typer.Typer) -> None:
    """Add the databank commands to the `interlist` command."""
    app.command()(ingest)
    app.add_typer(sources_app, name="sources")
    for command in (show, history, export, fetch):
        app.command()(command)
