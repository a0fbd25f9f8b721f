"""The US Consolidated Screening List parser on the real trade.gov CSV (May 2022).

Expected values are computed here from the raw file with the csv module: one
target per distinct `_id` (a party on several US lists has one row per list),
one Sanction per (_id, list), and every name, alias, date of birth, nationality
and passport of every row found on its entity.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from interlist.errors import SourceFormatError
from interlist.sources import detect
from interlist.sources.base import ParsedSource
from interlist.sources.us_csl import parser as us_csl
from interlist.sources.us_csl.ids import parse_group
from tests.sources.damage import damaged_copy

CSL = "us_csl/consolidated_2022-05.csv"
TYPE_SCHEMA = {"Individual": "Person", "Entity": "Organization", "Vessel": "Vessel"}
TYPE_SCHEMA |= {"Aircraft": "Airplane", "": "LegalEntity"}


@pytest.fixture(scope="module")
def path(lists_dir: Path) -> Path:
    return lists_dir / CSL


@pytest.fixture(scope="module")
def raw(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def parsed(path: Path) -> ParsedSource:
    return us_csl.parse(path)


@pytest.fixture(scope="module")
def by_id(parsed: ParsedSource) -> dict:
    return {e.id: e for e in parsed.entities}


def parts(text: str) -> list[str]:
    return [p.strip() for p in text.split(";") if p.strip()]


def originals(entity, prop: str) -> set[str]:
    return {s.original_value or s.value for s in entity.get_statements(prop)}


def test_one_target_per_id_with_schema_of_its_type(parsed, raw):
    first_type: dict[str, str] = {}
    for row in raw:
        first_type.setdefault(row["_id"], row["type"])
    expected = Counter(TYPE_SCHEMA[t] for t in first_type.values())
    assert Counter(e.schema.name for e in parsed.targets()) == expected
    assert len(parsed.targets()) == len(first_type) == 14048
    assert not parsed.rejected


def test_one_sanction_per_id_and_list(parsed, raw):
    listings = {(row["_id"], row["source"]) for row in raw}
    sanctions = [e for e in parsed.entities if e.schema.name == "Sanction"]
    assert len(sanctions) == len(listings)
    found = {(s.get("entity")[0], s.get("authority")[0]) for s in sanctions}
    assert found == {(f"us-csl-{i}", source) for i, source in listings}


def test_ids_are_unique(parsed):
    ids = [e.id for e in parsed.entities]
    assert len(ids) == len(set(ids))


def test_every_name_alias_and_person_fact_is_on_its_entity(raw, by_id):
    for row in raw:
        entity = by_id[f"us-csl-{row['_id']}"]
        assert row["name"].strip() in originals(entity, "name")
        assert set(parts(row["alt_names"])) <= originals(entity, "alias"), row["_id"]
        if entity.schema.name != "Person":
            continue
        dates = set(entity.get("birthDate"))
        for text in parts(row["dates_of_birth"]):
            years = text.removeprefix("circa ").split(" to ")
            assert set(years) <= dates, (row["_id"], text)
        assert set(parts(row["places_of_birth"])) <= originals(entity, "birthPlace")
        nationalities = {c.lower() for c in parts(row["nationalities"])}
        assert nationalities <= set(entity.get("nationality")), row["_id"]
        citizenships = {c.lower() for c in parts(row["citizenships"])}
        assert citizenships <= set(entity.get("citizenship")), row["_id"]


def test_every_passport_is_a_document_of_its_holder(raw, by_id, parsed):
    numbers: dict[str, str] = {}
    for entity in parsed.entities:
        if entity.schema.name == "Passport":
            holder = entity.get("holder")[0]
            numbers[holder] = numbers.get(holder, "") + "|" + "|".join(entity.get("number"))
    expected = 0
    for row in raw:
        for group in parts(row["ids"]):
            pieces = [p.strip() for p in group.split(", ")]
            if pieces[-1] == "Passport":
                expected += 1
                # the number: the piece(s) with digits that are no ISO date
                wanted = [p for p in pieces[:-1] if any(c.isdigit() for c in p)
                          and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", p)]  # fmt: skip
                held = numbers.get(f"us-csl-{row['_id']}", "")
                assert wanted and all(w in held for w in wanted), group
    assert expected > 1500


def test_sanction_keeps_list_programmes_and_ent_num(raw, by_id):
    row = next(r for r in raw if r["_id"] == "26860")
    sanction = next(e for e in by_id.values() if e.schema.name == "Sanction"
                    and e.get("entity") == ["us-csl-26860"])  # fmt: skip
    assert set(sanction.get("program")) == set(parts(row["programs"]))
    assert sanction.get("authorityId") == [row["entity_number"]]
    assert sanction.get("authority") == [row["source"]]


def test_topics_follow_the_sub_list(raw, by_id):
    wanted = {
        "Nonproliferation Sanctions (ISN) - State Department": "wmd",
        "Entity List (EL) - Bureau of Industry and Security": "export.control",
        "Denied Persons List (DPL) - Bureau of Industry and Security": "export.control",
    }
    for row in raw:
        topics = by_id[f"us-csl-{row['_id']}"].get("topics")
        assert "sanction" in topics or row["source"] in wanted
        if row["source"] in wanted:
            assert wanted[row["source"]] in topics
        if "SDGT" in parts(row["programs"]):
            assert "crime.terror" in topics
        if "NPWMD" in parts(row["programs"]):
            assert "wmd" in topics


def test_linked_to_remarks_become_links_to_known_targets(parsed, by_id):
    links = [e for e in parsed.entities if e.schema.name == "UnknownLink"]
    assert links
    for link in links:
        assert link.get("subject")[0] in by_id
        assert link.get("object")[0] in by_id


def test_parse_is_stable(path, parsed):
    again = us_csl.parse(path)
    assert [e.id for e in again.entities] == [e.id for e in parsed.entities]
    first = {s.id for e in parsed.entities for s in e.statements}
    assert first == {s.id for e in again.entities for s in e.statements}


def test_sniff_claims_only_the_csl_file(lists_dir: Path):
    for path in sorted(p for p in lists_dir.rglob("*") if p.is_file()):
        head = path.read_bytes()[:4096]
        assert us_csl.sniff(path, head) == (path.name == "consolidated_2022-05.csv"), path


def test_id_groups_split_by_shape():
    group = parse_group("JO, 2014-08-30, 2009-08-31, K475336, Passport")
    assert (group.country, group.expires, group.issued) == ("JO", "2014-08-30", "2009-08-31")
    assert (group.number, group.kind) == ("K475336", "Passport")
    gender = parse_group("Male, Gender")
    assert (gender.country, gender.number, gender.kind) == (None, "Male", "Gender")
    assert parse_group("lonely") is None


def test_missing_column_is_named(tmp_path: Path):
    bad = tmp_path / "csl.csv"
    bad.write_text("_id,source,type\n1,SDN,Individual\n", encoding="utf-8")
    with pytest.raises(SourceFormatError, match="name"):
        us_csl.parse(bad)


def test_row_without_name_is_rejected_with_its_line(tmp_path: Path, path: Path):
    lines = path.read_text(encoding="utf-8").splitlines()[:3]
    bad = tmp_path / "csl.csv"
    cells = next(csv.reader([lines[2]]))
    cells[5] = ""
    buffer = [lines[0], lines[1]]
    with bad.open("w", encoding="utf-8", newline="") as fh:
        fh.write("\n".join(buffer) + "\n")
        csv.writer(fh).writerow(cells)
    result = us_csl.parse(bad)
    assert [r.location for r in result.rejected] == ["line 3"]
    assert len(result.targets()) == 1


def test_truncated_copies_raise_source_format_error(tmp_path: Path, path: Path):
    data = path.read_bytes()
    for cut in (len(data) // 3, len(data) // 2 + 17, len(data) - 40):
        while data[cut - 1 : cut] in (b"\n", b"\r"):
            cut += 1  # cut inside a row, not between rows
        copy = tmp_path / f"cut_{cut}.csv"
        copy.write_bytes(data[:cut])
        with pytest.raises(SourceFormatError, match="line"):
            us_csl.parse(copy)


@pytest.fixture(scope="module")
def head_sample(path: Path) -> bytes:
    """The header and the first 40 rows: enough shapes, quick to parse."""
    lines = path.read_bytes().split(b"\n")
    return b"\n".join(lines[:41]) + b"\n"


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_random_damage_gives_result_or_source_format_error(tmp_path: Path, head_sample, data):
    copy = damaged_copy(head_sample, data, tmp_path / "damaged.csv")
    try:
        result = us_csl.parse(copy)
    except SourceFormatError:
        return
    assert len(result.targets()) <= 40


def test_registry_detects_the_csl_format(path: Path):
    assert detect(path) is us_csl.FORMAT
