"""The result of a comparison: a score, the decision, and the features that explain it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# A score at or above this is reported as a possible match that a person should review.
DEFAULT_THRESHOLD = 0.7


@dataclass(frozen=True)
class Feature:
    """One piece of evidence: its name, weight (effect on the score), score and detail."""

    name: str
    weight: float
    score: float
    detail: str

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "weight": round(self.weight, 4), "score": round(self.score, 4),
                "detail": self.detail}


@dataclass(frozen=True)
class Match:
    """The outcome of comparing a query with a candidate."""

    score: float
    threshold: float = DEFAULT_THRESHOLD
    explanation: list[Feature] = field(default_factory=list)

    @property
    def is_match(self) -> bool:
        return self.score >= self.threshold

    def to_dict(self) -> dict[str, Any]:
        return {"score": round(self.score, 4), "threshold": self.threshold,
                "is_match": self.is_match, "explanation": [f.to_dict() for f in self.explanation]}
