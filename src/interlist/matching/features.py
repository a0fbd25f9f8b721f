"""Evidence beyond the name: birth dates, countries, gender and identifier numbers.

Each function compares the two analysed entities and returns a :class:`Feature` (or
None when one side lacks the data). The feature's ``score`` says how well the values
agree; :mod:`interlist.matching.compare` turns it into an effect on the match score.
"""

from __future__ import annotations

from interlist.matching.entity import Analyzed
from interlist.matching.model import Feature


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


def _date_agreement(a: str, b: str) -> tuple[float, str]:
    if a == b and len(a) == 10:
        return 1.0, f"{a} (same date)"
    ra, rb = _year_range(a), _year_range(b)
    if ra is None or rb is None:
        return 0.0, ""
    if len(a) == 10 and len(b) == 10 and a[:4] == b[:4] and a[5:7] == b[8:10] and a[8:10] == b[5:7]:
        return 0.8, f"{a}~{b} (day and month swapped)"
    if ra[0] <= rb[1] and rb[0] <= ra[1]:
        if len(a) == 10 and len(b) == 10:
            return 0.0, f"{a}≠{b} (same year, other day)"
        return 0.7, f"{a}~{b} (year agrees)"
    gap = min(abs(ra[0] - rb[1]), abs(rb[0] - ra[1]))
    if gap == 1:
        return 0.3, f"{a}~{b} (one year apart)"
    return 0.0, f"{a}≠{b} ({gap} years apart)"


def birth_date(q: Analyzed, c: Analyzed) -> Feature | None:
    """Best agreement of any two birth dates: exact, year, range, day/month swap."""
    if not q.birth_dates or not c.birth_dates:
        return None
    best = max(
        (_date_agreement(a, b) for a in q.birth_dates for b in c.birth_dates), key=lambda r: r[0]
    )
    return Feature("birth_date", 0.0, best[0], best[1] or "dates not comparable")


def country(q: Analyzed, c: Analyzed) -> Feature | None:
    """Nationality/citizenship/country: any shared value agrees, disjoint sets disagree."""
    if not q.countries or not c.countries:
        return None
    shared = q.countries & c.countries
    if shared:
        return Feature("country", 0.0, 1.0, f"{', '.join(sorted(shared))} (shared)")
    detail = f"{','.join(sorted(q.countries))}≠{','.join(sorted(c.countries))}"
    return Feature("country", 0.0, 0.0, detail)


def gender(q: Analyzed, c: Analyzed) -> Feature | None:
    """Gender: agreement is weak evidence, a difference strong evidence against."""
    if not q.genders or not c.genders:
        return None
    if q.genders & c.genders:
        return Feature("gender", 0.0, 1.0, "same gender")
    return Feature(
        "gender", 0.0, 0.0, f"{'/'.join(sorted(q.genders))}≠{'/'.join(sorted(c.genders))}"
    )


def identifiers(q: Analyzed, c: Analyzed) -> Feature | None:
    """Identifier numbers: any equal number (of any kind) agrees; otherwise a different
    number of the same kind (two passports) disagrees."""
    if not q.ids or not c.ids:
        return None
    q_all = frozenset().union(*q.ids.values())
    c_all = frozenset().union(*c.ids.values())
    equal = q_all & c_all
    if equal:
        return Feature("identifier", 0.0, 1.0, f"{', '.join(sorted(equal))} (same number)")
    for kind in q.ids.keys() & c.ids.keys():
        detail = f"{kind}: {','.join(sorted(q.ids[kind]))}≠{','.join(sorted(c.ids[kind]))}"
        return Feature("identifier", 0.0, 0.0, detail)
    return None
