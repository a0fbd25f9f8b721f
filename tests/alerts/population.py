"""Generated monitored subjects: people on no list (names, birth dates and nationalities
of ../shared/data/bench/negatives recombined) plus listed persons spelled otherwise,
planted so that each must alert. Shared by the end-to-end test and the benchmark."""

from __future__ import annotations

import csv
import random
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, select

from interlist.store import tables as t

NEGATIVES = ("negatives_global_1k.csv", "negatives_us_1k.csv")


def negatives(data: Path) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    for name in NEGATIVES:
        with open(data / "bench/negatives" / name, encoding="utf-8") as fh:
            rows.extend(csv.DictReader(fh))
    return rows


def _script(text: str) -> str:
    letter = next((c for c in text if c.isalpha()), "a")
    return unicodedata.name(letter, "LATIN").split()[0]


def innocents(data: Path, count: int, seed: int = 18) -> Iterator[dict[str, str]]:
    """`count` people on no list: a first name and a last name of the same script from
    two different negatives, a birth date and a nationality from a third."""
    rows = negatives(data)
    by_script: dict[str, list[dict[str, str]]] = {}
    for row in rows:
        if row["first_name"] and row["last_name"]:
            by_script.setdefault(_script(row["last_name"]), []).append(row)
    scripts = sorted(by_script)
    rng = random.Random(seed)
    for number in range(count):
        group = by_script[rng.choice(scripts)]
        first, last, other = rng.choice(group), rng.choice(group), rng.choice(rows)
        name = f"{first['first_name']} {last['last_name']}"
        born, country = other["date_of_birth"], other["nationality"]
        yield {"id": f"N-{number:07d}", "name": name, "birth_date": born, "nationality": country}


def otherwise(name: str) -> str:
    """A listed name spelled otherwise: its parts in another order, in lower case, and a
    letter left out of its longest part."""
    parts = [p for p in name.replace(",", " ").split() if p]
    longest = max(range(len(parts)), key=lambda i: len(parts[i]))
    word = parts[longest]
    if len(word) > 6:
        parts[longest] = word[:3] + word[4:]
    return " ".join([*parts[1:], parts[0]]).lower()


def listed_people(
    conn: Connection, source: str, count: int, seed: int = 18
) -> list[dict[str, Any]]:
    """`count` listed persons of a source with a birth date: (id, name, birth date)."""
    s = t.statement.c
    query = select(s.entity_id, s.prop, s.value).where(
        s.source == source, s.schema == "Person", s.prop.in_(("name", "birthDate")),
        s.active.is_(True),
    )  # fmt: skip
    people: dict[str, dict[str, Any]] = {}
    for eid, prop, value in conn.execute(query):
        people.setdefault(eid, {"entity_id": eid}).setdefault(prop, value)
    usable = sorted(
        (p for p in people.values() if "name" in p and len(p.get("birthDate", "")) == 10
         and len(p["name"].split()) >= 2), key=lambda p: p["entity_id"],
    )  # fmt: skip
    return random.Random(seed).sample(usable, count)


def planted(people: list[dict[str, Any]]) -> list[dict[str, str]]:
    """One subject per listed person, spelled otherwise, same birth date."""
    return [
        {"id": f"L-{n:04d}", "name": otherwise(p["name"]), "birth_date": p["birthDate"]}
        for n, p in enumerate(people)
    ]
