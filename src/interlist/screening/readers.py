"""Reading the rows to screen from CSV, JSON lines, Parquet or Excel (.xlsx) files.

Every reader yields ``(row_number, row)`` with rows numbered from 1 in file
order (the header is not a row). A row that cannot even be decoded (a broken
JSON line, a line over the length limit) is yielded as an error string, so the
batch reports it and goes on. A file that cannot be read at all (binary data,
an unknown encoding, a damaged workbook or Parquet file, a zip bomb) is refused
with an :class:`~interlist.errors.InputFileError` naming the file and the line
or row, before any row is screened where that can be known (see
:mod:`interlist.screening.inputs` for the detection and the limits).
"""

from __future__ import annotations

import codecs
import csv
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

import orjson

from interlist.errors import ConfigError, InterlistError, InvalidInputError
from interlist.screening.inputs import (
    MAX_FIELD_CHARS,
    MAX_LINE_CHARS,
    MAX_XLSX_ROWS,
    InputInfo,
    inspect,
    problem,
)

RawRow = dict[str, Any] | str  # a row, or why it could not be decoded
Rows = Iterator[tuple[int, RawRow]]


def read_rows(path: Path) -> Rows:
    """The rows of an input file, by its extension (the file is inspected first)."""
    return rows_of(inspect_input(path))


def inspect_input(path: Path) -> InputInfo:
    """What the file is and how it will be read; refuses what cannot be read."""
    kind = _kind(path)
    if kind not in READERS:
        known = ", ".join(sorted(READERS))
        raise ConfigError(f"{path}: unknown input type (known extensions: {known})")
    if not path.is_file():
        raise InvalidInputError(f"{path}: no such file")
    return inspect(path, kind)


def rows_of(info: InputInfo) -> Rows:
    """The rows of an inspected file."""
    return READERS[info.kind](info)


def _kind(path: Path) -> str:
    suffix = path.suffix.lower().lstrip(".")
    return {"ndjson": "jsonl", "json": "jsonl", "tsv": "csv", "txt": "csv"}.get(suffix, suffix)


def _lines(fh: IO[str], info: InputInfo, skip_long: bool = False) -> Iterator[str]:
    """The lines of a text file, none longer than MAX_LINE_CHARS (read in bounded memory):
    a longer one is refused, or (`skip_long`) replaced by an empty marker line."""
    number = 0
    try:
        while line := fh.readline(MAX_LINE_CHARS + 1):
            number += 1
            if len(line) > MAX_LINE_CHARS and not line.endswith("\n"):
                if not skip_long:
                    raise problem(info.path, "line_too_long", line=number, limit=MAX_LINE_CHARS)
                while (rest := fh.readline(MAX_LINE_CHARS)) and not rest.endswith("\n"):
                    pass
                yield _TOO_LONG
                continue
            yield line
    except UnicodeDecodeError as exc:
        raise problem(info.path, "undecodable", line=_bad_line(info),
                      encoding=info.encoding_label) from exc  # fmt: skip


def _bad_line(info: InputInfo) -> int | None:
    """The line of the first bytes that are not in the file's encoding (the text layer
    decodes ahead of the lines it hands out)."""
    decoder = codecs.getincrementaldecoder(info.encoding)()
    line = 1
    with open(info.path, "rb") as fh:
        while block := fh.read(1024 * 1024):
            try:
                line += decoder.decode(block).count("\n")
            except UnicodeDecodeError as exc:
                return line + block[: max(0, exc.start)].decode(info.encoding, "ignore").count("\n")
    return None


_TOO_LONG = "\x00too long\n"
ONE_COLUMN = "\x1f"  # the delimiter of a file of one column: a character text never has


def read_csv(info: InputInfo) -> Rows:
    with open(info.path, encoding=info.encoding, newline="") as fh:
        lines = _lines(fh, info)
        reader = csv.DictReader(lines, delimiter=info.delimiter or ONE_COLUMN)
        number = 0
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                line = reader.line_num
                if "field limit" in str(exc):
                    raise problem(info.path, "field_too_long", line=line,
                                  limit=MAX_FIELD_CHARS) from exc  # fmt: skip
                if "NUL" in str(exc):
                    raise problem(info.path, "binary", line=line) from exc
                raise problem(info.path, "csv", line=line, detail=str(exc)) from exc
            if any(len(v) > MAX_FIELD_CHARS for v in row.values() if isinstance(v, str)):
                # followthemoney raises the csv module's own limit for the whole process
                raise problem(info.path, "field_too_long", line=reader.line_num,
                              limit=MAX_FIELD_CHARS)  # fmt: skip
            number += 1
            yield number, row


def read_jsonl(info: InputInfo) -> Rows:
    with open(info.path, encoding=info.encoding, newline="") as fh:
        number = 0
        for line in _lines(fh, info, skip_long=True):
            if not line.strip():
                continue
            number += 1
            if line is _TOO_LONG:
                yield number, f"line longer than {MAX_LINE_CHARS:,} characters"
                continue
            try:
                row = orjson.loads(line)
            except orjson.JSONDecodeError as exc:
                yield number, f"not valid JSON ({exc})"
                continue
            yield number, row if isinstance(row, dict) else "not a JSON object"


def read_parquet(info: InputInfo) -> Rows:
    import pyarrow as pa
    import pyarrow.parquet as pq

    number = 0
    try:
        batches = pq.ParquetFile(info.path).iter_batches(batch_size=10_000)
        for batch in batches:
            for row in batch.to_pylist():
                number += 1
                yield number, row
    except (pa.ArrowException, OSError, ValueError) as exc:
        raise problem(info.path, "parquet", row=number + 1 if number else None,
                      detail=str(exc)[:300]) from exc  # fmt: skip


def read_xlsx(info: InputInfo) -> Rows:
    from openpyxl import load_workbook

    number = 0
    try:
        book = load_workbook(info.path, read_only=True, data_only=True)
        try:
            sheet = book.worksheets[0]
            declared = sheet.max_row  # from the sheet's <dimension>, when it says
            if declared is not None and declared > MAX_XLSX_ROWS + 1:
                raise problem(info.path, "too_many_rows", limit=MAX_XLSX_ROWS)
            rows = sheet.iter_rows(values_only=True)
            header = [str(h).strip() if h is not None else "" for h in next(rows, ())]
            for cells in rows:
                if all(c is None for c in cells):
                    continue
                number += 1
                if number > MAX_XLSX_ROWS:
                    raise problem(info.path, "too_many_rows", limit=MAX_XLSX_ROWS)
                yield number, dict(zip(header, cells, strict=False))
        finally:
            book.close()
    except InterlistError:
        raise
    except Exception as exc:  # openpyxl's errors are zip, XML, key and value errors alike
        raise problem(info.path, "xlsx", row=number + 1 if number else None,
                      detail=str(exc)[:300] or type(exc).__name__) from exc  # fmt: skip


READERS: dict[str, Callable[[InputInfo], Rows]] = {
    "csv": read_csv,
    "jsonl": read_jsonl,
    "parquet": read_parquet,
    "xlsx": read_xlsx,
}
