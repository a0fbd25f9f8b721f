"""The matcher's features, declared once (:data:`FEATURES`), and the checks of the
evidence beyond the name: birth dates, countries, gender and identifier numbers.

Each check compares the two analysed entities and gives a score saying how well the
values agree (None when one side lacks them); :func:`checks` gives the scores alone,
:func:`explained` each as a :class:`Feature` with the values it read.
:mod:`interlist.matching.compare` turns a score into an effect on the match score with
the check's declared pull and push. The score, the explanation, the API's ``matcher``
documentation and the feature table of docs/matching.md (:func:`docs_table`) all come
from :data:`FEATURES`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from interlist.matching.model import Analyzed, Feature
from interlist.matching.vocabulary import (
    BIRTH_DATE,
    COUNTRY,
    GENDER,
    IDENTIFIER,
    NAME_FEATURE,
    NO_SHARED_KEY,
    SCHEMA,
    THIN_NAME,
    TOO_LITTLE,
)

# How two dates relate (_date_relation), and the score of each relation.
SAME, SWAPPED, OTHER_DAY, YEAR, NEXT_YEAR, APART, UNREADABLE = range(7)
_DATE_SCORES: Final = (1.0, 0.8, 0.0, 0.7, 0.3, 0.0, 0.0)


def _year_range(value: str) -> tuple[int, int] | None:
    """(first, last) year of a date, a year, or a range like 1960/1965 or 1960..1965."""
    for sep in ("..", "/"):
        if sep in value:
            a, _, b = value.partition(sep)
            ya, yb = _year_range(a.strip()), _year_range(b.strip())
            return (ya[0], yb[1]) if ya and yb else None
    if len(value) == 9 and value[4] == "-" and value[:4].isdigit() and value[5:].isdigit():
        return int(value[:4]), int(value[5:])
    head = value[:4]
    return (int(head), int(head)) if head.isdigit() else None


# The year ranges of the dates met, read once per process (a century has some 36,500
# dates); (-1, -1) for a date with no year to read.
_YEARS: Final[dict[str, tuple[int, int]]] = {}
_YEARS_MAX: Final = 200_000
_NO_YEARS: Final = (-1, -1)


def _years_of(value: str) -> tuple[int, int] | None:
    """:func:`_year_range`, remembered."""
    found = _YEARS.get(value)
    if found is None:
        if len(_YEARS) >= _YEARS_MAX:
            _YEARS.clear()
        found = _YEARS[value] = _year_range(value) or _NO_YEARS
    return None if found[0] < 0 else found


def _date_relation(a: str, b: str) -> int:
    """How two dates relate (SAME ... UNREADABLE)."""
    if a == b and len(a) == 10:
        return SAME
    ra, rb = _years_of(a), _years_of(b)
    if ra is None or rb is None:
        return UNREADABLE
    if len(a) == 10 and len(b) == 10 and a[:4] == b[:4] and a[5:7] == b[8:10] and a[8:10] == b[5:7]:
        return SWAPPED
    if ra[0] <= rb[1] and rb[0] <= ra[1]:
        return OTHER_DAY if len(a) == 10 and len(b) == 10 else YEAR
    return NEXT_YEAR if _years_apart(ra, rb) == 1 else APART


def _years_apart(ra: tuple[int, int], rb: tuple[int, int]) -> int:
    """How many years two year ranges that do not overlap are apart."""
    return min(abs(ra[0] - rb[1]), abs(rb[0] - ra[1]))


def _date_detail(a: str, b: str, relation: int) -> str:
    if relation == SAME:
        return f"{a} (same date)"
    if relation == SWAPPED:
        return f"{a}~{b} (day and month swapped)"
    if relation == OTHER_DAY:
        return f"{a}≠{b} (same year, other day)"
    if relation == YEAR:
        return f"{a}~{b} (year agrees)"
    if relation == NEXT_YEAR:
        return f"{a}~{b} (one year apart)"
    ra, rb = _years_of(a), _years_of(b)
    if relation == APART and ra is not None and rb is not None:
        return f"{a}≠{b} ({_years_apart(ra, rb)} years apart)"
    return ""


def _best_dates(q: Analyzed, c: Analyzed) -> tuple[float, str, str]:
    """The best-agreeing pair of birth dates: its score and the two dates."""
    best = (-1.0, "", "")
    for a in q.birth_dates:
        for b in c.birth_dates:
            score = _DATE_SCORES[_date_relation(a, b)]
            if score > best[0]:
                best = (score, a, b)
    return best


def birth_date_score(q: Analyzed, c: Analyzed) -> float | None:
    """Best agreement of any two birth dates: exact, year, range, day/month swap."""
    if not q.birth_dates or not c.birth_dates:
        return None
    return _best_dates(q, c)[0]


def birth_date(q: Analyzed, c: Analyzed) -> Feature | None:
    """:func:`birth_date_score`, explained."""
    if not q.birth_dates or not c.birth_dates:
        return None
    score, a, b = _best_dates(q, c)
    detail = _date_detail(a, b, _date_relation(a, b))
    return Feature(BIRTH_DATE, 0.0, score, detail or "dates not comparable")


def _agreement(a: frozenset[str], b: frozenset[str]) -> float | None:
    """Two sets of values: any shared value agrees (1.0), disjoint sets disagree (0.0);
    None when one side has none."""
    if not a or not b:
        return None
    return 0.0 if a.isdisjoint(b) else 1.0


def country_score(q: Analyzed, c: Analyzed) -> float | None:
    """Nationality/citizenship/country: any shared value agrees, disjoint sets disagree."""
    return _agreement(q.countries, c.countries)


def country(q: Analyzed, c: Analyzed) -> Feature | None:
    """:func:`country_score`, explained."""
    score = country_score(q, c)
    if score is None:
        return None
    if score:
        shared = ", ".join(sorted(q.countries & c.countries))
        return Feature(COUNTRY, 0.0, 1.0, f"{shared} (shared)")
    detail = f"{','.join(sorted(q.countries))}≠{','.join(sorted(c.countries))}"
    return Feature(COUNTRY, 0.0, 0.0, detail)


def gender_score(q: Analyzed, c: Analyzed) -> float | None:
    """Gender: agreement is weak evidence, a difference strong evidence against."""
    return _agreement(q.genders, c.genders)


def gender(q: Analyzed, c: Analyzed) -> Feature | None:
    """:func:`gender_score`, explained."""
    score = gender_score(q, c)
    if score is None:
        return None
    if score:
        return Feature(GENDER, 0.0, 1.0, "same gender")
    return Feature(GENDER, 0.0, 0.0, f"{'/'.join(sorted(q.genders))}≠{'/'.join(sorted(c.genders))}")


def _all_ids(entity: Analyzed) -> frozenset[str]:
    return frozenset().union(*entity.ids.values())


def identifiers_score(q: Analyzed, c: Analyzed) -> float | None:
    """Identifier numbers: any equal number (of any kind) agrees; otherwise a different
    number of the same kind (two passports) disagrees."""
    if not q.ids or not c.ids:
        return None
    if not _all_ids(q).isdisjoint(_all_ids(c)):
        return 1.0
    return 0.0 if q.ids.keys() & c.ids.keys() else None


def identifiers(q: Analyzed, c: Analyzed) -> Feature | None:
    """:func:`identifiers_score`, explained."""
    score = identifiers_score(q, c)
    if score is None:
        return None
    if score:
        equal = ", ".join(sorted(_all_ids(q) & _all_ids(c)))
        return Feature(IDENTIFIER, 0.0, 1.0, f"{equal} (same number)")
    kind = next(iter(q.ids.keys() & c.ids.keys()))
    detail = f"{kind}: {','.join(sorted(q.ids[kind]))}≠{','.join(sorted(c.ids[kind]))}"
    return Feature(IDENTIFIER, 0.0, 0.0, detail)


class Declared:
    """A feature of the matcher: its name (that of the explanation's :class:`Feature`),
    what it means, and its coefficient, how far it moves the score: 1 for the name (the
    score starts from it); for a check, the share of the way to 1 an agreement pulls the
    score or, for a check only a disagreement moves, minus what a disagreement
    subtracts; -1 for a schema that cannot match (the score is 0); 0 for a missing
    shared key (it caps the score below the threshold, by no fixed amount)."""

    __slots__ = ("coefficient", "description", "name")

    def __init__(self, name: str, description: str, coefficient: float) -> None:
        self.name, self.description, self.coefficient = name, description, coefficient


class Check(Declared):
    """A check of the evidence beyond the name: its score and its explanation, the pull
    of an agreement (the share of the way to 1), the push of a disagreement (what it
    subtracts), and the lowest name score a full agreement lifts."""

    __slots__ = ("explain", "lifts_from", "pull", "push", "score")

    def __init__(
        self,
        name: str,
        description: str,
        score: Callable[[Analyzed, Analyzed], float | None],
        explain: Callable[[Analyzed, Analyzed], Feature | None],
        pull: float,
        push: float,
        lifts_from: float = 0.0,
    ) -> None:
        super().__init__(name, description, pull if pull else -push)
        self.score, self.explain = score, explain
        self.pull, self.push, self.lifts_from = pull, push, lifts_from


# Weak agreement (a birth year only, a shared country) lifts only a name score from
# this on: a two-part name with one part different on each side scores 0.6 (one agrees,
# the other conflicts, see align.CONFLICT), and millions share a birth year and a country.
WEAK_SUPPORT_FLOOR: Final = 0.61

# The checks, in the order their effects apply.
CHECKS: Final[tuple[Check, ...]] = (
    Check(
        IDENTIFIER,
        "Same or different passport / national id / registry number.",
        identifiers_score,
        identifiers,
        pull=0.8,
        push=0.15,
    ),
    Check(
        BIRTH_DATE,
        "Birth dates agree (exact, year, range, day-month swapped).",
        birth_date_score,
        birth_date,
        pull=0.5,
        push=0.35,
        lifts_from=0.5,  # a shared birth date alone does not make a name match
    ),
    Check(GENDER, "Gender agrees or disagrees.", gender_score, gender, pull=0.0, push=0.25),
    Check(
        COUNTRY,
        "Nationality or country agrees or disagrees.",
        country_score,
        country,
        pull=0.1,
        push=0.1,
        lifts_from=WEAK_SUPPORT_FLOOR,  # a country is shared by too many to lift more
    ),
)
CHECK_BY_NAME: Final[dict[str, Check]] = {check.name: check for check in CHECKS}

# Every feature an explanation may list, in the order the documentation gives them.
FEATURES: Final[tuple[Declared, ...]] = (
    Declared(NAME_FEATURE, "Best alignment of the name parts across scripts and spellings.", 1.0),
    *CHECKS,
    Declared(SCHEMA, "The query's type cannot match the candidate's type.", -1.0),
    Declared(NO_SHARED_KEY, "No name part or number agrees exactly in any form.", 0.0),
    Declared(
        THIN_NAME,
        "Person names that agree in too little (typos or initials only, one part agreeing "
        "beside one differing or left over, a syllable left over): name score capped at 0.6.",
        0.0,
    ),
    Declared(
        TOO_LITTLE,
        "The query holds too little to identify anyone (a common given name alone, "
        "initials, letters repeated): the score is capped below the threshold.",
        0.0,
    ),
)


def docs_table() -> str:
    """The feature table of docs/matching.md, as the declarations give it."""
    lines = [
        "| feature | coefficient | agreement pulls | disagreement pushes | meaning |",
        "|---|---|---|---|---|",
    ]
    for feature in FEATURES:
        pull = push = "—"
        if isinstance(feature, Check):
            pull, push = f"{feature.pull:.2f}", f"{feature.push:.2f}"
        lines.append(
            f"| `{feature.name}` | {feature.coefficient:+.2f} | {pull} | {push} "
            f"| {feature.description} |"
        )
    return "\n".join(lines)


def checks(q: Analyzed, c: Analyzed) -> list[tuple[str, float]]:
    """The scores of the checks both sides have values for, in the order their effects
    apply (that of :func:`explained`)."""
    found: list[tuple[str, float]] = []
    if q.has_details and c.has_details:
        for check in CHECKS:
            score = check.score(q, c)
            if score is not None:
                found.append((check.name, score))
    return found


def explained(q: Analyzed, c: Analyzed) -> list[Feature]:
    """The checks both sides have values for, in order, each with what it read."""
    if not (q.has_details and c.has_details):
        return []
    found: list[Feature] = []
    for check in CHECKS:
        feature = check.explain(q, c)
        if feature is not None:
            found.append(feature)
    return found
