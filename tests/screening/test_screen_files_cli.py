"""`interlist screen` on files as offices write them (Windows-1251 with semicolons,
UTF-16), with an Excel result beside the CSV, and on damaged files: a clear one-line
error naming the file and the line, never a traceback, and no result file left."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import Engine

from tests.clitools import interlist
from tests.screening.kit import load_small

ROWS = "id;name;birth_date\r\nc1;Усама бен Ладен;10.03.1957\r\nc2;=1+1;\r\n"


def _result(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def test_russian_excel_and_utf16_files_screen(engine: Engine, db_url: str, tmp_path: Path) -> None:
    load_small(engine)
    env = {"INTERLIST_HOME": str(tmp_path / "home")}
    files = {"win.csv": ROWS.encode("cp1251"), "u16.csv": ROWS.replace(";", "\t").encode("utf-16")}
    said = {"win.csv": "encoding Windows-1251, delimiter ';'",
            "u16.csv": "encoding UTF-16 LE with BOM, delimiter '\\t'"}  # fmt: skip
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
        output = tmp_path / f"{name}.result.csv"
        run = interlist("screen", str(tmp_path / name), "-o", str(output), "--workers", "1",
                        db=db_url, env=env)  # fmt: skip
        assert run.code == 0, run.stderr
        assert said[name] in run.stdout and "0 bad rows" in run.stdout
        rows = _result(output)
        assert rows[0]["name"] == "Усама бен Ладен" and rows[0]["top_entity_id"] == "t-1"
        assert rows[0]["decision"] == "match" and rows[0]["listed_name"] == "Osama bin Laden"
        assert rows[1]["name"] == "'=1+1"  # a formula in an upload comes back inert
    workbook = tmp_path / "result.xlsx"
    run = interlist("screen", str(tmp_path / "win.csv"), "-o", str(workbook), "--workers", "1",
                    db=db_url, env=env)  # fmt: skip
    assert run.code == 0, run.stderr
    sheet = load_workbook(workbook).active
    assert sheet is not None
    lines = list(sheet.iter_rows(values_only=True))
    assert lines[1][:3] == (1, "c1", "Усама бен Ладен") and lines[1][5] == "match"


def _damaged(tmp_path: Path) -> dict[str, tuple[bytes, str]]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(pa.Table.from_pylist([{"name": f"N{i}"} for i in range(300)]),
                   tmp_path / "p.parquet")  # fmt: skip
    parquet = (tmp_path / "p.parquet").read_bytes()
    return {
        "binary.csv": (b"\x89PNG\r\n\x1a\n\x00\x00" + bytes(range(256)) * 8, "not a text file"),
        "utf16-broken.csv": ("id,name\n1,Ivan\n".encode("utf-16") + b"\x00", ""),
        "cut.parquet": (parquet[: len(parquet) // 2], "not a readable Parquet file"),
        "corrupt.xlsx": (b"PK\x03\x04" + b"\x00" * 500, "not a readable Excel workbook"),
        "wide.csv": (b'id,name\n1,"' + b"x" * 200_000 + b'"\n', "line 2: a field longer than"),
    }


def test_damaged_files_give_a_clear_error(db_url: str, tmp_path: Path) -> None:
    env = {"INTERLIST_HOME": str(tmp_path / "home")}
    for name, (data, message) in _damaged(tmp_path).items():
        (tmp_path / name).write_bytes(data)
        output = tmp_path / f"{name}.out.csv"
        run = interlist("screen", str(tmp_path / name), "-o", str(output), db=db_url, env=env)
        assert "Traceback" not in run.stderr, (name, run.stderr)
        if name == "utf16-broken.csv":  # an odd last byte: read up to it, or refused
            assert run.code in (0, 1), run.stderr
            continue
        assert run.code == 1, (name, run.stdout, run.stderr)
        assert f"{name}" in run.stderr and message in run.stderr, run.stderr
        assert not output.exists()


def test_unwritable_output_is_a_clear_error(db_url: str, tmp_path: Path) -> None:
    (tmp_path / "in.csv").write_text("id,name\n1,Ivan Petrov\n")
    run = interlist("screen", str(tmp_path / "in.csv"), "-o", str(tmp_path / "no" / "out.csv"),
                    db=db_url, env={"INTERLIST_HOME": str(tmp_path / "home")})  # fmt: skip
    assert run.code == 1 and "Traceback" not in run.stderr
    assert "--output: cannot write" in run.stderr and "No such file or directory" in run.stderr


@pytest.mark.parametrize("target", ["-", "template.csv"])
def test_screen_template(tmp_path: Path, target: str) -> None:
    path = tmp_path / target
    run = interlist("screen-template", "-o", str(path) if target != "-" else "-")
    assert run.code == 0, run.stderr
    text = path.read_text("utf-8-sig") if target != "-" else run.stdout.lstrip("\ufeff")
    assert text.splitlines()[0] == "id,name,schema,birth_date,nationality,id_number,country"
