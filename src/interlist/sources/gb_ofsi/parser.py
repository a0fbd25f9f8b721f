"""Parser for the UK OFSI Consolidated List of financial sanctions targets (ConList).

Reads the CSV (2020 and 2022 formats; the publisher's file starts with a
"Last Updated,dd/mm/yyyy" line, some copies start their header with an empty
column) and the same table as XLSX. The list has one row per *name*: rows that
share a Group ID are one designated party, entity ``gb-ofsi-<Group ID>``. A
group without a "Primary name" row takes its first row's name as ``name``.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path
from typing import Any

from followthemoney.statement import StatementEntity

from interlist.errors import SourceFormatError
from interlist.model import make_entity
from interlist.sources import limits
from interlist.sources.base import Format, ParsedSource, Rejection
from interlist.sources.gb_ofsi.rows import Row, add_facts, add_name, cell, full_name, name_prop
from interlist.sources.helpers import date_from_path, make_sanction
from interlist.sources.official import source_info
from interlist.sources.tabular import (
    add_topics,
    csv_rows,
    merge_into,
    parse_dates,
    program_topics,
    put,
    read_text,
)

SOURCE = source_info("gb_ofsi")
AUTHORITY = "HM Treasury, Office of Financial Sanctions Implementation"
SCHEMATA = {"individual": "Person", "entity": "Organization", "ship": "Vessel"}
REQUIRED = ("name 6", "group id", "alias type")
# "UN Ref QDe.004", "UN REF:QE.A.146.14.", "UN Ref.KPI.067", "UN Ref E.29.I.11" -> the reference.
_UN_REF = re.compile(r"UN\s*REF\W*([A-Z]{1,4}(?:\.[A-Z0-9]+)*\.\d+)", re.I)
Lines = list[tuple[int, list[str]]]


def sniff(path: Path, head: bytes) -> bool:
    """A ConList CSV (header names Group ID, Name 6, Alias Type) or its XLSX form."""
    if head.startswith(b"PK\x03\x04"):
        return path.suffix.lower() == ".xlsx" and _xlsx_has_header(path)
    lines = head.removeprefix(b"\xef\xbb\xbf").split(b"\n", 2)[:2]
    header = lines[1] if lines[0].startswith(b"Last Updated,") and len(lines) > 1 else lines[0]
    return all(name in header for name in (b"Name 6", b"Group ID", b"Alias Type"))


def _xlsx_has_header(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as archive:
            names = [n for n in archive.namelist() if n.startswith("xl/")]
            for name in names:
                if name.endswith("sharedStrings.xml") or "worksheets/sheet1" in name:
                    with archive.open(name) as fh:
                        data = fh.read(1 << 20)
                    if b"Alias Type" in data and b"Group ID" in data:
                        return True
    except (OSError, zipfile.BadZipFile, KeyError, EOFError):
        return False
    return False


def parse(path: Path) -> ParsedSource:
    """One target per Group ID, with all its names and one Sanction per regime."""
    with path.open("rb") as fh:
        is_xlsx = fh.read(4) == b"PK\x03\x04"
    lines = (
        _xlsx_lines(path) if is_xlsx else list(csv_rows(path, read_text(path, fallback="cp1252")))
    )
    stated, lines = _prelude(lines)
    result = ParsedSource(SOURCE, path, stated or date_from_path(path))
    groups: dict[str, list[tuple[int, Row]]] = {}
    for line, row in _records(path, lines, pad=is_xlsx):
        group_id = cell(row, "group id")
        if not group_id:
            result.rejected.append(Rejection(f"line {line}", "no Group ID"))
            continue
        groups.setdefault(group_id, []).append((line, row))
    for group_id, rows in groups.items():
        _group(result, group_id, rows)
    return result


def _prelude(lines: Lines) -> tuple[date | None, Lines]:
    """The "Last Updated,dd/mm/yyyy" line before the header, if any."""
    if lines and lines[0][1] and lines[0][1][0].strip() == "Last Updated":
        cells = [c for c in lines[0][1][1:] if c.strip()]
        dates = parse_dates(cells[0]) if cells else []
        stated = date.fromisoformat(dates[0]) if dates and len(dates[0]) == 10 else None
        return stated, lines[1:]
    return None, lines


def _records(path: Path, lines: Lines, pad: bool) -> Iterable[tuple[int, Row]]:
    if not lines:
        raise SourceFormatError(path, "no header row", "line 1")
    header = [c.strip().lower() for c in lines[0][1]]
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        raise SourceFormatError(path, f"missing column(s): {', '.join(missing)}", "line 1")
    for line, cells in lines[1:]:
        names = header
        if header[0] == "" and (
            len(cells) == len(header) - 1 or (pad and len(cells) < len(header))
        ):
            names = header[1:]  # a copy whose header has an extra empty first column
        if pad:  # spreadsheet rows lose their empty trailing cells
            cells = (cells + [""] * len(names))[: len(names)]
        if len(cells) != len(names):
            message = f"expected {len(header)} fields, found {len(cells)} (truncated?)"
            raise SourceFormatError(path, message, f"line {line}")
        yield line, dict(zip(names, cells, strict=True))


def _group(result: ParsedSource, group_id: str, rows: list[tuple[int, Row]]) -> None:
    named = [(line, row) for line, row in rows if full_name(row)]
    if not named:
        locations = ", ".join(str(line) for line, _ in rows)
        result.rejected.append(Rejection(f"line {locations}", f"Group ID {group_id}: no name"))
        return
    group_type = cell(named[0][1], "group type").lower()
    entity = make_entity(
        SCHEMATA.get(group_type, "LegalEntity"), f"gb-ofsi-{group_id}", SOURCE.name
    )
    has_primary = any(name_prop(row) == "name" for _, row in named)
    made: dict[str, StatementEntity] = {}
    for index, (_, row) in enumerate(named):
        prop = name_prop(row)
        add_name(entity, row, "name" if index == 0 and not has_primary else prop)
        merge_into(made, add_facts(entity, row))
    sanctions = _sanctions(entity, group_id, [row for _, row in rows])
    result.entities.extend([entity, *made.values(), *sanctions])


def _sanctions(entity: StatementEntity, group_id: str, rows: list[Row]) -> list[StatementEntity]:
    """One Sanction per regime of the group (normally one)."""
    sanctions: dict[str, StatementEntity] = {}
    for row in rows:
        regime = cell(row, "regime")
        sanction = sanctions.get(regime)
        if sanction is None:
            sanction = sanctions[regime] = _sanction(entity, group_id, row)
        _add_dates(sanction, "modifiedAt", cell(row, "last updated"))
        for un_ref in _UN_REF.findall(cell(row, "other information")):
            put(sanction, "unscId", un_ref)
    add_topics(entity, program_topics(SOURCE.name, list(sanctions)))
    return list(sanctions.values())


def _sanction(entity: StatementEntity, group_id: str, row: Row) -> StatementEntity:
    listed = parse_dates(cell(row, "listed on"))
    sanction = make_sanction(
        entity,
        key=cell(row, "regime"),
        program=cell(row, "regime") or None,
        authority=AUTHORITY,
        listed_on=listed[0] if listed else None,
        reference=cell(row, "uk sanctions list ref") or None,
        country="gb",
    )
    put(sanction, "recordId", group_id)
    _add_dates(sanction, "date", cell(row, "uk sanctions list date designated"))
    return sanction


def _add_dates(entity: StatementEntity, prop: str, text: str) -> None:
    for iso in parse_dates(text):
        put(entity, prop, iso, original_value=text)


# --- XLSX ------------------------------------------------------------------


def _xlsx_lines(path: Path) -> Lines:
    """The first worksheet's rows as text cells, numbered like spreadsheet rows. A workbook
    that unpacks to more than limits.MAX_XLSX_UNPACKED_BYTES or holds more than
    limits.MAX_XLSX_ROWS rows (a "zip bomb") is refused."""
    from openpyxl import load_workbook  # imported here: only XLSX files need it

    limits.check_size(path, limits.MAX_CSV_BYTES)
    limits.check_unpacked(path)
    try:
        book = load_workbook(path, read_only=True, data_only=True)
        try:
            sheet = book.worksheets[0]
            rows = []
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                if number > limits.MAX_XLSX_ROWS:
                    message = f"more than {limits.MAX_XLSX_ROWS:,} rows"
                    raise SourceFormatError(path, message, f"line {number}")
                cells = [_xlsx_text(value) for value in values]
                limits.check_cells(path, number, cells)
                rows.append((number, cells))
        finally:
            book.close()
    except SourceFormatError:
        raise
    except Exception as exc:  # openpyxl raises many kinds on a damaged workbook
        raise SourceFormatError(path, f"unreadable XLSX workbook: {exc}") from exc
    trimmed = [(n, _rstrip(cells)) for n, cells in rows]
    return [(n, cells) for n, cells in trimmed if cells]


def _rstrip(cells: list[str]) -> list[str]:
    while cells and not cells[-1].strip():
        cells = cells[:-1]
    return cells


def _xlsx_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


FORMAT = Format(
    name="gb-ofsi-conlist",
    title="UK OFSI Consolidated List (ConList CSV / XLSX)",
    sniff=sniff,
    parse=parse,
)
