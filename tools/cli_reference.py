"""Print the command reference (docs/cli.md) from the `interlist` command itself.

Run `.venv/bin/python tools/cli_reference.py > docs/cli.md` after changing a command;
tests/test_docs.py fails while a command or option is missing from docs/cli.md.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import typer.main

from interlist.cli import app

HEADER = """# Command reference

Every `interlist` command with its options, as `interlist COMMAND --help` prints them.
Options that every database command takes: `--db URL` (or `INTERLIST_DB`): the database,
a SQLite path or a `postgresql://` URL; the default is `var/interlist.sqlite`.
"""


def commands(group: Any = None, prefix: str = "") -> Iterator[tuple[str, Any]]:
    """(path, command) for every leaf command, e.g. ("users add", <command>)."""
    group = group or typer.main.get_command(app)
    for name, command in sorted(group.commands.items()):
        path = f"{prefix} {name}".strip()
        if hasattr(command, "commands"):
            yield from commands(command, path)
        else:
            yield path, command


def options(command: Any) -> Iterator[tuple[str, str]]:
    """(flags, help) of each option and argument of a command."""
    for param in command.params:
        flags = ", ".join(param.opts + getattr(param, "secondary_opts", []))
        if param.param_type_name == "argument":
            flags = param.name.upper()
        yield flags, (getattr(param, "help", None) or "").replace("\n", " ")


def main() -> None:
    print(HEADER)
    for path, command in commands():
        print(f"## `interlist {path}`\n")
        print((command.help or "").strip() + "\n")
        rows = [f"| `{flags}` | {text} |" for flags, text in options(command)]
        if rows:
            print("| option | meaning |\n|---|---|")
            print("\n".join(rows) + "\n")


if __name__ == "__main__":
    main()
