"""List parsers: one small module per publisher format, chosen by sniffing the file.

``detect(path)`` names the format of a file; ``parse(path)`` reads it;
``discover(paths)`` expands folders into the list files they hold, leaving out
the companion files a parser reads by itself (OFAC's alt.csv, add.csv, ...).
``warm_up()`` builds the lookup tables every parser needs before parse workers are
forked, so that they share one copy instead of building one each.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from importlib import import_module
from pathlib import Path

from interlist.errors import SourceError, UnknownFormatError
from interlist.sources.base import Format, ParsedSource

# Parser modules, in the order they are asked whether a file is theirs.
PARSER_MODULES = (
    "interlist.sources.un_sc.parser",
    "interlist.sources.us_ofac.csv_parser",
    "interlist.sources.us_ofac.xml_parser",
    "interlist.sources.us_csl.parser",
    "interlist.sources.gb_ofsi.parser",
    "interlist.sources.ftm_json",
    "interlist.sources.national_csv.parser",
)

# Files that belong to another file's set and are read through it.
COMPANION_NAMES = frozenset({"alt.csv", "add.csv", "sdn_comments.csv"})
SNIFF_BYTES = 4096


@cache
def formats() -> tuple[Format, ...]:
    """Every known format, imported on first use to keep the CLI quick to start."""
    return tuple(import_module(name).FORMAT for name in PARSER_MODULES)


def warm_up() -> None:
    """Import every parser and build the country-name table that FollowTheMoney's country
    cleaning loads on first use (about 1.5 CPU seconds: it transliterates some 30,000
    names). Called before parse workers are forked, they inherit both."""
    from followthemoney.types import registry

    formats()
    registry.country.clean("Germany")


def named(name: str) -> Format:
    """The format called `name`."""
    return next(fmt for fmt in formats() if fmt.name == name)


def detect(path: Path) -> Format:
    """The format of a list file, or UnknownFormatError naming the file."""
    try:
        with path.open("rb") as fh:
            head = fh.read(SNIFF_BYTES)
    except OSError as exc:
        raise SourceError(f"{path}: cannot read file: {exc.strerror}") from exc
    for fmt in formats():
        if fmt.sniff(path, head):
            return fmt
    names = ", ".join(f.name for f in formats())
    raise UnknownFormatError(f"{path}: not a list file in a known format ({names})")


def parse(path: Path) -> ParsedSource:
    """Parse a list file in whatever known format it is."""
    return detect(path).parse(path)


def discover(paths: Iterable[Path]) -> list[Path]:
    """List files named or found under folders, companions and documentation left out."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(p for p in sorted(path.rglob("*")) if _is_candidate(p))
        elif path.exists():
            found.append(path)
        else:
            raise SourceError(f"{path}: no such file or folder")
    return found


def _is_candidate(path: Path) -> bool:
    if not path.is_file() or path.name.startswith("."):
        return False
    if path.name.lower() in COMPANION_NAMES:
        return False
    return path.suffix.lower() in {".xml", ".csv", ".json", ".jsonl", ".ftm", ".xlsx"}
