"""A mistyped command or option gets the usual usage message and exit status 2, never a
traceback; interlist's own errors stay a one-line "error: ..." with status 1."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import Any

import pytest
import typer.main

from interlist.cli import app, main
from tests.clitools import interlist


def command_paths(group: Any = None, prefix: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    """The path of every group and command of the app: (), ("ingest",), ("users",),
    ("users", "add"), ..."""
    group = group or typer.main.get_command(app)
    yield prefix
    for name, command in group.commands.items():
        if hasattr(command, "commands"):
            yield from command_paths(command, (*prefix, name))
        else:
            yield (*prefix, name)


def run_main(
    args: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> tuple[int, str]:
    """Run the entry point as the `interlist` script does; (exit status, all output)."""
    monkeypatch.setattr(sys, "argv", ["interlist", *args])
    monkeypatch.setenv("COLUMNS", "200")
    with pytest.raises(SystemExit) as exited:
        main()
    captured = capsys.readouterr()
    code = exited.value.code
    return (code if isinstance(code, int) else 1), captured.out + captured.err


def test_the_walk_reaches_groups_and_their_commands() -> None:
    paths = set(command_paths())
    assert {(), ("ingest",), ("users",), ("users", "add"), ("judgements", "import")} <= paths


@pytest.mark.parametrize("path", list(command_paths()), ids=lambda p: " ".join(p) or "interlist")
def test_an_unknown_option_is_a_usage_error(
    path: tuple[str, ...], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, output = run_main([*path, "--no-such-option"], monkeypatch, capsys)
    assert code == 2, output
    assert "Usage:" in output
    assert "No such option: --no-such-option" in output
    assert "Traceback" not in output


def test_an_unknown_command_is_a_usage_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, output = run_main(["statez"], monkeypatch, capsys)
    assert code == 2, output
    assert "Usage:" in output and "No such command 'statez'" in output


def test_an_unknown_command_in_a_subprocess_shows_no_traceback() -> None:
    run = interlist("statez", process=True)
    assert run.code == 2
    assert "Usage:" in run.stderr and "No such command 'statez'" in run.stderr
    assert "Traceback" not in run.stdout + run.stderr


def test_an_unknown_sub_command_in_a_subprocess_shows_no_traceback() -> None:
    run = interlist("users", "ad", "--no-such-option", process=True)
    assert run.code == 2
    assert "Usage:" in run.stderr and "No such command 'ad'" in run.stderr
    assert "Traceback" not in run.stdout + run.stderr


def test_an_interlist_error_is_one_line_and_status_1(db_url: str) -> None:
    run = interlist("show", "no-such-entity", db=db_url)
    assert run.code == 1
    assert run.stderr.strip() == "error: no entity with id no-such-entity"
    assert run.stdout == ""
