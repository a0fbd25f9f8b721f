"""The matcher xref uses: interlist.matching by default, any object of the same shape in tests."""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from interlist.matching import Analyzed, Match


class Matcher(Protocol):
    """What xref needs from a matcher (the interface of interlist.matching)."""

    threshold: float

    def analyze(self, entity: Any) -> Analyzed: ...

    def compare(self, left: Analyzed, right: Analyzed) -> Match: ...

    def index_keys(self, analysis: Analyzed) -> set[str]: ...

    def can_match(self, left: str, right: str) -> bool: ...


class DefaultMatcher:
    """interlist.matching, imported on first use."""

    def __init__(self) -> None:
        self._m: Any = import_module("interlist.matching")
        self.threshold: float = float(self._m.DEFAULT_THRESHOLD)

    def analyze(self, entity: Any) -> Analyzed:
        found: Analyzed = self._m.analyze(entity)
        return found

    def compare(self, left: Analyzed, right: Analyzed) -> Match:
        found: Match = self._m.compare(left, right)
        return found

    def index_keys(self, analysis: Analyzed) -> set[str]:
        return set(self._m.index_keys(analysis))

    def can_match(self, left: str, right: str) -> bool:
        """Whether entities of these schemata can be the same (the rule screening and
        the matcher use)."""
        return bool(self._m.can_match(left, right))
