"""The OFAC SDN legacy CSV parser on the real files (2021 set with companions, 2024 main file).

Expected values are computed here from the raw CSV with the csv module, independently of
the parser: counts by SDN_Type, names, aliases, addresses, remark parts.
"""

from __future__ import annotations

import csv
import re
import shutil
from collections import Counter, defaultdict
from datetime import date, datetime
from pathlib import Path

import pytest
from followthemoney.types import registry
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from interlist.errors import SourceFormatError
from interlist.sources import us_ofac_csv
from interlist.sources.base import ParsedSource

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


@pytest.fixture(scope="module", params=FILES)
def case(request, lists_dir: Path) -> tuple[Path, ParsedSource]:
    path = lists_dir / request.param
    return path, us_ofac_csv.parse(path)


@pytest.fixture(scope="module")
def parsed_2021(lists_dir: Path) -> ParsedSource:
    return us_ofac_csv.parse(lists_dir / SET_2021)


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


def test_ids_are_stable(lists_dir: Path) -> None:
    path = lists_dir / SET_2021
    first, second = us_ofac_csv.parse(path), us_ofac_csv.parse(path)
    assert [e.id for e in first.entities] == [e.id for e in second.entities]
    first_ids = {s.id for e in first.entities for s in e.statements}
    assert first_ids == {s.id for e in second.entities for s in e.statements}


def test_sniff(lists_dir: Path) -> None:
    ours = {lists_dir / SET_2021, lists_dir / MAIN_2024}
    for path in sorted(p for p in lists_dir.rglob("*") if p.is_file()):
        head = path.read_bytes()[:4096]
        assert us_ofac_csv.sniff(path, head) == (path in ours), path


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
        (folder / name).write_bytes(b"\r\n".join(kept) + b"\r\n")
    return folder / "sdn.csv"


def write_sdn(folder: Path, lines: list[str]) -> Path:
    path = folder / "sdn.csv"
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("utf-8"))
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
        '99,1,"aka","NOBODY",-0- \r\n2674,2,"aka","ZAYDAN, M.",-0- \r\n'
    )
    (tmp_path / "add.csv").write_text('98,3,-0- ,"Havana","Cuba",-0- \r\n')
    parsed = us_ofac_csv.parse(tmp_path / "sdn.csv")
    assert [r.location for r in parsed.rejected] == ["alt.csv line 1", "add.csv line 1"]
    assert all("not in sdn.csv" in r.reason for r in parsed.rejected)
    assert "M. ZAYDAN" in by_id(parsed)["us-ofac-2674"].get("alias")


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
    (tmp_path / "add.csv").write_text('36,3,"Havana","Cuba"\r\n')
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
    assert outcomes["error"] > 0


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
