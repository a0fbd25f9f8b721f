"""The `demo` command: load the lists, create the first admin, serve the web application."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Annotated, Any

import typer

from interlist.cli.common import DbOption, engine_for, out, settings_for
from interlist.cli.databank import ingest, print_sources
from interlist.cli.screening import serve as run_server
from interlist.errors import NotFoundError


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
    print_sources(settings.database_url)
    engine = engine_for(settings.database_url)
    name, password = ensure_first_admin(engine)
    if password is None:  # the admin exists from an earlier demo: give it a new password
        with engine.begin() as conn:
            password = reset_password(conn, name)
    _seed(engine, settings.home / "demo")
    banner = (
        f"web application: http://{host}:{port}/web   API: http://{host}:{port}/docs\n"
        f"first admin: user [bold]{name}[/bold], password [bold]{password}[/bold]"
    )
    if not serve:
        out.print(banner)
        return
    threading.Thread(target=_announce, args=(host, port, banner), daemon=True).start()
    run_server(host=host, port=port, workers=1, no_auth=False, db=settings.database_url)


def _announce(host: str, port: int, banner: str, patience: float = 600.0) -> None:
    """Print the address and the password once the server answers (it builds the
    screening index first), so that the first click works."""
    import httpx

    deadline = time.monotonic() + patience
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://{host}:{port}/healthz", timeout=2.0).status_code == 200:
                out.print(banner)
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)


def _seed(engine: Any, folder: Path) -> None:
    """The fictional member states, lists and procedures (interlist.demo)."""
    from interlist.demo import seed

    with out.status("adding the demo's member states, national lists, xref and requests..."):
        done = seed(engine, folder)
    if done["seeded"]:
        out.print(
            f"demo: {done['states']} member states, {done['merged']} pairs merged by xref, "
            f"{done['requests']} recognition requests "
            f"({done['decisions']} decided), {done['operations']} operations with "
            f"{done['results']} results, {done['freezes']} frozen assets, "
            f"{done['notices']} wanted notices, {done['alerts']} alerts on monitored customers; "
            f"users {', '.join(done['users'])}, "
            f"password [bold]{done['password']}[/bold]"
        )


def register(app: typer.Typer) -> None:
    """Add `demo` to the `interlist` command."""
    app.command()(demo)
