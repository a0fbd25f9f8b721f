"""The official lists as declared in ``resources/official_lists.yml``, read once.

That file is the one place a source's title, publisher and official address are
written: a parser asks :func:`source_info` for its ``SourceInfo`` by source name,
and ``interlist fetch`` downloads the files :func:`official_files` lists.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from interlist.errors import SourceError
from interlist.sources.base import SourceInfo

RESOURCE = "resources/official_lists.yml"


@dataclass(frozen=True)
class OfficialFile:
    """One file a publisher offers for download."""

    source: str
    folder: str
    file: str
    url: str


@dataclass(frozen=True)
class OfficialList:
    """One declared source and the files its set is downloaded as."""

    info: SourceInfo
    files: tuple[OfficialFile, ...]
    measures: tuple[str, ...] = ()  # what a listing on it obliges (cooperation.yml terms)
    stale_after_days: int | None = None  # flagged stale this long after its publication


@cache
def official_lists() -> dict[str, OfficialList]:
    """Every declared source by name, in the file's order."""
    text = resources.files("interlist").joinpath(RESOURCE).read_text(encoding="utf-8")
    lists: dict[str, OfficialList] = {}
    for item in yaml.safe_load(text):
        declared = _declared(item)
        if declared.info.name in lists:
            raise SourceError(f"{RESOURCE}: source {declared.info.name} is declared twice")
        lists[declared.info.name] = declared
    return lists


def source_info(name: str) -> SourceInfo:
    """The declared metadata of the source `name` (SourceError if it is not declared)."""
    try:
        return official_lists()[name].info
    except KeyError:
        raise SourceError(f"{RESOURCE}: no source named {name}") from None


def official_files() -> tuple[OfficialFile, ...]:
    """Every file to download, main file first within each source."""
    return tuple(f for declared in official_lists().values() for f in declared.files)


def _declared(item: dict[str, Any]) -> OfficialList:
    name, folder = item["source"], item["folder"]
    info = SourceInfo(name, item["title"], item["publisher"], item["url"])
    main = OfficialFile(name, folder, item["file"], item["url"])
    companions = (OfficialFile(name, folder, file, url)
                  for file, url in (item.get("companions") or {}).items())  # fmt: skip
    stale = item.get("stale_after_days")
    if stale is not None and (not isinstance(stale, int) or stale < 1):
        raise SourceError(f"{RESOURCE}: source {name}: stale_after_days must be a positive "
                          f"whole number of days, not {stale!r}")  # fmt: skip
    return OfficialList(info, (main, *companions), tuple(item.get("measures") or ()), stale)
