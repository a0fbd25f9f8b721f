"""Results an officer can file: a CSV that Excel opens (UTF-8 with a BOM), the screened
name and the best hit in words beside the JSON, an Excel workbook with one line per hit,
no formula from a list or an upload ever run by a spreadsheet, and no partial file left
by a batch that fails."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from openpyxl import load_workbook

from interlist.screening.batch import write_results
from interlist.screening.writers import CSV_COLUMNS, neutralised, open_writer

HIT = {"entity_id": "x-1", "caption": "=HYPERLINK(\"http://evil\")", "schema": "Person",
       "score": 0.93, "match": True, "datasets": ["un_sc", "us_ofac_sdn"], "referents": [],
       "explanation": [{"name": "name", "score": 0.9, "detail": "ivan≈ivan"},
                       {"name": "birthDate", "score": 1.0, "detail": "1970 = 1970"}]}  # fmt: skip
RECORDS = [
    {"row": 1, "id": "=1+1", "name": "@SUM(A1)", "results": [HIT, {**HIT, "match": False,
     "caption": "Ivan Petrov", "score": 0.71}]},
    {"row": 2, "id": "-2", "name": "Nobody", "results": []},
    {"row": 3, "id": "3", "name": "", "error": "no name", "results": []},
]  # fmt: skip


@pytest.mark.parametrize("value", ["=1+1", "+7 495", "-2", "@SUM(A1)", "\tx", "\rx"])
def test_formula_starts_neutralised(value: str) -> None:
    assert neutralised(value) == "'" + value


def test_result_csv_opens_in_excel_and_runs_no_formula(tmp_path: Path) -> None:
    path = tmp_path / "result.csv"
    writer = open_writer(path)
    writer.write(RECORDS)
    writer.close()
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")  # UTF-8 with a BOM
    with open(path, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert rows[0]["id"] == "'=1+1" and rows[0]["name"] == "'@SUM(A1)"
    assert rows[0]["listed_name"].startswith("'=HYPERLINK")
    assert rows[0]["decision"] == "match" and rows[0]["lists"] == "un_sc; us_ofac_sdn"
    assert rows[0]["reasons"] == "name 0.90: ivan≈ivan; birthDate 1.00: 1970 = 1970"
    assert rows[1]["id"] == "'-2" and rows[1]["decision"] == "no hit"
    assert rows[2]["decision"] == "not screened" and rows[2]["error"] == "no name"
    assert not any(v.startswith(("=", "+", "-", "@")) for r in rows for v in r.values())


def test_result_workbook_has_a_line_per_hit_and_no_formula(tmp_path: Path) -> None:
    path = tmp_path / "result.xlsx"
    writer = open_writer(path)
    writer.write(RECORDS)
    writer.close()
    sheet = load_workbook(path).active
    assert sheet is not None
    lines = [[c.value for c in row] for row in sheet.iter_rows()]
    header = lines[0]
    assert header[:6] == ["row", "id", "name", "hit", "score", "decision"]
    assert [line[0] for line in lines[1:]] == [1, 1, 2, 3]
    first = dict(zip(header, lines[1], strict=True))
    assert first["id"] == "'=1+1" and first["listed_name"].startswith("'=HYPERLINK")
    assert first["decision"] == "match" and first["score"] == 0.93
    assert dict(zip(header, lines[2], strict=True))["decision"] == "possible match"
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)


@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".parquet", ".xlsx"])
def test_a_failing_batch_leaves_no_result(tmp_path: Path, suffix: str) -> None:
    def results():  # type: ignore[no-untyped-def]
        yield RECORDS
        raise OSError("disk full")

    output = tmp_path / f"result{suffix}"
    with pytest.raises(OSError, match="disk full"):
        write_results(results(), output)
    assert list(tmp_path.iterdir()) == []
    write_results(iter([RECORDS]), output)
    assert [p.name for p in tmp_path.iterdir()] == [output.name]


def test_hits_csv_has_a_readable_line_per_hit(tmp_path: Path) -> None:
    path = tmp_path / "result.hits.csv"
    writer = open_writer(path)
    writer.write(RECORDS)
    writer.close()
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    with open(path, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [(r["row"], r["hit"], r["decision"]) for r in rows] == [
        ("1", "1", "match"), ("1", "2", "possible match"), ("2", "", "no hit"),
        ("3", "", "not screened"),
    ]  # fmt: skip
    assert rows[0]["name"] == "'@SUM(A1)" and rows[0]["score"] == "0.93"
    assert rows[1]["listed_name"] == "Ivan Petrov" and rows[1]["lists"] == "un_sc; us_ofac_sdn"
    assert rows[0]["reasons"] == "name 0.90: ivan≈ivan; birthDate 1.00: 1970 = 1970"
