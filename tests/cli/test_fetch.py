"""`interlist fetch` against a local HTTP server serving the shared files at the
publishers' own paths (no network)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from interlist.sources.fetch import official_files
from tests.clitools import interlist

# Which shared file stands in for each official download.
STAND_INS = {
    "un_sc": "un/UN_consolidated_2026-02-27.xml",
    "us_ofac_cons": "us_ofac/cons_nonsdn_2024-05-06.xml",
    "us_csl": "us_csl/consolidated_2022-05.csv",
    "gb_ofsi": "uk/ConList_fragment_2020.csv",
}


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        return


@pytest.fixture
def mirror(lists_dir: Path, tmp_path: Path) -> Iterator[str]:
    root = tmp_path / "www"
    for item in official_files():
        if item.source == "us_ofac_sdn":
            shared = lists_dir / "us_ofac" / "set_2021-07-07" / item.file
        else:
            shared = lists_dir / STAND_INS[item.source]
        served = root / urlsplit(item.url).path.lstrip("/")
        served.parent.mkdir(parents=True, exist_ok=True)
        served.symlink_to(shared)
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_fetch_downloads_every_official_list(mirror: str, tmp_path: Path) -> None:
    folder = tmp_path / "downloads"
    args = ("--mirror", mirror, "--folder", str(folder), "--download-only")
    run = interlist("fetch", *args, db=f"sqlite:///{tmp_path / 'unused.sqlite'}")
    assert run.code == 0, run.stderr
    downloaded = sorted(p.relative_to(folder).parts[1:] for p in folder.rglob("*") if p.is_file())
    expected = sorted((item.folder, item.file) for item in official_files())
    assert downloaded == expected


def test_fetch_ingests_what_it_downloaded(mirror: str, tmp_path: Path, db_url: str) -> None:
    only = ("--only", "un_sc", "--only", "gb_ofsi", "--only", "us_ofac_cons")
    args = ("--mirror", mirror, "--folder", str(tmp_path / "dl"), *only)
    run = interlist("fetch", *args, db=db_url)
    assert run.code == 0, run.stderr
    summary = interlist("sources", "--json", db=db_url).json()
    assert {s["name"] for s in summary} == {"un_sc", "gb_ofsi", "us_ofac_cons"}
    un = next(s for s in summary if s["name"] == "un_sc")
    assert un["listed"] == {"Person": 730, "Organization": 273}


def test_fetch_reports_a_missing_file_cleanly(mirror: str, tmp_path: Path, db_url: str) -> None:
    args = ("--mirror", mirror + "/nothing-here", "--folder", str(tmp_path / "dl"))
    run = interlist("fetch", *args, db=db_url)
    assert run.code == 1
    assert "download of" in run.stderr and "404" in run.stderr
