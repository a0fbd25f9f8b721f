"""Shared pieces of the tabular (CSV, XLSX, JSON-lines) list parsers.

Reading a publisher's text file with errors translated to SourceFormatError,
turning the date spellings of publishers into FtM dates, adding countries and
other values without losing what FtM cannot clean (it goes to ``notes``), guessing
a name's language from its script, and loading a source's programme -> topics
table from ``resources/programs/<source>.yml``.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterable, Iterator
from datetime import date
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path

import yaml
from followthemoney.statement import StatementEntity
from followthemoney.types import registry
from followthemoney.util import sanitize_text

from interlist.errors import SourceFormatError
from interlist.model import add_topic, extra_topics
from interlist.sources import limits

# A range of years wider than this keeps only its two ends (parser contract).
MAX_YEAR_SPAN = 10


def read_text(path: Path, *, fallback: str | None = None) -> str:
    """A file's text: UTF-8 (a BOM is dropped), or `fallback` (e.g. cp1252) if given.
    A file over limits.MAX_CSV_BYTES is refused before it is read."""
    limits.check_size(path, limits.MAX_CSV_BYTES)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SourceFormatError(path, f"cannot read file: {exc.strerror}") from exc
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if fallback is None:
            raise SourceFormatError(path, "not UTF-8 text", f"byte {exc.start}") from exc
    try:
        return data.decode(fallback)
    except UnicodeDecodeError as exc:
        raise SourceFormatError(path, f"neither UTF-8 nor {fallback}", f"byte {exc.start}") from exc


def csv_rows(path: Path, text: str, first_line: int = 1) -> Iterator[tuple[int, list[str]]]:
    """(line number, fields) for every non-blank CSV record of `text`; a field or record
    longer than the limits (interlist.sources.limits) raises SourceFormatError."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    while True:
        line = reader.line_num + first_line
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise SourceFormatError(path, f"bad CSV: {exc}", f"line {line}") from exc
        limits.check_cells(path, line, row)
        if any(cell.strip() for cell in row):
            yield line, row


def split(text: str | None, sep: str = ";") -> list[str]:
    """The non-empty, stripped parts of a multi-valued field."""
    if not text:
        return []
    return [part.strip() for part in text.split(sep) if part.strip()]


def merge_into(found: dict[str, StatementEntity], entities: Iterable[StatementEntity]) -> None:
    """Collect entities by id; one made again (same document on two rows) adds its statements."""
    for entity in entities:
        assert entity.id is not None
        known = found.get(entity.id)
        if known is None:
            found[entity.id] = entity
        else:
            for stmt in entity.statements:
                known.add_statement(stmt)


# --- dates -----------------------------------------------------------------

_ISO = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
_DMY = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$")
_RANGE = re.compile(r"^(?:between\s+)?(\d{4})\s*(?:/|to|and|-|–)\s*(\d{4})$", re.I)
_TEXT_MONTH = re.compile(r"^(?:(\d{1,2})\s+)?([A-Za-z]{3})[a-z]*\.?\s+(\d{4})$")
_MONTHS = {
    m: i
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1
    )
}
_APPROX = re.compile(r"^(?:circa|approximately|approx\.?|about|c\.|ca\.?)\s*", re.I)


def _ymd(year: str, month: str | None, day: str | None) -> str | None:
    """FtM date prefix from parts; zero month/day mean unknown ("00/00/1980" -> "1980")."""
    m, d = int(month or 0), int(day or 0)
    if not 1000 <= int(year) <= 2999 or m > 12 or d > 31:
        return None
    if m == 0:
        return year
    if d == 0:
        return f"{year}-{m:02d}"
    try:
        return date(int(year), m, d).isoformat()
    except ValueError:
        return None


def year_range(start: int, end: int) -> list[str]:
    """Every year of a range of at most MAX_YEAR_SPAN years, else its two ends."""
    start, end = min(start, end), max(start, end)
    if end - start <= MAX_YEAR_SPAN:
        return [str(year) for year in range(start, end + 1)]
    return [str(start), str(end)]


def parse_dates(text: str | None) -> list[str]:
    """FtM dates meant by one date text: ISO, dd/mm/yyyy (00 = unknown), year ranges,
    "24 Dec 2009", "circa 1970". An empty list when the text is no date."""
    value = _APPROX.sub("", (text or "").strip())
    if found := _ISO.match(value):
        iso = _ymd(found[1], found[2], found[3])
    elif found := _DMY.match(value):
        iso = _ymd(found[3], found[2], found[1])
    elif (found := _TEXT_MONTH.match(value)) and found[2].lower() in _MONTHS:
        iso = _ymd(found[3], str(_MONTHS[found[2].lower()]), found[1])
    elif found := _RANGE.match(value):
        return year_range(int(found[1]), int(found[2]))
    else:
        return []
    return [iso] if iso else []


def add_dates(entity: StatementEntity, prop: str, text: str | None, label: str) -> None:
    """Add the dates of `text` keeping the text as original value; unreadable text -> notes."""
    if not text or not text.strip():
        return
    dates = parse_dates(text) if prop in entity.schema.properties else []
    for iso in dates:
        put(entity, prop, iso, original_value=text)
    if not dates:
        entity.add("notes", f"{label}: {text}")


# --- values FtM cleans -----------------------------------------------------

# Types whose cleaning depends on the entity (phone numbers use its countries).
_CONTEXT_TYPES = frozenset({"phone"})


@lru_cache(maxsize=200_000)
def clean_value(type_name: str, text: str) -> str | None:
    """FtM's cleaning of a value, cached: lists repeat their countries, URLs, topics."""
    return registry[type_name].clean_text(sanitize_text(text) or "")


def put(
    entity: StatementEntity,
    prop: str,
    text: str | None,
    *,
    original_value: str | None = None,
    lang: str | None = None,
) -> bool:
    """entity.add for one value, with cached cleaning; False if FtM rejects the value."""
    if not text:
        return False
    prop_obj = entity.schema.properties[prop]
    if prop_obj.type.name in _CONTEXT_TYPES:
        entity.add(prop_obj, text, original_value=original_value, lang=lang)
        return True
    clean = clean_value(prop_obj.type.name, text)
    if not clean:
        return False
    original = original_value if original_value is not None else text
    entity.unsafe_add(prop_obj, clean, cleaned=True, original_value=original, lang=lang)
    return True


def add_country(entity: StatementEntity, prop: str, text: str | None, label: str) -> None:
    """Add a country (FtM cleans names to codes); text FtM cannot read goes to notes."""
    if not text or not text.strip():
        return
    if not put(entity, prop, text.strip(), original_value=text):
        entity.add("notes", f"{label}: {text.strip()}")


def add_or_note(entity: StatementEntity, prop: str, text: str | None, label: str) -> None:
    """Add to `prop` if the schema has it and FtM accepts the value, else keep it in notes."""
    if not text or not text.strip():
        return
    if prop not in entity.schema.properties or not put(entity, prop, text.strip()):
        entity.add("notes", f"{label}: {text.strip()}")


# --- names -----------------------------------------------------------------

# Scripts that name one language; Cyrillic, Arabic and Latin serve many, so no guess.
_SCRIPT_LANG = {
    "HANGUL": "kor",
    "HIRAGANA": "jpn",
    "KATAKANA": "jpn",
    "CJK": "zho",
    "HEBREW": "heb",
    "GREEK": "ell",
    "GEORGIAN": "kat",
    "ARMENIAN": "hye",
    "THAI": "tha",
}


def script_of(text: str) -> str | None:
    """The Unicode script (first word of a letter's name) of the first non-Latin letter."""
    for char in text:
        if char.isalpha() and ord(char) > 0x24F:
            return unicodedata.name(char, "").split(" ")[0] or None
    return None


def lang_from_script(text: str) -> str | None:
    """A 3-letter language code when the script alone makes the language clear."""
    script = script_of(text)
    return _SCRIPT_LANG.get(script) if script else None


# --- reference data --------------------------------------------------------


@cache
def program_table(source: str) -> dict[str, list[str]]:
    """``resources/programs/<source>.yml``: programme (upper-cased) -> topics."""
    path = resources.files("interlist").joinpath(f"resources/programs/{source}.yml")
    data = yaml.safe_load(path.read_text("utf-8")) or {}
    return {str(key).strip().upper(): list(topics or []) for key, topics in data.items()}


def program_topics(source: str, programs: list[str]) -> set[str]:
    """The topics the programmes imply, ``sanction`` always among them."""
    table = program_table(source)
    topics = {"sanction"}
    for program in programs:
        topics.update(table.get(program.strip().upper(), []))
    return topics


def add_topics(entity: StatementEntity, topics: set[str]) -> None:
    """Add topics, interlist's extra ones included."""
    for topic in sorted(topics):
        if topic in extra_topics():
            add_topic(entity, topic)
        else:
            put(entity, "topics", topic)
