"""Evidence beyond the names, to tell apart candidates whose match scores tie.

The matcher's score saturates: a UK entry "ANSAR AL SHARIA" scores 1.0 against
two UN entries carrying that alias, whatever else the records say. What else
they say is gathered here as *detail tokens*: the words of notes, addresses,
places of birth and positions, and pairs of adjacent words ("in benghazi");
countries by name (so "Operates in Tunisia" meets the country ``tn``); dates
and years; identifier numbers. Names are left out: they are what tied.

:class:`Evidence` weighs the detail tokens two records share by their rarity
over all targets of the run (inverse document frequency): a shared "Benghazi"
counts, a shared "in" hardly. :meth:`Evidence.prefers` says whether an entity
clearly prefers one of two tied candidates on the detail that tells them apart.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import lru_cache
from itertools import pairwise

from followthemoney.types import registry
from normality import normalize

from interlist.resolution.crossref import normalize_number
from interlist.resolution.targets import Target, bracketed

# What `mine` shares only with the chosen candidate must weigh at least MIN_GAP (a
# token held by 1 in 100 targets) and WIN_FACTOR times what it shares only with a rival.
WIN_FACTOR = 3.0
MIN_GAP = math.log(100)

# Names (they tied), name parts, references to other entities and bookkeeping.
SKIPPED_PROPS = frozenset(
    {"firstName", "secondName", "middleName", "lastName", "programId", "modifiedAt"}
)
SKIPPED_TYPES = frozenset({"name", "entity", "topic", "url", "json", "mimetype", "language"})
METADATA_DATES = frozenset({"createdAt", "modifiedAt", "retrievedAt", "publishedAt"})
_WORDS = re.compile(r"\w{2,}")


def detail_tokens(target: Target) -> frozenset[str]:
    """The detail tokens of a target: words of free text, countries, dates, numbers."""
    found: set[str] = set()
    for prop, values in target.properties.items():
        if prop in SKIPPED_PROPS:
            continue
        schema_prop = target.schema.get(prop)
        kind = schema_prop.type.name if schema_prop is not None else "string"
        if kind in SKIPPED_TYPES:
            continue
        for value in values:
            found.update(_tokens(kind, prop, value))
    return frozenset(found)


def main_names(target: Target) -> frozenset[str]:
    """The target's main names (``name``, with a bracketed part split off), each as its
    sorted words: "KOSAR, Pejman" and "Pejman KOSAR" are one main name."""
    found = set()
    for name in target.properties.get("name", []):
        for text in (name, *bracketed(name)):
            words = _plain_words(text)
            if words:
                found.add(" ".join(sorted(words)))
    return frozenset(found)


def _tokens(kind: str, prop: str, value: str) -> Iterable[str]:
    if kind == "country":
        code = value.strip().lower()
        return _words(_country_name(code) or code)  # "tn" -> "tunisia", as in free text
    if kind == "date":
        if prop in METADATA_DATES:
            return []
        day = value.strip()[:10]
        return [f"d:{day}", f"y:{day[:4]}"] if len(day) == 10 else [f"y:{day[:4]}"]
    if kind == "identifier":
        number = normalize_number(value)
        return [f"n:{number}"] if number else []
    return _words(value)


@lru_cache(maxsize=512)
def _country_name(code: str) -> str:
    return registry.country.caption(code) or ""


def _words(text: str) -> list[str]:
    """Words and pairs of adjacent words ("in benghazi", "benghazi libya")."""
    words = _plain_words(text)
    return [*words, *(f"{a} {b}" for a, b in pairwise(words))]


def _plain_words(text: str) -> list[str]:
    """The words of a text (two letters or more), lower case, in ASCII."""
    return _WORDS.findall(normalize(text, lowercase=True, ascii=True) or "")


class Evidence:
    """Detail tokens of every target of a run, weighed by how rare they are."""

    def __init__(self, targets: Sequence[Target]) -> None:
        self.tokens = {t.id: detail_tokens(t) for t in targets}
        self.names = {t.id: main_names(t) for t in targets}
        counts = Counter(tok for toks in self.tokens.values() for tok in toks)
        total = max(len(self.tokens), 1)
        self.idf = {tok: math.log(total / n) for tok, n in counts.items()}

    def weight(self, tokens: Iterable[str]) -> float:
        return sum(self.idf.get(tok, 0.0) for tok in tokens)

    def prefers(self, mine: str, chosen: str, rival: str) -> bool:
        """Whether `mine` shares clearly more detail with `chosen` than with `rival`.

        Only what tells the two apart counts: the detail `mine` shares with `chosen`
        and not with `rival` (gain) must weigh at least MIN_GAP and WIN_FACTOR times
        the detail it shares with `rival` and not with `chosen` (loss). And if `rival`
        bears one of the main names of `mine` while `chosen` bears none, names and
        detail disagree and nothing is preferred (a cover name listed apart, matched
        through an alias, may share its parent's address).
        """
        empty: frozenset[str] = frozenset()
        names = self.names.get(mine, empty)
        if names & self.names.get(rival, empty) and not names & self.names.get(chosen, empty):
            return False
        own = self.tokens.get(mine, empty)
        a, b = own & self.tokens.get(chosen, empty), own & self.tokens.get(rival, empty)
        gain, loss = self.weight(a - b), self.weight(b - a)
        return gain >= MIN_GAP and gain >= WIN_FACTOR * loss
