"""Ingesting list files into the databank: find, fingerprint, parse, order, load.

Files already loaded (same SHA-256) are reported unchanged without being
parsed again. The others are parsed first, then loaded oldest publication
first, so that a folder holding two versions of one list builds the right
history. A file older than what its source already holds is refused unless
``allow_older`` is given, since loading it would delist what is newer.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import Engine, func, select

from interlist import sources
from interlist.errors import SourceError
from interlist.sources.base import ParsedSource
from interlist.store import tables as t
from interlist.store.ingest import LoadResult, file_sha256, find_loaded, load

Progress = Callable[[str, Path], None]


@dataclass
class Unchanged:
    """A file whose exact content is already loaded."""

    file: Path
    source: str
    version_id: int


Outcome = LoadResult | Unchanged


def ingest(
    engine: Engine,
    paths: Iterable[Path],
    progress: Progress | None = None,
    allow_older: bool = False,
) -> list[Outcome]:
    """Load every list file under `paths`; each file is one version, all or nothing."""
    step = progress or (lambda _stage, _path: None)
    outcomes: list[Outcome] = []
    pending: list[tuple[ParsedSource, str, str]] = []
    for path in sources.discover(paths):
        digest = file_sha256(path)
        known = find_loaded(engine, digest)
        if known:
            outcomes.append(Unchanged(path, known[0], known[1]))
            step("unchanged", path)
            continue
        fmt = sources.detect(path)
        step("parse", path)
        pending.append((fmt.parse(path), digest, fmt.name))
    for parsed, digest, fmt_name in sorted(pending, key=_publication_order):
        _check_not_older(engine, parsed, allow_older)
        step("load", parsed.path)
        outcomes.append(load(engine, parsed, digest, fmt_name))
    return outcomes


def _publication_order(item: tuple[ParsedSource, str, str]) -> tuple[str, date]:
    parsed = item[0]
    return (parsed.source.name, parsed.publisher_date or date.max)


def _check_not_older(engine: Engine, parsed: ParsedSource, allow_older: bool) -> None:
    if allow_older or parsed.publisher_date is None:
        return
    v = t.source_version.c
    query = select(func.max(v.publisher_date)).where(v.source == parsed.source.name)
    with engine.connect() as conn:
        newest = conn.scalar(query)
    if newest is not None and parsed.publisher_date < newest:
        raise SourceError(
            f"{parsed.path}: published {parsed.publisher_date}, older than the version of "
            f"{parsed.source.name} already loaded ({newest}); loading it would delist newer "
            "entries. Use --allow-older to load it anyway."
        )
