"""The UN Security Council list parser, on the real list file and on small snippets."""

from __future__ import annotations

from pathlib import Path

import pytest
from followthemoney.types import registry
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from interlist.errors import SourceFormatError
from interlist.sources.base import ParsedSource
from interlist.sources.un_sc import parser as un_sc
from interlist.sources.un_sc.fields import birth_dates

UN_FILE = "un/UN_consolidated_2026-02-27.xml"


def norm(value: str | None) -> str:
    return " ".join((value or "").split())


@pytest.fixture(scope="module")
def un_path(lists_dir: Path) -> Path:
    return lists_dir / UN_FILE


@pytest.fixture(scope="module")
def raw(un_path: Path) -> etree._ElementTree:
    return etree.parse(str(un_path))


@pytest.fixture(scope="module")
def parsed(un_path: Path) -> ParsedSource:
    return un_sc.parse(un_path)


@pytest.fixture(scope="module")
def by_id(parsed: ParsedSource) -> dict:
    return {e.id: e for e in parsed.entities}


def test_counts_match_file_and_publisher(parsed: ParsedSource, raw: etree._ElementTree) -> None:
    counts = parsed.counts()
    individuals = int(raw.xpath("count(/CONSOLIDATED_LIST/INDIVIDUALS/INDIVIDUAL)"))
    entities = int(raw.xpath("count(/CONSOLIDATED_LIST/ENTITIES/ENTITY)"))
    assert (individuals, entities) == (730, 273)  # the publisher's stated counts
    assert counts["Person"] == individuals
    assert counts["Organization"] == entities
    assert counts["Sanction"] == individuals + entities
    assert parsed.rejected == []
    assert parsed.source.name == "un_sc"


def test_publisher_date_is_date_generated(parsed: ParsedSource, raw: etree._ElementTree) -> None:
    generated = raw.getroot().get("dateGenerated")
    assert parsed.publisher_date is not None
    assert parsed.publisher_date.isoformat() == generated[:10]


def published_names(entity) -> set[str]:
    """Every name statement's value and the publisher's original text (FtM strips quotes)."""
    found = set()
    for prop in ("name", "alias", "weakAlias", "previousName"):
        for stmt in entity.get_statements(prop):
            found.update(norm(v) for v in (stmt.value, stmt.original_value) if v)
    return found


def _records(raw: etree._ElementTree) -> list:
    return raw.xpath("//INDIVIDUAL | //ENTITY")


def test_every_name_and_alias_is_on_its_entity(raw: etree._ElementTree, by_id: dict) -> None:
    for record in _records(raw):
        entity = by_id[f"un-sc-{record.findtext('DATAID')}"]
        names = published_names(entity)
        parts = [norm(record.findtext(t)) for t in un_sc.NAME_TAGS]
        assert " ".join(p for p in parts if p) in entity.get("name")
        original = norm(record.findtext("NAME_ORIGINAL_SCRIPT"))
        if original:
            assert original in names
        for alias in record.xpath("INDIVIDUAL_ALIAS | ENTITY_ALIAS"):
            alias_name = norm(alias.findtext("ALIAS_NAME"))
            if alias_name:
                assert alias_name in names, (entity.id, alias_name)


def test_alias_quality_decides_the_property(raw: etree._ElementTree, by_id: dict) -> None:
    expected = {"Good": "alias", "a.k.a.": "alias", "Low": "weakAlias", "f.k.a.": "previousName"}
    checked = 0
    for alias in raw.xpath("//INDIVIDUAL_ALIAS[ALIAS_NAME!=''] | //ENTITY_ALIAS[ALIAS_NAME!='']"):
        entity = by_id[f"un-sc-{alias.getparent().findtext('DATAID')}"]
        prop = expected[alias.findtext("QUALITY")]
        stmts = entity.get_statements(prop)
        name = norm(alias.findtext("ALIAS_NAME"))
        assert any(name in (s.value, s.original_value) for s in stmts), (entity.id, name)
        checked += 1
    assert checked == int(raw.xpath("count(//*[ALIAS_NAME!=''])"))


def test_original_script_names_get_a_language(raw: etree._ElementTree, by_id: dict) -> None:
    langs = set()
    for record in raw.xpath("//*[NAME_ORIGINAL_SCRIPT!='']"):
        entity = by_id[f"un-sc-{record.findtext('DATAID')}"]
        original = norm(record.findtext("NAME_ORIGINAL_SCRIPT"))
        stmt = [s for s in entity.get_statements("name") if s.value == original]
        assert stmt, original
        langs.add(stmt[0].lang)
    assert {"ara", "rus"} <= langs


def test_every_birth_date_is_on_its_person(raw: etree._ElementTree, by_id: dict) -> None:
    for dob in raw.xpath("//INDIVIDUAL_DATE_OF_BIRTH"):
        person = by_id[f"un-sc-{dob.getparent().findtext('DATAID')}"]
        found = person.get("birthDate")
        for tag in ("DATE", "YEAR", "FROM_YEAR", "TO_YEAR"):
            value = norm(dob.findtext(tag))
            if value:
                assert any(d.startswith(value[:10]) for d in found), (person.id, value)
        note = norm(dob.findtext("NOTE"))
        if note:
            originals = {s.original_value for s in person.get_statements("birthDate")}
            assert any(note in (o or "") for o in originals) or any(
                note in n for n in person.get("notes")
            ), (person.id, note)


def test_every_nationality_is_kept(raw: etree._ElementTree, by_id: dict) -> None:
    for value in raw.xpath("//INDIVIDUAL/NATIONALITY/VALUE"):
        person = by_id[f"un-sc-{value.getparent().getparent().findtext('DATAID')}"]
        text = norm(value.text)
        if not text:
            continue
        code = registry.country.clean(text)
        assert (
            code in person.get("nationality")
            if code
            else any(text in n for n in person.get("notes"))
        )


def test_every_document_is_kept(raw: etree._ElementTree, by_id: dict, parsed: ParsedSource) -> None:
    documents = [e for e in parsed.entities if e.schema.name in ("Passport", "Identification")]
    numbers = {(d.first("holder"), d.first("number")) for d in documents}
    expected = set()
    for doc in raw.xpath("//INDIVIDUAL_DOCUMENT[NUMBER!='']"):
        holder = f"un-sc-{doc.getparent().findtext('DATAID')}"
        number = norm(doc.findtext("NUMBER"))
        expected.add((holder, number))
        kinds = norm(f"{doc.findtext('TYPE_OF_DOCUMENT')} {doc.findtext('TYPE_OF_DOCUMENT2')}")
        prop = "passportNumber" if "pas" in kinds.lower() else "idNumber"
        assert number in by_id[holder].get(prop)
    assert numbers == expected
    assert len({d.id for d in documents}) == len(documents)


def test_entity_ids_are_unique(parsed: ParsedSource) -> None:
    ids = [e.id for e in parsed.entities]
    assert len(ids) == len(set(ids))


def test_sanction_programme_reference_and_topics(
    raw: etree._ElementTree, parsed: ParsedSource, by_id: dict
) -> None:
    sanctions = {s.first("entity"): s for s in parsed.entities if s.schema.name == "Sanction"}
    for record in _records(raw):
        entity_id = f"un-sc-{record.findtext('DATAID')}"
        sanction, entity = sanctions[entity_id], by_id[entity_id]
        reference = norm(record.findtext("REFERENCE_NUMBER"))
        assert sanction.get("unscId") == [reference]
        assert sanction.get("programId") == [record.findtext("UN_LIST_TYPE")]
        assert sanction.get("listingDate") == [record.findtext("LISTED_ON")[:10]]
        assert "sanction" in entity.get("topics")
        list_type = record.findtext("UN_LIST_TYPE")
        if list_type in ("DPRK", "Iran"):
            assert "wmd" in entity.get("topics")
        if list_type in ("Al-Qaida", "Taliban"):
            assert "crime.terror" in entity.get("topics")
        for updated in record.xpath("LAST_DAY_UPDATED/VALUE/text()"):
            assert updated in entity.get("modifiedAt")


def test_reference_numbers_in_comments_become_links(
    raw: etree._ElementTree, parsed: ParsedSource
) -> None:
    ids = {
        norm(r.findtext("REFERENCE_NUMBER")): f"un-sc-{r.findtext('DATAID')}" for r in _records(raw)
    }
    links = {
        (e.first("subject"), e.first("object"))
        for e in parsed.entities
        if e.schema.name == "UnknownLink"
    }
    expected = set()
    for record in _records(raw):
        own = f"un-sc-{record.findtext('DATAID')}"
        for ref in un_sc.REFERENCE.findall(record.findtext("COMMENTS1") or ""):
            if ref in ids and ids[ref] != own:
                expected.add((own, ids[ref]))
    assert expected and links == expected


def test_ids_are_stable(un_path: Path, parsed: ParsedSource) -> None:
    again = un_sc.parse(un_path)
    assert [e.id for e in again.entities] == [e.id for e in parsed.entities]
    first = {s.id for e in parsed.entities for s in e.statements}
    assert {s.id for e in again.entities for s in e.statements} == first


def test_sniff_claims_only_the_un_file(lists_dir: Path, un_path: Path) -> None:
    claimed = [
        p for p in lists_dir.rglob("*") if p.is_file() and un_sc.sniff(p, p.read_bytes()[:4096])
    ]
    assert claimed == [un_path]


# --- dates of birth, on snippets of our own -------------------------------------------


@pytest.mark.parametrize(
    ("xml", "dates"),
    [
        ("<TYPE_OF_DATE>EXACT</TYPE_OF_DATE><DATE>1978-04-28</DATE>", ["1978-04-28"]),
        ("<TYPE_OF_DATE>EXACT</TYPE_OF_DATE><YEAR>1971</YEAR>", ["1971"]),
        ("<TYPE_OF_DATE>APPROXIMATELY</TYPE_OF_DATE><YEAR>1966</YEAR>", ["1966"]),
        (
            "<TYPE_OF_DATE>BETWEEN</TYPE_OF_DATE><FROM_YEAR>1973</FROM_YEAR><TO_YEAR>1975</TO_YEAR>",
            ["1973", "1974", "1975"],
        ),
        (
            "<TYPE_OF_DATE>BETWEEN</TYPE_OF_DATE><FROM_YEAR>1940</FROM_YEAR><TO_YEAR>1960</TO_YEAR>",
            ["1940", "1960"],
        ),
        ("<TYPE_OF_DATE>EXACT</TYPE_OF_DATE><YEAR>1958</YEAR><NOTE>Sep.</NOTE>", ["1958-09"]),
        ("<TYPE_OF_DATE>EXACT</TYPE_OF_DATE><NOTE>Nov. 1973 </NOTE>", ["1973-11"]),
        (
            "<TYPE_OF_DATE>EXACT</TYPE_OF_DATE><NOTE>Between Aug. and Sep. 1977</NOTE>",
            ["1977-08", "1977-09"],
        ),
        (
            "<TYPE_OF_DATE>EXACT</TYPE_OF_DATE><DATE>1979-03-03</DATE><NOTE>false passport</NOTE>",
            ["1979-03-03"],
        ),
        ("<TYPE_OF_DATE>APPROXIMATELY</TYPE_OF_DATE><NOTE>30-35 years old</NOTE>", []),
        ("<TYPE_OF_DATE>EXACT</TYPE_OF_DATE><NOTE>24/06/1402 (Hijri Calendar)</NOTE>", []),
        ("<TYPE_OF_DATE/>", []),
    ],
)
def test_birth_date_kinds(xml: str, dates: list[str]) -> None:
    element = etree.fromstring(f"<INDIVIDUAL_DATE_OF_BIRTH>{xml}</INDIVIDUAL_DATE_OF_BIRTH>")
    found, original = birth_dates(element)
    assert found == dates
    if dates:
        assert (original and dates[0][:4] in original) or "Nov" in (original or "")


def _tiny_list(tmp_path: Path, individual: str, root: str = "CONSOLIDATED_LIST") -> Path:
    path = tmp_path / "tiny.xml"
    path.write_text(
        f'<?xml version="1.0"?><{root} dateGenerated="2026-01-02T00:00:00Z"><INDIVIDUALS>'
        f"<INDIVIDUAL>{individual}</INDIVIDUAL></INDIVIDUALS><ENTITIES/></{root}>",
        encoding="utf-8",
    )
    return path


def test_snippet_person_fields(tmp_path: Path) -> None:
    path = _tiny_list(
        tmp_path,
        """
        <DATAID>1</DATAID><FIRST_NAME>IVAN</FIRST_NAME><SECOND_NAME>PETROV</SECOND_NAME>
        <NAME_ORIGINAL_SCRIPT>Иван Петров</NAME_ORIGINAL_SCRIPT><UN_LIST_TYPE>DPRK</UN_LIST_TYPE>
        <REFERENCE_NUMBER>KPi.999</REFERENCE_NUMBER><LISTED_ON>2015-04-07-04:00</LISTED_ON>
        <GENDER>Male</GENDER><NATIONALITY><VALUE>Atlantis</VALUE></NATIONALITY>
        <INDIVIDUAL_ALIAS><QUALITY>Low</QUALITY><ALIAS_NAME>Vanya</ALIAS_NAME></INDIVIDUAL_ALIAS>
        <INDIVIDUAL_ALIAS><QUALITY/><ALIAS_NAME/></INDIVIDUAL_ALIAS>
        <INDIVIDUAL_DOCUMENT><TYPE_OF_DOCUMENT>Numéro de passeport</TYPE_OF_DOCUMENT>
          <NUMBER>P123</NUMBER><ISSUING_COUNTRY>France</ISSUING_COUNTRY></INDIVIDUAL_DOCUMENT>
    """,
    )
    result = un_sc.parse(path)
    person = result.targets()[0]
    assert result.publisher_date.isoformat() == "2026-01-02"
    assert person.get("weakAlias") == ["Vanya"] and person.get("alias") == []
    assert [s.lang for s in person.get_statements("name") if s.value == "Иван Петров"] == ["rus"]
    assert person.get("gender") == ["male"] and person.get("passportNumber") == ["P123"]
    assert "Nationality: Atlantis" in person.get("notes")
    assert "wmd" in person.get("topics")
    sanction = next(e for e in result.entities if e.schema.name == "Sanction")
    assert sanction.get("listingDate") == ["2015-04-07"]


def test_record_without_name_is_rejected(tmp_path: Path) -> None:
    result = un_sc.parse(_tiny_list(tmp_path, "<DATAID>7</DATAID><FIRST_NAME/>"))
    assert result.entities == []
    assert [r.location for r in result.rejected] == ["INDIVIDUAL DATAID=7"]


def test_wrong_root_is_a_format_error(tmp_path: Path) -> None:
    with pytest.raises(SourceFormatError, match="root element"):
        un_sc.parse(_tiny_list(tmp_path, "<DATAID>1</DATAID>", root="OTHER"))


# --- damaged files ---------------------------------------------------------------------


@pytest.mark.parametrize("fraction", [0.0, 0.001, 0.33, 0.5, 0.999])
def test_truncated_file_raises(un_path: Path, tmp_path: Path, fraction: float) -> None:
    data = un_path.read_bytes()
    broken = tmp_path / "truncated.xml"
    broken.write_bytes(data[: int(len(data) * fraction)])
    with pytest.raises(SourceFormatError) as info:
        un_sc.parse(broken)
    assert str(broken) in str(info.value)


@pytest.fixture(scope="module")
def small_copy(raw: etree._ElementTree, tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The first 40 individuals and 15 entities of the real list, as a valid small file."""
    root = etree.fromstring(etree.tostring(raw.getroot()))
    for group, keep in (("INDIVIDUALS", 40), ("ENTITIES", 15)):
        parent = root.find(group)
        for child in list(parent)[keep:]:
            parent.remove(child)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


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
        result = un_sc.parse(path)
    except SourceFormatError:
        return
    assert len(result.targets()) + len(result.rejected) <= 55
