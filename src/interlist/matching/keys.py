"""Blocking keys: what a candidate index stores so that likely matches are found.

Each content name part gives its folded spelling (``f:``), its first and last two folded
letters (``^ab``, ``yz$``), its phonetic consonant code (``c:``, also with any one class
left out, and its first and last three classes ``c<``/``c>``), its Arabic-style consonant
skeleton (``s:``, also with any one letter left out) and its given-name groups (``g:``);
each name its joined spelling (``j:``) and, for organisations, its initials (``a:``);
each identifier its number (``i:``).
:func:`interlist.matching.compare.compare` never lets a pair that shares no key reach
the threshold, so a candidate index built on these keys misses no match.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from interlist.matching.names import NameAnalysis, Token, skeletons
from interlist.matching.text import phonetic_code

if TYPE_CHECKING:
    from interlist.matching.model import Analyzed

CONTENT: Final = frozenset({"name", "number", "patronymic", "generic"})


def token_keys(t: Token) -> set[str]:
    """Keys of one content name part (none for particles, honorifics, legal forms...)."""
    if t.kind not in CONTENT:
        return set()
    keys = {"f:" + t.fold}
    if t.kind == "number":
        return keys
    _spelling_keys(keys, t.fold, t.code)
    if t.alt:
        keys.add("f:" + t.alt)
        _spelling_keys(keys, t.alt, phonetic_code(t.alt))
    for skel in skeletons(t):
        if len(skel) > 1:
            keys.add("s:" + skel)
        if len(skel) > 2:
            keys.update("s:" + skel[:i] + skel[i + 1 :] for i in range(len(skel)))
    keys.update("g:" + g for g in t.groups)
    return keys


def name_keys(name: NameAnalysis) -> set[str]:
    """Keys of one analysed name."""
    keys: set[str] = set()
    for t in name.tokens:
        keys |= token_keys(t)
    return keys | whole_name_keys(name)


def whole_name_keys(name: NameAnalysis) -> set[str]:
    """Keys of a name as a whole: its joined spelling and, for organisations, its
    initials."""
    keys: set[str] = set()
    if name.joined:
        keys.add("j:" + name.joined)
    acronym = _acronym(name)
    if acronym:
        keys.add("a:" + acronym)
    return keys


def _acronym(name: NameAnalysis) -> str:
    """An organisation's initials ("pla"), or its only word if it may be initials."""
    if name.style == "person":
        return ""
    words = [t for t in name.content if t.kind not in ("stop", "legal")]
    if len(words) == 1 and 2 <= len(words[0].lat) <= 6:
        return words[0].lat
    return "".join(t.lat[0] for t in words) if len(words) > 1 else ""


def _spelling_keys(keys: set[str], fold: str, code: str) -> None:
    if len(fold) > 2:  # the first and last two letters: spelling varies in the middle
        keys.add("^" + fold[:2])
        keys.add(fold[-2:] + "$")
    if len(code) > 1:
        keys.add("c:" + code)
    if len(code) > 2:  # one consonant class more, less or different keeps a key
        keys.update("c:" + code[:i] + code[i + 1 :] for i in range(len(code)))
    if len(code) > 3:
        keys.add("c<" + code[:3])
        keys.add("c>" + code[-3:])


def tokens_share_key(t: Token, u: Token) -> bool:
    """Whether two content parts share a key, trying the cheap keys first (the same keys
    :func:`name_keys` emits, so a True here means the names share a key)."""
    if t.kind not in CONTENT or u.kind not in CONTENT:
        return False
    if t.lat == u.lat or t.fold == u.fold or (t.groups and t.groups & u.groups):
        return True
    if t.kind == "number" or u.kind == "number":
        return False
    for a in (t.fold, t.alt):
        for b in (u.fold, u.alt):
            if len(a) > 2 and len(b) > 2 and (a[:2] == b[:2] or a[-2:] == b[-2:]):
                return True  # the ^ab or yz$ key
    return not token_keys(t).isdisjoint(token_keys(u))


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
