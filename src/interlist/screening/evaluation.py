"""Measuring screening: recall on a list's own names (as written, with one typo, and in
other scripts found through the Latin names only), false alarms on known negatives, and
agreement of index-backed with exhaustive screening.

Used by ``benchmarks/screening.py`` and by the tests (on small samples).
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from interlist.matching import script_of
from interlist.screening.candidates import Candidate
from interlist.screening.index import ScreeningIndex
from interlist.screening.screen import ScreenOptions, screen, screen_exhaustive

NAME_PROPS = ("name", "alias", "previousName")


@dataclass(frozen=True)
class Case:
    """A name of a listed profile, to be screened and found again."""

    entity_id: str
    schema: str
    name: str


def list_cases(index: ScreeningIndex, source: str, props: Iterable[str] = NAME_PROPS) -> list[Case]:
    """Every name and alias of every profile of `source`."""
    wanted = tuple(props)
    cases: list[Case] = []
    for pos, sets in enumerate(index.datasets):
        if source not in sets:
            continue
        props_of = index.props(pos)
        names = {n for p in wanted for n in props_of.get(p, [])}
        cases.extend(Case(index.ids[pos], index.schemata[pos], n) for n in sorted(names))
    return cases


def other_script_cases(
    candidates: Iterable[Candidate], source: str
) -> tuple[list[Candidate], list[Case]]:
    """The names of `source`'s profiles written in a script other than Latin, as cases,
    and the candidates without them: each case must then be found through its profile's
    Latin names, as another state's list spelling the name in its own script would be.
    Profiles left with no name are left out."""
    kept: list[Candidate] = []
    cases: list[Case] = []
    for candidate in candidates:
        entity = candidate.entity
        if source in entity.datasets:
            for prop in NAME_PROPS:
                values = entity.get(prop, quiet=True)
                other = sorted(v for v in values if in_other_script(v))
                if other:
                    cases.extend(Case(entity.id, entity.schema.name, v) for v in other)
                    entity.set(prop, [v for v in values if not in_other_script(v)], quiet=True)
            if not any(entity.get(p, quiet=True) for p in NAME_PROPS):
                continue
        kept.append(candidate)
    return kept, cases


def in_other_script(name: str) -> bool:
    """Whether a letter of the name is not a Latin letter (accented ones are Latin)."""
    return any(char.isalpha() and script_of(char) != "latin" for char in name)


def typo(name: str, rng: random.Random) -> str:
    """The name with one typing error in one letter: replaced, dropped, doubled or swapped."""
    letters = [i for i, c in enumerate(name) if c.isalpha()]
    if len(letters) < 4:
        return name
    i = rng.choice(letters[1:-1])
    kind = rng.choice(("replace", "drop", "double", "swap"))
    if kind == "replace":
        pool = [c for c in name if c.isalpha() and c.lower() != name[i].lower()] or ["x"]
        return name[:i] + rng.choice(pool) + name[i + 1 :]
    if kind == "drop":
        return name[:i] + name[i + 1 :]
    if kind == "double":
        return name[:i] + name[i] + name[i:]
    j = i + 1 if name[i + 1].isalpha() else i - 1
    a, b = sorted((i, j))
    return name[:a] + name[b] + name[a] + name[b + 1 :]


def with_typos(cases: Iterable[Case], seed: int = 4) -> Iterator[Case]:
    """Each case with one typo (deterministic for a seed)."""
    rng = random.Random(seed)
    for case in cases:
        yield Case(case.entity_id, case.schema, typo(case.name, rng))


@dataclass
class Recall:
    """How many cases found their own profile as a match, and which did not."""

    found: int = 0
    total: int = 0
    misses: list[Case] = field(default_factory=list)

    @property
    def rate(self) -> float:
        return self.found / self.total if self.total else 0.0


def recall(index: ScreeningIndex, cases: Iterable[Case], options: ScreenOptions) -> Recall:
    """Screen each case's name; a case is found if its own profile is a match."""
    result = Recall()
    for case in cases:
        query = {"schema": case.schema, "properties": {"name": [case.name]}}
        hits = screen(index, query, options)
        result.total += 1
        own = any(
            h.match and case.entity_id in (index.ids[h.position], *index.referents[h.position])
            for h in hits
        )
        if own:
            result.found += 1
        else:
            result.misses.append(case)
    return result


def disagreements(
    index: ScreeningIndex, queries: Iterable[dict], options: ScreenOptions
) -> list[tuple[dict, list[str], list[str]]]:
    """Queries whose index-backed matches differ from exhaustive comparison's."""
    out = []
    for query in queries:
        fast = [index.ids[h.position] for h in screen(index, query, options) if h.match]
        full = [index.ids[h.position] for h in screen_exhaustive(index, query, options) if h.match]
        if fast != full:
            out.append((query, fast, full))
    return out
