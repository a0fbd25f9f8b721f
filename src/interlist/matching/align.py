"""Comparing two analysed names: token similarity, alignment, and the name score.

Name parts are aligned regardless of order: first parts whose folded forms are equal,
then the most similar remaining pairs (greedy, best first). The score is the weighted
quality of the aligned parts, reduced by the weight of parts left over; parts left over
on *both* sides (a different family name, a different patronymic) count much more than
parts only one name has (a middle name the other omits).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from rapidfuzz.distance import OSA

from interlist.matching.bounds import may_align
from interlist.matching.names import (
    WEIGHTS,
    NameAnalysis,
    Token,
    capital_words,
    initials_of,
    latin_initials_of,
    legal_spellings,
    letter_readings,
    naming_words,
    second_form,
    skeletons,
)
from interlist.matching.tables import baltic_endings
from interlist.matching.text import SYLLABIC, SYLLABLE_SCRIPTS, latinise
from interlist.matching.vocabulary import (
    COMPANY_WORD,
    DIFFERENT_NAMES,
    GENERAL_COMPANY,
    GENERIC,
    INITIAL,
    INITIAL_OF,
    JOINED_WORDS,
    LEGAL,
    MISSPELT_LEGAL_FORM,
    NAME,
    NO_REASON,
    NUMBER,
    ONLY_IN_CANDIDATE,
    ONLY_IN_QUERY,
    ORG_WORD,
    PARENT_VS_OWN,
    PARTICLE,
    PATRONYMIC,
    PERSON,
    PREFIX_NAME,
    SAME,
    SAME_LEGAL_FORM,
    SAME_NAME,
    SAME_NUMBER,
    SAME_WORD,
    SIMILAR,
    SPELLING,
    STOP,
    TRANSLATED_INITIALS,
    TRANSLIT,
    WRITTEN_APART,
)

CROSS_CODE_SIM: Final = 0.88  # different scripts, same consonant code
ONE_EDIT: Final = 0.85  # a name part one letter off
TWO_EDITS: Final = 0.75  # two letters off (parts of four letters or more)
CROSS_BONUS: Final = 0.2  # different scripts: transliteration noise is expected
CROSS_WEAK: Final = 0.4  # across scripts, equal consonants count from this spelling similarity
ONE_CONSONANT: Final = 0.6  # abjad against Latin, the same single consonant: a weak pairing
SKELETONS_APART: Final = 0.5  # abjad against Latin: skeletons this far apart are other names
CODE_CONSONANTS: Final = 0.6  # ... and equal phonetic codes count only from closer skeletons
MIN_SIM: Final = 0.55  # below this two parts are not aligned at all
SYLLABLE_SIM: Final = 0.9  # across scripts, equal syllable keys (romanisation variants)
CLOSE: Final = 0.8  # from here on a part similarity counts as it is; below, it falls steeply
CONFLICT: Final = 0.4  # score lost per unit of weight left over on *both* sides
EXTRA_PENALTY: Final = 0.5  # how much parts only one side has reduce the score (at most)
ROLE_PENALTY: Final = 0.6  # a parent's name aligned with a person's own name keeps this much
JOINED_MIN: Final = 0.93  # run-together spelling accepted from this similarity
MAX_LEGAL_WORDS: Final = 4  # the words of a legal form looked for misspelt
_VOWELS: Final = frozenset("aeiouy")
_SPELT_OUT: Final = frozenset({NAME, GENERIC, PREFIX_NAME})  # parts initials may stand for
TRANSLATED_INITIALS_SIM: Final = 0.85  # initials of the name in another language
MAX_MERGE: Final = 3  # parts left over beyond which no joining is tried
ORG_EXTRA: Final = 0.35  # organisations: score lost per unit of weight only one name has
# The weight of a translated organisation word (org_words.yml) only one name has: a
# translation adds or drops them (научно-исследовательский институт, *research institute*).
TRANSLATED_LEFT: Final = 0.25
# ... and what all of them on one side weigh at most.
TRANSLATED_LEFT_CAP: Final = 0.25
# ... and what such words weigh as a conflict when both names leave some over.
TRANSLATED_CONFLICT: Final = 0.6
# The weight of a person's initials in an organisation's name that only one name has
# (Завод имени В. А. Дегтярева, Degtyarev Plant): lists drop them.
ORG_INITIALS_LEFT: Final = 0.1
# The weight of the name of the person an organisation is named after (имени
# Н.П. Фёдорова) only one name has: lists drop the dedication.
DEDICATION_LEFT: Final = 0.25
# The weight of a parent's name (after bin, ibn, ould) only one name has: lists give a
# chain of ancestors that other lists and queries shorten (Usama bin Muhammad ibn Awad
# ibn Ladin, Osama bin Laden).
PARENT_LEFT: Final = 0.5

# Levenshtein that counts a swap of neighbours as one edit
_similarity: Final = OSA.normalized_similarity
_OSA_DISTANCE: Final = OSA.distance
_SAME: Final = {NUMBER: SAME_NUMBER, LEGAL: SAME_LEGAL_FORM}
# Parts never joined with a neighbour as one word written apart: a particle may stand
# between the two parts ("Shams al-Din"), but an article, a stop word ("la", "of"), a
# legal form or an initial (a whole word abbreviated) is a word of its own.
_NOT_JOINED: Final = frozenset({PARTICLE, STOP, LEGAL, INITIAL})


class NameToken:
    """A whole name standing in for a token in explanations ("joined words")."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text


class Pair:
    """Two aligned name parts, or a part left over on one side (``right``/``left`` None);
    names matched as a whole ("joined words") are two :class:`NameToken`."""

    __slots__ = ("left", "reason", "right", "sim", "weight")

    def __init__(
        self,
        left: Token | NameToken | None,
        right: Token | NameToken | None,
        sim: float,
        reason: str,
        weight: float,
    ) -> None:
        self.left, self.right, self.sim, self.reason, self.weight = left, right, sim, reason, weight

    def text(self) -> str:
        """E.g. "yusuf≈yousef (same name)", "nasser≈насер (translit)", "karimi (only in query)"."""
        if self.left is None or self.right is None:
            token = self.left or self.right
            return f"{token.text if token else '?'} ({self.reason})"
        sign = "=" if self.sim >= 1.0 else "≈"
        return f"{self.left.text}{sign}{self.right.text} ({self.reason})"


# Screening compares a query with many candidates whose names share parts ("muhammad",
# "trading"): about half the part comparisons of a query repeat one already made. They
# are remembered per first part (mostly the query's), so that the few rows a query
# reads stay in the processor's cache rather than being scattered over one large table.
#
# The memory has two generations: when the current one holds GENERATION similarities it
# becomes the previous one (the one before is dropped) and a new one starts; a
# similarity found only in the previous one is copied into the current one. What is in
# use survives a turn, and at most 2 x GENERATION similarities are held: the same bound
# as the single table that was emptied at once before. A similarity is remembered as
# the number of its (value, reason) in a table of the distinct results (a few thousand):
# the rows hold only numbers, which the garbage collector neither tracks nor walks (a
# tuple per similarity was a tracked object: hundreds of thousands of them made the
# collector run over and over, a fifth of the time against a list in Arabic script).
GENERATION: Final = 250_000
_RESULTS_MAX: Final = 65_536  # distinct results before everything is forgotten (never met)


class _Memory:
    """The remembered part similarities (see above)."""

    def __init__(self) -> None:
        self.current: dict[int, dict[int, int]] = {}
        self.previous: dict[int, dict[int, int]] = {}
        self.count = 0  # similarities in the current generation
        self.results: list[tuple[float, str]] = []
        self.numbers: dict[tuple[float, str], int] = {}

    def clear(self) -> None:
        self.current = {}
        self.previous = {}
        self.count = 0
        self.results = []
        self.numbers = {}


_MEMORY: Final = _Memory()


def token_similarity(a: Token, b: Token) -> tuple[float, str]:
    """Similarity of two name parts in [0, 1] and the reason, e.g. (0.9, "same name"),
    remembered by what it depends on (:attr:`Token.key`, through its number)."""
    memory = _MEMORY
    first = a.key_id
    row = memory.current.get(first)
    if row is None:
        row = memory.current[first] = {}
    found = row.get(b.key_id)
    if found is not None:
        return memory.results[found]
    return _remember(memory, a, b, row)


_BELOW: Final = (0.0, NO_REASON)


def alignable_similarity(a: Token, b: Token) -> tuple[float, str]:
    """:func:`token_similarity` where it may reach MIN_SIM, else (0.0, NO_REASON) at once,
    neither computed nor remembered (:func:`~interlist.matching.bounds.may_align`): for
    callers that drop a pair below MIN_SIM. Remembered similarities are read first."""
    memory = _MEMORY
    row = memory.current.get(a.key_id)
    if row is not None:
        found = row.get(b.key_id)
        if found is not None:
            return memory.results[found]
    if not may_align(a, b):
        return _BELOW
    return token_similarity(a, b)


def _remember(memory: _Memory, a: Token, b: Token, row: dict[int, int]) -> tuple[float, str]:
    """A similarity not in the current generation: from the previous one, else computed;
    then remembered in the current one (which may first turn into the previous one)."""
    second = b.key_id
    number = -1
    old = memory.previous.get(a.key_id)
    if old is not None:
        number = old.get(second, -1)
    if number < 0:
        result = _token_similarity(a, b)
        found = memory.numbers.get(result)
        if found is None:
            if len(memory.results) >= _RESULTS_MAX:
                memory.clear()
                row = memory.current[a.key_id] = {}
            number = memory.numbers[result] = len(memory.results)
            memory.results.append(result)
        else:
            number = found
    if memory.count >= GENERATION:
        memory.previous = memory.current
        memory.current = {}
        memory.count = 0
        row = memory.current[a.key_id] = {}
    row[second] = number
    memory.count += 1
    return memory.results[number]


def remembered_similarities() -> int:
    """How many part similarities are remembered (both generations)."""
    held = _MEMORY.count
    for row in _MEMORY.previous.values():
        held += len(row)
    return held


def clear_similarities() -> None:
    """Forget the remembered part similarities (benchmarks measure cold comparisons;
    a name's joined parts are made anew with each new analysis)."""
    _MEMORY.clear()


def _token_similarity(a: Token, b: Token) -> tuple[float, str]:
    if a.kind == NUMBER or b.kind == NUMBER:
        return (1.0, SAME_NUMBER) if a.lat == b.lat else (0.0, NO_REASON)
    if a.kind == LEGAL or b.kind == LEGAL:
        if a.family == b.family:
            return 1.0, SAME_LEGAL_FORM
        return _misspelt_legal_form(a, b), MISSPELT_LEGAL_FORM
    if a.lat == b.lat and (a.script not in SYLLABIC or a.text == b.text or a.script != b.script):
        return 1.0, SAME if a.script == b.script else TRANSLIT
    if _several_initials(a) or _several_initials(b):
        return 0.0, NO_REASON  # initials (N.A.B.C.) are the same letters or other initials
    if (a.kind == PARTICLE) != (b.kind == PARTICLE) and (
        _named(a, b).groups or a.script != b.script
    ):
        # "al" is not "Ali" misspelt: a particle is no known given name, nor across
        # scripts any name part (الله is not "al", though both fold to "al")
        return 0.0, NO_REASON
    cross = a.script != b.script
    if not cross and a.script in SYLLABIC:
        # one character is a syllable: compare the characters, not their romanisation
        sim = _similarity(a.text, b.text)
        return sim, SIMILAR if sim < 1.0 else SAME
    if a.fold == b.fold:
        return 0.95, TRANSLIT if cross else SPELLING
    if a.groups and b.groups:
        shared = a.groups & b.groups
        if shared and _compound_heads_shared(a, b, shared):
            return 0.9, SAME_WORD if min(shared).startswith(ORG_WORD) else SAME_NAME
        if shared:
            return 0.0, NO_REASON  # Радиоприбор is no Прибор (Pribor)
        return 0.0, DIFFERENT_NAMES  # both known given names, and not the same one
    if a.kind == INITIAL or b.kind == INITIAL:
        if a.script in SYLLABLE_SCRIPTS or b.script in SYLLABLE_SCRIPTS:
            return 0.0, NO_REASON  # a name in a syllable script matches syllable by syllable only
        if len((a if a.kind == INITIAL else b).lat) > 1:
            return 0.0, NO_REASON  # several initials (L.X.C.) are no one name's initial
        return (0.8, INITIAL_OF) if a.lat[0] == b.lat[0] else (0.0, NO_REASON)
    sim = _similarity(a.fold, b.fold)
    if cross:
        return _cross_script(a, b, sim) if sim < CROSS_CODE_SIM else (sim, TRANSLIT)
    if _baltic(a.fold, b.fold) or _baltic(b.fold, a.fold):
        return 0.95, SPELLING
    typo = _typos(a.fold, b.fold, sim)
    if a.lat != a.fold or b.lat != b.fold:
        # a slip of the pen is one letter of the written form, which folding can widen
        # ("eectronics" folds to "iktroniks", three letters from "elektroniks")
        typo = max(typo, _typos(a.lat, b.lat, _similarity(a.lat, b.lat)))
    return typo, SIMILAR


def _several_initials(t: Token) -> bool:
    """Whether a part is several initials written with dots (N.A.B.C., V.A.)."""
    return len(t.lat) > 1 and "." in t.text


def _named(a: Token, b: Token) -> Token:
    """Of a particle and a name part, the name part."""
    return b if a.kind == PARTICLE else a


def _baltic(long: str, short: str) -> bool:
    """Whether a folded part is another with a Latvian or Lithuanian nominative ending
    (sergeJs, sergei; lavrovas, lavrov); see surname_endings.yml."""
    extra = len(long) - len(short)
    if not 0 < extra <= 2 or long[-1] != "s" or long[:3] != short[:3]:
        return False  # the common case, before the tables are read
    endings, stems = baltic_endings()
    for ending in endings:
        if long.endswith(ending) and len(long) - len(ending) >= 4:
            stem = long[: -len(ending)]
            if stem.endswith(stems) and stem.replace("J", "i") == short.replace("J", "i"):
                return True
    return False


def _typos(a: str, b: str, sim: float) -> float:
    """Same script: one or two slips of the pen are a typo, three or more a different name
    (unless the words are long enough that three edits are still a small part). Two
    slips keep the first letter: with it changed as well, it is another name ("koval" and
    "povalo")."""
    edits = _edits(a, b, sim)
    if edits == 1 and max(len(a), len(b)) > 1:  # one letter for another is another letter
        return max(sim, ONE_EDIT)
    if edits == 2 and min(len(a), len(b)) >= 4 and a[0] == b[0]:
        return max(sim, TWO_EDITS)
    return sim if sim >= CLOSE else min(sim, 0.5)


def _edits(a: str, b: str, sim: float) -> int:
    """How many letters two spellings differ by, from their normalised similarity."""
    return round((1.0 - sim) * max(len(a), len(b)))


def _misspelt_legal_form(a: Token, b: Token) -> float:
    """A long word one slip of the pen from a legal form ("compaany", "corporatin") is
    that legal form misspelt; two legal forms of different kinds stay different."""
    if a.kind == b.kind or a.script != b.script:
        return 0.0
    left, right = a.text.lower(), b.text.lower()  # a legal form's lat is its canonical form
    if min(len(left), len(right)) < 6:
        return 0.0
    return ONE_EDIT if _edits(left, right, _similarity(left, right)) == 1 else 0.0


def _cross_script(a: Token, b: Token, sim: float) -> tuple[float, str]:
    """Across scripts, spellings differ more: equal consonant skeletons or phonetic codes
    count as a transliteration when the spellings are not far apart. Against an abjad,
    which writes the consonants, skeletons far apart (نیازی and "musa", آراد and "asad")
    are other names, however the vowels or the coarse phonetic classes happen to meet."""
    if a.alt or b.alt:  # a second reading: "čavrić" as "chavrich", غیاث as "gias"
        sim = max(sim, _similarity(a.alt or a.fold, b.alt or b.fold))
        sim = max(sim, _place_similarity(a, b), _place_similarity(b, a))
    if "J" in a.fold or "J" in b.fold or "v" in a.fold or "v" in b.fold:
        # Latin j and w also write the glides й/ی and у/و: try reading them so
        sim = max(sim, _similarity(_glides(a.fold), _glides(b.fold)))
    if sim >= CROSS_CODE_SIM:
        return sim, TRANSLIT
    if a.script in SYLLABLE_SCRIPTS or b.script in SYLLABLE_SCRIPTS:
        return _syllables(a, b, sim), TRANSLIT
    abjad = a.abjad != b.abjad
    skel_a, skel_b = _closest_skeletons(a, b) if abjad else (a.skel, b.skel)
    if skel_a and skel_a == skel_b:
        if len(skel_a) > 2 or sim >= CROSS_WEAK:
            if abjad:
                return max(sim, 0.92 if len(skel_a) > 1 else CLOSE), TRANSLIT
            if len(skel_a) > 1:
                return max(sim, CROSS_CODE_SIM), TRANSLIT
        elif abjad and len(skel_a) == 1:
            # طه and Taha: one consonant is weak evidence, enough to pair the parts of
            # a longer name (at little quality) rather than count them as different names
            return max(sim, ONE_CONSONANT), TRANSLIT
    spelt = sim
    consonants = 1.0  # how alike the consonants are, against an abjad
    if abjad and skel_a and skel_b:
        consonants = _consonant_similarity(skel_a, skel_b)
        if consonants <= SKELETONS_APART:
            return (sim if sim >= CLOSE else min(sim, 0.5)), TRANSLIT  # another name
        if len(skel_a) > 1 and len(skel_b) > 1:
            sim = max(sim, 0.9 * _similarity(skel_a, skel_b))
    code = a.code
    telling = code == b.code and _telling_code(code, abjad, consonants, skel_a, skel_b)
    if sim >= CROSS_WEAK and telling:
        return max(sim, CROSS_CODE_SIM if len(code) > 2 else 0.8), TRANSLIT
    if spelt >= MIN_SIM:  # the bonus is for spellings, not on top of similar skeletons
        sim = min(CROSS_CODE_SIM, sim + CROSS_BONUS)
    return sim, TRANSLIT


def _place_similarity(adjective: Token, other: Token) -> float:
    """A Cyrillic adjective of a place (its ``alt``, the stem ending in -sk) against a
    place whose name has no -sk: Рязанский is Ryazan, Муромский Murom, as Воткинский is
    Votkinsk. 0 when `adjective` is no such adjective."""
    place = adjective.alt
    if adjective.script != "cyrillic" or not place.endswith("sk") or len(place) < 6:
        return 0.0
    return _similarity(place[:-2], other.alt or other.fold)


def _consonant_similarity(skel_a: str, skel_b: str) -> float:
    """Skeleton similarity, also with g and k, d and t, s and z taken as one: ق and ك
    are g in many spellings (Gaddafi, Persian گ written ك), ذ is often th (Muath for
    معاذ), and a European name's s between vowels is written ز (Rosa, روزا)."""
    sim = _similarity(skel_a, skel_b)
    if sim > CODE_CONSONANTS:  # above every threshold it is compared with
        return sim
    return max(sim, _similarity(skel_a.translate(_UNVOICED), skel_b.translate(_UNVOICED)))


_UNVOICED: Final = str.maketrans("gdz", "kts")


def _telling_code(code: str, abjad: bool, consonants: float, skel_a: str, skel_b: str) -> bool:
    """Whether equal phonetic codes say the parts sound alike. Against an abjad, which
    writes every consonant, only with most consonants alike, and two classes say little
    of a word with four consonants or more (آيناز هدایت and "institute" are both
    nasal-coronal)."""
    if len(code) < 2:
        return False
    if not abjad:
        return True
    return consonants > CODE_CONSONANTS and (len(code) > 2 or max(len(skel_a), len(skel_b)) <= 3)


def _closest_skeletons(a: Token, b: Token) -> tuple[str, str]:
    """Of the two parts' consonant skeletons (:func:`~interlist.matching.names.skeletons`),
    the two most alike."""
    lefts, rights = skeletons(a), skeletons(b)
    if len(lefts) == 1 and len(rights) == 1:
        return lefts[0], rights[0]
    best = (-1.0, a.skel, b.skel)
    for left in lefts:
        for right in rights:
            sim = _similarity(left, right)
            if sim > best[0]:
                best = (sim, left, right)
    return best[1], best[2]


def _syllables(a: Token, b: Token, sim: float) -> float:
    """Across scripts, a name in a syllable script (Han, Hangul, Indic) matches a spelling
    only when they agree syllable by syllable, up to the romanisation systems' variants
    (:func:`~interlist.matching.text.syllable_key`). ICU's romanisation loses two
    distinctions the other systems keep: it writes Hangul ㄹ always l (Revised
    Romanization: r before a vowel), and the Indic sibilants ś, ṣ as s (Hunterian: sh);
    and an Indic word's final inherent vowel, which Hindi and Bengali do not pronounce,
    may be left out. Anything less is a different name: no consonant-skeleton,
    phonetic-code or cross-script bonus leniency."""
    script = a.script if a.script in SYLLABLE_SCRIPTS else b.script
    best = sim
    for left in _syllable_forms(a, script):
        for right in _syllable_forms(b, script):
            if left == right:
                return SYLLABLE_SIM
            best = max(best, _similarity(left, right))
    return best if best >= CROSS_CODE_SIM else min(best, 0.5)


def _syllable_forms(t: Token, script: str) -> tuple[str, ...]:
    key = t.syllables
    if script == "hangul":
        return (key.replace("r", "l"),)
    if script != "indic":
        return (key,)
    key = key.replace("S", "s")
    if t.script == "indic" and len(key) > 2 and key[-1] == "a" and key[-2] not in "aeiou":
        return key, key[:-1]
    return (key,)


def _glides(folded: str) -> str:
    return folded.replace("J", "i").replace("v", "u")


def _effective(sim: float) -> float:
    """Close spellings count as they are; weaker resemblance falls steeply to nothing."""
    return sim if sim >= CLOSE else max(0.0, sim - (CLOSE - sim) * 1.5)


def align(a: NameAnalysis, b: NameAnalysis) -> tuple[list[Pair], list[Token], list[Token]]:
    """Aligned pairs, and the parts of each name left unaligned (weightless parts dropped)."""
    rest_r = list(b.content)
    roles = a.has_parents and b.has_parents
    pairs: list[Pair] = []
    rest_l: list[Token] = []
    for t in a.content:  # the same spelling first: no folding needed for these
        lat = t.lat
        for j, u in enumerate(rest_r):
            if u.lat == lat and (t.script not in SYLLABIC or t.text == u.text):
                why = _SAME.get(t.kind) or (SAME if t.script == u.script else TRANSLIT)
                if roles and t.parent != u.parent:
                    pairs.append(Pair(t, u, ROLE_PENALTY, PARENT_VS_OWN, t.weight))
                else:
                    weight = t.weight if t.weight > u.weight else u.weight
                    pairs.append(Pair(t, u, 1.0, why, weight))
                del rest_r[j]
                break
        else:
            rest_l.append(t)
    if rest_l and rest_r:
        rest_l, rest_r = _same_fold(rest_l, rest_r, roles, pairs)
    if rest_l and rest_r:
        resembling = len(pairs)
        rest_l, rest_r = _fuzzy(rest_l, rest_r, pairs, roles)
        if rest_l or rest_r:
            rest_l, rest_r = _rejoin(pairs, resembling, a, rest_l, b, rest_r)
    if rest_l and rest_r and len(b.content) > 1:
        rest_l, rest_r = _merge(rest_l, b, rest_r, pairs, flip=False)
    if rest_l and rest_r and len(a.content) > 1:
        rest_r, rest_l = _merge(rest_r, a, rest_l, pairs, flip=True)
    if rest_l and rest_r and a.style != PERSON:
        rest_l, rest_r = _misspelt_legal_phrase(rest_l, rest_r, pairs, flip=False)
        rest_r, rest_l = _misspelt_legal_phrase(rest_r, rest_l, pairs, flip=True)
        rest_l, rest_r = _company_word(rest_l, rest_r, pairs)
    if rest_l and rest_r:
        rest_l, rest_r = _initials_of_parts(rest_l, rest_r, pairs, flip=False)
        rest_r, rest_l = _initials_of_parts(rest_r, rest_l, pairs, flip=True)
    if rest_l and rest_r and a.style != PERSON:
        rest_l, rest_r = _initials_across_scripts(rest_l, a.text, rest_r, pairs, flip=False)
        rest_r, rest_l = _initials_across_scripts(rest_r, b.text, rest_l, pairs, flip=True)
    return pairs, rest_l, rest_r


def _initials_of_parts(
    short: list[Token], other: list[Token], pairs: list[Pair], flip: bool
) -> tuple[list[Token], list[Token]]:
    """Initials written as one part against the parts they stand for, left over on the
    other side: "JC" and "Jean Claude", "U.S." and "United States"."""
    for t in short:
        if not _initials_part(t):
            continue
        size = len(t.lat)
        for start in range(len(other) - size + 1):
            run = other[start : start + size]
            if all(u.kind in _SPELT_OUT and u.lat[:1] == t.lat[i] for i, u in enumerate(run)):
                for u in run:
                    left, right = (u, t) if flip else (t, u)
                    pairs.append(Pair(left, right, CLOSE, INITIAL_OF, WEIGHTS[INITIAL]))
                rest = [u for u in other if not any(u is r for r in run)]
                return [u for u in short if u is not t], rest
    return short, other


def _compound_heads_shared(a: Token, b: Token, shared: frozenset[str]) -> bool:
    """Whether the word groups two parts share include the first part's of each that is
    a compound word (Радиозавод and *Radio*: yes; Радиоприбор and *Pribor*: no)."""
    return (not a.head or bool(a.head & shared)) and (not b.head or bool(b.head & shared))


def _initials_across_scripts(
    short: list[Token], text: str, other: list[Token], pairs: list[Pair], flip: bool
) -> tuple[list[Token], list[Token]]:
    """An organisation's initials written in capitals (`text`: the name they are in),
    left over against the same initials in the other script (ТКХ and TKH, ЦСТ and CST)
    or against the words they stand for, left over on the other side, in that script or
    translated (ПЗ, Приборный Завод, and *Instrument Plant*; SPE and Научно-
    Производственное Предприятие)."""
    capitals: frozenset[str] | None = None  # read from the text only for a likely part
    named = any(isinstance(p.left, Token) and p.left.kind not in (LEGAL, STOP) for p in pairs)
    for t in short:
        if t.script not in _CAPITAL_SCRIPTS or t.kind not in _SPELT_OUT:
            continue
        if len(t.text) == 2 and not named:
            continue  # two letters alone name nothing: ООО ‘КА’ is no Kedr Aviation
        if capitals is None:
            capitals = capital_words(text)
        if t.text not in capitals:
            continue
        for u in other:
            if u.script != t.script and _same_initials(t, u):
                left, right = (u, t) if flip else (t, u)
                pairs.append(Pair(left, right, ONE_EDIT, TRANSLIT, max(t.weight, u.weight)))
                return [x for x in short if x is not t], [x for x in other if x is not u]
        run = _initials_run(t, other)
        if run:
            words = NameToken(" ".join(u.text for u in run))
            weight = max(t.weight, *(u.weight for u in run))
            sim, why = TRANSLATED_INITIALS_SIM, TRANSLATED_INITIALS
            if flip:
                pairs.append(Pair(words, t, sim, why, weight))
            else:
                pairs.append(Pair(t, words, sim, why, weight))
            rest = [u for u in other if not any(u is r for r in run)]
            return [x for x in short if x is not t], rest
    return short, other


_CAPITAL_SCRIPTS: Final = frozenset({"latin", "cyrillic"})


def _same_initials(t: Token, u: Token) -> bool:
    """Whether two parts are the same initials in two scripts, letter by letter."""
    if len(t.text) != len(u.text) or not u.text.isalpha():
        return False
    latin, other = (t.text, u.text) if t.script == "latin" else (u.text, t.text)
    if u.script not in _CAPITAL_SCRIPTS or not latin.isascii() or other.isascii():
        return False
    return all(a in letter_readings(b) for a, b in zip(latin, other, strict=True))


def _initials_run(t: Token, other: list[Token]) -> list[Token]:
    """The run of parts left over in the other script whose initials, or their
    translations' (org_words.yml), the letters of `t` are, one by one; [] if none."""
    size = len(t.text)
    if t.script == "latin":
        readings, letters = latin_initials_of, [frozenset(ch) for ch in t.text]
        script = "cyrillic"  # initials are of the name's own letters: not SAM of شبكة ...
    else:
        readings, letters = initials_of, [letter_readings(ch) for ch in t.text]
        script = "latin"
    words = [u for u in other if u.kind != STOP]
    for start in range(len(words) - size + 1):
        run = words[start : start + size]
        if all(
            u.script == script
            and (u.kind in _SPELT_OUT or u.translated or u.family == GENERAL_COMPANY)
            and letters[i] & _word_initials(u, readings)
            for i, u in enumerate(run)
        ):
            first, last = _index_of(other, run[0]), _index_of(other, run[-1])
            return other[first : last + 1]
    return []


def _index_of(tokens: list[Token], token: Token) -> int:
    return next(i for i, u in enumerate(tokens) if u is token)


Readings = Callable[[str, frozenset[str]], frozenset[str]]


def _word_initials(u: Token, readings: Readings) -> frozenset[str]:
    """A word's initials as :func:`_initials_run` reads them: its own and its
    translations', and for a word not in Latin letters, the Latin letters its first
    letter may be written as (acronym_letters.yml)."""
    found = readings(u.lat, u.groups)
    if u.script == "latin":
        return found
    return found | letter_readings(u.text[:1])


def _initials_part(t: Token) -> bool:
    """Whether a part is initials written together: two or three with dots (U.S.), or
    two consonants (JC), in Latin letters."""
    if t.script != "latin" or not 2 <= len(t.lat) <= 3:
        return False
    if t.kind == INITIAL or "." in t.text:
        return True
    return len(t.lat) == 2 and not _VOWELS.intersection(t.lat)


def _company_word(
    rest_l: list[Token], rest_r: list[Token], pairs: list[Pair]
) -> tuple[list[Token], list[Token]]:
    """A general word for a company left over on one side and a legal form on the other
    ("Company X" and "X LLC", "شركة X" and "X LLC"): both say it is a company."""
    for t in rest_l:
        for u in rest_r:
            if t.kind == LEGAL == u.kind and GENERAL_COMPANY in (t.family, u.family):
                pairs.append(Pair(t, u, 1.0, COMPANY_WORD, max(t.weight, u.weight)))
                return [x for x in rest_l if x is not t], [x for x in rest_r if x is not u]
    return rest_l, rest_r


def _misspelt_legal_phrase(
    legal: list[Token], other: list[Token], pairs: list[Pair], flip: bool
) -> tuple[list[Token], list[Token]]:
    """A legal form left over on one side beside one of its spellings misspelt or cut
    short on the other ("joint stock company" and "joynt stock company", "AG" and
    "Aktiengeselschaft"): those words are that legal form, misspelt."""
    for t in legal:
        if t.kind != LEGAL:
            continue
        for size in range(1, min(MAX_LEGAL_WORDS, len(other)) + 1):
            for start in range(len(other) - size + 1):
                run = other[start : start + size]
                text = " ".join(u.text for u in run).lower()
                if any(u.script != t.script for u in run) or all(u.kind == LEGAL for u in run):
                    continue  # two legal forms of different kinds stay different
                if any(_near_phrase(text, form) for form in legal_spellings(t.lat)):
                    left, right = (NameToken(text), t) if flip else (t, NameToken(text))
                    pairs.append(Pair(left, right, ONE_EDIT, MISSPELT_LEGAL_FORM, t.weight))
                    rest = [u for u in other if not any(u is r for r in run)]
                    return [u for u in legal if u is not t], rest
    return legal, other


def _near_phrase(text: str, form: str) -> bool:
    """Whether words are a legal form's spelling with a slip of the pen (two in a long
    one), or that spelling cut short by a letter or two."""
    if len(form) < 6 or text == form:
        return False
    edits = _OSA_DISTANCE(text, form)
    return edits <= (2 if len(form) >= 10 else 1)


def _exact(t: Token, u: Token, roles: bool, pairs: list[Pair]) -> None:
    sim, why = token_similarity(t, u)
    if roles and t.parent != u.parent:
        sim, why = sim * ROLE_PENALTY, PARENT_VS_OWN
    pairs.append(Pair(t, u, sim, why, t.weight if t.weight > u.weight else u.weight))


def _same_fold(
    left: list[Token], right: list[Token], roles: bool, pairs: list[Pair]
) -> tuple[list[Token], list[Token]]:
    rest_l = []
    for t in left:
        for j, u in enumerate(right):
            if u.fold == t.fold:
                _exact(t, u, roles, pairs)
                del right[j]
                break
        else:
            rest_l.append(t)
    return rest_l, right


class Join:
    """Neighbouring parts of a name (with a particle between them, or not) that may be
    one word written apart: "Shams al-Din" for "Shamsuddin", "Abd al-Halim" for
    "Abdelhalim". It is tried when its first and last parts are both unaligned."""

    __slots__ = ("_words", "first", "last", "size", "span")

    def __init__(self, span: tuple[Token, ...]) -> None:
        self.span = span
        self.first = span[0]
        self.last = span[-1]
        self.size = sum(len(u.lat) for u in span)
        self._words: list[Token] | None = None

    @property
    def words(self) -> list[Token]:
        """The span written as one word (see :func:`_joined_tokens`), made on first use:
        a listed name's spans are tried for every query that meets the name."""
        if self._words is None:
            self._words = _joined_tokens(self.span)
        return self._words


def _joins(name: NameAnalysis) -> list[Join]:
    """Every span of the name that may be one word written apart, found once per name:
    two neighbours, or two parts with a particle between them; never an article, stop
    word, legal form or initial at either end."""
    found = name.joins
    if found is None:
        seq = name.content
        found = []
        for i, first in enumerate(seq[:-1]):
            if first.kind in _NOT_JOINED:
                continue
            nxt = seq[i + 1]
            if nxt.kind not in _NOT_JOINED:
                found.append(Join((first, nxt)))
            elif nxt.kind == PARTICLE and i + 2 < len(seq) and seq[i + 2].kind not in _NOT_JOINED:
                found.append(Join((first, nxt, seq[i + 2])))
        name.joins = found
    return found


def _spans(name: NameAnalysis, rest: list[Token]) -> list[Join]:
    """The name's spans (:func:`_joins`) whose two ends are both among `rest`."""
    return [j for j in _joins(name) if _among(j.first, rest) and _among(j.last, rest)]


def _among(token: Token, tokens: list[Token]) -> bool:
    """Whether this very part is in the list (by identity: parts define no equality)."""
    return any(t is token for t in tokens)


def _merge(
    rest_one: list[Token],
    other: NameAnalysis,
    rest_other: list[Token],
    pairs: list[Pair],
    flip: bool,
) -> tuple[list[Token], list[Token]]:
    """Align single parts with neighbouring parts of the other name written apart."""
    if len(rest_one) > MAX_MERGE:  # names this different gain nothing from joining parts
        return rest_one, rest_other
    for join in _joins(other):
        size = join.size
        near = [t for t in rest_one if 0.6 * size <= len(t.lat) <= 1.5 * size]
        if not near:
            continue  # no part is as long as the span written as one word
        if not (_among(join.first, rest_other) and _among(join.last, rest_other)):
            continue  # an end is aligned already
        best = _best_join(near, join)
        if best is None:
            continue
        sim, t, joined = best
        pair = (
            Pair(joined, t, sim, WRITTEN_APART, t.weight)
            if flip
            else Pair(t, joined, sim, WRITTEN_APART, t.weight)
        )
        pairs.append(pair)
        rest_one = [x for x in rest_one if x is not t]
        rest_other = [u for u in rest_other if u not in join.span]
        if not rest_one:
            break
    return rest_one, rest_other


def _rejoin(
    pairs: list[Pair],
    start: int,
    a: NameAnalysis,
    rest_l: list[Token],
    b: NameAnalysis,
    rest_r: list[Token],
) -> tuple[list[Token], list[Token]]:
    """A part aligned by resemblance (the pairs from `start` on) may be half of a word
    the other name writes as one, its other half left over beside it: "حبیب" ≈
    "habibullah" with "الله" left over is "حبیب الله" ≈ "habibullah". The pair becomes
    the joined parts when they resemble the other part more than the half alone."""
    for n in range(start, len(pairs)):
        pair = pairs[n]
        left, right = pair.left, pair.right
        if not isinstance(left, Token) or not isinstance(right, Token):
            continue
        if rest_l:
            found = _join_beside(left, a, rest_l, right, pair.sim)
            if found is not None:
                sim, joined, span = found
                pairs[n] = Pair(joined, right, sim, WRITTEN_APART, right.weight)
                rest_l = [t for t in rest_l if t not in span]
                continue
        if rest_r:
            found = _join_beside(right, b, rest_r, left, pair.sim)
            if found is not None:
                sim, joined, span = found
                pairs[n] = Pair(left, joined, sim, WRITTEN_APART, left.weight)
                rest_r = [t for t in rest_r if t not in span]
    return rest_l, rest_r


def _join_beside(
    part: Token, name: NameAnalysis, rest: list[Token], other: Token, sim: float
) -> tuple[float, Token, tuple[Token, ...]] | None:
    """Of `part` joined with parts left over beside it, the joined form most similar to
    `other`, if more similar than `sim` (and close)."""
    if not _longer(other, part):  # joined, the part would only grow apart from it
        return None
    best = None
    for join in _spans(name, [*rest, part]):
        if part not in join.span:
            continue
        found = _best_join([other], join)
        if found is not None and found[0] > sim and (best is None or found[0] > best[0]):
            best = (found[0], found[2], join.span)
    return best


def _longer(a: Token, b: Token) -> bool:
    """Whether part `a` is the longer, by letters in one script and by consonants across
    scripts (an abjad does not write short vowels: محمدعبد is longer than "mohammad")."""
    if a.script == b.script:
        return len(a.lat) > len(b.lat)
    return len(a.skel) > len(b.skel)


def _best_join(near: list[Token], join: Join) -> tuple[float, Token, Token] | None:
    """The part most similar to the span written as one word (with or without its
    middle particle), if similar enough."""
    best: tuple[float, Token, Token] | None = None
    words = join.words
    for t in near:
        for j in words:
            if not _may_be_close(t, j):
                continue
            sim = alignable_similarity(t, j)[0]
            if sim >= CLOSE and (best is None or sim > best[0]):
                best = (sim, t, j)
    return best


# Kinds whose similarity to a joined word is the plain spelling comparison.
_PLAIN: Final = frozenset({NAME, PATRONYMIC, PREFIX_NAME, GENERIC, STOP})


def _may_be_close(t: Token, joined: Token) -> bool:
    """False only when :func:`token_similarity` of a part and a joined word is surely
    below CLOSE: both in one alphabet, where only the same spelling or given name, or a
    spelling one slip or a fifth of its letters off, comes that close. Most joined words
    tried are nothing like the part, and this says so without comparing them in full."""
    if t.kind not in _PLAIN or t.script != joined.script or t.script in SYLLABIC:
        return True  # numbers, legal forms, initials, particles, other scripts: compare
    if t.lat == joined.lat or t.fold == joined.fold:
        return True
    if t.groups and joined.groups:
        return not t.groups.isdisjoint(joined.groups)
    if _near_spelling(t.fold, joined.fold):
        return True
    return (t.lat != t.fold or joined.lat != joined.fold) and _near_spelling(t.lat, joined.lat)


def _near_spelling(a: str, b: str) -> bool:
    """Whether two spellings are at most one edit apart, or a fifth of the longer one (the
    only ways :func:`_typos` reaches CLOSE)."""
    longest = max(len(a), len(b))
    allowed = max(1, longest // 5)
    if abs(len(a) - len(b)) > allowed:  # each letter more is an edit
        return False
    return _OSA_DISTANCE(a, b) <= allowed


def joined_spans(name: NameAnalysis) -> list[tuple[tuple[Token, ...], list[Token]]]:
    """Every span of neighbouring parts the comparison may read as one word written
    apart, with the word it makes (and, for three parts, the word without the middle
    particle): what the candidate index keys so that the one-word spelling is found."""
    return [(join.span, join.words) for join in _joins(name)]


def _joined_tokens(span: tuple[Token, ...]) -> list[Token]:
    """The span written as one word, and for a span of three (a particle in the middle)
    also without the middle part (made once per span: :attr:`Join.words`)."""
    text = " ".join(u.text for u in span)
    whole = _joined_word(text, span, span)
    if len(span) < 3:
        return [whole]
    return [whole, _joined_word(text, span, (span[0], span[2]))]


def _joined_word(text: str, span: tuple[Token, ...], parts: tuple[Token, ...]) -> Token:
    """The word `parts` of `span` make, shown as the span is written (`text`): its
    second reading and consonant skeletons are read from its own letters, so that the
    word without the middle particle has none of the particle's."""
    letters = "".join(u.text for u in parts)
    script = span[0].script
    word = Token(letters, "".join(u.lat for u in parts), script, NAME)
    word.alt = second_form(letters, script)
    if script == "arabic":
        skeletons(word)  # read from the letters now and kept: only these read the text
    word.text = text
    return word


def _fuzzy(
    left: list[Token], right: list[Token], pairs: list[Pair], roles: bool
) -> tuple[list, list]:
    """Greedy best-first alignment of the parts exact folding left over."""
    if len(left) == 1 and len(right) == 1:  # the common case, without the bookkeeping
        a, b = left[0], right[0]
        sim, why = alignable_similarity(a, b)
        if roles and a.parent != b.parent:
            sim, why = sim * ROLE_PENALTY, PARENT_VS_OWN
        if sim < MIN_SIM:
            return left, right
        initial = a.kind == INITIAL or b.kind == INITIAL
        weight = min(a.weight, b.weight) if initial else max(a.weight, b.weight)
        pairs.append(Pair(a, b, sim, why, weight))
        return [], []
    cands = []
    for i, a in enumerate(left):
        for j, b in enumerate(right):
            sim, why = alignable_similarity(a, b)
            if roles and a.parent != b.parent:
                sim, why = sim * ROLE_PENALTY, PARENT_VS_OWN
            if sim >= MIN_SIM:
                cands.append((sim, i, j, why))
    if not cands:
        return left, right
    cands.sort(reverse=True)
    used_l: set[int] = set()
    used_r: set[int] = set()
    for sim, i, j, why in cands:
        if i in used_l or j in used_r:
            continue
        used_l.add(i)
        used_r.add(j)
        a, b = left[i], right[j]
        weight = min(a.weight, b.weight) if INITIAL in (a.kind, b.kind) else max(a.weight, b.weight)
        pairs.append(Pair(a, b, sim, why, weight))
    return (
        [t for i, t in enumerate(left) if i not in used_l],
        [t for j, t in enumerate(right) if j not in used_r],
    )


def score_alignment(
    pairs: list[Pair],
    rest_l: list[Token],
    rest_r: list[Token],
    org: bool = False,
    translated: bool = False,
) -> float:
    """The name score from an alignment (see the module docstring). For organisations a
    word only one name has weighs like a difference: "Banco Ejemplo Peru" is a
    subsidiary, not "Banco Ejemplo"."""
    matched = quality = 0.0
    for p in pairs:
        matched += p.weight
        quality += p.weight * (p.sim if p.sim >= CLOSE else _effective(p.sim))
    if matched <= 0:
        return 0.0
    quality /= matched
    extra_l = extra_r = 0.0
    parents = False  # parents' names weigh more as a conflict than alone
    for t in rest_l:
        extra_l += _left_over(t, org, translated)
        parents = parents or t.parent
    for t in rest_r:
        extra_r += _left_over(t, org, translated)
        parents = parents or t.parent
    if translated and not (_weighing(rest_l) and _weighing(rest_r)):
        extra_l -= _descriptors_beyond_cap(rest_l)
        extra_r -= _descriptors_beyond_cap(rest_r)
    conflict = min(extra_l, extra_r)
    if conflict and (org or parents):
        conflict = max(conflict, min(_conflicting(rest_l, org), _conflicting(rest_r, org)))
    if rest_l and rest_r and _legal_clash(rest_l, rest_r):
        conflict += 1.0
    extra = max(extra_l, extra_r) - conflict
    if extra <= 0:
        return quality * max(0.0, 1.0 - CONFLICT * conflict)
    if org:
        return quality * max(0.0, 1.0 - CONFLICT * conflict - ORG_EXTRA * extra)
    return (
        quality
        * max(0.0, 1.0 - CONFLICT * conflict)
        * (1.0 - EXTRA_PENALTY * extra / (matched + extra))
    )


def _spelt_out(t: Token) -> bool:
    """Whether a part is a word an abbreviation of the name stands for (فراجا:ایران,
    НПП:научно): the other name may keep the abbreviation or translate it otherwise."""
    return ":" in t.text


def _weighing(rest: list[Token]) -> bool:
    """Whether parts left over weigh in a translation (stop words do not)."""
    return any(t.kind != STOP for t in rest)


def _descriptors_beyond_cap(rest: list[Token]) -> float:
    """What the translated organisation words left over on one side (the other leaving
    none) weigh beyond TRANSLATED_LEFT_CAP: a translation adds or drops a whole
    descriptor (*Research and Production Enterprise*, научно-производственное
    предприятие) at once."""
    found = sum(TRANSLATED_LEFT for t in rest if t.translated)
    return max(0.0, found - TRANSLATED_LEFT_CAP)


def _legal_clash(rest_l: list[Token], rest_r: list[Token]) -> bool:
    """Both names keep a legal form of a different kind (an AG against a GmbH)."""
    return _specific_legal_form(rest_l) and _specific_legal_form(rest_r)


def _specific_legal_form(rest: list[Token]) -> bool:
    """Whether a legal form other than a general word for a company is left over."""
    return any(t.kind == LEGAL and t.family != GENERAL_COMPANY for t in rest)


def _conflicting(rest: list[Token], org: bool) -> float:
    """What the parts that weigh little left over on one side weigh when the other name
    leaves some too: a translation drops words on one side, a list the initials of the
    person a body is named after or a parent's name, so such parts left on both sides
    differ (Авиалинии is no Automotive Plant, A Bank no B Bank, Habib ben Mohamed no
    Habib ben Ahmed)."""
    weight = 0.0
    for t in rest:
        if t.parent or t.dedication or (org and t.kind == INITIAL):
            weight += 1.0
        elif org and _spelt_out(t):
            weight += TRANSLATED_LEFT
        elif org and t.translated:
            weight += TRANSLATED_CONFLICT
        else:
            weight += _left_over(t, org)
    return weight


def _left_over(t: Token, org: bool, translated: bool = False) -> float:
    """Weight of an unaligned part: an initial nothing explains counts as a whole name, so
    does a common organisation word (a Trust is not a Bank), unless one name is the
    other's translation (`translated`: another script) and the word one a translation
    adds or drops; a lone particle says little (nothing in a translation: *of*, *the*),
    a parent's name half as much as one's own."""
    kind = t.kind
    if translated and (t.translated or _spelt_out(t)):
        return TRANSLATED_LEFT  # a translation adds or drops such words
    if translated and kind == STOP:
        return 0.0  # "of the": what another language says by a case ending
    if t.dedication:
        return DEDICATION_LEFT
    if org and kind == INITIAL:
        return ORG_INITIALS_LEFT
    if kind == INITIAL or (org and kind == GENERIC):
        return 1.0
    if kind == PARTICLE:
        return 0.1
    if t.parent:
        return PARENT_LEFT
    return t.weight


def joined_similarity(a: NameAnalysis, b: NameAnalysis) -> float:
    """Similarity of the names written without spaces ("KarimNasser", "Alek Sandro Vich")."""
    ja, jb = a.joined, b.joined
    if len(ja) < 6 or not jb:
        return 0.0
    return _similarity(ja, jb)


def acronym_similarity(a: NameAnalysis, b: NameAnalysis) -> float:
    """An organisation written as its initials ("NDF", "National Defence Front")."""
    if a.style == PERSON or b.style == PERSON:
        return 0.0
    short, long = (a, b) if len(a.content) < len(b.content) else (b, a)
    if len(short.content) != 1 or not 2 <= len(short.content[0].lat) <= 6:
        return 0.0
    script = short.content[0].script
    if any(t.script != script for t in long.content):
        return 0.0  # initials are of the name's own letters: شبكة أنصار المجاهدين is no "SAM"
    initials = "".join(t.lat[0] for t in naming_words(long))
    return 0.95 if initials == short.content[0].lat else 0.0


def translated_initials(a: NameAnalysis, b: NameAnalysis) -> float:
    """An organisation written as the initials of its name in another language: ИАЗ
    (Ижевский Авиационный Завод) against *Izhevsk Aviation Plant*. Each word of the
    longer name gives its own initial and those of its translations (org_words.yml), as
    transliterated; the initials must be 3 or more and match word for word. A Latin
    acronym of a Cyrillic name likewise (UMZ, or SMP for Serov Mechanical Plant, for
    Серовский Механический Завод)."""
    if a.style == PERSON or b.style == PERSON:
        return 0.0
    for short, long in ((a, b), (b, a)):
        letters = _acronym_letters(short)
        if letters and _spells_initials(letters, long, "latin", initials_of):
            return TRANSLATED_INITIALS_SIM
        acronym = _latin_acronym_letters(short)
        if acronym and _spells_initials(list(acronym), long, "cyrillic", latin_initials_of):
            return TRANSLATED_INITIALS_SIM
    return 0.0


def _acronym_letters(name: NameAnalysis) -> list[str]:
    """The letters of a name that is one word of 3 to 6 letters in a script other than
    Latin (its legal form aside), each transliterated: ЦКБА gives ts, k, b, a."""
    words = naming_words(name)
    if len(words) != 1 or words[0].script == "latin":
        return []
    text = words[0].text
    if not 3 <= len(text) <= 6 or not text.isalpha():
        return []
    return [latinise(letter) for letter in text]


def _latin_acronym_letters(name: NameAnalysis) -> str:
    """The letters of a name that is one Latin word of 3 to 6 letters (its legal form
    aside): UMZ, SMP."""
    words = naming_words(name)
    if len(words) != 1 or words[0].script != "latin":
        return ""
    lat = words[0].lat
    return lat if 3 <= len(lat) <= 6 and lat.isalpha() else ""


def _spells_initials(
    letters: list[str],
    name: NameAnalysis,
    script: str,
    readings: Callable[[str, frozenset[str]], frozenset[str]],
) -> bool:
    """Whether the letters are, one by one, an initial of each word of a name in
    `script`, as `readings` gives a word's initials: transliterated Cyrillic letters
    (ИАЗ) against a Latin name's words and their translations (Izhevsk Aviation Plant),
    or Latin letters (UMZ, SMP) against a Cyrillic name's (Серовский Механический
    Завод: Serov Mechanical Plant)."""
    words = naming_words(name)
    if len(words) != len(letters) or any(t.script != script for t in words):
        return False
    return all(
        letter in readings(t.lat, t.groups) for letter, t in zip(letters, words, strict=True)
    )


def _other_scripts(a: NameAnalysis, b: NameAnalysis) -> bool:
    """Whether one name is written in Latin letters and the other not (a translation)."""
    return any(t.script != "latin" for t in a.content) != any(
        t.script != "latin" for t in b.content
    )


def _similar_length(a: NameAnalysis, b: NameAnalysis) -> bool:
    """Whether the names could be one another run together, or one the other's initials."""
    la = sum(len(t.lat) for t in a.content)
    lb = sum(len(t.lat) for t in b.content)
    return 0.7 * lb <= la <= lb / 0.7 or min(la, lb) <= 6


def may_score(a: NameAnalysis, b: NameAnalysis) -> bool:
    """False only when :func:`compare_names` of two persons' names surely scores 0: no
    part of one may be aligned with a part of the other (bounds.may_align) or with a
    span of it written as one word, neither has initials written as one part, and
    written without spaces they are not alike. Most names of the candidates a query
    meets are nothing like it: this says so for a fraction of a full comparison."""
    if a.style != PERSON or b.style != PERSON:
        return True
    right = b.content
    for u in right:
        if _initials_part(u):
            return True
    for t in a.content:
        if _initials_part(t):
            return True
        for u in right:
            if may_align(t, u):
                return True
    if _may_join(a.content, b) or _may_join(right, a):
        return True
    return len(a.content) != len(right) and _may_be_joined(a, b)


def _may_be_joined(a: NameAnalysis, b: NameAnalysis) -> bool:
    """Whether :func:`joined_similarity` may reach JOINED_MIN: a similarity is at most
    the shorter spelling's length over the longer's (each letter more is an edit)."""
    left, right = len(a.joined), len(b.joined)
    if min(left, right) < JOINED_MIN * max(left, right) - 1e-9:
        return False
    return joined_similarity(a, b) >= JOINED_MIN


def _may_join(parts: list[Token], other: NameAnalysis) -> bool:
    """Whether a part may be aligned with a span of the other name written as one word
    (:func:`_merge`, which compares a part about as long as the span with the word)."""
    for join in _joins(other):
        size = join.size
        for t in parts:
            if 0.6 * size <= len(t.lat) <= 1.5 * size:
                for word in join.words:
                    if may_align(t, word):
                        return True
    return False


def compare_names(a: NameAnalysis, b: NameAnalysis) -> tuple[float, list[Pair]]:
    """Score two names; the pairs explain the alignment (left-over parts included)."""
    pairs, rest_l, rest_r = align(a, b)
    org = a.style != PERSON
    score = score_alignment(pairs, rest_l, rest_r, org, org and _other_scripts(a, b))
    if score < 0.9 and len(a.content) != len(b.content):
        if _similar_length(a, b):
            joined = max(joined_similarity(a, b), acronym_similarity(a, b))
            if joined >= JOINED_MIN and joined > score:
                whole_a = NameToken(a.text)
                whole_b = NameToken(b.text)
                return joined, [Pair(whole_a, whole_b, joined, JOINED_WORDS, 1.0)]
        initials = translated_initials(a, b) if org else 0.0
        if initials > score:
            pair = Pair(NameToken(a.text), NameToken(b.text), initials, TRANSLATED_INITIALS, 1.0)
            return initials, [pair]
    for t in rest_l:
        pairs.append(Pair(t, None, 0.0, ONLY_IN_QUERY, t.weight))
    for t in rest_r:
        pairs.append(Pair(None, t, 0.0, ONLY_IN_CANDIDATE, t.weight))
    return score, pairs
