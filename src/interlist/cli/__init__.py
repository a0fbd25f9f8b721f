"""The `interlist` command: thin commands over the databank, matcher and server.

Each command parses its options, calls one function of the library and
renders the result. One module per group of commands, each adding its
commands to :data:`app` through its ``register(app)``:

- :mod:`.databank`: ingest, sources, show, history, export, fetch
- :mod:`.matching`: compare
- :mod:`.demo`: demo
- :mod:`.access`: users, agencies, audit
- :mod:`.resolution`: xref, review, judgements
- :mod:`.screening`: screen, serve

What they share (consoles, ``--db`` and ``--json``, the engine) is in
:mod:`.common`; how results look in the terminal is in :mod:`.render` and
:mod:`.render_profile`. User errors (InterlistError) become a one-line
message and exit status 1, never a traceback.
"""

from __future__ import annotations

import sys

import click
import typer

from interlist.cli import access, databank, demo, matching, resolution, screening
from interlist.cli.common import err
from interlist.errors import InterlistError

app = typer.Typer(
    help="interlist: a shared databank of designated persons and organisations.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)

# The order of registration is the order of `interlist --help`.
for _group in (databank, matching, demo, access, resolution, screening):
    _group.register(app)


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
