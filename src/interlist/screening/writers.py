"""Writing screening results as JSON lines, CSV or Parquet, chosen by extension.

One output record per input row, in input order:
``{"row", "id", "results": [hit, ...]}`` plus ``"error"`` for a bad row and
``"warnings"`` when something in the row was ignored. In CSV the results are a
JSON text column (with the best hit's id and score beside it for spreadsheets);
in Parquet they are a list of structs, the explanation kept as JSON text.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import IO, Any, Protocol

import orjson

from interlist.errors import ConfigError

CSV_COLUMNS = ("row", "id", "error", "warnings", "hits", "top_entity_id", "top_score", "results")


class Writer(Protocol):
    def write(self, records: list[dict[str, Any]]) -> None: ...
    def close(self) -> None: ...


def open_writer(path: Path) -> Writer:
    """A writer for the output file's extension (.jsonl, .csv or .parquet)."""
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson"):
        return JsonlWriter(path)
    if suffix == ".csv":
        return CsvWriter(path)
    if suffix == ".parquet":
        return ParquetWriter(path)
    raise ConfigError(f"{path}: unknown output type (use .jsonl, .csv or .parquet)")


class JsonlWriter:
    def __init__(self, path: Path) -> None:
        self.fh: IO[bytes] = open(path, "wb")  # noqa: SIM115 - closed by close()

    def write(self, records: list[dict[str, Any]]) -> None:
        self.fh.write(b"".join(orjson.dumps(r) + b"\n" for r in records))

    def close(self) -> None:
        self.fh.close()


class CsvWriter:
    def __init__(self, path: Path) -> None:
        self.fh = open(path, "w", encoding="utf-8", newline="")  # noqa: SIM115
        self.out = csv.writer(self.fh)
        self.out.writerow(CSV_COLUMNS)

    def write(self, records: list[dict[str, Any]]) -> None:
        self.out.writerows(self._row(r) for r in records)

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
        ]

    def close(self) -> None:
        self.fh.close()


class ParquetWriter:
    def __init__(self, path: Path) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        self.pa = pa
        self.schema = _parquet_schema(pa)
        self.out = pq.ParquetWriter(path, self.schema)

    def write(self, records: list[dict[str, Any]]) -> None:
        rows = [_flat(r) for r in records]
        self.out.write_table(self.pa.Table.from_pylist(rows, schema=self.schema))

    def close(self) -> None:
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
        ]
    )
