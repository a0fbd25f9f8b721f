"""Cheap bounds of a part similarity: whether two name parts can be similar enough to be
aligned at all, told from counts of their letters without comparing them in full.

Screening compares a query with candidates whose parts are mostly nothing like the
query's, and across scripts each such comparison tries several readings and skeletons
(:func:`interlist.matching.align.token_similarity`). Every route by which a pair of
parts reaches a similarity rests on a normalised edit distance (OSA) of two of their
forms reaching some level. An edit distance is at least the number of letters one form
has beyond the letters the two forms have in common (counted with repeats), so the
letters each form holds, kept as bits, bound every one of those similarities from
above. :func:`may_align` is False only when each route is bounded below what it needs:
the pair is then surely below the similarity from which parts are aligned.
"""

from __future__ import annotations

from typing import Final

from interlist.matching.names import Token, skeletons
from interlist.matching.text import SYLLABIC, SYLLABLE_SCRIPTS
from interlist.matching.vocabulary import INITIAL, LEGAL, NUMBER

# The levels the routes of token_similarity need (align.py), for the pair to reach
# MIN_SIM (0.55): a spelling across scripts from CROSS_WEAK (0.4) with equal phonetic
# codes, from MIN_SIM without; against an abjad, skeletons from CROSS_WEAK / 0.9 and
# MIN_SIM / 0.9; a name in a syllable script from CROSS_CODE_SIM (0.88).
_WEAK: Final = 0.4
_LEAST: Final = 0.55
_SKELETON: Final = 0.9
_SYLLABLES: Final = 0.88
_SLACK: Final = 1e-9  # a bound is compared with what floating point computes
_ONES: Final = [bin(n).count("1") for n in range(1 << 16)]


def _bit(char: str, merged: bool) -> int:
    """A letter's bit: a-z, A-Z one each; other characters share a few bits, which only
    raises the bounds. `merged`: r as l and S as s (syllable keys as the Hangul and
    Indic romanisations variously write them)."""
    code = ord(char)
    if merged and (char == "r" or char == "S"):
        code = ord("l") if char == "r" else ord("s")
    if 97 <= code <= 122:
        return 1 << (code - 97)
    if 65 <= code <= 90:
        return 1 << (code - 39)
    return 1 << (52 + code % 9)


class Bag:
    """The letters of one or more forms of a part: the letters some form has once or
    more, twice or more and three times or more (as bits), the letters beyond three of
    one kind in any form, and the shortest form's length. Compared with another bag it
    bounds the letters any form of one has in common with any form of the other."""

    __slots__ = ("excess", "least", "once", "thrice", "twice")

    def __init__(self, forms: list[str], merged: bool = False) -> None:
        self.once = self.twice = self.thrice = self.excess = 0
        self.least = min(len(form) for form in forms)
        for form in forms:
            self._add(form, merged)

    def _add(self, form: str, merged: bool) -> None:
        once = twice = thrice = 0
        for char in form:
            bit = _bit(char, merged)
            if twice & bit:
                thrice |= bit
            elif once & bit:
                twice |= bit
            else:
                once |= bit
        self.once |= once
        self.twice |= twice
        self.thrice |= thrice
        self.excess = max(self.excess, len(form) - _ones(once) - _ones(twice) - _ones(thrice))


def _ones(bits: int) -> int:
    if bits < 0x100000000:
        return _ONES[bits & 0xFFFF] + _ONES[bits >> 16]
    return (
        _ONES[bits & 0xFFFF]
        + _ONES[(bits >> 16) & 0xFFFF]
        + _ONES[(bits >> 32) & 0xFFFF]
        + _ONES[bits >> 48]
    )


def _common_at_most(x: Bag, y: Bag) -> int:
    """An upper bound of the letters a form of `x` and a form of `y` have in common,
    counted with repeats: the OSA distance of the two is at least the longer one's
    length less these (a swap of neighbours moves letters both have)."""
    return _common(x.once, x.twice, x.thrice, x.excess, y.once, y.twice, y.thrice, y.excess)


def _similarity_at_most(x: Bag, y: Bag, slack: int = 0) -> float:
    """An upper bound of the normalised OSA similarity of a form of `x` and one of `y`
    (`slack`: either may also be compared one letter shorter)."""
    longest = max(x.least, y.least) - slack
    return 1.0 if longest <= 0 else _common_at_most(x, y) / longest


class Profile:
    """What :func:`may_align` reads of a part, gathered once: its kind and script as
    flags, the forms it compares by equality (numbers standing for them first), and the
    letters of the forms a comparison reads by similarity: its spellings (folded, second
    reading, glides read as vowels), its folded and written forms, its consonant
    skeletons, its syllables. The letters most pairs are told apart by (the folded form
    and the spellings) are kept in the profile itself, read without a further object."""

    __slots__ = (
        "abjad",
        "code",
        "final_s",
        "fold",
        "fold_excess",
        "fold_number",
        "fold_once",
        "fold_thrice",
        "fold_twice",
        "groups",
        "has_groups",
        "head",
        "indic",
        "lat",
        "lat_number",
        "place",
        "refolded",
        "script",
        "skel",
        "skeletons",
        "special",
        "spelling_excess",
        "spelling_least",
        "spelling_once",
        "spelling_thrice",
        "spelling_twice",
        "syllabic",
        "syllable_script",
        "syllables",
        "written",
    )

    def __init__(self, t: Token) -> None:
        script = t.script
        self.special = t.kind in _SPECIAL  # compared by their own rules
        self.syllabic = script in SYLLABIC
        self.syllable_script = script in SYLLABLE_SCRIPTS
        self.indic = script == "indic"
        self.abjad = t.abjad
        self.place = script == "cyrillic" and t.alt.endswith("sk")  # align._place_similarity
        self.script = script
        self.lat = t.lat
        self.lat_number = _number(t.lat)
        fold = self.fold = t.fold
        self.fold_number = _number(fold)
        self.code = t.code
        self.skel = t.skel
        self.groups = t.groups
        self.has_groups = bool(t.groups)
        spellings = [fold, fold.replace("J", "i").replace("v", "u")]
        if t.alt:
            spellings.append(t.alt)
        bag = Bag(spellings)
        self.spelling_once, self.spelling_twice = bag.once, bag.twice
        self.spelling_thrice, self.spelling_excess = bag.thrice, bag.excess
        self.spelling_least = bag.least
        bag = Bag([fold])
        self.fold_once, self.fold_twice = bag.once, bag.twice
        self.fold_thrice, self.fold_excess = bag.thrice, bag.excess
        self.refolded = t.lat != fold  # folding changed the written form
        self.written = Bag([t.lat])
        self.final_s = fold.endswith("s")
        self.head = fold[:3]
        self.skeletons = Bag(list(skeletons(t)))
        self.syllables = Bag([t.syllables], merged=True)


_SPECIAL: Final = frozenset({NUMBER, LEGAL, INITIAL})


def _number(form: str) -> int:
    """A number standing for a form: equal forms have equal numbers."""
    return hash(form) & 0xFFFFFFFFFFFF


def profile(t: Token) -> Profile:
    """A part's profile, made on first use and kept with the part."""
    found = t._profile
    if found is None:
        found = t._profile = Profile(t)
    return found


def may_align(a: Token, b: Token) -> bool:
    """False only when token_similarity(a, b) is surely below MIN_SIM (0.55)."""
    x, y = profile(a), profile(b)
    if x.special or y.special or (x.syllabic and y.syllabic):
        return True  # numbers, legal forms, initials; characters compared one by one
    if x.fold_number == y.fold_number and x.fold == y.fold:
        return True
    if x.lat_number == y.lat_number and x.lat == y.lat:
        return True
    if x.has_groups and y.has_groups:
        return not x.groups.isdisjoint(y.groups)
    if x.script == y.script:
        return _may_be_typo(x, y)
    return _may_be_transliteration(x, y)


def _common(
    once: int, twice: int, thrice: int, excess: int, once2: int, twice2: int, thrice2: int,
    excess2: int,
) -> int:  # fmt: skip
    """:func:`_common_at_most` of two bags given as their numbers (the letters once or
    more, twice or more, three times or more, and beyond three of one kind)."""
    common = _ones(once & once2)
    both = twice & twice2
    if both:
        common += _ones(both)
        both = thrice & thrice2
        if both:
            common += _ones(both)
    return common + min(excess, excess2)


def _may_be_typo(x: Profile, y: Profile) -> bool:
    """In one script a part reaches MIN_SIM only as a typo of the other (align._typos,
    of the folded forms, or of the written ones where folding changed either) or with
    a Baltic ending (align._baltic)."""
    common = _common(
        x.fold_once, x.fold_twice, x.fold_thrice, x.fold_excess,
        y.fold_once, y.fold_twice, y.fold_thrice, y.fold_excess,
    )  # fmt: skip
    if _may_be_slip(x.fold, y.fold, common):
        return True
    refolded = x.refolded or y.refolded
    if refolded and _may_be_slip(x.lat, y.lat, _common_at_most(x.written, y.written)):
        return True
    return _may_be_baltic(x, y) or _may_be_baltic(y, x)


def _may_be_slip(p: str, q: str, common: int) -> bool:
    """Whether two spellings (with at most `common` letters in common) may be a typo
    apart as align._typos counts one: a fifth of the longer one's letters, or one edit
    (which keeps the first or the last letter of a word of three letters or more), or
    two keeping the first letter (words of four letters or more)."""
    if not p or not q:
        return True
    longest = max(len(p), len(q))
    edits = longest - common
    if edits <= 0.2 * longest + _SLACK:
        return True
    if edits <= 1 and (longest <= 2 or p[0] == q[0] or p[-1] == q[-1]):
        return True
    return edits <= 2 and p[0] == q[0] and min(len(p), len(q)) >= 4


def _may_be_baltic(long: Profile, short: Profile) -> bool:
    """align._baltic's first test: one or two letters more, an s at the end, the same
    first three letters."""
    extra = len(long.fold) - len(short.fold)
    return 0 < extra <= 2 and long.final_s and long.head == short.head


def _may_be_transliteration(x: Profile, y: Profile) -> bool:
    """Across scripts (align._cross_script): a reading of the spelling close enough, or
    equal or close consonant skeletons; a syllable script's syllables."""
    if x.place or y.place:
        return True  # compared with the place it names (align._place_similarity)
    syllabic = x.syllable_script or y.syllable_script
    least = _SYLLABLES if syllabic else (_WEAK if x.code == y.code else _LEAST)
    common = _common(
        x.spelling_once, x.spelling_twice, x.spelling_thrice, x.spelling_excess,
        y.spelling_once, y.spelling_twice, y.spelling_thrice, y.spelling_excess,
    )  # fmt: skip
    longest = max(x.spelling_least, y.spelling_least)
    if longest <= 0 or common >= (least - _SLACK) * longest:
        return True
    if syllabic:
        slack = 1 if x.indic or y.indic else 0
        return _similarity_at_most(x.syllables, y.syllables, slack) >= _SYLLABLES - _SLACK
    if x.abjad == y.abjad:
        return bool(x.skel) and x.skel == y.skel
    return _SKELETON * _similarity_at_most(x.skeletons, y.skeletons) >= least - _SLACK
