"""The OFAC sdnList XML parser, on the real non-SDN consolidated list and on snippets."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from followthemoney.types import registry
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from interlist.errors import SourceFormatError
from interlist.sources.base import ParsedSource
from interlist.sources.us_ofac import xml_parser as us_ofac_xml

OFAC_FILE = "us_ofac/cons_nonsdn_2024-05-06.xml"
NS = {"o": "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/XML"}


def norm(value: str | None) -> str:
    return " ".join((value or "").split())


@pytest.fixture(scope="module")
def ofac_path(lists_dir: Path) -> Path:
    return lists_dir / OFAC_FILE


@pytest.fixture(scope="module")
def raw(ofac_path: Path) -> etree._ElementTree:
    return etree.parse(str(ofac_path))


@pytest.fixture(scope="module")
def parsed(ofac_path: Path) -> ParsedSource:
    return us_ofac_xml.parse(ofac_path)


@pytest.fixture(scope="module")
def by_id(parsed: ParsedSource) -> dict:
    return {e.id: e for e in parsed.entities}


def entries(raw: etree._ElementTree) -> list:
    return raw.xpath("/o:sdnList/o:sdnEntry", namespaces=NS)


def field(element, path: str) -> str:
    return norm(element.findtext("/".join(f"o:{p}" for p in path.split("/")), namespaces=NS))


def test_counts_match_file_and_record_count(parsed: ParsedSource, raw: etree._ElementTree) -> None:
    stated = int(raw.xpath("string(//o:Record_Count)", namespaces=NS))
    assert stated == 443
    types = [field(e, "sdnType") for e in entries(raw)]
    assert len(types) == stated
    counts = parsed.counts()
    assert counts["Person"] == types.count("Individual")
    assert counts["Organization"] == types.count("Entity")
    assert counts.get("Vessel", 0) == types.count("Vessel")
    assert counts.get("Airplane", 0) == types.count("Aircraft")
    assert len(parsed.targets()) == stated and parsed.rejected == []
    assert counts["Sanction"] == stated
    assert parsed.source.name == "us_ofac_cons"


def test_publisher_date(parsed: ParsedSource, raw: etree._ElementTree) -> None:
    published = raw.xpath("string(//o:Publish_Date)", namespaces=NS)
    assert parsed.publisher_date == datetime.strptime(published, "%m/%d/%Y").date()


def test_every_name_and_aka(raw: etree._ElementTree, by_id: dict) -> None:
    for entry in entries(raw):
        entity = by_id[f"us-ofac-{field(entry, 'uid')}"]
        name = " ".join(p for p in (field(entry, "firstName"), field(entry, "lastName")) if p)
        assert name in entity.get("name")
        for aka in entry.xpath("o:akaList/o:aka", namespaces=NS):
            aka_name = " ".join(p for p in (field(aka, "firstName"), field(aka, "lastName")) if p)
            if field(aka, "category") == "weak":
                prop = "weakAlias"
            else:
                prop = "previousName" if field(aka, "type") == "f.k.a." else "alias"
            assert aka_name in entity.get(prop), (entity.id, aka_name)


def test_every_birth_date_place_and_country(raw: etree._ElementTree, by_id: dict) -> None:
    for entry in entries(raw):
        entity = by_id[f"us-ofac-{field(entry, 'uid')}"]
        for born in entry.xpath(".//o:dateOfBirth/text()", namespaces=NS):
            originals = {s.original_value or s.value for s in entity.get_statements("birthDate")}
            assert norm(born) in originals
            assert born.strip()[-4:] in {d[:4] for d in entity.get("birthDate")}
        for place in entry.xpath(".//o:placeOfBirth/text()", namespaces=NS):
            assert norm(place) in entity.get("birthPlace")
        for tag, prop in (("nationality", "nationality"), ("citizenship", "citizenship")):
            for country in entry.xpath(f".//o:{tag}/o:country/text()", namespaces=NS):
                assert registry.country.clean(country) in entity.get(prop)


def test_every_id_is_kept(raw: etree._ElementTree, parsed: ParsedSource, by_id: dict) -> None:
    """Each idNumber is on its party, an Identification/Passport, or the Sanction's provisions."""
    documents = {
        (d.first("holder"), d.first("number"))
        for d in parsed.entities
        if d.schema.name in ("Passport", "Identification")
    }
    sanctions = {s.first("entity"): s for s in parsed.entities if s.schema.name == "Sanction"}
    for entry in entries(raw):
        entity_id = f"us-ofac-{field(entry, 'uid')}"
        entity, provisions = by_id[entity_id], " ".join(sanctions[entity_id].get("provisions"))
        statements = {v for s in entity.statements for v in (s.value, s.original_value) if v}
        for item in entry.xpath("o:idList/o:id", namespaces=NS):
            number, kind = field(item, "idNumber"), field(item, "idType")
            kept = (
                number in statements
                or (entity_id, number) in documents
                or number.lower() in statements
                or number in provisions
            )
            assert kept, (entity_id, kind, number)
            if kind == "Passport":
                assert number in entity.get("passportNumber")


def test_programmes_and_topics(raw: etree._ElementTree, parsed: ParsedSource, by_id: dict) -> None:
    sanctions = {s.first("entity"): s for s in parsed.entities if s.schema.name == "Sanction"}
    for entry in entries(raw):
        entity_id = f"us-ofac-{field(entry, 'uid')}"
        tags = entry.xpath("o:programList/o:program/text()", namespaces=NS)
        assert sorted(sanctions[entity_id].get("programId")) == sorted(set(tags))
        topics = by_id[entity_id].get("topics")
        assert "sanction" in topics
        if "SDGT" in tags:
            assert "crime.terror" in topics
        if {"FSE-IR", "IRAN-CON-ARMS-EO", "561-Related"} & set(tags):
            assert "wmd" in topics


def test_linked_to_resolves_within_the_file(raw: etree._ElementTree, parsed: ParsedSource) -> None:
    names = {}
    for entry in entries(raw):
        uid = f"us-ofac-{field(entry, 'uid')}"
        full = " ".join(p for p in (field(entry, "firstName"), field(entry, "lastName")) if p)
        names.setdefault(full.casefold(), uid)
    expected = set()
    for entry in entries(raw):
        remarks = field(entry, "remarks")
        for part in remarks.split("(Linked To: ")[1:]:
            target = names.get(part.split(")")[0].strip().rstrip(".").casefold())
            uid = f"us-ofac-{field(entry, 'uid')}"
            if target and target != uid:
                expected.add((uid, target))
    links = {
        (e.first("subject"), e.first("object"))
        for e in parsed.entities
        if e.schema.name == "UnknownLink"
    }
    assert expected and expected <= links


def test_ids_are_stable_and_unique(ofac_path: Path, parsed: ParsedSource) -> None:
    again = us_ofac_xml.parse(ofac_path)
    ids = [e.id for e in parsed.entities]
    assert [e.id for e in again.entities] == ids and len(set(ids)) == len(ids)
    assert {s.id for e in again.entities for s in e.statements} == {
        s.id for e in parsed.entities for s in e.statements
    }


def test_sniff_claims_only_the_ofac_xml(lists_dir: Path, ofac_path: Path) -> None:
    claimed = [
        p
        for p in lists_dir.rglob("*")
        if p.is_file() and us_ofac_xml.sniff(p, p.read_bytes()[:4096])
    ]
    assert claimed == [ofac_path]


# --- snippets and damaged files --------------------------------------------------------


def _snippet(
    tmp_path: Path, body: str, count: int, name: str = "cons.xml", ns: bool = True
) -> Path:
    xmlns = f' xmlns="{NS["o"]}"' if ns else ""
    path = tmp_path / name
    path.write_text(
        f"<sdnList{xmlns}><publshInformation><Publish_Date>05/06/2024</Publish_Date>"
        f"<Record_Count>{count}</Record_Count></publshInformation>{body}</sdnList>",
        encoding="utf-8",
    )
    return path


VESSEL = """<sdnEntry><uid>77</uid><lastName>SEA STAR</lastName><sdnType>Vessel</sdnType>
<programList><program>IRAN</program></programList>
<vesselInfo><callSign>9HXY</callSign><vesselType>Crude Oil Tanker</vesselType>
<vesselFlag>Malta</vesselFlag><vesselOwner>Acme Shipping</vesselOwner></vesselInfo>
<idList><id><uid>1</uid><idType>Vessel Registration Identification</idType>
<idNumber>IMO 9187629</idNumber></id></idList></sdnEntry>"""


@pytest.mark.parametrize("ns", [True, False])
def test_vessel_snippet_any_namespace(tmp_path: Path, ns: bool) -> None:
    result = us_ofac_xml.parse(_snippet(tmp_path, VESSEL, 1, ns=ns))
    vessel = result.targets()[0]
    assert vessel.schema.name == "Vessel" and vessel.id == "us-ofac-77"
    assert vessel.get("callSign") == ["9HXY"] and vessel.get("flag") == ["mt"]
    assert [v.replace(" ", "") for v in vessel.get("imoNumber")] == ["IMO9187629"]
    assert "Vessel owner: Acme Shipping" in vessel.get("notes")
    assert "wmd" in vessel.get("topics")


def test_sdn_file_name_gives_the_sdn_source(tmp_path: Path) -> None:
    assert us_ofac_xml.parse(_snippet(tmp_path, VESSEL, 1, "sdn.xml")).source.name == "us_ofac_sdn"


def test_record_count_mismatch_names_the_element(tmp_path: Path) -> None:
    with pytest.raises(SourceFormatError, match="element Record_Count"):
        us_ofac_xml.parse(_snippet(tmp_path, VESSEL, 2))


def test_entry_without_name_is_rejected(tmp_path: Path) -> None:
    body = "<sdnEntry><uid>5</uid><sdnType>Entity</sdnType></sdnEntry>"
    result = us_ofac_xml.parse(_snippet(tmp_path, body, 1))
    assert result.entities == [] and [r.location for r in result.rejected] == ["sdnEntry uid=5"]


@pytest.mark.parametrize("fraction", [0.0, 0.01, 0.5, 0.999])
def test_truncated_file_raises(ofac_path: Path, tmp_path: Path, fraction: float) -> None:
    data = ofac_path.read_bytes()
    broken = tmp_path / "truncated.xml"
    broken.write_bytes(data[: int(len(data) * fraction)])
    with pytest.raises(SourceFormatError):
        us_ofac_xml.parse(broken)


@pytest.fixture(scope="module")
def small_copy(raw: etree._ElementTree) -> bytes:
    """The first 40 entries of the real file, Record_Count adjusted: a valid small file."""
    root = etree.fromstring(etree.tostring(raw.getroot()))
    for entry in root.findall("o:sdnEntry", NS)[40:]:
        root.remove(entry)
    root.find("o:publshInformation/o:Record_Count", NS).text = "40"
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def test_small_copy_is_valid(small_copy: bytes, tmp_path: Path) -> None:
    path = tmp_path / "small.xml"
    path.write_bytes(small_copy)
    assert len(us_ofac_xml.parse(path).targets()) == 40


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_random_damage_gives_result_or_format_error(
    small_copy: bytes, tmp_path: Path, data: st.DataObject
) -> None:
    damaged = bytearray(small_copy)
    for _ in range(data.draw(st.integers(0, 5))):
        at = data.draw(st.integers(0, len(damaged) - 1))
        damaged[at] = data.draw(st.integers(0, 255))
    cut = data.draw(st.integers(0, len(damaged)))
    path = tmp_path / "damaged.xml"
    path.write_bytes(bytes(damaged[:cut]))
    try:
        result = us_ofac_xml.parse(path)
    except SourceFormatError:
        return
    assert len(result.targets()) + len(result.rejected) == 40


@pytest.mark.parametrize(
    ("text", "dates"),
    [
        ("08 Feb 1980", ["1980-02-08"]),
        ("Feb 1980", ["1980-02"]),
        ("1962", ["1962"]),
        ("circa 1970", ["1970"]),
        ("1960 to 1962", ["1960", "1961", "1962"]),
        ("1940 to 1965", ["1940", "1965"]),
        ("between 1955 and 1958", ["1955", "1956", "1957", "1958"]),
        ("2015-04-07-04:00", ["2015-04-07"]),
        ("30-35 years old", []),
        ("", []),
    ],
)
def test_date_text_forms(text: str, dates: list[str]) -> None:
    from interlist.sources.date_text import parse_date_text

    assert parse_date_text(text) == dates
