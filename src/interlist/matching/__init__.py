"""Name and entity matching across scripts.

``analyze`` an entity once, ``compare`` it with many candidates, and get a
:class:`Match` with a score in [0, 1], the decision at :data:`DEFAULT_THRESHOLD`, and
an explanation listing which name parts were aligned with which and why. ``index_keys``
gives the blocking keys a candidate index needs. See docs/matching.md.
"""

from interlist.matching.compare import compare, format_explanation
from interlist.matching.entity import Analyzed, analyze
from interlist.matching.keys import index_keys
from interlist.matching.model import DEFAULT_THRESHOLD, Feature, Match

__all__ = [
    "DEFAULT_THRESHOLD",
    "Analyzed",
    "Feature",
    "Match",
    "analyze",
    "compare",
    "format_explanation",
    "index_keys",
]
