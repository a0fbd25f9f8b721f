"""Freezes read from a file: CSV, Excel (.xlsx) or JSON lines, one freeze a row.

The columns (or JSON keys) are the fields of :class:`FreezeInput`; ``entity_id``,
``institution``, ``asset_type``, ``amount``, ``currency`` and ``frozen_on`` are
required, ``state`` defaults to the user's. An unknown column is refused rather than
ignored. Each row keeps its label (``row 7`` of a sheet or CSV, whose header is row 1;
``line 7`` of JSON lines) so that a bad one is reported by number. Amounts in JSON are
read as exact decimals; Excel keeps numbers as binary floats, so a numeric cell is read
as the shortest decimal that is that float (type amounts as text to be exact).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import fields
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from interlist.errors import InvalidInputError
from interlist.freezes.register import FreezeInput

COLUMNS = tuple(f.name for f in fields(FreezeInput))
REQUIRED = ("entity_id", "institution", "asset_type", "amount", "currency", "frozen_on")
Row = tuple[str, dict[str, Any]]


def read(path: Path, text: str | None = None) -> tuple[list[FreezeInput], list[str]]:
    """The freezes of a file and the label of each (``text``: the file's content, for
    stdin). A file that cannot be read as freezes raises InvalidInputError."""
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        rows = list(_excel(path))
    elif suffix in (".jsonl", ".ndjson", ".json"):
        rows = list(_json_lines(text if text is not None else path.read_text("utf-8")))
    else:
        rows = list(_csv(text if text is not None else path.read_text("utf-8-sig")))
    if not rows:
        raise InvalidInputError(f"{path.name}: no freezes in the file")
    return [_input(label, values) for label, values in rows], [label for label, _ in rows]


def _csv(content: str) -> Iterator[Row]:
    reader = csv.DictReader(io.StringIO(content))
    _check_columns(list(reader.fieldnames or []), "row 1")
    for n, values in enumerate(reader, start=2):
        if any((v or "").strip() for v in values.values() if isinstance(v, str)):
            yield f"row {n}", dict(values)


def _json_lines(content: str) -> Iterator[Row]:
    for n, line in enumerate(content.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            values = json.loads(line, parse_float=Decimal)
        except ValueError as exc:
            raise InvalidInputError(f"line {n}: not JSON ({exc})") from exc
        if not isinstance(values, dict):
            raise InvalidInputError(f"line {n}: a freeze is a JSON object")
        basis = values.pop("basis", None)
        if isinstance(basis, dict):
            values.update(basis_kind=basis.get("kind"), basis_ref=basis.get("ref"))
        _check_columns(list(values), f"line {n}")
        yield f"line {n}", values


def _excel(path: Path) -> Iterator[Row]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is no workbook
        raise InvalidInputError(f"{path.name}: not an Excel workbook ({exc})") from exc
    sheet = book.worksheets[0]
    found = sheet.iter_rows(values_only=True)
    header = [str(c or "").strip() for c in next(found, ())]
    _check_columns(header, "row 1")
    for n, cells in enumerate(found, start=2):
        values = {h: _excel_value(c) for h, c in zip(header, cells, strict=False) if h}
        if any(v not in (None, "") for v in values.values()):
            yield f"row {n}", values
    book.close()


def _excel_value(cell: Any) -> Any:
    if isinstance(cell, float):
        return Decimal(repr(cell))
    if isinstance(cell, datetime):
        return cell.date()
    return cell


def _check_columns(names: list[str], where: str) -> None:
    unknown = [n for n in names if n and n not in COLUMNS]
    if unknown:
        raise InvalidInputError(f"{where}: unknown columns {unknown} (known: {', '.join(COLUMNS)})")
    missing = [n for n in REQUIRED if n not in names]
    if missing and where.startswith("row"):
        raise InvalidInputError(f"{where}: missing columns {missing}")


def _input(label: str, values: dict[str, Any]) -> FreezeInput:
    for name in REQUIRED:
        if values.get(name) in (None, ""):
            raise InvalidInputError(f"{label}: {name}: a value is needed")
    given: dict[str, Any] = {
        k: (v.strip() or None) if isinstance(v, str) else v for k, v in values.items()
    }
    return FreezeInput(**given)


__all__ = ["COLUMNS", "REQUIRED", "read"]
