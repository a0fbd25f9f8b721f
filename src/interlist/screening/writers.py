"""Writing screening results as JSON lines, CSV, Excel or Parquet, chosen by extension.

One output record per input row, in input order:
``{"row", "id", "name", "results": [hit, ...]}`` plus ``"error"`` for a bad row and
``"warnings"`` when something in the row was ignored. In CSV the results are a
JSON text column, with the best hit's id, score, decision, listed name, lists and
reasons in words beside it for spreadsheets; the CSV file starts with a byte order
mark, so that Excel reads it as UTF-8. The Excel workbook, and a CSV named
``*.hits.csv``, have one readable line per hit (a row without hits has one line).
In Parquet the results are a list of structs, the explanation kept as JSON text.

Text that came from lists or uploads and starts with ``= + - @``, a tab or a carriage
return is written to CSV and Excel with a leading apostrophe, so that a spreadsheet
shows it instead of running it as a formula. Every file is written under a temporary
name and renamed when complete: a batch that fails leaves no partial result.
"""

from __future__ import annotations

import csv
import os
import uuid
from pathlib import Path
from typing import IO, Any, Protocol

import orjson

from interlist.errors import ConfigError

CSV_COLUMNS = ("row", "id", "error", "warnings", "hits", "top_entity_id", "top_score", "results",
               "name", "decision", "listed_name", "lists", "reasons")  # fmt: skip
HIT_COLUMNS = ("row", "id", "name", "hit", "score", "decision", "listed_name", "entity_id",
               "lists", "reasons", "error", "warnings")  # fmt: skip
XLSX_COLUMNS = HIT_COLUMNS
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_CELL_CHARS = 32_767  # Excel's limit for one cell
XLSX_SHEET_ROWS = 1_048_576  # Excel's limit for one sheet (a longer result continues)


class Writer(Protocol):
    def write(self, records: list[dict[str, Any]]) -> None: ...
    def close(self) -> None: ...
    def discard(self) -> None: ...


def open_writer(path: Path) -> Writer:
    """A writer for the output file's extension (.jsonl, .csv, .hits.csv for one line per
    hit, .xlsx or .parquet); a place that cannot be written is a ConfigError."""
    try:
        return _writer_for(path)
    except OSError as exc:
        raise ConfigError(f"--output: cannot write {path} ({exc.strerror or exc})") from exc


def _writer_for(path: Path) -> Writer:
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson"):
        return JsonlWriter(path)
    if path.name.lower().endswith(".hits.csv"):
        return HitsCsvWriter(path)
    if suffix == ".csv":
        return CsvWriter(path)
    if suffix == ".xlsx":
        return XlsxWriter(path)
    if suffix == ".parquet":
        return ParquetWriter(path)
    raise ConfigError(
        f"{path}: unknown output type (use .jsonl, .csv, .hits.csv, .xlsx or .parquet)"
    )


def neutralised(value: Any) -> Any:
    """A spreadsheet cell's text that cannot run as a formula ('=1+1 for =1+1)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def decision(record: dict[str, Any], hit: dict[str, Any] | None) -> str:
    """The outcome in words: match, possible match, no hit, or not screened."""
    if "error" in record:
        return "not screened"
    if hit is None:
        return "no hit"
    return "match" if hit.get("match") else "possible match"


def reasons(hit: dict[str, Any]) -> str:
    """A hit's explanation as readable text: "name 0.92: ivan≈ivan; birthDate 1.00: ..."."""
    parts = []
    for feature in hit.get("explanation") or []:
        score = feature.get("score")
        shown = f" {score:.2f}" if isinstance(score, int | float) else ""
        detail = feature.get("detail")
        parts.append(f"{feature.get('name')}{shown}" + (f": {detail}" if detail else ""))
    return "; ".join(parts)


class _Atomic:
    """A file written under a temporary name beside its place, renamed when complete."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.partial = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.partial")

    def _publish(self) -> None:
        os.replace(self.partial, self.path)

    def discard(self) -> None:
        self._abandon()
        self.partial.unlink(missing_ok=True)

    def _abandon(self) -> None:
        """Close what is open, without publishing."""


class JsonlWriter(_Atomic):
    def __init__(self, path: Path) -> None:
        super().__init__(path)
        self.fh: IO[bytes] = open(self.partial, "wb")  # noqa: SIM115 - closed by close()

    def write(self, records: list[dict[str, Any]]) -> None:
        self.fh.write(b"".join(orjson.dumps(r) + b"\n" for r in records))

    def close(self) -> None:
        self.fh.close()
        self._publish()

    def _abandon(self) -> None:
        self.fh.close()


class CsvWriter(_Atomic):
    def __init__(self, path: Path) -> None:
        super().__init__(path)
        self.fh = open(self.partial, "w", encoding="utf-8-sig", newline="")  # noqa: SIM115
        self.out = csv.writer(self.fh)
        self.out.writerow(CSV_COLUMNS)

    def write(self, records: list[dict[str, Any]]) -> None:
        self.out.writerows([neutralised(v) for v in self._row(r)] for r in records)

    @staticmethod
    def _row(record: dict[str, Any]) -> list[Any]:
        results = record.get("results", [])
        top = results[0] if results else {}
        return [
            record["row"],
            record["id"],
            record.get("error", ""),
            "; ".join(record.get("warnings", [])),
            len(results),
            top.get("entity_id", ""),
            top.get("score", ""),
            orjson.dumps(results).decode() if results else "",
            record.get("name", ""),
            decision(record, top or None),
            top.get("caption", ""),
            "; ".join(top.get("datasets", [])),
            reasons(top) if top else "",
        ]

    def close(self) -> None:
        self.fh.close()
        self._publish()

    def _abandon(self) -> None:
        self.fh.close()


def hit_lines(record: dict[str, Any]) -> list[list[Any]]:
    """One line per hit of a record (HIT_COLUMNS); one line for a row without hits."""
    head = [record["row"], record["id"], record.get("name", "")]
    tail = [record.get("error", ""), "; ".join(record.get("warnings", []))]
    hits = record.get("results", [])
    if not hits:
        return [[*head, None, None, decision(record, None), "", "", "", "", *tail]]
    return [
        [*head, number, hit.get("score"), decision(record, hit), hit.get("caption", ""),
         hit.get("entity_id", ""), "; ".join(hit.get("datasets", [])), reasons(hit), *tail]
        for number, hit in enumerate(hits, start=1)
    ]  # fmt: skip


class HitsCsvWriter(_Atomic):
    """One readable line per hit (as the Excel workbook), UTF-8 with a BOM."""

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        self.fh = open(self.partial, "w", encoding="utf-8-sig", newline="")  # noqa: SIM115
        self.out = csv.writer(self.fh)
        self.out.writerow(HIT_COLUMNS)

    def write(self, records: list[dict[str, Any]]) -> None:
        for record in records:
            self.out.writerows([neutralised(v) for v in line] for line in hit_lines(record))

    def close(self) -> None:
        self.fh.close()
        self._publish()

    def _abandon(self) -> None:
        self.fh.close()


class XlsxWriter(_Atomic):
    """One line per hit, in a workbook written as it goes (openpyxl's write-only mode)."""

    def __init__(self, path: Path) -> None:
        from openpyxl import Workbook

        super().__init__(path)
        self.book = Workbook(write_only=True)
        self.sheets = 0
        self._new_sheet()

    def _new_sheet(self) -> None:
        self.sheets += 1
        title = "Results" if self.sheets == 1 else f"Results {self.sheets}"
        self.sheet = self.book.create_sheet(title)
        self.sheet.append(XLSX_COLUMNS)
        self.lines = 1

    def write(self, records: list[dict[str, Any]]) -> None:
        for record in records:
            for line in self._lines(record):
                if self.lines >= XLSX_SHEET_ROWS:
                    self._new_sheet()
                self.sheet.append([_cell(v) for v in line])
                self.lines += 1

    @staticmethod
    def _lines(record: dict[str, Any]) -> list[list[Any]]:
        return hit_lines(record)

    def close(self) -> None:
        self.book.save(self.partial)
        self._publish()

    def _abandon(self) -> None:
        for sheet in self.book.worksheets:  # end each sheet's stream, remove its temp file
            sheet.close()
            sheet._writer.cleanup()


def _cell(value: Any) -> Any:
    """A value Excel shows as written: no formula, no control character, not too long."""
    if not isinstance(value, str):
        return value
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return neutralised(ILLEGAL_CHARACTERS_RE.sub("", value)[:XLSX_CELL_CHARS])


class ParquetWriter(_Atomic):
    def __init__(self, path: Path) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        super().__init__(path)
        self.pa = pa
        self.schema = _parquet_schema(pa)
        self.out = pq.ParquetWriter(self.partial, self.schema)

    def write(self, records: list[dict[str, Any]]) -> None:
        rows = [_flat(r) for r in records]
        self.out.write_table(self.pa.Table.from_pylist(rows, schema=self.schema))

    def close(self) -> None:
        self.out.close()
        self._publish()

    def _abandon(self) -> None:
        self.out.close()


def _flat(record: dict[str, Any]) -> dict[str, Any]:
    results = [
        {**hit, "explanation": orjson.dumps(hit.get("explanation")).decode()}
        for hit in record.get("results", [])
    ]
    return {
        "row": record["row"],
        "id": record["id"],
        "error": record.get("error"),
        "warnings": record.get("warnings", []),
        "results": results,
        "name": record.get("name"),
    }


def _parquet_schema(pa: Any) -> Any:
    hit = pa.struct(
        [
            ("entity_id", pa.string()),
            ("caption", pa.string()),
            ("schema", pa.string()),
            ("score", pa.float64()),
            ("match", pa.bool_()),
            ("datasets", pa.list_(pa.string())),
            ("referents", pa.list_(pa.string())),
            ("explanation", pa.string()),
        ]
    )
    return pa.schema(
        [
            ("row", pa.int64()),
            ("id", pa.string()),
            ("error", pa.string()),
            ("warnings", pa.list_(pa.string())),
            ("results", pa.list_(hit)),
            ("name", pa.string()),
        ]
    )
