"""What every command module of the `interlist` command shares: the consoles, the
`--db` and `--json` options, and the way from `--db` to settings and an engine."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from interlist.settings import Settings

if TYPE_CHECKING:
    from sqlalchemy import Engine

out = Console()
err = Console(stderr=True)

DbOption = Annotated[
    str | None,
    typer.Option("--db", envvar="INTERLIST_DB", help="Database URL or SQLite path."),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")]


def settings_for(db: str | None) -> Settings:
    """The settings from the environment, with `--db` (if given) as the database."""
    return Settings.from_env(database_url=db)


def engine_for(db: str | None) -> Engine:
    """An engine on the database that `--db` (or INTERLIST_DB, or the default) names."""
    from interlist.store import open_engine

    return open_engine(settings_for(db).database_url)
