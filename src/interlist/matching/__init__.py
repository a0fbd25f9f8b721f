"""Name and entity matching across scripts.

``analyze`` an entity once, ``compare`` it with many candidates, and get a
:class:`Match` with a score in [0, 1], the decision at :data:`DEFAULT_THRESHOLD`, and
an explanation listing which name parts were aligned with which and why. ``index_keys``
gives the blocking keys a candidate index needs; ``name_keys``, ``token_keys``,
``whole_name_keys``, ``joined_spans`` and ``skeletons`` the keys of one name or part,
with the key prefixes, for an index that keeps keys per name (the screening index).
``can_match`` says whether two schemata can match, for every caller. ``FEATURES``
declares the features an explanation lists. See docs/matching.md.
"""

from interlist.matching.native import check_build

check_build()  # before the compiled modules load: a stale build would run old code

from interlist.matching.align import joined_spans  # noqa: E402
from interlist.matching.compare import compare, format_explanation, matches_above  # noqa: E402
from interlist.matching.entity import analyze, can_match, warm_up  # noqa: E402
from interlist.matching.features import FEATURES, Declared  # noqa: E402
from interlist.matching.keys import index_keys, name_keys, token_keys, whole_name_keys  # noqa: E402
from interlist.matching.model import DEFAULT_THRESHOLD, Analyzed, Feature, Match  # noqa: E402
from interlist.matching.names import NameAnalysis, Token, skeletons  # noqa: E402
from interlist.matching.text import script_of  # noqa: E402
from interlist.matching.vocabulary import (  # noqa: E402
    CODE_KEY,
    DELETION_KEY,
    FOLDED_KEY,
    GROUP_KEY,
    ID_KEY,
    PARTICLE,
    SEARCH_SCHEMATA,
    SKELETON_KEY,
    TARGET_SCHEMATA,
)


def forget_remembered() -> None:
    """Forget what the matcher remembers about name parts and dates (each cache is
    bounded; every entry is made again on its next use)."""
    from interlist.matching import align, features, names

    align.clear_similarities()
    names._KEY_IDS.clear()  # part numbers stay unique: their counter goes on
    features._YEARS.clear()


__all__ = [
    "CODE_KEY",
    "DEFAULT_THRESHOLD",
    "DELETION_KEY",
    "FEATURES",
    "FOLDED_KEY",
    "GROUP_KEY",
    "ID_KEY",
    "PARTICLE",
    "SEARCH_SCHEMATA",
    "SKELETON_KEY",
    "TARGET_SCHEMATA",
    "Analyzed",
    "Declared",
    "Feature",
    "Match",
    "NameAnalysis",
    "Token",
    "analyze",
    "can_match",
    "compare",
    "forget_remembered",
    "format_explanation",
    "index_keys",
    "joined_spans",
    "matches_above",
    "name_keys",
    "script_of",
    "skeletons",
    "token_keys",
    "warm_up",
    "whole_name_keys",
]
