"""What every list parser returns, and the protocol a parser module follows.

A parser module (``sources/un_sc/parser.py``, ``sources/us_ofac/csv_parser.py``, ...) exposes:

* ``FORMAT``: a :class:`Format` with its name, the source it feeds and a
  ``sniff(path, head)`` function that says whether a file is in this format;
* ``parse(path) -> ParsedSource``.

``parse`` raises :class:`interlist.errors.SourceFormatError` naming the file and
line or element when the file as a whole is malformed or truncated. A single
record that cannot be used (no name, say) is not skipped silently: it goes into
``ParsedSource.rejected`` with its location and reason, and the loader reports it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from followthemoney.statement import StatementEntity

from interlist.model import is_target

Sniffer = Callable[[Path, bytes], bool]


@dataclass(frozen=True)
class SourceInfo:
    """A source: one publisher's list, which can have many versions over time."""

    name: str  # the FtM dataset name, e.g. "un_sc" (its entity ids start "un-sc-")
    title: str
    publisher: str
    url: str | None = None  # the official download address, if any
    country: str | None = None  # the member state whose national list it is, if any


@dataclass(frozen=True)
class Rejection:
    """A record of a list file that could not be turned into an entity."""

    location: str  # "line 12", "INDIVIDUAL DATAID=123", ...
    reason: str


@dataclass
class ParsedSource:
    """Everything read from one list file."""

    source: SourceInfo
    path: Path
    publisher_date: date | None
    entities: list[StatementEntity] = field(default_factory=list)
    rejected: list[Rejection] = field(default_factory=list)

    def targets(self) -> list[StatementEntity]:
        """The designated persons, organisations, vessels... (not sanctions or documents)."""
        return [e for e in self.entities if is_target(e.schema.name)]

    def counts(self) -> dict[str, int]:
        """Number of entities by schema name."""
        return dict(Counter(e.schema.name for e in self.entities))


@dataclass(frozen=True)
class Format:
    """A file format that a parser module reads."""

    name: str  # "un-sc-xml", "us-ofac-csv", ...
    title: str
    sniff: Sniffer
    parse: Callable[[Path], ParsedSource]
    # whether a file's publication date is always the one its name gives
    # (helpers.date_from_path): known before the file is parsed
    dated_by_name: bool = False
