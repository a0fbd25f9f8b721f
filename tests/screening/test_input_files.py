"""Input files as offices write them, and damaged or hostile ones: the encoding and the
delimiter detected and said, every unreadable file refused with the file, line or row
and the reason (never a traceback), limits on sizes, lines, fields and rows, and a zip
bomb in .xlsx refused before it is unpacked."""

from __future__ import annotations

import codecs
import io
import time
import zipfile
from pathlib import Path

import orjson
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from openpyxl import Workbook

from interlist.errors import InputFileError
from interlist.screening import inputs
from interlist.screening.readers import inspect_input, read_rows
from interlist.screening.records import column_map, to_query

RUSSIAN = "id;name;birth_date\r\n1;Усама бен Ладен;10.03.1957\r\n2;Петров, Иван;\r\n"
EXPECTED = [(1, {"id": "1", "name": "Усама бен Ладен", "birth_date": "10.03.1957"}),
            (2, {"id": "2", "name": "Петров, Иван", "birth_date": ""})]  # fmt: skip


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("data", "label"),
    [
        (RUSSIAN.encode("cp1251"), "Windows-1251"),  # as Russian Excel saves "CSV (;)"
        (RUSSIAN.encode("koi8_r"), "KOI8-R"),
        (RUSSIAN.encode("utf-8"), "UTF-8"),
        (codecs.BOM_UTF8 + RUSSIAN.encode("utf-8"), "UTF-8 with BOM"),
        (RUSSIAN.encode("utf-16"), "UTF-16 LE with BOM"),  # Excel's "Unicode text"
        (codecs.BOM_UTF16_BE + RUSSIAN.encode("utf-16-be"), "UTF-16 BE with BOM"),
    ],
)
def test_encodings_and_semicolons_as_excel_writes_them(
    tmp_path: Path, data: bytes, label: str
) -> None:
    path = _write(tmp_path / "clients.csv", data)
    info = inspect_input(path)
    assert (info.encoding_label, info.delimiter) == (label, ";")
    assert info.describe() == f"CSV, encoding {label}, delimiter ';' (semicolon)"
    assert list(read_rows(path)) == EXPECTED


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_delimiter_detected_even_with_commas_in_names(tmp_path: Path, delimiter: str) -> None:
    text = RUSSIAN.replace(";", delimiter).replace("Петров" + delimiter + " Иван", '"Петров, Иван"')
    path = _write(tmp_path / "c.csv", text.encode())
    assert inspect_input(path).delimiter == delimiter
    assert [row["name"] for _, row in read_rows(path)] == ["Усама бен Ладен", "Петров, Иван"]  # type: ignore[index]


def test_one_column_file_reads_commas_as_part_of_the_name(tmp_path: Path) -> None:
    path = _write(tmp_path / "c.csv", b"name\nPetrov, Ivan\nOsama bin Laden\n")
    names = [{"name": "Petrov, Ivan"}, {"name": "Osama bin Laden"}]
    assert [r for _, r in read_rows(path)] == names
    described = "CSV, encoding UTF-8, one column (no delimiter in the header)"
    assert inspect_input(path).describe() == described


def test_utf16_jsonl(tmp_path: Path) -> None:
    path = _write(tmp_path / "c.jsonl", '{"name": "Иван Петров"}\n'.encode("utf-16"))
    assert list(read_rows(path)) == [(1, {"name": "Иван Петров"})]


def _refused(path: Path, reason: str) -> InputFileError:
    with pytest.raises(InputFileError) as caught:
        list(read_rows(path))
    error = caught.value
    assert error.reason == reason, str(error)
    assert str(path) in str(error)
    return error


def test_binary_file_named_csv(tmp_path: Path) -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 20
    error = _refused(_write(tmp_path / "photo.csv", png), "binary")
    assert "not a text file" in str(error)
    _refused(_write(tmp_path / "noise.csv", bytes(range(1, 256)) * 50), "binary")


def test_empty_files(tmp_path: Path) -> None:
    _refused(_write(tmp_path / "e.csv", b""), "empty")
    _refused(_write(tmp_path / "e.jsonl", b"\n \n"), "empty")


def test_latin_rows_first_then_windows_1251(tmp_path: Path) -> None:
    head = b"id;name\n" + b"".join(b"%d;Ivan Petrov\n" % i for i in range(8000))  # > sample
    path = _write(tmp_path / "late.csv", head + "9;Иван Петров\n".encode("cp1251"))
    assert inspect_input(path).describe() == "CSV, encoding Windows-1251, delimiter ';' (semicolon)"
    assert list(read_rows(path))[-1] == (8001, {"id": "9", "name": "Иван Петров"})


def test_bytes_of_another_encoding_later_in_the_file(tmp_path: Path) -> None:
    rows = b"".join("%d,Иван Петров\n".encode() % i for i in range(8000))  # UTF-8, > sample
    head = b"id,name\n" + rows
    error = _refused(_write(tmp_path / "mixed.csv", head + "9,Иван\n".encode("cp1251")),
                     "undecodable")  # fmt: skip
    assert error.line == 8002 and "not UTF-8" in str(error)


def test_field_over_the_csv_limit(tmp_path: Path) -> None:
    data = b'id,name\n1,"' + b"x" * 200_000 + b'"\n'
    error = _refused(_write(tmp_path / "wide.csv", data), "field_too_long")
    assert error.line == 2 and "line 2" in str(error) and "131,072" in str(error)


def test_line_over_the_limit_read_in_bounded_memory(tmp_path: Path) -> None:
    data = b"id,name\n1," + b"x" * (inputs.MAX_LINE_CHARS + 10)
    error = _refused(_write(tmp_path / "long.csv", data), "line_too_long")
    assert error.line == 2


def test_jsonl_long_line_is_a_bad_row_not_the_end(tmp_path: Path) -> None:
    long_line = orjson.dumps({"name": "x" * (inputs.MAX_LINE_CHARS + 10)})
    path = _write(tmp_path / "c.jsonl", long_line + b'\n{"name": "Ivan"}\n')
    rows = list(read_rows(path))
    assert rows[1] == (2, {"name": "Ivan"}) and "longer than" in str(rows[0][1])


def test_file_over_the_size_limit_refused_before_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(inputs, "MAX_FILE_BYTES", 1024**2)
    path = tmp_path / "big.csv"
    with open(path, "wb") as fh:
        fh.truncate(2 * 1024**2)  # sparse: nothing to read, only its size
    assert "larger than 1 MB" in str(_refused(path, "too_large"))


def _parquet(path: Path) -> bytes:
    pq.write_table(pa.Table.from_pylist([{"id": str(i), "name": f"N {i}"} for i in range(500)]),
                   path)  # fmt: skip
    return path.read_bytes()


def test_corrupt_and_truncated_parquet(tmp_path: Path) -> None:
    data = _parquet(tmp_path / "good.parquet")
    _refused(_write(tmp_path / "cut.parquet", data[: len(data) // 2]), "parquet")
    _refused(_write(tmp_path / "noise.parquet", b"PAR1" + b"\x07" * 3000), "parquet")
    flipped = bytearray(data)
    flipped[len(data) // 3 : len(data) // 3 + 40] = b"\xff" * 40  # inside the data pages
    try:
        list(read_rows(_write(tmp_path / "flipped.parquet", bytes(flipped))))
    except InputFileError as exc:
        assert exc.reason == "parquet"


def _xlsx(path: Path, rows: int = 3) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["id", "name"])
    for i in range(rows):
        sheet.append([str(i), f"Name {i}"])
    book.save(path)
    return path.read_bytes()


def test_corrupt_and_truncated_xlsx(tmp_path: Path) -> None:
    data = _xlsx(tmp_path / "good.xlsx")
    assert len(list(read_rows(tmp_path / "good.xlsx"))) == 3
    _refused(_write(tmp_path / "cut.xlsx", data[: len(data) // 2]), "xlsx")
    _refused(_write(tmp_path / "text.xlsx", b"id,name\n1,Ivan\n"), "xlsx")
    damaged = _rezip(tmp_path / "good.xlsx", tmp_path / "bad.xlsx",
                     {"xl/worksheets/sheet1.xml": b"<worksheet><sheetData><row>"})  # fmt: skip
    assert _refused(damaged, "xlsx").reason == "xlsx"


def _rezip(source: Path, target: Path, replace: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            new.writestr(item.filename, replace.get(item.filename, old.read(item.filename)))
    return target


def _bomb_sheet(rows: int) -> bytes:
    """A sheet of `rows` identical rows: megabytes of XML that deflate to almost nothing."""
    out = io.BytesIO()
    out.write(b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/'
              b'spreadsheetml/2006/main"><sheetData>')  # fmt: skip
    cell = b'<c t="inlineStr"><is><t>Ivan</t></is></c>'
    row = b"<row>" + cell + cell + b"</row>"
    out.write(row * rows)
    out.write(b"</sheetData></worksheet>")
    return out.getvalue()


def test_zip_bomb_xlsx_refused_before_it_is_unpacked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _xlsx(tmp_path / "good.xlsx")
    bomb = _rezip(tmp_path / "good.xlsx", tmp_path / "bomb.xlsx",
                  {"xl/worksheets/sheet1.xml": _bomb_sheet(200_000)})  # fmt: skip
    assert bomb.stat().st_size < 200_000  # 18 MB of rows in a few kilobytes
    started = time.perf_counter()
    error = _refused(bomb, "xlsx_ratio")
    assert "zip bomb" in str(error) and time.perf_counter() - started < 1.0
    monkeypatch.setattr(inputs, "MAX_XLSX_RATIO", 10**6)
    monkeypatch.setattr(inputs, "MAX_XLSX_UNPACKED", 10 * 1024**2)
    assert "more than the 10 MB allowed" in str(_refused(bomb, "xlsx_unpacked"))


def test_xlsx_rows_limited(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from interlist.screening import readers

    _xlsx(tmp_path / "many.xlsx", rows=20)
    monkeypatch.setattr(readers, "MAX_XLSX_ROWS", 10)
    assert "more than 10 rows" in str(_refused(tmp_path / "many.xlsx", "too_many_rows"))
    # a sheet without <dimension>: the rows are counted as they are read
    undeclared = _rezip(tmp_path / "many.xlsx", tmp_path / "undeclared.xlsx",
                        {"xl/worksheets/sheet1.xml": _bomb_sheet(20)})  # fmt: skip
    error = _refused(undeclared, "too_many_rows")
    assert error.reason == "too_many_rows"


def test_long_fields_are_bad_rows_at_once() -> None:
    columns = column_map()
    started = time.perf_counter()
    bad = to_query(7, {"id": "a", "name": "Иван " * 2_000_000}, columns)  # a 10 MB name
    assert time.perf_counter() - started < 0.5
    assert getattr(bad, "error", "").startswith("name: longer than 1,000 characters")
    assert hasattr(to_query(8, {"name": "N" * 1000}, columns), "mapping")
    too_long_id = to_query(9, {"id": "i" * 5000, "name": "Ivan"}, columns)
    assert getattr(too_long_id, "error", "").startswith("id: longer than 200 characters (5,000)")
    assert len(too_long_id.id) == 200
    too_long_number = to_query(9, {"name": "Ivan", "id_number": "9" * 201}, columns)
    assert getattr(too_long_number, "error", "").startswith("id_number: longer than 200")


def test_template_has_the_screening_columns(tmp_path: Path) -> None:
    path = _write(tmp_path / "template.csv", inputs.template_csv())
    assert inspect_input(path).encoding_label == "UTF-8 with BOM"
    rows = list(read_rows(path))
    assert list(rows[0][1]) == list(inputs.TEMPLATE_COLUMNS)  # type: ignore[arg-type]
    assert hasattr(to_query(1, rows[0][1], column_map()), "mapping")  # type: ignore[arg-type]


def test_every_problem_has_both_languages() -> None:
    from interlist.i18n import catalogue

    for lang in ("en", "ru"):
        missing = [r for r in inputs.PROBLEMS if f"input_{r}" not in catalogue()[lang]]
        assert not missing, (lang, missing)
