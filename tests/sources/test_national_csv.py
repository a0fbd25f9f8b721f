"""The national list CSV format on its example file (Cyrillic, Arabic and Latin names),
its error cases, and its documentation page."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from interlist.errors import SourceFormatError
from interlist.sources import detect
from interlist.sources.national_csv import fields
from interlist.sources.national_csv import parser as national_csv
from tests.sources.damage import damaged_copy

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "national_example.csv"
DOC = ROOT / "docs" / "national-list-format.md"


def raw_records() -> list[dict[str, str]]:
    lines = [line for line in FIXTURE.read_text("utf-8").splitlines() if not line.startswith("#")]
    return list(csv.DictReader(io.StringIO("\n".join(lines))))


@pytest.fixture(scope="module")
def parsed():
    return national_csv.parse(FIXTURE)


@pytest.fixture(scope="module")
def by_id(parsed) -> dict:
    return {e.id: e for e in parsed.entities}


def variant(tmp_path: Path, old: str, new: str) -> Path:
    """The example file with one text replaced."""
    text = FIXTURE.read_text("utf-8")
    assert old in text
    target = tmp_path / "variant.csv"
    target.write_text(text.replace(old, new, 1), encoding="utf-8")
    return target


def test_metadata_names_the_source_and_date(parsed):
    assert parsed.source.name == "xx_fiu"
    assert parsed.source.publisher == "Financial Intelligence Unit of Exampleland"
    assert parsed.publisher_date == date(2026, 2, 1)
    assert not parsed.rejected


def test_one_target_per_record_with_its_schema(parsed):
    records = raw_records()
    schema = {r["record_id"]: fields.TYPES[r["type"]] for r in records}
    assert {e.id: e.schema.name for e in parsed.targets()} == {
        f"xx-fiu-{rid}": name for rid, name in schema.items()
    }
    assert sum(e.schema.name == "Sanction" for e in parsed.entities) == len(records)


def test_every_name_alias_and_original_script(by_id):
    for record in raw_records():
        entity = by_id[f"xx-fiu-{record['record_id']}"]
        assert entity.get("name") == [record["name"]]
        aliases = set(entity.get("alias"))
        assert set(fields.values(record["aliases"])) <= aliases
        if record["name_original_script"]:
            statement = next(
                s
                for s in entity.get_statements("alias")
                if s.value == record["name_original_script"]
            )
            assert statement.lang == (record["lang"] or None)


def test_scripts_and_languages_of_the_example(by_id):
    arabic = by_id["xx-fiu-P-002"].get_statements("alias")
    assert {s.lang for s in arabic if s.value.startswith("يوسف")} == {"ara"}
    cyrillic = by_id["xx-fiu-P-001"].get_statements("alias")
    assert {s.lang for s in cyrillic if s.value.startswith("Арман")} == {"rus"}


def test_dates_countries_documents(by_id):
    person = by_id["xx-fiu-P-002"]
    assert sorted(person.get("birthDate")) == [str(y) for y in range(1960, 1966)]
    assert person.get("passportNumber") == ["A1234567"]
    first = by_id["xx-fiu-P-001"]
    assert sorted(first.get("nationality")) == ["kz", "ru"]
    assert first.get("fatherName") == ["Serikovich"] and first.get("gender") == ["male"]
    assert sorted(first.get("passportNumber") + first.get("idNumber")) == [
        "780314300123", "N09876543",
    ]  # fmt: skip
    sanction = next(e for e in by_id.values() if e.schema.name == "Sanction"
                    and e.get("entity") == ["xx-fiu-P-002"])  # fmt: skip
    assert sanction.get("unscId") == ["QDi.999"] and sanction.get("listingDate") == ["2019-11-20"]
    assert "wmd" in by_id["xx-fiu-O-001"].get("topics")


def test_ids_are_stable(parsed):
    again = national_csv.parse(FIXTURE)
    assert [s.id for e in again.entities for s in e.statements] == [
        s.id for e in parsed.entities for s in e.statements
    ]


def test_missing_required_column_is_named(tmp_path: Path):
    target = variant(tmp_path, "record_id,type,name,", "record_id,type,title,")
    with pytest.raises(SourceFormatError, match="missing required column name"):
        national_csv.parse(target)


def test_bad_date_names_line_and_field(tmp_path: Path):
    target = variant(tmp_path, "1985-07", "1985-13")
    with pytest.raises(SourceFormatError, match=r"line 10, field birth_date"):
        national_csv.parse(target)


def test_duplicate_record_id(tmp_path: Path):
    target = variant(tmp_path, "P-003,", "P-001,")
    with pytest.raises(SourceFormatError, match=r"line 10, field record_id: duplicate"):
        national_csv.parse(target)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("#source=xx_fiu", "#origin=xx_fiu", "unknown metadata"),
        ("#source=xx_fiu", "#source=XX FIU", "source name"),
        (",remarks\n", ",remark\n", "unknown column 'remark'"),
        (",kz|ru,", ",kz|Atlantis,", "field nationality"),
        (",female,", ",f3male,", "field gender"),
        ("passport:A1234567:iq", "passport", "field id_documents"),
        (",crime.terror.financing,", ",crime.unknown,", "field topics"),
        ("P-001,person,", "P-001,planet,", "field type"),
        ("2022-01-15", "15/01/2022", "field listed_on"),
    ],
)
def test_other_errors_name_what_is_wrong(tmp_path: Path, old: str, new: str, message: str):
    with pytest.raises(SourceFormatError, match=message):
        national_csv.parse(variant(tmp_path, old, new))


def test_record_without_name_is_rejected(tmp_path: Path):
    target = variant(tmp_path, "V-001,vessel,SEA BREEZE 7,", "V-001,vessel,,")
    result = national_csv.parse(target)
    assert [(r.location, r.reason) for r in result.rejected] == [("line 12", "V-001: no name")]


def test_sniff_claims_the_example_and_no_list_file(lists_dir: Path):
    assert national_csv.sniff(FIXTURE, FIXTURE.read_bytes()[:4096])
    for path in (p for p in lists_dir.rglob("*") if p.is_file()):
        assert not national_csv.sniff(path, path.read_bytes()[:4096]), path


def test_documentation_names_every_column_and_metadata_key():
    text = DOC.read_text("utf-8")
    for column in national_csv.REQUIRED_COLUMNS + national_csv.OPTIONAL_COLUMNS:
        assert f"`{column}`" in text, column
    for key in national_csv.METADATA_KEYS:
        assert f"#{key}=" in text, key
    assert FIXTURE.read_text("utf-8").splitlines()[7] in text  # the example is the fixture


def test_truncated_copy_raises_source_format_error(tmp_path: Path):
    data = FIXTURE.read_bytes()
    cut = data.index(b"P-002") + 40
    copy = tmp_path / "cut.csv"
    copy.write_bytes(data[:cut])
    with pytest.raises(SourceFormatError, match="line 9"):
        national_csv.parse(copy)


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_random_damage_gives_result_or_source_format_error(tmp_path: Path, data):
    original = FIXTURE.read_bytes()
    copy = damaged_copy(original, data, tmp_path / "damaged.csv")
    try:
        result = national_csv.parse(copy)
    except SourceFormatError:
        return
    assert len(result.targets()) <= 5


def test_registry_detects_the_national_format():
    assert detect(FIXTURE) is national_csv.FORMAT
