"""Damaged input files, generated: every reader, on a good file cut at any point or with
bytes changed, either reads rows or refuses the file with an InputFileError naming it;
never another exception (a traceback for the user). Cases that once failed are kept in
CORPUS and always run."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from interlist.errors import InputFileError
from interlist.screening.readers import read_rows

NAMES = ["Ivan Petrov", "Усама бен Ладен", "أسامة بن لادن"] * 30
ROWS = [{"id": f"c{i}", "name": name, "birth_date": "1970-01-31"} for i, name in enumerate(NAMES)]


def _csv(encoding: str, delimiter: str) -> bytes:
    lines = [delimiter.join(ROWS[0])] + [delimiter.join(r.values()) for r in ROWS]
    return ("\r\n".join(lines) + "\r\n").encode(encoding, errors="replace")


def _xlsx() -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(list(ROWS[0]))
    for row in ROWS:
        sheet.append(list(row.values()))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _parquet() -> bytes:
    out = io.BytesIO()
    pq.write_table(pa.Table.from_pylist(ROWS), out)
    return out.getvalue()


GOOD = {
    "utf8.csv": _csv("utf-8", ","),
    "cp1251.csv": _csv("cp1251", ";"),
    "utf16.csv": _csv("utf-16", "\t"),
    "rows.jsonl": "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in ROWS).encode(),
    "rows.xlsx": _xlsx(),
    "rows.parquet": _parquet(),
}
CORPUS: list[tuple[str, bytes]] = [  # damaged files that once ended in a traceback
    ("cut.parquet", GOOD["rows.parquet"][:-100]),
    ("cut.xlsx", GOOD["rows.xlsx"][: len(GOOD["rows.xlsx"]) // 2]),
    ("binary.csv", b"\x89PNG\r\n\x1a\n\x00\x00" + bytes(range(256))),
    ("odd.csv", GOOD["utf16.csv"] + b"\x00"),
]


def _read_or_refuse(path: Path) -> None:
    try:
        for _number, row in read_rows(path):
            assert isinstance(row, dict | str)
    except InputFileError as exc:
        assert path.name in str(exc)


@pytest.mark.parametrize(("name", "data"), CORPUS, ids=[c[0] for c in CORPUS])
def test_corpus(tmp_path: Path, name: str, data: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    _read_or_refuse(path)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    name=st.sampled_from(sorted(GOOD)),
    cut=st.floats(0.0, 1.0),
    flips=st.lists(st.tuples(st.floats(0.0, 1.0), st.integers(0, 255)), max_size=8),
)
def test_cut_or_flipped_files_are_read_or_refused(
    tmp_path: Path, name: str, cut: float, flips: list[tuple[float, int]]
) -> None:
    data = bytearray(GOOD[name][: max(1, int(len(GOOD[name]) * cut))] if cut < 1 else GOOD[name])
    for where, value in flips:
        data[min(len(data) - 1, int(len(data) * where))] = value
    path = tmp_path / name
    path.write_bytes(bytes(data))
    _read_or_refuse(path)
