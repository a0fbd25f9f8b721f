"""What the matcher works with: an analysed entity, and the result of a comparison (a
score, the decision, and the features that explain it)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final

from interlist.matching.names import NameAnalysis

# A score at or above this is reported as a possible match that a person should review.
DEFAULT_THRESHOLD: Final = 0.7


class Feature:
    """One piece of evidence: its name, weight (effect on the score), score and detail."""

    __slots__ = ("detail", "name", "score", "weight")

    def __init__(self, name: str, weight: float, score: float, detail: str) -> None:
        self.name, self.weight, self.score, self.detail = name, weight, score, detail

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "weight": round(self.weight, 4),
            "score": round(self.score, 4),
            "detail": self.detail,
        }

    def __repr__(self) -> str:
        return f"<Feature {self.name} {self.weight:+.3f} {self.detail!r}>"


class Match:
    """The outcome of comparing a query with a candidate.

    The explanation is built when first read: screening many candidates only pays for
    the texts of the matches someone looks at.
    """

    __slots__ = ("_explain", "_explanation", "score", "threshold")

    def __init__(
        self,
        score: float,
        threshold: float = DEFAULT_THRESHOLD,
        explain: Callable[[], list[Feature]] | list[Feature] | None = None,
    ) -> None:
        self.score = score
        self.threshold = threshold
        self._explain = explain
        self._explanation: list[Feature] | None = explain if isinstance(explain, list) else None

    @property
    def is_match(self) -> bool:
        return self.score >= self.threshold

    @property
    def explanation(self) -> list[Feature]:
        """Features ordered by how much they moved the score (largest first)."""
        if self._explanation is None:
            features = self._explain() if callable(self._explain) else []
            self._explanation = sorted(features, key=lambda f: -abs(f.weight))
        return self._explanation

    def to_dict(self) -> dict[str, Any]:
        return {
            "score": round(self.score, 4),
            "threshold": self.threshold,
            "is_match": self.is_match,
            "explanation": [f.to_dict() for f in self.explanation],
        }

    def __repr__(self) -> str:
        return f"<Match {self.score:.3f} {'match' if self.is_match else 'no match'}>"


_NONE: Final[frozenset[str]] = frozenset()
NO_IDS: Final[dict[str, frozenset[str]]] = {}  # shared by every entity without numbers


class Analyzed:
    """An entity analysed for matching (:func:`interlist.matching.entity.analyze` makes
    it): its names in each comparison style, and the evidence besides them, read once
    and compared with many."""

    __slots__ = (
        "_keys",
        "birth_dates",
        "countries",
        "genders",
        "has_details",
        "ids",
        "names",
        "schema",
    )

    def __init__(self, schema: str) -> None:
        self.schema = schema
        self.names: dict[str, tuple[NameAnalysis, ...]] = {}
        self.birth_dates: tuple[str, ...] = ()
        self.countries: frozenset[str] = _NONE
        self.genders: frozenset[str] = _NONE
        self.ids: dict[str, frozenset[str]] = NO_IDS
        self._keys: set[str] | None = None  # the blocking keys, made on first use
        self.has_details = False  # any birth date, country, gender or number

    def __reduce__(self) -> tuple:
        """Pickled as its values, the same for compiled and interpreted code (see
        :meth:`interlist.matching.names.Token.__reduce__`); the keys are made again."""
        values = (self.birth_dates, self.countries, self.genders, self.ids, self.has_details)
        return _analyzed_again, (self.schema, self.names, values)

    def __repr__(self) -> str:
        return f"<Analyzed {self.schema} {[n.text for n in next(iter(self.names.values()))]}>"


def _analyzed_again(
    schema: str, names: dict[str, tuple[NameAnalysis, ...]], values: tuple
) -> Analyzed:
    """A pickled :class:`Analyzed` again."""
    entity = Analyzed(schema)
    entity.names = names
    entity.birth_dates, entity.countries, entity.genders, ids, entity.has_details = values
    entity.ids = ids or NO_IDS
    return entity
