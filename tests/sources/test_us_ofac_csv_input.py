"""The OFAC SDN legacy CSV parser on bad input (malformed lines, orphan companion rows,
truncation, random damage) and its small rules. The real-file tests are in
test_us_ofac_csv.py."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from interlist.errors import SourceFormatError
from interlist.sources.us_ofac import csv_parser as us_ofac_csv
from interlist.sources.us_ofac.build import person_name, programs

# --- bad input -------------------------------------------------------------------------

SMALL_SET = 300  # lines of the real 2021 set copied into tmp_path for damage tests


def small_set(lists_dir: Path, folder: Path) -> Path:
    """The first SMALL_SET lines of the 2021 sdn.csv, with the companion rows for them."""
    source = lists_dir / "us_ofac/set_2021-07-07"
    folder.mkdir(parents=True, exist_ok=True)
    lines = (source / "sdn.csv").read_bytes().split(b"\r\n")[:SMALL_SET]
    (folder / "sdn.csv").write_bytes(b"\r\n".join(lines) + b"\r\n\x1a")
    ids = {line.split(b",", 1)[0] for line in lines}
    for name in ("alt.csv", "add.csv", "sdn_comments.csv"):
        rows = (source / name).read_bytes().split(b"\r\n")
        kept = [r for r in rows if r.split(b",", 1)[0] in ids]
        mark = b"" if name == "sdn_comments.csv" else b"\x1a"  # OFAC's end-of-file mark
        (folder / name).write_bytes(b"\r\n".join(kept) + b"\r\n" + mark)
    return folder / "sdn.csv"


def write_sdn(folder: Path, lines: list[str]) -> Path:
    path = folder / "sdn.csv"
    path.write_bytes(("\r\n".join(lines) + "\r\n\x1a").encode("utf-8"))
    return path


GOOD = '36,"AEROCARIBBEAN AIRLINES",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- '
PERSON = (
    '2674,"ZAYDAN, Muhammad","individual","SDT] [SDGT",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,'
    '"DOB 1950."'
)


def test_small_set_parses(lists_dir: Path, tmp_path: Path) -> None:
    parsed = us_ofac_csv.parse(small_set(lists_dir, tmp_path / "set"))
    assert len(parsed.targets()) == SMALL_SET
    assert parsed.rejected == []


@pytest.mark.parametrize(
    ("lines", "message", "line"),
    [
        ([GOOD, '173,"ANGLO",-0- ,"CUBA"'], "4 columns", "line 2"),
        ([GOOD, GOOD.replace("36,", "3x,", 1)], "not an integer", "line 2"),
        ([GOOD, PERSON, GOOD], "duplicate ent_num 36", "line 3"),
        ([GOOD, '40,"BROKEN QUOTE,-0- ,-0- '], "bad CSV", "line"),
    ],
)
def test_malformed_lines(tmp_path: Path, lines: list[str], message: str, line: str) -> None:
    with pytest.raises(SourceFormatError) as error:
        us_ofac_csv.parse(write_sdn(tmp_path, lines))
    assert message in str(error.value)
    assert str(tmp_path / "sdn.csv") in str(error.value)
    assert error.value.location is not None and error.value.location.startswith(line)


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "sdn.csv"
    path.write_bytes((GOOD + "\r\n").encode() + PERSON.replace("ZAYDAN", "Z\xe9").encode("latin-1"))
    with pytest.raises(SourceFormatError, match="UTF-8") as error:
        us_ofac_csv.parse(path)
    assert error.value.location == "line 2"


def test_orphan_companion_rows_are_rejected(tmp_path: Path) -> None:
    write_sdn(tmp_path, [GOOD, PERSON])
    (tmp_path / "alt.csv").write_text(
        '99,1,"aka","NOBODY",-0- \r\n2674,2,"aka","ZAYDAN, M.",-0- \r\n\x1a'
    )
    (tmp_path / "add.csv").write_text('98,3,-0- ,"Havana","Cuba",-0- \r\n\x1a')
    parsed = us_ofac_csv.parse(tmp_path / "sdn.csv")
    assert [r.location for r in parsed.rejected] == ["alt.csv line 1", "add.csv line 1"]
    assert all("not in sdn.csv" in r.reason for r in parsed.rejected)
    person = next(e for e in parsed.entities if e.id == "us-ofac-2674")
    assert "M. ZAYDAN" in person.get("alias")


def test_records_without_name_or_known_type_are_rejected(tmp_path: Path) -> None:
    nameless = GOOD.replace("36,", "37,", 1).replace('"AEROCARIBBEAN AIRLINES"', "-0- ")
    odd_type = PERSON.replace('"individual"', '"submarine"')
    parsed = us_ofac_csv.parse(write_sdn(tmp_path, [GOOD, nameless, odd_type]))
    assert [r.location for r in parsed.rejected] == ["sdn.csv line 2", "sdn.csv line 3"]
    assert "no name" in parsed.rejected[0].reason
    assert "submarine" in parsed.rejected[1].reason
    assert [e.id for e in parsed.targets()] == ["us-ofac-36"]


def test_bad_companion_raises(tmp_path: Path) -> None:
    write_sdn(tmp_path, [GOOD])
    (tmp_path / "add.csv").write_text('36,3,"Havana","Cuba"\r\n\x1a')
    with pytest.raises(SourceFormatError, match=r"add\.csv") as error:
        us_ofac_csv.parse(tmp_path / "sdn.csv")
    assert error.value.location == "line 1"


def test_truncated_copies(lists_dir: Path, tmp_path: Path) -> None:
    path = small_set(lists_dir, tmp_path / "set")
    data = path.read_bytes()
    outcomes = Counter()
    for cut in range(1, len(data), len(data) // 40):
        path.write_bytes(data[:cut])
        try:
            parsed = us_ofac_csv.parse(path)
        except SourceFormatError as error:
            assert error.location
            outcomes["error"] += 1
        else:
            assert len(parsed.targets()) <= SMALL_SET
            outcomes["parsed"] += 1
    # every cut, also one at the end of a row, loses the end-of-file mark
    assert outcomes == Counter(error=outcomes["error"])


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_random_damage(lists_dir: Path, tmp_path: Path, data: st.DataObject) -> None:
    """Truncation at random offsets and random byte replacement: success or SourceFormatError."""
    folder = tmp_path / f"set{data.draw(st.integers(0, 10**9))}"
    path = small_set(lists_dir, folder)
    raw = bytearray(path.read_bytes())
    for _ in range(data.draw(st.integers(0, 8))):
        raw[data.draw(st.integers(0, len(raw) - 1))] = data.draw(st.integers(0, 255))
    raw = raw[: data.draw(st.integers(0, len(raw)))]
    path.write_bytes(bytes(raw))
    try:
        parsed = us_ofac_csv.parse(path)
    except SourceFormatError as error:
        assert str(path) in str(error)
    else:
        assert all(e.id for e in parsed.entities)
    shutil.rmtree(folder)


# --- small rules -----------------------------------------------------------------------


def test_programs_and_names() -> None:
    assert programs("SDGT] [IRAN") == ["SDGT", "IRAN"]
    assert programs("CAATSA - RUSSIA") == ["CAATSA - RUSSIA"]
    assert programs(None) == []
    assert person_name("ZAYDAN, Muhammad") == ("Muhammad ZAYDAN", "Muhammad", "ZAYDAN")
    assert person_name("SALEH") == ("SALEH", None, None)


def test_sniff_rules(tmp_path: Path) -> None:
    head = GOOD.encode() + b"\r\n"
    assert us_ofac_csv.sniff(tmp_path / "SDN.CSV", head)
    assert not us_ofac_csv.sniff(tmp_path / "alt.csv", head)
    assert not us_ofac_csv.sniff(tmp_path / "x.csv", b'36,"A",-0- \r\n')
    assert not us_ofac_csv.sniff(tmp_path / "x.csv", b"_id,source,name\r\n")


def test_alt_types_and_addresses(tmp_path: Path) -> None:
    write_sdn(tmp_path, [GOOD, PERSON])
    (tmp_path / "alt.csv").write_text(
        '2674,1,"aka","ZAYDAN, Mo","weak alias"\r\n'
        '2674,2,"fka","ZAIDAN, Muhammad",-0- \r\n'
        '36,3,"nka","AERO CARIBBEAN",-0- \r\n\x1a'
    )
    (tmp_path / "add.csv").write_text(
        '36,4,"Calle 23","Havana","Cuba",-0- \r\n36,5,-0- ,-0- ,-0- ,-0- \r\n\x1a'
    )
    parsed = us_ofac_csv.parse(tmp_path / "sdn.csv")
    entities = {e.id: e for e in parsed.entities}
    person, company = entities["us-ofac-2674"], entities["us-ofac-36"]
    assert person.get("weakAlias") == ["Mo ZAYDAN"]
    assert person.get("previousName") == ["Muhammad ZAIDAN"]
    assert company.get("alias") == ["AERO CARIBBEAN"]
    addresses = [entities[i] for i in company.get("addressEntity")]
    assert [a.get("full") for a in addresses] == [["Calle 23, Havana"]]
    assert company.get("country") == ["cu"]
    assert person.get("birthDate") == ["1950"]
    assert "crime.terror" in person.get("topics")
