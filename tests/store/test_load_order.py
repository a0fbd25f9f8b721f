"""The order in which `interlist ingest` loads parsed files: versions of a source oldest
first, a file as soon as nothing older of its format can still come (issue 18)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from interlist.databank import _in_load_order, _parse_order
from interlist.sources.base import SourceInfo
from interlist.sources.helpers import date_from_path
from interlist.store.ingest import Snapshot

OFAC = SourceInfo("us_ofac", "OFAC", "OFAC")


def _snap(path: Path, fmt: str) -> Snapshot:
    return Snapshot(OFAC, path, date_from_path(path), "", fmt, {}, [], {}, {})


def _todo(paths: list[Path], fmt: str) -> list[tuple[Path, str, str]]:
    return [(path, "", fmt) for path in paths]


def _arrivals(snaps: list[Snapshot], log: list[str]) -> Iterator[Snapshot]:
    for snap in snaps:
        log.append(f"parsed {snap.path.name}")
        yield snap


def _loads(order: list[Path], todo: list[tuple[Path, str, str]], fmt: str) -> list[str]:
    log: list[str] = []
    arrivals = _arrivals([_snap(path, fmt) for path in order], log)
    for snap in _in_load_order(arrivals, todo):
        log.append(f"load {snap.path.name}")
    return log


def test_an_older_version_dated_by_its_name_loads_before_the_newer_are_parsed() -> None:
    paths = [Path(f"sdn_{day}.csv") for day in ("2024-05-03", "2021-07-07", "2023-01-02")]
    log = _loads([paths[1], paths[2], paths[0]], _todo(paths, "us-ofac-csv"), "us-ofac-csv")
    assert log == [
        "parsed sdn_2021-07-07.csv", "load sdn_2021-07-07.csv",
        "parsed sdn_2023-01-02.csv", "load sdn_2023-01-02.csv",
        "parsed sdn_2024-05-03.csv", "load sdn_2024-05-03.csv",
    ]  # fmt: skip


def test_a_newer_version_waits_for_the_older_ones() -> None:
    paths = [Path(f"sdn_{day}.csv") for day in ("2024-05-03", "2021-07-07")]
    log = _loads(paths, _todo(paths, "us-ofac-csv"), "us-ofac-csv")
    assert log == [
        "parsed sdn_2024-05-03.csv", "parsed sdn_2021-07-07.csv",
        "load sdn_2021-07-07.csv", "load sdn_2024-05-03.csv",
    ]  # fmt: skip


def test_a_format_dated_by_its_content_waits_for_all_its_files() -> None:
    paths = [Path(f"list_{day}.xml") for day in ("2021-07-07", "2024-05-03")]
    log = _loads(paths, _todo(paths, "us-ofac-xml"), "us-ofac-xml")
    assert log == [
        "parsed list_2021-07-07.xml", "parsed list_2024-05-03.xml",
        "load list_2021-07-07.xml", "load list_2024-05-03.xml",
    ]  # fmt: skip


def test_several_files_of_a_format_are_parsed_first_oldest_first(tmp_path: Path) -> None:
    names = ["big.xml", "sdn_2024-05-03.csv", "sdn_2021-07-07.csv", "small.xml"]
    for size, name in zip((300, 200, 100, 10), names, strict=True):
        (tmp_path / name).write_bytes(b"x" * size)
    todo = [(tmp_path / names[0], "", "a"), (tmp_path / names[1], "", "b"),
            (tmp_path / names[2], "", "b"), (tmp_path / names[3], "", "c")]  # fmt: skip
    assert [path.name for path, _, _ in _parse_order(todo)] == [
        "sdn_2021-07-07.csv", "sdn_2024-05-03.csv", "big.xml", "small.xml",
    ]  # fmt: skip


def test_a_file_named_without_a_date_holds_the_others() -> None:
    paths = [Path("sdn_2021-07-07.csv"), Path("sdn.csv")]
    log = _loads(paths, _todo(paths, "us-ofac-csv"), "us-ofac-csv")
    assert log == [
        "parsed sdn_2021-07-07.csv", "parsed sdn.csv",
        "load sdn_2021-07-07.csv", "load sdn.csv",
    ]  # fmt: skip
