"""Running the `interlist` command in tests, as a user would.

`interlist(...)` runs the entry point (`interlist.cli.main`, what the installed script
calls) in this process, with the command's arguments, environment and output of its own:
a subprocess costs 1.5 CPU seconds of interpreter start and imports per command.
`interlist(..., process=True)` runs it in a subprocess, for what only a real process
shows: its hash seed, its exit status as the shell sees it, its output streams whole.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import traceback
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from typing import Any

WIDE = {"COLUMNS": "250", "NO_COLOR": "1", "TERM": "dumb"}  # wide terminal, no colour


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str

    def json(self) -> Any:
        return json.loads(self.stdout)


def interlist(
    *args: str, db: str | None = None, env: dict[str, str] | None = None, process: bool = False
) -> Run:
    """Run `interlist ARGS` (in this process, or in a subprocess with `process`)."""
    extra = {**WIDE, **(env or {})}
    if db:
        extra["INTERLIST_DB"] = db
    if process:
        return _subprocess(args, {**os.environ, **extra})
    return _in_process(args, extra)


def _subprocess(args: tuple[str, ...], env: dict[str, str]) -> Run:
    code = "from interlist.cli import main; main()"
    proc = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    return Run(proc.returncode, proc.stdout, proc.stderr)


def _in_process(args: tuple[str, ...], env: dict[str, str]) -> Run:
    """`main()` with `args` as its argv and `env` added to the environment (both put back
    afterwards); its exit status as the script's would be: SystemExit's code, 0 when it
    returns, 1 with the traceback on stderr when an exception escapes."""
    from interlist.cli import main
    from interlist.cli.common import err as err_console
    from interlist.cli.common import out as out_console

    # The consoles were made at import, and keep the width of the COLUMNS they saw then
    # (pytest-xdist's workers have COLUMNS=80): each run gets the width of its own.
    consoles = [(console, console._width) for console in (out_console, err_console)]
    for console, _ in consoles:
        console.width = int(env["COLUMNS"])
    saved_env = {name: os.environ.get(name) for name in env}
    saved_argv = sys.argv
    out, err = _stream(), _stream()
    os.environ.update(env)
    sys.argv = ["interlist", *args]
    code = 0
    try:
        with redirect_stdout(out), redirect_stderr(err):
            try:
                main()
            except SystemExit as exited:
                status = exited.code
                code = status if isinstance(status, int) else (0 if status is None else 1)
                if isinstance(status, str):
                    err.write(status + "\n")
            except Exception:  # what escapes the script kills it with a traceback
                err.write(traceback.format_exc())
                code = 1
    finally:
        for console, width in consoles:
            console._width = width
        sys.argv = saved_argv
        for name, value in saved_env.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    return Run(code, _text(out), _text(err))


def _stream() -> io.TextIOWrapper:
    """A text stream with a byte buffer under it, as sys.stdout has (UTF-8, as here)."""
    return io.TextIOWrapper(io.BytesIO(), encoding="utf-8", write_through=True)


def _text(stream: io.TextIOWrapper) -> str:
    """What the stream received, read back as subprocess.run(text=True) reads a pipe
    (universal newlines)."""
    stream.flush()
    raw = stream.buffer.getvalue()  # type: ignore[attr-defined]
    return io.TextIOWrapper(io.BytesIO(raw), encoding="utf-8").read()
