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

from collections.abc import Iterable
from typing import TYPE_CHECKING

from interlist.matching.names import (
    NameAnalysis,
    Token,
    capital_words,
    initials_of,
    latin_initials_of,
    letter_readings,
    naming_words,
    skeletons,
)
from interlist.matching.text import phonetic_code
from interlist.matching.vocabulary import (
    ACRONYM_KEY,
    CODE_HEAD_KEY,
    CODE_KEY,
    CODE_TAIL_KEY,
    CONTENT_KINDS,
    FIRST_TWO_KEY,
    FOLDED_KEY,
    GENERAL_COMPANY,
    GROUP_KEY,
    ID_KEY,
    JOINED_KEY,
    LAST_TWO_KEY,
    LEGAL,
    NUMBER,
    PERSON,
    SKELETON_KEY,
    STOP,
)

if TYPE_CHECKING:
    from interlist.matching.model import Analyzed

MAX_TRANSLATED_ACRONYMS = 64  # readings of a name's initials kept as keys, at most


def token_keys(t: Token) -> set[str]:
    """Keys of one content name part (none for particles, honorifics, legal forms...)."""
    if t.kind not in CONTENT_KINDS:
        return set()
    keys = {FOLDED_KEY + t.fold}
    if t.kind == NUMBER:
        return keys
    _spelling_keys(keys, t.fold, t.code)
    if t.alt:
        keys.add(FOLDED_KEY + t.alt)
        _spelling_keys(keys, t.alt, phonetic_code(t.alt))
    for skel in skeletons(t):
        if len(skel) > 1:
            keys.add(SKELETON_KEY + skel)
        if len(skel) > 2:
            keys.update(SKELETON_KEY + skel[:i] + skel[i + 1 :] for i in range(len(skel)))
    keys.update(GROUP_KEY + g for g in t.groups)
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
        keys.add(JOINED_KEY + name.joined)
    acronym = _acronym(name)
    if acronym:
        keys.add(ACRONYM_KEY + acronym)
    keys.update(ACRONYM_KEY + initials for initials in _translated_acronyms(name))
    keys.update(ACRONYM_KEY + initials for initials in _acronym_readings(name))
    return keys


def _acronym_readings(name: NameAnalysis) -> set[str]:
    """The Latin letters an organisation's name written as one word of Cyrillic
    capitals may stand for, letter by letter (АСК: ask and asc, for *Aviation Systems
    and Complexes*; see :func:`~interlist.matching.names.letter_readings`)."""
    if name.style == PERSON:
        return set()
    words = naming_words(name)
    if len(words) != 1 or words[0].script != "cyrillic":
        return set()
    word = words[0].text
    if word not in capital_words(name.text):
        return set()
    return _spellings(letter_readings(letter) for letter in word)


def _translated_acronyms(name: NameAnalysis) -> set[str]:
    """The initials a Latin organisation name may have in another script (Izhevsk
    Aviation Plant: iaz for ИАЗ, see :func:`~interlist.matching.align.translated_initials`),
    and those a Cyrillic one may have in Latin letters, for names of 3 to 6 words whose
    words allow few readings."""
    if name.style == PERSON:
        return set()
    words = naming_words(name)
    found = _initials_readings(words)
    with_company = [t for t in name.content if t.kind != STOP and (
        t.kind != LEGAL or t.family == GENERAL_COMPANY)]  # fmt: skip
    if len(with_company) > len(words):  # Siberian Service Company: ССК
        found |= _initials_readings(with_company)
    return found


def _initials_readings(words: list[Token]) -> set[str]:
    """:func:`_translated_acronyms` of these words."""
    if not 3 <= len(words) <= 6:
        return set()
    if all(t.script == "latin" for t in words):
        readings = initials_of
    elif all(t.script == "cyrillic" for t in words):
        readings = latin_initials_of  # Серовский Механический Завод: smp for SMP
    else:
        return set()
    return _spellings(readings(t.lat, t.groups) for t in words)


def _spellings(choices: Iterable[frozenset[str]]) -> set[str]:
    """Every string of one of each set of letters, in order; none when they are more
    than MAX_TRANSLATED_ACRONYMS (too many readings to index)."""
    found = {""}
    for letters in choices:
        found = {head + letter for head in found for letter in letters}
        if len(found) > MAX_TRANSLATED_ACRONYMS:
            return set()
    return found


def _acronym(name: NameAnalysis) -> str:
    """An organisation's initials ("pla"), or its only word if it may be initials."""
    if name.style == PERSON:
        return ""
    words = naming_words(name)
    if len(words) == 1 and 2 <= len(words[0].lat) <= 6:
        return words[0].lat
    return "".join(t.lat[0] for t in words) if len(words) > 1 else ""


def _spelling_keys(keys: set[str], fold: str, code: str) -> None:
    if len(fold) > 2:  # the first and last two letters: spelling varies in the middle
        keys.add(FIRST_TWO_KEY + fold[:2])
        keys.add(fold[-2:] + LAST_TWO_KEY)
    if len(code) > 1:
        keys.add(CODE_KEY + code)
    if len(code) > 2:  # one consonant class more, less or different keeps a key
        keys.update(CODE_KEY + code[:i] + code[i + 1 :] for i in range(len(code)))
    if len(code) > 3:
        keys.add(CODE_HEAD_KEY + code[:3])
        keys.add(CODE_TAIL_KEY + code[-3:])


def tokens_share_key(t: Token, u: Token) -> bool:
    """Whether two content parts share a key, trying the cheap keys first (the same keys
    :func:`name_keys` emits, so a True here means the names share a key)."""
    if t.kind not in CONTENT_KINDS or u.kind not in CONTENT_KINDS:
        return False
    if t.lat == u.lat or t.fold == u.fold or (t.groups and t.groups & u.groups):
        return True
    if t.kind == NUMBER or u.kind == NUMBER:
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
            keys.update(ID_KEY + v for v in values)
        entity._keys = keys
    return entity._keys


def shares_key(a: Analyzed, b: Analyzed) -> bool:
    """Whether two analysed entities share at least one blocking key."""
    return not index_keys(a).isdisjoint(index_keys(b))
