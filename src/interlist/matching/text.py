"""Text forms of a name part: Latin transliteration, romanisation folding, phonetic keys.

Every function here works on one token and is pure; the tables come from
:mod:`interlist.matching.tables`. Transliteration uses ``str.translate`` tables (fast);
only scripts without a table (CJK, Hangul, Indic, Ethiopic, ...) go through ICU, whose
results are cached per token.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache
from typing import Final

from interlist.matching.tables import (
    arabic_skeleton_also_table,
    arabic_skeleton_table,
    romanisation,
    translit_table,
)

# Unicode blocks of the scripts interlist names in explanations, as (start, end, name).
_SCRIPTS: Final = (
    (0x0370, 0x03FF, "greek"),
    (0x0400, 0x052F, "cyrillic"),
    (0x0530, 0x058F, "armenian"),
    (0x0590, 0x05FF, "hebrew"),
    (0x0600, 0x06FF, "arabic"),
    (0x0750, 0x077F, "arabic"),
    (0x08A0, 0x08FF, "arabic"),
    (0x0900, 0x0DFF, "indic"),
    (0x10A0, 0x10FF, "georgian"),
    (0x1100, 0x11FF, "hangul"),
    (0x1200, 0x139F, "ethiopic"),
    (0x1780, 0x17FF, "khmer"),
    (0x1E00, 0x1EFF, "latin"),  # Latin Extended Additional: ḥ, ṣ (ALA-LC), ễ (Vietnamese)
    (0x3040, 0x30FF, "kana"),
    (0x3400, 0x9FFF, "han"),
    (0xAC00, 0xD7AF, "hangul"),
    (0xFB50, 0xFDFF, "arabic"),
    (0xFE70, 0xFEFF, "arabic"),
)
# Scripts that usually leave short vowels unwritten: compare their consonants.
ABJADS: Final = frozenset({"arabic", "hebrew"})
# Scripts where one character writes a whole syllable (compared character by character).
SYLLABIC: Final = frozenset({"han", "hangul", "kana"})
# Scripts whose own names romanise as strings of short syllables (Han, Hangul, and the
# Indic abugidas, whose letters are consonant-vowel syllables): a one-letter difference
# in the romanisation is a different syllable, so a different name. Across scripts they
# get no consonant-skeleton, phonetic-code or bonus leniency, only the syllable key
# below. Kana is left out: it writes mostly foreign names, approximated with extra
# vowels ("バラク", baraku, for Barack), which that leniency is right for.
SYLLABLE_SCRIPTS: Final = frozenset({"han", "hangul", "indic"})


def script_of(token: str) -> str:
    """The script of a token's first non-ASCII letter ("latin" when there is none)."""
    for char in token:
        code = ord(char)
        if code < 0x370:
            continue
        for start, end, name in _SCRIPTS:
            if start <= code <= end:
                return name
        return "other"
    return "latin"


@cache
def _icu_transliterator():  # type: ignore[no-untyped-def]
    import icu  # imported lazily: only rare scripts need it

    return icu.Transliterator.createInstance("Any-Latin; Latin-ASCII; Lower")


# One sample per script ICU handles here: transliterating it once loads that script's
# rules, so the first real name in the script does not pay for loading them.
_ICU_SAMPLES: Final = ("김", "カ", "漢", "अ", "অ", "ก", "አ", "א", "ក", "ክ")


def warm_tables() -> None:
    """Load the transliteration and folding tables and ICU's per-script rules (see
    :func:`interlist.matching.entity.warm_up`, which also loads the word lists)."""
    translit_table()
    _fold_tables()
    transliterator = _icu_transliterator()
    for sample in _ICU_SAMPLES:
        transliterator.transliterate(sample)


@lru_cache(maxsize=8192)
def icu_latin(token: str) -> str:
    """ICU's Any-Latin romanisation for scripts without a table (cached per token)."""
    text = _icu_transliterator().transliterate(unicodedata.normalize("NFC", token))
    return "".join(c for c in text if c.isascii() and c.isalnum())


def latinise(token: str) -> str:
    """A case-folded token in ASCII Latin letters (and digits)."""
    if token.isascii():
        return token
    table = translit_table()
    out = token.translate(table)
    if not out.isascii():
        out = unicodedata.normalize("NFKD", out).translate(table)
        if not out.isascii():
            return icu_latin(token)
    return out.replace(" ", "")


@cache
def _fold_tables() -> tuple[re.Pattern[str], dict[str, str], bytes]:
    """One regex over every digraph (earlier rules win), its replacements, the letter table."""
    rules = romanisation()
    replace = dict(rules.digraphs)
    replace["x"] = "ks"
    pattern = re.compile("|".join(re.escape(old) for old in replace))
    src = "".join(chr(k) for k, v in rules.letters.items() if len(v) == 1)
    dst = "".join(v for v in rules.letters.values() if len(v) == 1)
    return pattern, replace, bytes.maketrans(src.encode(), dst.encode())


_DOUBLE: Final = re.compile(r"([bdfgklmnprstvJSCaiu])\1+")


def _first(match: re.Match[str]) -> str:
    return match.group(1)


def _digraph(match: re.Match[str]) -> str:
    return _fold_tables()[1][match.group(0)]


def fold(latin: str) -> str:
    """Fold romanisation variants together: kh/h, zh/j, ou/u, y/i, w/v, doubled letters."""
    pattern, _, letters = _fold_tables()
    latin = pattern.sub(_digraph, latin)
    latin = latin.encode().translate(letters).decode()
    if len(latin) > 2 and latin[-1] == "h":
        latin = latin[:-1]
    if _DOUBLE.search(latin):
        latin = _DOUBLE.sub(_first, latin)
    return latin


@cache
def _class_tables() -> tuple[bytes, bytes]:
    classes = romanisation().classes
    src = "".join(chr(k) for k, v in classes.items() if v)
    dst = "".join(v for v in classes.values() if v)
    keep = set(src)
    drop = "".join(chr(c) for c in range(128) if chr(c) not in keep and not chr(c).isdigit())
    return bytes.maketrans(src.encode(), dst.encode()), drop.encode()


_CODE_DOUBLES: Final = tuple(str(i) * 2 for i in range(1, 6))


def phonetic_code(folded: str) -> str:
    """Consonant-class code of a folded token (Soundex classes, no length limit)."""
    table, drop = _class_tables()
    code = folded.encode().translate(table, drop).decode()
    for double in _CODE_DOUBLES:
        while double in code:
            code = code.replace(double, double[0])
    return code


# Consonant skeleton for comparison with abjad scripts: vowels and the letters that
# also write long vowels (w, y) drop; sounds Arabic writes with one letter merge.
_SKELETON_DIGRAPHS: Final = (
    ("tsh", "s"),
    ("tch", "s"),
    ("sh", "s"),
    ("ch", "s"),
    ("tz", "s"),
    ("ts", "s"),
    ("kh", "h"),
    ("gh", "g"),
    ("th", "t"),
    ("dh", "d"),
    ("ph", "f"),
    ("ou", ""),
    ("ck", "k"),
)
_SOFT_C: Final = re.compile(r"(?<!^m)c+(?=[eiy])")  # not "Mc" (McEwan)
_SKELETON: Final = bytes.maketrans(b"vpcqj", b"fbkkg")
_SKELETON_DROP: Final = b"aeiouyw'"
_LETTER_DOUBLES: Final = tuple(c + c for c in "bcdfghjklmnpqrstvxz")


def skeleton(latin: str) -> str:
    """Consonants of a Latin token as an Arabic-script spelling would keep them."""
    for old, new in _SKELETON_DIGRAPHS:
        if old in latin:
            latin = latin.replace(old, new)
    if "c" in latin:  # before e, i and y c sounds s (French, Spanish) or ch (Italian)
        latin = _SOFT_C.sub("s", latin)
    latin = latin.replace("x", "ks").encode().translate(_SKELETON, _SKELETON_DROP).decode()
    return _skeleton_end(latin)


def arabic_skeleton(word: str, also: bool = False) -> str:
    """The consonant skeleton of a word in Arabic script, read from its letters; تش
    writes the "ch" of foreign names (تشن is Chen), which a Latin skeleton keeps as s.
    `also`: with the second consonant of letters Latin spellings also write otherwise
    (``arabic_skeleton_also`` in translit.yml: ظ as d)."""
    if "تش" in word:
        word = word.replace("تش", "ش")
    consonants = word.translate(arabic_skeleton_also_table() if also else arabic_skeleton_table())
    if not consonants.isascii():  # a letter outside the Arabic block: leave it out
        consonants = "".join(c for c in consonants if c in _CONSONANTS)
    return _skeleton_end(consonants)


_CONSONANTS: Final = frozenset("bdfghklmnrstz")


def _skeleton_end(consonants: str) -> str:
    """A final h (Latin "Abdullah", Arabic ه) dropped; doubled letters written once."""
    if len(consonants) > 1 and consonants[-1] == "h":
        consonants = consonants[:-1]
    for double in _LETTER_DOUBLES:
        if double in consonants:
            consonants = consonants.replace(double, double[0])
    return consonants


# Folded letters standing for sounds (see romanisation.yml), as a skeleton writes them.
_FOLDED_SOUNDS: Final = str.maketrans({"S": "s", "C": "s", "J": "g"})


def folded_skeleton(folded: str) -> str:
    """The consonant skeleton of a folded form (a second reading is kept only folded)."""
    return skeleton(folded.translate(_FOLDED_SOUNDS))


_LEET: Final = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "8": "b", "9": "g"})


def is_ordinal(word: str) -> bool:
    """Digits and an ordinal ending: 1st, 2nd, 33rd, 4th."""
    return word[:-2].isdigit() and word[-2:] in ("st", "nd", "rd", "th")


def unleet(token: str) -> str:
    """Digits written inside a word for look-alike letters ("ig0r" -> "igor")."""
    if token.isalpha() or token.isdigit() or len(token) < 3:
        return token
    if is_ordinal(token):
        return token  # "33rd" is a number, not "eerd"
    inner = token[1:-1]
    if not any(c.isdigit() for c in inner) or sum(c.isalpha() for c in token) < 2:
        return token
    return token.translate(_LEET) if token[-1].isalpha() else token


# Syllable key: the spellings the romanisation systems of Chinese (Hanyu Pinyin,
# Wade-Giles), Korean (Revised Romanization, McCune-Reischauer) and the Indic scripts
# (ISO 15919 / IAST, Hunterian) use for one sound are written the same; vowels stay.
# Sources: Wikipedia "Wade-Giles" (comparison table with Pinyin), "Revised Romanization
# of Korean" (table of RR and MR), "Hunterian transliteration". Applied in order.
_SYLLABLE_RULES: Final = (
    ("tch", "C"),
    ("tsh", "C"),
    ("chh", "C"),  # Hunterian aspirated ch
    ("ch", "C"),  # WG ch = Pinyin zh/j/q, MR ch = RR j
    ("zh", "C"),
    ("dj", "C"),
    ("jh", "C"),
    ("j", "C"),
    ("q", "C"),  # Pinyin q = WG ch'
    ("hs", "S"),  # WG hs = Pinyin x
    ("sh", "S"),
    ("x", "S"),
    ("ts", "Z"),  # WG ts = Pinyin z/c
    ("tz", "Z"),
    ("z", "Z"),
    ("c", "Z"),
    ("ph", "p"),  # aspiration marks: Indic and MR write it, Pinyin and RR by the letter
    ("bh", "p"),
    ("th", "t"),
    ("dh", "t"),
    ("kh", "k"),
    ("gh", "k"),
    ("b", "p"),  # unaspirated stops: Pinyin/RR write b d g, WG/MR p t k
    ("d", "t"),
    ("g", "k"),
    ("ien", "ian"),  # WG ien = Pinyin ian
    ("ung", "ong"),  # WG ung = Pinyin ong
    ("eo", "o"),  # RR eo = MR o
    ("eu", "u"),  # RR eu = MR u
    ("ee", "i"),
    ("w", "v"),
    ("y", "i"),
    ("-", ""),
)
_SYLLABLE_DOUBLE: Final = re.compile(r"([a-zA-Z])\1+")


@lru_cache(maxsize=4096)
def syllable_key(latin: str) -> str:
    """A romanised syllable string with the romanisation systems' variant spellings of
    one sound merged ("chien", "jian" -> "Cian"; "kim", "gim" -> "kim"); vowels kept."""
    for old, new in _SYLLABLE_RULES:
        if old in latin:
            latin = latin.replace(old, new)
    return _SYLLABLE_DOUBLE.sub(_first, latin)
