"""Name and entity matching across scripts.

``analyze`` an entity once, ``compare`` it with many candidates, and get a
:class:`Match` with a score in [0, 1], the decision at :data:`DEFAULT_THRESHOLD`, and
an explanation listing which name parts were aligned with which and why. ``index_keys``
gives the blocking keys a candidate index needs. See docs/matching.md.
"""

from interlist.matching.native import check_build

check_build()  # before the compiled modules load: a stale build would run old code

from interlist.matching.compare import compare, format_explanation  # noqa: E402
from interlist.matching.entity import analyze  # noqa: E402
from interlist.matching.keys import index_keys  # noqa: E402
from interlist.matching.model import DEFAULT_THRESHOLD, Analyzed, Feature, Match  # noqa: E402

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
