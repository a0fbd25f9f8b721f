"""Running the `interlist` command in tests, as a user would."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from typing import Any


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str

    def json(self) -> Any:
        return json.loads(self.stdout)


def interlist(*args: str, db: str | None = None, env: dict[str, str] | None = None) -> Run:
    """Run `interlist ARGS` in a subprocess (wide terminal, no colour)."""
    full_env = {**os.environ, "COLUMNS": "250", "NO_COLOR": "1", "TERM": "dumb"}
    full_env.update(env or {})
    if db:
        full_env["INTERLIST_DB"] = db
    code = "from interlist.cli import main; main()"
    proc = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        env=full_env,
        timeout=600,
    )
    return Run(proc.returncode, proc.stdout, proc.stderr)
