"""Input readers (CSV, JSON lines, Parquet, XLSX) and output writers (by extension)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from openpyxl import Workbook

from interlist.errors import ConfigError, InvalidInputError
from interlist.screening.readers import read_rows
from interlist.screening.writers import open_writer

ROWS = [
    {"id": "a", "name": "Ivan Petrov", "birth_date": "1970"},
    {"id": "b", "name": "Анна Иванова", "birth_date": ""},
]
RECORDS = [
    {"row": 1, "id": "a", "results": [{
        "entity_id": "x-1", "caption": "Ivan Petrov", "schema": "Person", "score": 0.9,
        "match": True, "datasets": ["un_sc"], "referents": ["x-1"],
        "explanation": [{"name": "name", "weight": 0.9, "score": 0.9, "detail": "ivan=ivan"}],
    }]},
    {"row": 2, "id": "b", "error": "no name", "results": []},
]  # fmt: skip


def _csv(path: Path, delimiter: str = ",") -> Path:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(ROWS[0]), delimiter=delimiter)
        writer.writeheader()
        writer.writerows(ROWS)
    return path


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_csv_any_delimiter(tmp_path: Path, delimiter: str) -> None:
    rows = list(read_rows(_csv(tmp_path / "in.csv", delimiter)))
    assert rows == [(1, ROWS[0]), (2, ROWS[1])]


def test_jsonl_with_a_broken_line(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps(ROWS[0]) + "\n{broken\n\n" + json.dumps(ROWS[1]) + "\n[1]\n")
    rows = list(read_rows(path))
    assert rows[0] == (1, ROWS[0]) and rows[2] == (3, ROWS[1])
    assert isinstance(rows[1][1], str) and "not valid JSON" in rows[1][1]
    assert rows[3] == (4, "not a JSON object")


def test_parquet(tmp_path: Path) -> None:
    path = tmp_path / "in.parquet"
    pq.write_table(pa.Table.from_pylist(ROWS), path)
    assert list(read_rows(path)) == [(1, ROWS[0]), (2, ROWS[1])]


def test_xlsx_skips_empty_rows(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(list(ROWS[0]))
    sheet.append(list(ROWS[0].values()))
    sheet.append([None, None, None])
    sheet.append(["b", "Анна Иванова", None])
    book.save(tmp_path / "in.xlsx")
    rows = list(read_rows(tmp_path / "in.xlsx"))
    assert rows == [(1, ROWS[0]), (2, {"id": "b", "name": "Анна Иванова", "birth_date": None})]


def test_unknown_or_missing_input(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="unknown input type"):
        read_rows(tmp_path / "in.docx")
    with pytest.raises(InvalidInputError, match="no such file"):
        read_rows(tmp_path / "absent.csv")


def _written(path: Path) -> Path:
    writer = open_writer(path)
    writer.write(RECORDS[:1])
    writer.write(RECORDS[1:])
    writer.close()
    return path


def test_jsonl_output(tmp_path: Path) -> None:
    lines = _written(tmp_path / "out.jsonl").read_text().splitlines()
    assert [json.loads(line) for line in lines] == RECORDS


def test_csv_output(tmp_path: Path) -> None:
    with open(_written(tmp_path / "out.csv"), encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert rows[0]["top_entity_id"] == "x-1" and rows[0]["hits"] == "1"
    assert json.loads(rows[0]["results"]) == RECORDS[0]["results"]
    assert rows[1]["error"] == "no name" and rows[1]["results"] == ""


def test_parquet_output(tmp_path: Path) -> None:
    table = pq.read_table(_written(tmp_path / "out.parquet")).to_pylist()
    hit = table[0]["results"][0]
    assert hit["entity_id"] == "x-1" and hit["datasets"] == ["un_sc"]
    assert json.loads(hit["explanation"]) == RECORDS[0]["results"][0]["explanation"]
    assert table[1]["error"] == "no name" and table[1]["results"] == []


def test_unknown_output_type(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="unknown output type"):
        open_writer(tmp_path / "out.xml")
