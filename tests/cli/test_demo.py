"""`interlist demo`: loads lists, prints the first admin's credentials, serves the web app."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from sqlalchemy import Engine

from interlist.access.users import authenticate
from interlist.store import open_engine
from tests.clitools import interlist

CREDENTIALS = re.compile(r"first admin: user (\S+), password (\S+)")


@pytest.fixture
def small_lists(lists_dir: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "lists"
    folder.mkdir()
    (folder / "uk.csv").symlink_to(lists_dir / "uk" / "ConList_fragment_2020.csv")
    return folder


def _login_works(url: str, name: str, password: str) -> bool:
    engine: Engine = open_engine(url)
    with engine.connect() as conn:
        ok = authenticate(conn, name, password) is not None
    engine.dispose()
    return ok


def test_demo_prints_working_credentials_every_time(small_lists: Path, db_url: str) -> None:
    first = interlist("demo", "--no-serve", "--lists", str(small_lists), db=db_url)
    assert first.code == 0, first.stderr
    name, password = CREDENTIALS.search(first.stdout).groups()  # type: ignore[union-attr]
    assert _login_works(db_url, name, password)
    again = interlist("demo", "--no-serve", "--lists", str(small_lists), db=db_url)
    name2, password2 = CREDENTIALS.search(again.stdout).groups()  # type: ignore[union-attr]
    assert name2 == name and password2 != password
    assert _login_works(db_url, name, password2) and not _login_works(db_url, name, password)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_demo_ends_with_the_web_application_running(
    small_lists: Path, db_url: str, tmp_path: Path
) -> None:
    port = _free_port()
    env = {**os.environ, "INTERLIST_DB": db_url, "INTERLIST_HOME": str(tmp_path / "home")}
    args = ["demo", "--lists", str(small_lists), "--port", str(port)]
    code = "from interlist.cli import main; main()"
    proc = subprocess.Popen([sys.executable, "-c", code, *args], env=env)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                page = httpx.get(f"http://127.0.0.1:{port}/web/login", timeout=2)
                break
            except httpx.TransportError:
                time.sleep(0.5)
        else:
            pytest.fail("the demo server did not answer within 120 s")
        assert page.status_code == 200
        assert httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=5).status_code == 200
    finally:
        proc.terminate()
        proc.wait(timeout=30)
