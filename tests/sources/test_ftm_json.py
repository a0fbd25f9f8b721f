"""FtM JSON lines: written by write_entities, read back by the parser, with the same
entities; bad lines and records reported; sniffing only JSON-lines files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from interlist.errors import SourceFormatError
from interlist.sources import detect, ftm_json
from interlist.sources.gb_ofsi import parser as gb_ofsi
from interlist.sources.national_csv import parser as national_csv
from tests.sources.damage import damaged_copy

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "national_example.csv"


def export(entities, target: Path) -> Path:
    with target.open("w", encoding="utf-8") as fh:
        assert ftm_json.write_entities(entities, fh) == len(entities)
    return target


@pytest.fixture(scope="module")
def uk_entities(lists_dir: Path):
    return gb_ofsi.parse(lists_dir / "uk" / "ConList_fragment_2020.csv").entities


def properties(entities) -> dict[str, tuple[str, dict]]:
    """id -> (schema, {prop: sorted values}): what an FtM export must keep."""
    return {
        e.id: (e.schema.name, {p: sorted(v) for p, v in e.to_dict()["properties"].items()})
        for e in entities
    }


def test_round_trip_keeps_ids_schemata_and_values(tmp_path: Path, uk_entities):
    target = export(uk_entities, tmp_path / "uk-export.ftm.json")
    result = ftm_json.parse(target)
    assert result.source.name == "ftm_uk_export"
    assert not result.rejected
    assert properties(result.entities) == properties(uk_entities)
    assert all(e.dataset.name == "ftm_uk_export" for e in result.entities)


def test_round_trip_keeps_interlist_topics(tmp_path: Path):
    entities = national_csv.parse(FIXTURE).entities
    result = ftm_json.parse(export(entities, tmp_path / "national.jsonl"))
    assert properties(result.entities) == properties(entities)
    assert any("wmd" in e.get("topics", quiet=True) for e in result.entities)


def test_each_line_is_one_opensanctions_style_object(tmp_path: Path):
    entities = national_csv.parse(FIXTURE).entities
    target = export(entities, tmp_path / "out.json")
    lines = target.read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(entities)
    first = json.loads(lines[0])
    assert {"id", "schema", "properties", "datasets"} <= set(first)


def test_bad_records_are_rejected_with_their_line(tmp_path: Path):
    lines = [
        {"id": "a-1", "schema": "Person", "properties": {"name": ["Anna Example"]}},
        {"schema": "Person", "properties": {"name": ["No Id"]}},
        {"id": "a-2", "schema": "Spaceship", "properties": {}},
        {"id": "a-3", "schema": "Person", "properties": {"name": ["B"], "wingspan": ["3"]}},
        {"id": "a-1", "schema": "Person", "properties": {"alias": ["Anya"]}},
        {"id": "a-4", "schema": "Person", "properties": {"birthDate": ["someday"]}},
    ]
    target = tmp_path / "mixed.jsonl"
    target.write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    result = ftm_json.parse(target)
    assert [e.id for e in result.entities] == ["a-1", "a-3", "a-4"]
    assert result.entities[0].get("alias") == ["Anya"]  # the same id on two lines: merged
    assert [r.location for r in result.rejected] == ["line 2", "line 3", "line 4", "line 6"]
    assert "wingspan" in result.rejected[2].reason
    assert "someday" in result.rejected[3].reason


def test_a_line_that_is_not_json_names_its_line(tmp_path: Path):
    target = tmp_path / "broken.jsonl"
    target.write_text('{"id": "x", "schema": "Person", "properties": {}}\n{"id": \n')
    with pytest.raises(SourceFormatError, match="line 2"):
        ftm_json.parse(target)


def test_source_name_from_file_name():
    assert ftm_json.source_for(Path("EU-FSF 2024.ftm.json")).name == "ftm_eu_fsf_2024"
    assert ftm_json.source_for(Path("entities.jsonl")).name == "ftm_entities"


def test_sniff_true_for_ftm_lines_even_with_a_long_first_line(tmp_path: Path):
    target = tmp_path / "long.jsonl"
    line = {"id": "x", "schema": "Person", "properties": {"notes": ["n" * 9000]}}
    target.write_text(json.dumps(line) + "\n", encoding="utf-8")
    assert ftm_json.sniff(target, target.read_bytes()[:4096])
    other = tmp_path / "other.json"
    other.write_text('{"type": "FeatureCollection"}\n')
    assert not ftm_json.sniff(other, other.read_bytes())


def test_sniff_claims_no_list_file(lists_dir: Path):
    paths = [p for p in lists_dir.rglob("*") if p.is_file()] + [FIXTURE]
    for path in paths:
        assert not ftm_json.sniff(path, path.read_bytes()[:4096]), path


def test_truncated_export_raises_source_format_error(tmp_path: Path, uk_entities):
    data = export(uk_entities, tmp_path / "full.jsonl").read_bytes()
    for cut in (len(data) // 2, len(data) - 5):
        while data[cut - 1 : cut] == b"\n":
            cut += 1
        copy = tmp_path / f"cut_{cut}.jsonl"
        copy.write_bytes(data[:cut])
        with pytest.raises(SourceFormatError, match="line"):
            ftm_json.parse(copy)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_random_damage_gives_result_or_source_format_error(tmp_path: Path, uk_entities, data):
    original = b"".join(json.dumps(e.to_dict()).encode() + b"\n" for e in uk_entities[:30])
    copy = damaged_copy(original, data, tmp_path / "damaged.jsonl")
    try:
        result = ftm_json.parse(copy)
    except SourceFormatError:
        return
    assert len(result.entities) <= 30


def test_registry_detects_an_export(tmp_path: Path):
    target = export(national_csv.parse(FIXTURE).entities, tmp_path / "export.ftm.json")
    assert detect(target) is ftm_json.FORMAT
