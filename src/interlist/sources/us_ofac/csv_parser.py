"""Parser for the US OFAC SDN list in its legacy CSV form (SDN.CSV and its companions).

The main file has one designated party per line, 12 columns and no header; "-0-" means
empty. ALT.CSV (aliases), ADD.CSV (addresses) and SDN_COMMENTS.CSV (the rest of Remarks
longer than 1000 characters), when they lie in the same folder, are read with it. The
Remarks column is parsed by :mod:`interlist.sources.us_ofac.remarks`; the entities are built
by :mod:`interlist.sources.us_ofac.build`.

Decisions: a companion row naming an ent_num absent from SDN.CSV goes into
``ParsedSource.rejected`` (a set downloaded a few minutes apart can disagree, and one
orphan alias must not lose the whole list); malformed lines (wrong number of columns,
non-integer or duplicate ent_num, bad quoting or encoding) raise SourceFormatError;
a record without a name or with an unknown SDN_Type is rejected. ADD.CSV rows whose every
field is "-0-" (about 2,400 in the 2021 set) state nothing and give no Address.
"Linked To:" gives an UnknownLink (the text does not say who owns whom).
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from interlist.errors import SourceFormatError
from interlist.sources import limits
from interlist.sources.base import Format, ParsedSource, Rejection
from interlist.sources.helpers import date_from_path
from interlist.sources.official import source_info
from interlist.sources.us_ofac.build import Record, build_entities

SOURCE = source_info("us_ofac_sdn")
COLUMNS = 12
COMPANIONS = {"alt.csv": 5, "add.csv": 6, "sdn_comments.csv": 2}
WITHOUT_END_MARK = frozenset({"sdn_comments.csv"})
CONTROL_Z = "\x1a"
_FIRST_LINE = re.compile(rb'^\d+,"')


def cell(value: str) -> str | None:
    """A CSV value with "-0-" (OFAC's empty marker) and blanks as None."""
    value = value.strip()
    return None if value in ("", "-0-") else value


def read_rows(path: Path, columns: int, *, end_mark: bool = True) -> list[tuple[int, list[str]]]:
    """The rows of an OFAC CSV file with their line numbers.

    OFAC ends SDN.CSV, ALT.CSV and ADD.CSV with a control-Z (its end-of-file mark): a file
    without it was cut short, even at the end of a row, and is refused (`end_mark`).
    SDN_COMMENTS.CSV has no such mark."""
    limits.check_size(path, limits.MAX_CSV_BYTES)
    text = _decode(path)
    stripped = text.rstrip("\r\n")
    if stripped.endswith(CONTROL_Z):
        text = stripped[:-1]
    elif end_mark:
        lines = text.count("\n") + (0 if text.endswith("\n") or not text else 1)
        message = "no end-of-file mark (control-Z): the file is truncated"
        raise SourceFormatError(path, message, f"line {lines + 1}")
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[tuple[int, list[str]]] = []
    try:
        for row in reader:
            if not row:
                continue
            if len(row) != columns:
                raise SourceFormatError(
                    path, f"{len(row)} columns, expected {columns}", f"line {reader.line_num}"
                )
            limits.check_cells(path, reader.line_num, row)
            rows.append((reader.line_num, row))
    except csv.Error as exc:
        raise SourceFormatError(path, f"bad CSV: {exc}", f"line {reader.line_num + 1}") from exc
    return rows


def _decode(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SourceFormatError(path, f"cannot read: {exc.strerror}") from exc
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise SourceFormatError(path, "not UTF-8 text", f"line {line}") from exc


def _ent_num(path: Path, line: int, value: str) -> str:
    value = value.strip()
    if not (value.isascii() and value.isdigit()):
        raise SourceFormatError(path, f"ent_num {value!r} is not an integer", f"line {line}")
    return str(int(value))


def read_records(path: Path) -> dict[str, Record]:
    """SDN.CSV as records by ent_num (file order kept)."""
    records: dict[str, Record] = {}
    for line, row in read_rows(path, COLUMNS):
        ent_num = _ent_num(path, line, row[0])
        if ent_num in records:
            raise SourceFormatError(path, f"duplicate ent_num {ent_num}", f"line {line}")
        cells = [cell(v) for v in row]
        records[ent_num] = Record(line, ent_num, cells, cells[11])
    return records


def companion(path: Path, name: str) -> Path | None:
    """The companion file `name` beside `path` (any letter case), if present."""
    for candidate in path.parent.iterdir():
        if candidate.name.lower() == name and candidate != path:
            return candidate
    return None


def read_companions(path: Path, records: dict[str, Record], rejected: list[Rejection]) -> None:
    """Attach continuation remarks, aliases and addresses from the companion files."""
    for name, columns in COMPANIONS.items():
        found = companion(path, name)
        if found is None:
            continue
        for line, row in read_rows(found, columns, end_mark=name not in WITHOUT_END_MARK):
            ent_num = _ent_num(found, line, row[0])
            record = records.get(ent_num)
            if record is None:
                reason = f"{name} row for ent_num {ent_num}, which is not in {path.name}"
                rejected.append(Rejection(f"{found.name} line {line}", reason))
                continue
            _attach(record, name, line, row)


def _attach(record: Record, name: str, line: int, row: list[str]) -> None:
    if name == "sdn_comments.csv":
        record.remarks = (record.remarks or "") + row[1]
    elif name == "alt.csv":
        record.alts.append((line, [cell(v) for v in row]))
    else:
        record.addresses.append((line, [cell(v) for v in row]))


def _mark_truncated(records: dict[str, Record]) -> None:
    for record in records.values():
        text = record.remarks or ""
        record.truncated = len(text) >= 1000 and not text.rstrip().endswith(".")


def sniff(path: Path, head: bytes) -> bool:
    """An SDN.CSV-like file: first line "<integer>,"<name>",..." with 12 columns."""
    if path.name.lower() in COMPANIONS or not _FIRST_LINE.match(head):
        return False
    first = head.split(b"\n", 1)[0].decode("utf-8", "replace")
    try:
        row = next(csv.reader([first]))
    except (csv.Error, StopIteration):
        return False
    return len(row) == COLUMNS


def parse(path: Path) -> ParsedSource:
    """Read an SDN.CSV file (and its companions) into FtM entities."""
    result = ParsedSource(SOURCE, path, date_from_path(path))
    records = read_records(path)
    read_companions(path, records, result.rejected)
    _mark_truncated(records)
    build_entities(path, records, result)
    return result


FORMAT = Format(
    name="us-ofac-csv",
    title="US OFAC SDN list, legacy CSV (SDN.CSV with ALT/ADD/SDN_COMMENTS.CSV)",
    sniff=sniff,
    parse=parse,
    dated_by_name=True,
)
