"""Results read from a file (CSV, Excel, JSON lines), validated as a whole: the first bad
row is refused with its number and field, and nothing of the file is written."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson

from interlist.errors import InvalidInputError, SourceFormatError
from interlist.reporting.operations import ResultIn, result_from_mapping

SUFFIXES = (".csv", ".xlsx", ".jsonl")
MAX_ROWS = 100_000


def read_results(path: Path) -> list[ResultIn]:
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise SourceFormatError(path, f"expected one of {', '.join(SUFFIXES)}")
    found = []
    for number, raw in _rows(path, suffix):
        if number > MAX_ROWS:
            raise SourceFormatError(path, f"more than {MAX_ROWS:,} rows")
        try:
            found.append(result_from_mapping(raw))
        except InvalidInputError as exc:
            raise SourceFormatError(path, str(exc), f"row {number}") from exc
    if not found:
        raise SourceFormatError(path, "no results in the file")
    return found


def _rows(path: Path, suffix: str) -> Iterator[tuple[int, dict[str, Any]]]:
    if suffix == ".jsonl":
        with open(path, "rb") as fh:
            for number, line in enumerate(fh, start=1):
                if line.strip():
                    yield number, _json(path, line, number)
        return
    if suffix == ".xlsx":
        yield from _sheet(path)
        return
    with open(path, encoding="utf-8-sig", newline="") as text:
        for number, row in enumerate(csv.DictReader(text), start=2):
            found = {k.strip(): (v or "").strip() for k, v in row.items() if k}
            if "where" in found:
                found["place"] = found.pop("where")
            yield number, found


def _json(path: Path, line: bytes, number: int) -> dict[str, Any]:
    try:
        data = orjson.loads(line)
    except orjson.JSONDecodeError as exc:
        raise SourceFormatError(path, f"not JSON: {exc}", f"line {number}") from exc
    if not isinstance(data, dict):
        raise SourceFormatError(path, "each line is a JSON object", f"line {number}")
    if "where" in data:
        data["place"] = data.pop("where")
    return data


def _sheet(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        problem = f"not a readable Excel file ({exc.__class__.__name__})"
        raise SourceFormatError(path, problem) from exc
    rows = book.active.iter_rows(values_only=True) if book.active else iter(())
    header = [str(h).strip() if h is not None else "" for h in next(rows, ())]
    for number, values in enumerate(rows, start=2):
        cells = zip(header, values, strict=False)
        row = {h: ("" if v is None else str(v).strip()) for h, v in cells if h}
        if any(row.values()):
            yield number, row
