"""The matcher xref uses: interlist.matching by default, any object of the same shape in tests."""

from __future__ import annotations

from importlib import import_module
from typing import Any, Protocol


class Matcher(Protocol):
    """What xref needs from a matcher (the interface of interlist.matching)."""

    threshold: float

    def analyze(self, entity: Any) -> Any: ...

    def compare(self, left: Any, right: Any) -> Any: ...

    def index_keys(self, analysis: Any) -> set[str]: ...


class DefaultMatcher:
    """interlist.matching, imported on first use."""

    def __init__(self) -> None:
        self._m: Any = import_module("interlist.matching")
        self.threshold: float = float(self._m.DEFAULT_THRESHOLD)

    def analyze(self, entity: Any) -> Any:
        return self._m.analyze(entity)

    def compare(self, left: Any, right: Any) -> Any:
        return self._m.compare(left, right)

    def index_keys(self, analysis: Any) -> set[str]:
        return set(self._m.index_keys(analysis))
