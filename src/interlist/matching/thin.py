"""Name evidence too thin to identify anyone: two caps on the score, declared as
features in :data:`interlist.matching.features.FEATURES`.

- :func:`too_little`: a query name that holds too little to identify anyone (one common
  given name alone, initials alone, one letter repeated: "Mohammed", "J.", "AAAA").
- :func:`thin_alignment`: two person names whose alignment rests on too little: nothing
  agrees beyond a typo or an initial, or one part agrees while another only resembles
  its counterpart or is left over (john = john, ian ≈ chan; *Martin Jones* against the
  alias *Martin*), or a name in a syllable script (Han, Hangul) has a syllable the other
  name lacks (琳 健 戴 is not *Jian Dai*).
"""

from __future__ import annotations

from itertools import pairwise
from typing import Final

from rapidfuzz.distance import OSA

from interlist.matching.names import NameAnalysis, Token
from interlist.matching.tables import common_given_names, folded_honorifics, surname_endings
from interlist.matching.text import SYLLABLE_SCRIPTS
from interlist.matching.vocabulary import (
    INITIAL,
    JOINED_WORDS,
    NAME,
    NUMBER,
    ONLY_IN_CANDIDATE,
    ONLY_IN_QUERY,
    PATRONYMIC,
    PERSON,
    SAME,
    SAME_NAME,
    SAME_NUMBER,
    SPELLING,
    TRANSLIT,
    WRITTEN_APART,
)

# What a thin alignment's name score is capped at: a two-part name with one part
# different on each side (align.CONFLICT), below what a birth year or a country lifts
# (features.WEAK_SUPPORT_FLOOR); an exact birth date still lifts it to 0.8.
THIN_CAP: Final = 0.6
ONE_GIVEN_NAME: Final = "one common given name alone"
# Parts aligned for one of these reasons, at this similarity or more, agree.
_AGREES: Final = frozenset({SAME, SPELLING, TRANSLIT, SAME_NAME, SAME_NUMBER, WRITTEN_APART})
_AGREES_FROM: Final = 0.85
# A resemblance below this is two letters off or more (align.ONE_EDIT is one).
_TWO_OFF: Final = 0.8
_COUNTED: Final = frozenset({NAME, PATRONYMIC, NUMBER, INITIAL})
_LEFT: Final = frozenset({ONLY_IN_QUERY, ONLY_IN_CANDIDATE})


def _counted(token: object) -> bool:
    return isinstance(token, Token) and token.kind in _COUNTED


def _weightless_word(token: Token, other: NameAnalysis) -> bool:
    """Whether a part left over is a misspelt honorific, or a misspelling of a part the
    other name has but does not weigh (*Shekh* for its *Sheikh*, *Majoor* for *Major*)."""
    words = [t.fold for t in other.tokens if t.weight <= 0.0]
    for word in (*words, *folded_honorifics()):
        if OSA.distance(token.fold, word) <= (2 if len(word) >= 5 else 1):
            return True
    return False


def thin_alignment(pairs: list, left_name: NameAnalysis, right_name: NameAnalysis) -> str:
    """Why the aligned parts of two person names (align.Pair, left-overs included) are
    too little to identify anyone; "" when they are not."""
    agree = loose = left = syllables = 0
    far = initials = False
    for pair in pairs:
        if pair.reason == JOINED_WORDS:
            return ""
        if pair.reason in _LEFT:
            token = pair.left or pair.right
            other = right_name if pair.left is not None else left_name
            # A patronymic or a parent's name (after bin, ibn) one side leaves out is no
            # evidence against the rest (records and people often omit them), so it does
            # not make an alignment thin.
            if _counted(token) and not _lineage(token) and not _weightless_word(token, other):
                left += 1
            continue
        if not (_counted(pair.left) or _counted(pair.right)):
            continue
        if pair.left.script in SYLLABLE_SCRIPTS or pair.right.script in SYLLABLE_SCRIPTS:
            syllables += 1
        if pair.reason in _AGREES and pair.sim >= _AGREES_FROM and not _ending_apart(pair):
            agree += 1
        else:
            loose += 1
            far = far or pair.sim < _TWO_OFF
            initials = initials or pair.left.kind == INITIAL or pair.right.kind == INITIAL
    if syllables and left:
        return "a syllable of a name in a syllable script is left over"
    if agree == 0 and loose and (left or initials or (far and loose >= 2)):
        return "no part agrees beyond a typo or an initial"
    if agree == 1 and left:
        return "one part agrees, the rest differs or is left over"
    if agree == 1 and far and _crossed(pairs, left_name, right_name):
        return "one part agrees, another only resembles its counterpart, in another order"
    return ""


def _lineage(token: Token) -> bool:
    """Whether a part names a parent: a patronymic, or a name after bin/ibn/ould."""
    return token.kind == PATRONYMIC or token.parent


def _crossed(pairs: list, left_name: NameAnalysis, right_name: NameAnalysis) -> bool:
    """Whether the aligned parts stand in another order in the two names (a given name
    against a family name: *Russell Smith* and *Scott Russel*)."""
    order = []
    for pair in pairs:
        if isinstance(pair.left, Token) and isinstance(pair.right, Token):
            left = next((i for i, t in enumerate(left_name.tokens) if t is pair.left), -1)
            right = next((i for i, t in enumerate(right_name.tokens) if t is pair.right), -1)
            order.append((left, right))
    order.sort()
    return any(a[1] > b[1] for a, b in pairwise(order))


def _ending_apart(pair) -> bool:  # type: ignore[no-untyped-def]
    """Whether one part is the other with an ending that makes another family name."""
    a, b = pair.left.fold, pair.right.fold
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return len(short) >= 4 and long.startswith(short) and long[len(short) :] in surname_endings()


def _repeated(lat: str) -> bool:
    """One letter repeated ("aaaa"), or two over a long part ("ababab")."""
    distinct = len(set(lat))
    return lat.isalpha() and (
        (len(lat) >= 2 and distinct == 1) or (len(lat) >= 6 and distinct <= 2)
    )


def same_as_listed(reason: str, pairs: list) -> bool:
    """Whether a query of one common given name (`reason`) is kept (with a note): every
    part of the two names agrees (the same, in another spelling or script), nothing is
    left over, so the list names someone so."""
    if reason != ONE_GIVEN_NAME or not pairs:
        return False
    return all(p.reason in _AGREES and p.sim >= _AGREES_FROM for p in pairs)


def too_little(name: NameAnalysis) -> str:
    """Why a query name holds too little to identify anyone; "" when it does not."""
    parts = [t for t in name.content if t.kind in _COUNTED]
    if not parts:
        return ""
    if all(t.kind == INITIAL for t in parts):
        return "initials only"
    if all(_repeated(t.lat) for t in parts):
        return "letters repeated"
    if name.style == PERSON and len(parts) == 1 and parts[0].lat in common_given_names():
        return ONE_GIVEN_NAME
    return ""
