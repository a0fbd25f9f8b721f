"""Downloading the official lists from their publishers' addresses.

The addresses are data (``resources/official_lists.yml``, read by
:mod:`interlist.sources.official`). ``--mirror`` sends
every request to another host with the same paths, which is how the tests
serve the shared files from a local HTTP server. A download is written to a
temporary name and renamed when complete, so a broken transfer leaves nothing
that could be ingested half-way.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import httpx

from interlist.errors import SourceError
from interlist.sources.official import OfficialFile, official_files

USER_AGENT = "interlist-fetch/0.1 (+sanctions databank)"


def address(item: OfficialFile, mirror: str | None) -> str:
    """The URL to fetch: the official one, or the same path on the mirror."""
    if not mirror:
        return item.url
    parts = urlsplit(item.url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    return mirror.rstrip("/") + path


def download_all(
    target: Path,
    mirror: str | None = None,
    only: list[str] | None = None,
    timeout: float = 120.0,
) -> list[Path]:
    """Download the official files into `target`/<today>/<folder>/ and return the folders."""
    day = target / date.today().isoformat()
    chosen = [f for f in official_files() if not only or f.source in only]
    if not chosen:
        raise SourceError(f"no official list named {', '.join(only or [])}")
    headers = {"User-Agent": USER_AGENT}
    with httpx.Client(timeout=timeout, follow_redirects=True, headers=headers) as client:
        for item in chosen:
            _download(client, address(item, mirror), day / item.folder / item.file)
    return sorted({day / f.folder for f in chosen})


def _download(client: httpx.Client, url: str, dest: Path) -> None:
    dest.parent.mkdir(parents=True, exist_ok=True)
    partial = dest.with_name(dest.name + ".part")
    try:
        with client.stream("GET", url) as response:
            response.raise_for_status()
            with partial.open("wb") as fh:
                for chunk in response.iter_bytes():
                    fh.write(chunk)
    except httpx.HTTPError as exc:
        partial.unlink(missing_ok=True)
        raise SourceError(f"download of {url} failed: {exc}") from exc
    partial.replace(dest)
