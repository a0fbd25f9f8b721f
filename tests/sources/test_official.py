"""resources/official_lists.yml is the one declaration of each source's metadata.

Every SourceInfo a parser module holds is declared there exactly once, and what the
parsers put on a ParsedSource is that declaration.
"""

from __future__ import annotations

from collections import Counter
from importlib import import_module, resources
from pathlib import Path

import pytest
import yaml

from interlist.errors import SourceError
from interlist.sources import PARSER_MODULES, parse
from interlist.sources.base import SourceInfo
from interlist.sources.official import RESOURCE, official_files, official_lists, source_info

CSL_HEADER = (
    "_id,source,entity_number,type,programs,name,title,addresses,federal_register_notice,"
    "start_date,end_date,standard_order,license_requirement,license_policy,call_sign,"
    "vessel_type,gross_tonnage,gross_registered_tonnage,vessel_flag,vessel_owner,remarks,"
    "source_list_url,alt_names,citizenships,dates_of_birth,nationalities,places_of_birth,"
    "source_information_url,ids"
)
OFSI_HEADER = (
    "Name 6,Name 1,Name 2,Name 3,Name 4,Name 5,Title,DOB,Town of Birth,Country of Birth,"
    "Nationality,Passport Details,NI Number,Position,Address 1,Address 2,Address 3,"
    "Address 4,Address 5,Address 6,Post/Zip Code,Country,Other Information,Group Type,"
    "Alias Type,Regime,Listed On,Last Updated,Group ID"
)
# One small file per declared source, named as the publisher names it.
SAMPLES = {
    "un_sc": (
        "consolidated.xml",
        '<CONSOLIDATED_LIST dateGenerated="2026-02-27T00:00:00.000Z">'
        "<INDIVIDUALS/><ENTITIES/></CONSOLIDATED_LIST>",
    ),
    "us_ofac_sdn": (
        "sdn.csv",
        '36,"AEROCARIBBEAN AIRLINES",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n\x1a',
    ),
    "us_ofac_cons": (
        "consolidated.xml",
        "<sdnList><publshInformation><Publish_Date>05/06/2024</Publish_Date>"
        "<Record_Count>0</Record_Count></publshInformation></sdnList>",
    ),
    "us_csl": (
        "consolidated.csv",
        CSL_HEADER + "\nabc1,Entity List (EL) - Bureau of Industry and Security,,Entity,,"
        "ACME TRADING,,,,,,,,,,,,,,,,,,,,,,,\n",
    ),
    "gb_ofsi": (
        "ConList.csv",
        "Last Updated,01/04/2022\n" + OFSI_HEADER + "\nACME TRADING,,,,,,,,,,,,,,,,,,,,,,,"
        "Entity,Primary name,Russia,01/04/2022,01/04/2022,1\n",
    ),
}


def _parser_sources() -> list[SourceInfo]:
    """Every SourceInfo held at module level by a parser module."""
    found = []
    for name in PARSER_MODULES:
        module = import_module(name)
        found += [v for v in vars(module).values() if isinstance(v, SourceInfo)]
    return found


def test_every_parser_source_is_declared_once_with_the_same_values() -> None:
    text = resources.files("interlist").joinpath(RESOURCE).read_text(encoding="utf-8")
    declared = Counter(item["source"] for item in yaml.safe_load(text))
    sources = _parser_sources()
    assert {s.name for s in sources} == set(declared)
    for info in sources:
        assert declared[info.name] == 1, info.name
        assert info == source_info(info.name)
        assert info.title and info.publisher and info.url


def test_parsed_files_carry_the_declared_source(tmp_path: Path) -> None:
    assert set(SAMPLES) == set(official_lists())
    for name, (file, text) in SAMPLES.items():
        path = tmp_path / name / file
        path.parent.mkdir()
        path.write_text(text, encoding="utf-8")
        assert parse(path).source == source_info(name), name


def test_declaration_is_read_once() -> None:
    assert official_lists() is official_lists()
    assert source_info("un_sc") is official_lists()["un_sc"].info


def test_unknown_source_names_the_file() -> None:
    with pytest.raises(SourceError, match=r"official_lists\.yml: no source named nowhere"):
        source_info("nowhere")


def test_each_source_downloads_its_main_file_from_its_url() -> None:
    for name, declared in official_lists().items():
        main = declared.files[0]
        assert (main.source, main.url) == (name, declared.info.url)
    assert [f.file for f in official_files() if f.source == "us_ofac_sdn"] == [
        "sdn.csv",
        "alt.csv",
        "add.csv",
        "sdn_comments.csv",
    ]
