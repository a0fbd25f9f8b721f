"""The OFAC SDN legacy CSV parser on the real files (2021 set with companions, 2024 main file).

Expected values are computed here from the raw CSV with the csv module, independently of
the parser: counts by SDN_Type, names, aliases, addresses, remark parts.
"""

from __future__ import annotations

import csv
import re
from collections import Counter, defaultdict
from collections.abc import Callable
from datetime import date, datetime
from functools import cache
from pathlib import Path

import pytest
from followthemoney.types import registry

from interlist.sources.base import ParsedSource
from interlist.sources.us_ofac import csv_parser as us_ofac_csv

SET_2021 = "us_ofac/set_2021-07-07/sdn.csv"
MAIN_2024 = "us_ofac/sdn_2024-05-03.csv"
FILES = [SET_2021, MAIN_2024]
TYPE_SCHEMA = {
    "individual": "Person",
    "vessel": "Vessel",
    "aircraft": "Airplane",
    "-0-": "Organization",
}


def raw_rows(path: Path) -> list[list[str]]:
    """The file's records, the control-Z end line left out."""
    text = path.read_bytes().decode("utf-8")
    lines = [line for line in text.split("\r\n") if line and line != "\x1a"]
    return list(csv.reader(lines))


def empty(value: str) -> bool:
    return value.strip() in ("", "-0-")


def raw_remarks(path: Path) -> dict[str, str]:
    """ent_num -> Remarks, continued from sdn_comments.csv when the set has one."""
    remarks = {r[0]: ("" if empty(r[11]) else r[11]) for r in raw_rows(path)}
    comments = path.parent / "sdn_comments.csv"
    if comments.exists():
        for row in raw_rows(comments):
            remarks[row[0]] += row[1]
    return remarks


def remark_parts(text: str) -> list[str]:
    text = text.strip().removesuffix(".")
    return [p.strip() for p in re.split(r";(?![^(]*\))", text) if p.strip()]


def originals(entity, prop: str) -> set[str]:
    return {s.original_value or s.value for s in entity.get_statements(prop)}


@pytest.fixture(scope="module")
def parse_once() -> Callable[[Path], ParsedSource]:
    """Each file parsed once for the module (its tests only read what came out)."""
    return cache(us_ofac_csv.parse)


@pytest.fixture(scope="module", params=FILES)
def case(request, lists_dir: Path, parse_once) -> tuple[Path, ParsedSource]:
    path = lists_dir / request.param
    return path, parse_once(path)


@pytest.fixture(scope="module")
def parsed_2021(lists_dir: Path, parse_once) -> ParsedSource:
    return parse_once(lists_dir / SET_2021)


def by_id(parsed: ParsedSource) -> dict:
    return {e.id: e for e in parsed.entities}


def test_counts_by_schema(case) -> None:
    path, parsed = case
    rows = raw_rows(path)
    line_count = path.read_bytes().count(b"\n")  # the control-Z line has no newline
    assert len(rows) == line_count
    expected = Counter(TYPE_SCHEMA[r[2].strip()] for r in rows)
    assert Counter(e.schema.name for e in parsed.targets()) == expected
    assert parsed.counts()["Sanction"] == len(rows)
    assert parsed.rejected == []


def test_publisher_date(case) -> None:
    path, parsed = case
    found = re.search(r"(\d{4})-(\d{2})-(\d{2})", str(path))
    assert found is not None
    assert parsed.publisher_date == date(*map(int, found.groups()))


def test_names_ids_programmes_topics(case) -> None:
    path, parsed = case
    entities = by_id(parsed)
    for row in raw_rows(path):
        entity = entities[f"us-ofac-{row[0]}"]
        assert row[1] in originals(entity, "name")
        tags = [t.strip(" []") for t in row[3].split("] [") if t.strip(" []")]
        assert set(entity.get("programId")) == set(tags)
        assert "sanction" in entity.get("topics")
        if "SDGT" in tags:
            assert "crime.terror" in entity.get("topics")
        if "NPWMD" in tags:
            assert "wmd" in entity.get("topics")


def test_person_name_parts(case) -> None:
    path, parsed = case
    entities = by_id(parsed)
    for row in raw_rows(path):
        if row[2].strip() == "individual" and ", " in row[1]:
            last, first = row[1].split(", ", 1)
            entity = entities[f"us-ofac-{row[0]}"]
            assert last.strip() in entity.get("lastName")
            assert first.strip() in entity.get("firstName")


def test_vessel_columns(case) -> None:
    path, parsed = case
    entities = by_id(parsed)
    for row in raw_rows(path):
        if row[2].strip() != "vessel":
            continue
        entity = entities[f"us-ofac-{row[0]}"]
        for column, prop in ((5, "callSign"), (6, "type"), (8, "grossRegisteredTonnage")):
            if not empty(row[column]):
                assert row[column].strip() in entity.get(prop)
        if not empty(row[9]):
            assert entity.get("flag") or f"flag: {row[9].strip()}" in entity.get("notes")
        if not empty(row[10]):
            assert entity.get("owner") or f"Owner: {row[10].strip()}" in entity.get("notes")


def test_every_remark_part_is_kept(case) -> None:
    """Nothing lost: each part is the original value of a statement of the entity or of
    an entity derived from it (document, link, wallet), or one of its notes."""
    path, parsed = case
    kept: dict[str, set[str]] = defaultdict(set)
    for entity in parsed.entities:
        owner = "-".join(entity.id.split("-")[:3])
        for stmt in entity.statements:
            kept[owner].add((stmt.original_value or stmt.value).removeprefix("alt. "))
    for ent_num, text in raw_remarks(path).items():
        for part in remark_parts(text):
            if part.removeprefix("alt. ").startswith("DOB "):
                continue  # one statement per value: see test_dates_of_birth
            assert part.removeprefix("alt. ") in kept[f"us-ofac-{ent_num}"], (ent_num, part)


def expected_dates(value: str) -> set[str]:
    """FtM dates of the simple DOB forms, computed with datetime; empty for other forms."""
    for pattern, form, width in (
        ("%d %b %Y", r"\d{2} [A-Z][a-z]{2} \d{4}", 10),
        ("%b %Y", r"[A-Z][a-z]{2} \d{4}", 7),
        ("%Y", r"\d{4}", 4),
    ):
        if re.fullmatch(form, value):
            return {datetime.strptime(value, pattern).date().isoformat()[:width]}
    return set()


def test_dates_of_birth(case) -> None:
    path, parsed = case
    entities = by_id(parsed)
    for ent_num, text in raw_remarks(path).items():
        entity = entities[f"us-ofac-{ent_num}"]
        for part in remark_parts(text):
            value = part.removeprefix("alt. ")
            if not value.startswith("DOB "):
                continue
            expected = expected_dates(value[4:])
            if expected:
                assert expected <= set(entity.get("birthDate")), (ent_num, part)
            else:  # ranges, circa: the published text is the statement's original value
                published = {o.removeprefix("alt. ") for o in originals(entity, "birthDate")}
                assert value in published, (ent_num, part)


def test_passports(case) -> None:
    path, parsed = case
    entities = by_id(parsed)
    passports = defaultdict(set)
    for entity in parsed.entities:
        if entity.schema.name == "Passport":
            passports[entity.get("holder")[0]].update(entity.get("number"))
    for ent_num, text in raw_remarks(path).items():
        for part in remark_parts(text):
            found = re.fullmatch(r"(?:alt\. )?Passport ([A-Z0-9]+) \(([A-Za-z ,]+)\)", part)
            if found:
                holder = f"us-ofac-{ent_num}"
                assert found[1] in passports[holder], part
                assert found[1] in entities[holder].get("passportNumber")


def test_nationalities_and_citizenships(case) -> None:
    path, parsed = case
    entities = by_id(parsed)
    for ent_num, text in raw_remarks(path).items():
        entity = entities[f"us-ofac-{ent_num}"]
        for part in remark_parts(text):
            found = re.fullmatch(r"(?:alt\. )?(nationality|citizen) (.+)", part)
            if not found:
                continue
            prop = "nationality" if found[1] == "nationality" else "citizenship"
            code = registry.country.clean(found[2])
            if code and prop in entity.schema.properties:
                assert code in entity.get(prop), (ent_num, part)
            else:  # FtM cannot read it, or an organisation: the text is a note
                assert part in entity.get("notes"), (ent_num, part)


ID_PART = re.compile(
    r"(?:alt\. )?(National ID No\.|Tax ID No\.|Cedula No\.|Registration Number|NIT #|"
    r"C\.U\.R\.P\.|R\.F\.C\.|D\.N\.I\.|Identification Number) ([A-Z0-9][A-Z0-9.\-]*) "
    r"\(([A-Za-z ,]+)\)"
)


def test_identification_documents(case) -> None:
    path, parsed = case
    numbers = defaultdict(set)
    for entity in parsed.entities:
        if entity.schema.name == "Identification":
            numbers[entity.get("holder")[0]].update(
                f"{t} {n}" for t in entity.get("type") for n in entity.get("number")
            )
    entities = by_id(parsed)
    seen = 0
    for ent_num, text in raw_remarks(path).items():
        entity = entities[f"us-ofac-{ent_num}"]
        for part in remark_parts(text):
            found = ID_PART.fullmatch(part)
            if not found:
                continue
            seen += 1
            if entity.schema.is_a("LegalEntity"):
                assert f"{found[1]} {found[2]}" in numbers[entity.id], part
            elif found[1] == "Registration Number":  # vessels and aircraft
                assert found[2] in entity.get("registrationNumber"), part
            else:
                assert part in entity.get("notes"), part
    assert seen > 1000


def test_links_resolved_or_noted(case) -> None:
    path, parsed = case
    entities = by_id(parsed)
    names = Counter(r[1].upper().rstrip(".") for r in raw_rows(path))
    links = defaultdict(set)
    for entity in parsed.entities:
        if entity.schema.name == "UnknownLink":
            links[entity.get("subject")[0]].add(entity.get("object")[0])
    for ent_num, text in raw_remarks(path).items():
        entity_id = f"us-ofac-{ent_num}"
        for part in remark_parts(text):
            if not part.startswith("Linked To: "):
                continue
            name = part.removeprefix("Linked To: ").upper().rstrip(".")
            if names[name] == 1:
                assert links[entity_id], part
                assert any(entities[t].get("name") for t in links[entity_id])
            else:
                assert part in entities[entity_id].get("notes")


def test_alt_names_2021(parsed_2021: ParsedSource, lists_dir: Path) -> None:
    entities = by_id(parsed_2021)
    alt_rows = raw_rows(lists_dir / "us_ofac/set_2021-07-07/alt.csv")
    assert alt_rows
    for row in alt_rows:
        entity = entities[f"us-ofac-{row[0]}"]
        prop = "previousName" if row[2].strip() == "fka" else "alias"
        assert row[3] in originals(entity, prop), row


def test_addresses_2021(parsed_2021: ParsedSource, lists_dir: Path) -> None:
    entities = by_id(parsed_2021)
    add_rows = raw_rows(lists_dir / "us_ofac/set_2021-07-07/add.csv")
    useful = [r for r in add_rows if not all(empty(v) for v in r[2:5])]
    assert parsed_2021.counts()["Address"] == len({(r[0], *r[2:5]) for r in useful})
    for row in useful:
        entity = entities[f"us-ofac-{row[0]}"]
        addresses = [entities[i] for i in entity.get("addressEntity")]
        street = ", ".join(v for v in row[2:4] if not empty(v))
        street = registry.address.clean(street) or ""  # FtM's own tidying of addresses
        assert any(street in a.get("full") or not street for a in addresses), row


def test_ids_are_stable(lists_dir: Path, parsed_2021: ParsedSource) -> None:
    path = lists_dir / SET_2021
    first, second = parsed_2021, us_ofac_csv.parse(path)
    assert [e.id for e in first.entities] == [e.id for e in second.entities]
    first_ids = {s.id for e in first.entities for s in e.statements}
    assert first_ids == {s.id for e in second.entities for s in e.statements}


def test_sniff(lists_dir: Path) -> None:
    ours = {lists_dir / SET_2021, lists_dir / MAIN_2024}
    for path in sorted(p for p in lists_dir.rglob("*") if p.is_file()):
        head = path.read_bytes()[:4096]
        assert us_ofac_csv.sniff(path, head) == (path in ours), path
