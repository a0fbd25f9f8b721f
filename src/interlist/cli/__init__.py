"""The `interlist` command: thin commands over the databank, matcher and server.

Each command parses its options, calls one function of the library and
renders the result. One module per group of commands, each adding its
commands to :data:`app` through its ``register(app)``:

- :mod:`.databank`: ingest, sources, show, history, export, fetch
- :mod:`.matching`: compare
- :mod:`.demo`: demo
- :mod:`.access`: users, agencies, audit
- :mod:`.cooperation`: states, recognition
- :mod:`.reporting`: operations, statistics, report
- :mod:`.freezes`: freezes (the asset-freeze register)
- :mod:`.notices`: notices (wanted notices, hit reports, sweeps)
- :mod:`.monitoring`: monitor, alerts, cases, webhooks
- :mod:`.resolution`: xref, review, judgements
- :mod:`.screening`: screen, screen-template, serve
- :mod:`.maintenance`: check, backup, restore

What they share (consoles, ``--db`` and ``--json``, the engine) is in
:mod:`.common`; how results look in the terminal is in :mod:`.render` and
:mod:`.render_profile`. Mistyped commands and options get the usual usage
message and exit status 2; user errors (InterlistError) become a one-line
message and exit status 1, never a traceback.
"""

from __future__ import annotations

import sys

import typer

from interlist.cli import (
    access,
    cooperation,
    databank,
    demo,
    freezes,
    maintenance,
    matching,
    monitoring,
    notices,
    reporting,
    resolution,
    screening,
)
from interlist.cli.common import err
from interlist.errors import InterlistError

app = typer.Typer(
    help="interlist: a shared databank of designated persons and organisations.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)

# The order of registration is the order of `interlist --help`.
GROUPS = (databank, matching, demo, access, cooperation, notices, freezes, monitoring, reporting,
          resolution, screening, maintenance)  # fmt: skip
for _group in GROUPS:
    _group.register(app)


def main() -> None:
    """Entry point that turns interlist's own errors into clean messages.

    The app runs in Typer's standalone mode, which shows usage errors (unknown
    command or option, bad value) with the usage line and exits with their code
    (2), and turns Abort into "Aborted!" with status 1. Typer 0.29 carries its own
    copy of click (``typer._click``), whose exceptions are not ``click``'s: catching
    ``click.ClickException`` around ``app(standalone_mode=False)`` let them escape
    as tracebacks.
    """
    try:
        app()
    except InterlistError as exc:
        err.print(f"[red]error:[/red] {exc}", highlight=False, markup=True)
        sys.exit(1)
