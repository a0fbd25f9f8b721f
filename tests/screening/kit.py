"""Small databanks for screening and API tests: a handful of made-up profiles in two
sources, or the real UN list (parsed and loaded directly, without the folder scan)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from sqlalchemy import Engine

from interlist.model import add_topic, make_entity
from interlist.screening.storage import build
from interlist.settings import Settings
from interlist.sources import un_sc
from interlist.store.ingest import file_sha256, load
from tests.factory import TEST_SOURCE, parsed, person

OTHER_SOURCE = replace(TEST_SOURCE, name="other_list", title="Other list")
UN_FILE = "un/UN_consolidated_2026-02-27.xml"


def organization(entity_id: str, name: str, source: str = "test_list", **props: object):  # type: ignore[no-untyped-def]
    entity = make_entity("Organization", entity_id, source)
    entity.add("name", name)
    for prop, values in props.items():
        entity.add(prop, values)
    return entity


def load_small(engine: Engine) -> None:
    """Six profiles in `test_list`, two in `other_list`, names in several scripts."""
    bin_laden = person("t-1", "Osama bin Laden", birthDate="1957-03-10", nationality="sa")
    bin_laden.add("alias", "أسامة بن لادن")
    add_topic(bin_laden, "crime.terror")
    putin = person("t-2", "Vladimir Vladimirovich Putin", birthDate="1952-10-07")
    putin.add("alias", "Владимир Путин")
    add_topic(putin, "sanction")
    people = [
        bin_laden,
        putin,
        person("t-3", "Ihor Kravchenko", passportNumber="FA123456"),
        person("t-4", "Maria Garcia Lopez", birthDate="1980"),
        organization("t-5", "Alfa Trading LLP", country="kz"),
        organization("t-6", "Korea Hengjin Trading Company"),
    ]
    load(engine, parsed(*people), "small-1", "test")
    others = [
        person("o-1", "Ivan Petrov", source="other_list", birthDate="1970"),
        person("o-2", "Osama bin Laden", source="other_list", birthDate="1957"),
    ]
    load(engine, parsed(*others, info=OTHER_SOURCE, path="other.csv"), "other-1", "test")


def load_un(engine: Engine, lists_dir: Path) -> None:
    """The real UN Security Council list."""
    path = lists_dir / UN_FILE
    load(engine, un_sc.FORMAT.parse(path), file_sha256(path), un_sc.FORMAT.name)


def settings_for(home: Path, url: str) -> Settings:
    """Settings of a test databank, without authentication."""
    return Settings(home=home, database_url=url, auth_required=False)


__all__ = ["OTHER_SOURCE", "build", "load_small", "load_un", "organization", "settings_for"]
