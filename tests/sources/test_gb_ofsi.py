"""The UK OFSI ConList parser on the real 2020 fragment (CSV), its XLSX form, and small
2022-format examples of our own.

Expected values are computed from the raw CSV with the csv module: one target per
distinct Group ID, every row's name (Name 1..5 then Name 6) on its entity, every
date of birth, nationality and document number.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from followthemoney.types import registry
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from interlist.errors import SourceFormatError
from interlist.sources import detect
from interlist.sources.base import ParsedSource
from interlist.sources.gb_ofsi import parser as gb_ofsi
from interlist.sources.gb_ofsi.rows import document_number, numbered_items
from tests.sources.damage import damaged_copy

UK = "uk/ConList_fragment_2020.csv"
GROUP_SCHEMA = {"Individual": "Person", "Entity": "Organization", "Ship": "Vessel"}
HEADER_2022 = (
    "Name 6,Name 1,Name 2,Name 3,Name 4,Name 5,Title,Name Non-Latin Script,Non-Latin Script Type,"
    "Non-Latin Script Language,DOB,Town of Birth,Country of Birth,Nationality,Passport Number,"
    "Passport Details,National Identification Number,National Identification Details,Position,"
    "Address 1,Address 2,Address 3,Address 4,Address 5,Address 6,Post/Zip Code,Country,"
    "Other Information,Group Type,Alias Type,Alias Quality,Regime,Listed On,"
    "UK Sanctions List Date Designated,Last Updated,Group ID,UK Sanctions List Ref"
)


@pytest.fixture(scope="module")
def path(lists_dir: Path) -> Path:
    return lists_dir / UK


@pytest.fixture(scope="module")
def raw_table(path: Path) -> list[list[str]]:
    with path.open(encoding="cp1252", newline="") as fh:
        return list(csv.reader(fh))


@pytest.fixture(scope="module")
def raw(raw_table) -> list[dict[str, str]]:
    """Rows as dicts; this copy's header has one empty column too many at its start."""
    header = raw_table[0][1:] if raw_table[0][0] == "" else raw_table[0]
    return [dict(zip(header, row, strict=True)) for row in raw_table[1:]]


@pytest.fixture(scope="module")
def parsed(path: Path) -> ParsedSource:
    return gb_ofsi.parse(path)


@pytest.fixture(scope="module")
def by_id(parsed) -> dict:
    return {e.id: e for e in parsed.entities}


def name_of(row: dict[str, str]) -> str:
    parts = [row[f"Name {i}"].strip() for i in (1, 2, 3, 4, 5, 6)]
    return " ".join(p for p in parts if p)


def all_names(entity) -> set[str]:
    props = ("name", "alias", "weakAlias", "previousName")
    return {v for p in props if p in entity.schema.properties for v in entity.get(p)}


def test_one_target_per_group_id(parsed, raw):
    groups = {row["Group ID"]: row["Group Type"] for row in raw}
    assert len(parsed.targets()) == len(groups) == 41
    assert Counter(e.schema.name for e in parsed.targets()) == Counter(
        GROUP_SCHEMA[t] for t in groups.values()
    )
    assert {e.id for e in parsed.targets()} == {f"gb-ofsi-{g}" for g in groups}
    assert not parsed.rejected


def test_ids_are_unique_and_stable(path, parsed):
    ids = [e.id for e in parsed.entities]
    assert len(ids) == len(set(ids))
    again = gb_ofsi.parse(path)
    assert [e.id for e in again.entities] == ids
    assert {s.id for e in again.entities for s in e.statements} == {
        s.id for e in parsed.entities for s in e.statements
    }


def test_every_name_is_on_its_entity_and_prime_alias_is_the_name(raw, by_id):
    for row in raw:
        entity = by_id[f"gb-ofsi-{row['Group ID']}"]
        assert name_of(row) in all_names(entity), row["Group ID"]
        if row["Alias Type"] == "Prime Alias":
            assert name_of(row) in entity.get("name")


def test_every_group_has_exactly_its_names(raw, by_id):
    names: dict[str, set[str]] = {}
    for row in raw:
        names.setdefault(row["Group ID"], set()).add(name_of(row))
    for group_id, expected in names.items():
        assert all_names(by_id[f"gb-ofsi-{group_id}"]) == expected


def test_every_dob_nationality_and_document(raw, by_id):
    for row in raw:
        entity = by_id[f"gb-ofsi-{row['Group ID']}"]
        if row["DOB"]:
            day, month, year = row["DOB"].split("/")
            iso = "-".join(p for p in (year, month, day) if p != "00")
            assert iso in entity.get("birthDate"), row["DOB"]
        for item in re.split(r"\(?\d\)", row["Nationality"]):
            item = item.strip()
            if item:
                code = registry.country.clean(item)
                assert (
                    code in entity.get("nationality") if code else item in str(entity.get("notes"))
                )
        held = "|".join(entity.get("passportNumber", quiet=True) + entity.get("idNumber"))
        for column in ("Passport Details", "NI Number"):
            for number in re.findall(r"\d{6,}", row[column]):
                assert number in held, (row[column], held)


def test_sanction_per_group_with_regime_and_un_reference(raw, by_id):
    for row in raw:
        entity_id = f"gb-ofsi-{row['Group ID']}"
        sanctions = [e for e in by_id.values() if e.schema.name == "Sanction"
                     and e.get("entity") == [entity_id]]  # fmt: skip
        assert [s.get("program") for s in sanctions] == [[row["Regime"]]]
        un_ref = re.search(r"UN Ref\W*(\w+\.[\w.]*\d)", row["Other Information"], re.I)
        if un_ref:
            assert un_ref[1] in sanctions[0].get("unscId")
        assert "sanction" in by_id[entity_id].get("topics")
        if "Al-Qaida" in row["Regime"]:
            assert "crime.terror" in by_id[entity_id].get("topics")
        if "North Korea" in row["Regime"] or "nuclear" in row["Regime"]:
            assert "wmd" in by_id[entity_id].get("topics")


def test_xlsx_form_gives_the_same_entities(tmp_path: Path, raw_table, parsed):
    book = Workbook()
    sheet = book.active
    for row in raw_table:
        sheet.append(row)
    target = tmp_path / "ConList.xlsx"
    book.save(target)
    assert gb_ofsi.sniff(target, target.read_bytes()[:4096])
    from_xlsx = gb_ofsi.parse(target)
    assert [e.to_dict() for e in from_xlsx.entities] == [e.to_dict() for e in parsed.entities]


def test_publisher_file_with_last_updated_line(tmp_path: Path, raw_table):
    target = tmp_path / "ConList.csv"
    with target.open("w", encoding="utf-8", newline="") as fh:
        fh.write("Last Updated,17/02/2020\n")
        writer = csv.writer(fh)
        writer.writerow(raw_table[0][1:])
        writer.writerows(raw_table[1:])
    assert gb_ofsi.sniff(target, target.read_bytes()[:4096])
    result = gb_ofsi.parse(target)
    assert result.publisher_date == date(2020, 2, 17)
    assert len(result.targets()) == len({row[-1] for row in raw_table[1:]})


def test_2022_format_columns(tmp_path: Path):
    target = tmp_path / "ConList.csv"
    rows = [
        "PETROV,Ivan,,,,,,Иван Петров,Cyrillic,Russian,00/05/1970,Moscow,Russia,Russia,"
        "7512345678,Russian passport,,,Director,,,,,,,,,UN Ref QDi.999,Individual,"
        "Primary name,,Russia,01/03/2022,01/03/2022,02/03/2022,15000,RUS0001",
        "PETROFF,Ivan,,,,,,,,,,,,,,,,,,,,,,,,,,,Individual,Alias,Low quality,Russia,"
        "01/03/2022,01/03/2022,02/03/2022,15000,RUS0001",
    ]
    target.write_text(f"Last Updated,02/03/2022\n{HEADER_2022}\n" + "\n".join(rows) + "\n")
    result = gb_ofsi.parse(target)
    person = result.targets()[0]
    assert person.id == "gb-ofsi-15000"
    assert person.get("name") == ["Ivan PETROV"] and person.get("weakAlias") == ["Ivan PETROFF"]
    assert [s.lang for s in person.get_statements("alias")] == ["rus"]
    assert person.get("birthDate") == ["1970-05"] and person.get("passportNumber") == ["7512345678"]
    sanction = next(e for e in result.entities if e.schema.name == "Sanction")
    assert sanction.get("authorityId") == ["RUS0001"] and sanction.get("unscId") == ["QDi.999"]


def test_missing_column_is_named(tmp_path: Path):
    target = tmp_path / "ConList.csv"
    target.write_text("Name 6,Name 1,Alias Type\nX,Y,AKA\n")
    with pytest.raises(SourceFormatError, match="group id"):
        gb_ofsi.parse(target)


def test_sniff_claims_only_the_uk_file(lists_dir: Path):
    for path in sorted(p for p in lists_dir.rglob("*") if p.is_file()):
        assert gb_ofsi.sniff(path, path.read_bytes()[:4096]) == (path.parent.name == "uk"), path


def test_numbered_items_and_document_numbers():
    assert numbered_items("1) Saudi Arabia 2) Qatar") == ["Saudi Arabia", "Qatar"]
    assert numbered_items("(1) German (2) Moroccan") == ["German", "Moroccan"]
    assert numbered_items("Iraqi") == ["Iraqi"]
    assert (
        document_number("Passport No: 592667 (Qatari passport issued on 3 May 2007).") == "592667"
    )
    assert document_number("Tunisia number G557170 issued on 16 Nov 1989.") == "G557170"
    assert document_number("under a name only") is None


def test_truncated_copies_raise_source_format_error(tmp_path: Path, path: Path):
    data = path.read_bytes()
    for cut in (len(data) // 3, len(data) // 2 + 11, len(data) - 30):
        while data[cut - 1 : cut] in (b"\n", b"\r"):
            cut += 1
        copy = tmp_path / f"cut_{cut}.csv"
        copy.write_bytes(data[:cut])
        with pytest.raises(SourceFormatError, match="line"):
            gb_ofsi.parse(copy)


def test_damaged_xlsx_raises_source_format_error(tmp_path: Path):
    target = tmp_path / "ConList.xlsx"
    target.write_bytes(b"PK\x03\x04" + b"\x00" * 64)
    with pytest.raises(SourceFormatError, match="XLSX"):
        gb_ofsi.parse(target)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_random_damage_gives_result_or_source_format_error(tmp_path: Path, path: Path, data):
    original = path.read_bytes()
    copy = damaged_copy(original, data, tmp_path / "damaged.csv")
    try:
        result = gb_ofsi.parse(copy)
    except SourceFormatError:
        return
    assert len(result.targets()) <= 41 + 5


def test_registry_detects_the_conlist_format(path: Path):
    assert detect(path) is gb_ofsi.FORMAT
