"""Dates as list publishers write them, turned into FtM date prefixes.

FollowTheMoney stores dates as prefixes of ISO 8601: ``YYYY``, ``YYYY-MM`` or
``YYYY-MM-DD``. Publishers write "08 Feb 1980", "Nov. 1973", "circa 1970",
"1960 to 1965" or "between 1955 and 1958". :func:`parse_date_text` turns such a
text into the list of dates it stands for (empty when it cannot tell), and
:func:`year_range` spells out a range of years the way the parser contract asks:
every year when it spans at most ten years, else only its two ends.
"""

from __future__ import annotations

# The longest range of years spelt out year by year; longer ones keep their two ends.
MAX_SPELT_RANGE = 10
MIN_YEAR, MAX_YEAR = 1800, 2100

MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january", "janvier", "enero"),
            ("feb", "february", "fevrier", "février", "febrero"),
            ("mar", "march", "mars", "marzo"),
            ("apr", "april", "avril", "abril"),
            ("may", "mai", "mayo"),
            ("jun", "june", "juin", "junio"),
            ("jul", "july", "juillet", "julio"),
            ("aug", "august", "aout", "août", "agosto"),
            ("sep", "sept", "september", "septembre", "septiembre"),
            ("oct", "october", "octobre", "octubre"),
            ("nov", "november", "novembre", "noviembre"),
            ("dec", "december", "decembre", "décembre", "diciembre"),
        ),
        start=1,
    )
    for name in names
}

# Words that only say the date is approximate: "circa 1970" is 1970.
HEDGES = frozenset({"circa", "ca", "c", "approximately", "approx", "about", "around", "between"})
RANGE_WORDS = (" to ", " and ", " - ", " or ")


def year_range(start: int, end: int) -> list[str]:
    """The years of a range: all of them up to ten years' span, else the two ends."""
    if end < start:
        start, end = end, start
    if end - start <= MAX_SPELT_RANGE:
        return [str(year) for year in range(start, end + 1)]
    return [str(start), str(end)]


def parse_date_text(text: str | None) -> list[str]:
    """Every FtM date a publisher's date text stands for; [] when it is not a date."""
    if not text:
        return []
    clean = " ".join(text.lower().replace(",", " ").replace(".", " ").split())
    iso = _iso(clean)
    if iso:
        return [iso]
    for word in RANGE_WORDS:
        if word in clean:
            first, _, second = clean.partition(word)
            return _range(first, second)
    if _is_year_span(clean):
        first, _, second = clean.partition("-")
        return _range(first, second)
    single = _single(clean.split())
    return [single] if single else []


def _iso(text: str) -> str | None:
    """YYYY, YYYY-MM, YYYY-MM-DD (and a trailing time zone as in '2015-04-07-04:00')."""
    parts = text.split("-")
    if not parts[0].isdigit() or len(parts[0]) != 4 or not _is_year(int(parts[0])):
        return None
    if len(parts) == 1:
        return parts[0]
    if not all(p.isdigit() and len(p) == 2 for p in parts[1:3]):
        return None
    month = int(parts[1])
    day = int(parts[2]) if len(parts) > 2 else None
    if not 1 <= month <= 12 or (day is not None and not 1 <= day <= 31):
        return None
    return "-".join(parts[:3])


def _is_year_span(text: str) -> bool:
    """'1960-1965'."""
    first, sep, second = text.partition("-")
    return bool(sep) and len(first) == len(second) == 4 and first.isdigit() and second.isdigit()


def _range(first: str, second: str) -> list[str]:
    """Both ends of 'X to Y'; bare years make a year range; 'Aug and Sep 1977' borrows the year."""
    end = _single(second.split())
    if end is None:
        return []
    first_tokens = first.split()
    start = _single(first_tokens)
    if start is None and first_tokens and first_tokens[-1] in MONTHS:
        start = _single([*first_tokens, end[:4]])
    if start is None:
        return []
    if len(start) == 4 and len(end) == 4:
        return year_range(int(start), int(end))
    return sorted({start, end})


def _single(tokens: list[str]) -> str | None:
    """One date from words such as ['08', 'feb', '1980'], ['nov', '1973'], ['circa', '1970']."""
    tokens = [t for t in tokens if t not in HEDGES]
    if not tokens:
        return None
    if len(tokens) == 1:
        return _iso(tokens[0])
    year = tokens[-1]
    if not (year.isdigit() and len(year) == 4 and _is_year(int(year))):
        return None
    month = MONTHS.get(tokens[-2])
    if month is None:
        return None
    if len(tokens) == 2:
        return f"{year}-{month:02d}"
    day = tokens[-3]
    if len(tokens) == 3 and day.isdigit() and 1 <= int(day) <= 31:
        return f"{year}-{month:02d}-{int(day):02d}"
    return None


def _is_year(year: int) -> bool:
    return MIN_YEAR <= year <= MAX_YEAR
