"""The `interlist` command: thin commands over the databank, matcher and server.

Each command parses its options, calls one function of the library and
renders the result. User errors (InterlistError) become a one-line message
and exit status 1, never a traceback.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import click
import orjson
import typer
from rich.console import Console

from interlist import render
from interlist.errors import InterlistError, NotFoundError
from interlist.settings import Settings

app = typer.Typer(
    help="interlist: a shared databank of designated persons and organisations.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
out = Console()
err = Console(stderr=True)

DbOption = Annotated[
    str | None,
    typer.Option("--db", envvar="INTERLIST_DB", help="Database URL or SQLite path."),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")]


def settings_for(db: str | None) -> Settings:
    return Settings.from_env(database_url=db)


def engine_for(db: str | None):  # type: ignore[no-untyped-def]
    from interlist.store import open_engine

    return open_engine(settings_for(db).database_url)


def main() -> None:
    """Entry point that turns interlist's own errors into clean messages."""
    try:
        code = app(standalone_mode=False)
    except InterlistError as exc:
        err.print(f"[red]error:[/red] {exc}", highlight=False, markup=True)
        sys.exit(1)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        err.print("aborted")
        sys.exit(1)
    sys.exit(code if isinstance(code, int) else 0)


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="List files or folders.")],
    db: DbOption = None,
    allow_older: Annotated[
        bool, typer.Option(help="Load a file older than the source's current version.")
    ] = False,
) -> None:
    """Load official list files (any known format) into the databank."""
    from interlist.databank import ingest as run

    engine = engine_for(db)
    with render.file_progress(out) as progress:
        outcomes = run(engine, paths, progress=progress, allow_older=allow_older)
    render.outcomes(out, outcomes)


@app.command()
def sources(db: DbOption = None, as_json: JsonOption = False) -> None:
    """Each source with its versions and what it lists."""
    from interlist.store import read

    with engine_for(db).connect() as conn:
        summary = read.source_summaries(conn)
    if as_json:
        out.print_json(orjson.dumps(summary).decode())
    else:
        render.sources(out, summary)


@app.command()
def show(
    entity_id: Annotated[str, typer.Argument(help="Entity id, e.g. un-sc-6908555.")],
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """An entity with every fact and the source that states it; for a member of a
    cluster (or a canonical NK- id), the merged profile of the whole cluster."""
    from interlist.export import entity_with_provenance
    from interlist.resolution import profile
    from interlist.resolution import show as show_profile
    from interlist.store import read

    with engine_for(db).connect() as conn:
        merged = profile(conn, entity_id)
        if merged is not None and len(merged.members) > 1:
            if as_json:
                out.print_json(orjson.dumps(merged.to_dict()).decode())
            else:
                show_profile.profile(out, merged)
            return
        data = entity_with_provenance(conn, entity_id)
        if data is None:
            raise NotFoundError(f"no entity with id {entity_id}")
        related = read.related(conn, entity_id)
    if as_json:
        out.print_json(orjson.dumps(data).decode())
    else:
        render.entity(out, data, related)


@app.command()
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


@app.command()
def export(
    fmt: Annotated[str, typer.Option("--format", help="Output format: ftm.")] = "ftm",
    output: Annotated[str, typer.Option("-o", "--output", help="File, or - for stdout.")] = "-",
    db: DbOption = None,
) -> None:
    """Write every entity as FtM JSON lines (delisted ones marked)."""
    from interlist.errors import ConfigError
    from interlist.export import iter_export, write_jsonl

    if fmt != "ftm":
        raise ConfigError(f"--format: unknown export format {fmt!r} (known: ftm)")
    engine = engine_for(db)
    if output == "-":
        write_jsonl(iter_export(engine), sys.stdout.buffer)
        return
    with open(output, "wb") as fh:
        count = write_jsonl(iter_export(engine), fh)
    err.print(f"wrote {count} entities to {output}")


@app.command()
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


@app.command()
def compare(
    name1: Annotated[str, typer.Argument(help="The name screened.")],
    name2: Annotated[str, typer.Argument(help="The name it is compared with.")],
    schema: Annotated[str, typer.Option(help="Person, Organization, LegalEntity...")] = "Person",
    dob: Annotated[
        str | None, typer.Option(help="Birth date of the first (YYYY[-MM[-DD]]).")
    ] = None,
    dob2: Annotated[str | None, typer.Option(help="Birth date of the second.")] = None,
    as_json: JsonOption = False,
) -> None:
    """Compare two names (and birth dates) and explain the score."""
    from interlist.matching import compare as compare_entities
    from interlist.matching import format_explanation

    def side(name: str, birth: str | None) -> dict[str, object]:
        props = {"name": [name], "birthDate": [birth] if birth else []}
        return {"schema": schema, "properties": props}

    match = compare_entities(side(name1, dob), side(name2, dob2))
    if as_json:
        out.print_json(orjson.dumps(match.to_dict()).decode())
    else:
        out.print(format_explanation(match), highlight=False)


@app.command()
def demo(
    lists: Annotated[Path | None, typer.Option(help="Folder of list files.")] = None,
    db: DbOption = None,
    host: Annotated[str, typer.Option(help="Address the server listens on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port of the server.")] = 8000,
    serve: Annotated[bool, typer.Option(help="Start the server after loading.")] = True,
) -> None:
    """Load the lists, create the first admin, and start the web application and API."""
    from interlist.access.users import ensure_first_admin, reset_password

    settings = settings_for(db)
    folder = lists or settings.lists_dir
    if not folder.is_dir():
        raise NotFoundError(f"{folder}: no such folder (set INTERLIST_LISTS)")
    out.print(f"database: {settings.database_url}")
    ingest([folder], db=settings.database_url)
    sources(db=settings.database_url)
    engine = engine_for(settings.database_url)
    name, password = ensure_first_admin(engine)
    if password is None:  # the admin exists from an earlier demo: give it a new password
        with engine.begin() as conn:
            password = reset_password(conn, name)
    out.print(f"web application: http://{host}:{port}/web   API: http://{host}:{port}/docs")
    out.print(f"first admin: user [bold]{name}[/bold], password [bold]{password}[/bold]")
    if serve:
        from interlist.cli_screening import serve as run_server

        run_server(host=host, port=port, workers=1, no_auth=False, db=settings.database_url)


# --- access and audit (issue 6): users, agencies and source restrictions, the audit log ---
from interlist.cli_access import agencies_app, audit_app, users_app  # noqa: E402

app.add_typer(users_app, name="users")
app.add_typer(agencies_app, name="agencies")
app.add_typer(audit_app, name="audit")


# --- entity resolution (issue 5): xref, review, judgements export/import ---
from interlist.cli_resolution import register as _register_resolution  # noqa: E402

_register_resolution(app)


# --- screening (issue 4): batch screening and the yente-compatible HTTP API ---
from interlist.cli_screening import register as _register_screening  # noqa: E402

_register_screening(app)
