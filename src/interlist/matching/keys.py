"""Blocking keys: what a candidate index stores so that likely matches are found.

Each content name part gives its folded spelling (``f:``), its phonetic consonant code
(``c:``, and its first and last three classes ``c<``/``c>``), its Arabic-style consonant skeleton (``s:``) and its given-name groups
(``g:``); each name its joined spelling (``j:``); each identifier its number (``i:``).
:func:`interlist.matching.compare.compare` never lets a pair that shares no key reach
the threshold, so a candidate index built on these keys misses no match.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from interlist.matching.names import NameAnalysis

if TYPE_CHECKING:
    from interlist.matching.entity import Analyzed

_CONTENT = frozenset({"name", "number", "patronymic", "generic"})


def name_keys(name: NameAnalysis) -> set[str]:
    """Keys of one analysed name."""
    keys = set()
    for t in name.tokens:
        if t.kind not in _CONTENT:
            continue
        keys.add("f:" + t.fold)
        if t.kind == "number":
            continue
        code = t.code
        if len(code) > 1:
            keys.add("c:" + code)
        if len(code) > 3:  # a spelling difference at one end keeps the other end's key
            keys.add("c<" + code[:3])
            keys.add("c>" + code[-3:])
        if len(t.skel) > 1:
            keys.add("s:" + t.skel)
        keys.update("g:" + g for g in t.groups)
    if name.joined:
        keys.add("j:" + name.joined)
    return keys


def index_keys(entity: Analyzed) -> set[str]:
    """All blocking keys of an analysed entity (computed once, then kept)."""
    if entity._keys is None:
        keys: set[str] = set()
        for names in entity.names.values():
            for name in names:
                keys |= name_keys(name)
        for values in entity.ids.values():
            keys.update("i:" + v for v in values)
        entity._keys = keys
    return entity._keys


def shares_key(a: Analyzed, b: Analyzed) -> bool:
    """Whether two analysed entities share at least one blocking key."""
    return not index_keys(a).isdisjoint(index_keys(b))
