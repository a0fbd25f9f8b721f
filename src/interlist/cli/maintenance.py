"""The `interlist check`, `interlist backup` and `interlist restore` commands: the
databank's invariants verified, and its backup and restore while the server runs."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import orjson
import typer

from interlist.access import audit
from interlist.cli.access import actor_name
from interlist.cli.common import DbOption, JsonOption, engine_for, out
from interlist.maintenance import backup as backups
from interlist.maintenance.check import Finding, check

PathArgument = Annotated[Path, typer.Argument(help="The backup file.")]


def check_command(db: DbOption = None, as_json: JsonOption = False) -> None:
    """Verify the databank's invariants: versions complete, statements and listings
    consistent with them, clusters with the judgements, lifecycle records with their
    events, the audit chain. Exit status 1 when anything is wrong."""
    engine = engine_for(db)
    try:
        findings = check(engine)
    finally:
        engine.dispose()
    _show(findings, as_json)
    if not all(f.ok for f in findings):
        raise typer.Exit(1)


def backup_command(path: PathArgument, db: DbOption = None) -> None:
    """Write a consistent copy of the databank to PATH (the server may keep running)."""
    engine = engine_for(db)
    try:
        written = backups.backup(engine, path)
        audit.record(engine, actor_name(), "", "backup", {"path": str(written)})
    finally:
        engine.dispose()
    out.print(f"backup written to {written} ({written.stat().st_size:,} bytes)")


def restore_command(path: PathArgument, db: DbOption = None) -> None:
    """Replace the databank's content with the backup at PATH, after verifying the
    backup's invariants and audit chain (a damaged backup is refused, nothing changed)."""
    engine = engine_for(db)
    try:
        done = backups.restore(engine, path)
        audit.record(engine, actor_name(), "", "restore", {"path": str(done.path)})
    finally:
        engine.dispose()
    _show(done.findings, False)
    out.print(f"restored from {done.path}")


def _show(findings: list[Finding], as_json: bool) -> None:
    if as_json:
        out.print_json(orjson.dumps([f.as_dict() for f in findings]).decode())
        return
    for finding in findings:
        mark = "[green]ok[/green]" if finding.ok else "[red]WRONG[/red]"
        out.print(f"{mark}  {finding.name}: {finding.title}", highlight=False)
        for problem in finding.problems:
            out.print(f"      {problem}", highlight=False, markup=False)
        if finding.more:
            out.print(f"      ... and {finding.more} more", highlight=False)


def register(app: typer.Typer) -> None:
    """Add `check`, `backup` and `restore` to the `interlist` command."""
    app.command("check")(check_command)
    app.command("backup")(backup_command)
    app.command("restore")(restore_command)
