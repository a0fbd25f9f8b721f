"""Reading the rows to screen from CSV, JSON lines, Parquet or Excel (.xlsx) files.

Every reader yields ``(row_number, row)`` with rows numbered from 1 in file
order (the header is not a row). A row that cannot even be decoded (a broken
JSON line) is yielded as an error string, so the batch reports it and goes on.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import orjson

from interlist.errors import ConfigError, InvalidInputError

RawRow = dict[str, Any] | str  # a row, or why it could not be decoded
Rows = Iterator[tuple[int, RawRow]]


def read_rows(path: Path) -> Rows:
    """The rows of an input file, by its extension."""
    reader = READERS.get(_kind(path))
    if reader is None:
        known = ", ".join(sorted(READERS))
        raise ConfigError(f"{path}: unknown input type (known extensions: {known})")
    if not path.is_file():
        raise InvalidInputError(f"{path}: no such file")
    return reader(path)


def _kind(path: Path) -> str:
    suffix = path.suffix.lower().lstrip(".")
    return {"ndjson": "jsonl", "json": "jsonl", "tsv": "csv", "txt": "csv"}.get(suffix, suffix)


def read_csv(path: Path) -> Rows:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        sample = fh.read(8192)
        fh.seek(0)
        try:
            dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t|")
        except csv.Error:
            dialect = csv.excel
        yield from enumerate(csv.DictReader(fh, dialect=dialect), start=1)


def read_jsonl(path: Path) -> Rows:
    with open(path, "rb") as fh:
        number = 0
        for line in fh:
            if not line.strip():
                continue
            number += 1
            try:
                row = orjson.loads(line)
            except orjson.JSONDecodeError as exc:
                yield number, f"not valid JSON ({exc})"
                continue
            yield number, row if isinstance(row, dict) else "not a JSON object"


def read_parquet(path: Path) -> Rows:
    import pyarrow.parquet as pq

    number = 0
    for batch in pq.ParquetFile(path).iter_batches(batch_size=10_000):
        for row in batch.to_pylist():
            number += 1
            yield number, row


def read_xlsx(path: Path) -> Rows:
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True, data_only=True)
    try:
        rows = book.worksheets[0].iter_rows(values_only=True)
        header = [str(h).strip() if h is not None else "" for h in next(rows, ())]
        number = 0
        for cells in rows:
            if all(c is None for c in cells):
                continue
            number += 1
            yield number, dict(zip(header, cells, strict=False))
    finally:
        book.close()


READERS: dict[str, Callable[[Path], Rows]] = {
    "csv": read_csv,
    "jsonl": read_jsonl,
    "parquet": read_parquet,
    "xlsx": read_xlsx,
}
