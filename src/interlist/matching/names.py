"""Analysis of one name: tokens with their Latin, folded and phonetic forms and weights.

A name is analysed once (:func:`analyze_name`) and then compared with many others.
Each token knows what it is: a plain name part, a particle (al-, bin, de), an honorific
(Dr, Haji, Sheikh: shown but weightless), a patronymic, an initial, a legal form
(canonical, e.g. ООО -> llc), an organisation stop word or common word, or a number.
"""

from __future__ import annotations

import re
from functools import cache
from itertools import count
from typing import TYPE_CHECKING, Any, Final

from interlist.matching.tables import (
    acronym_letters,
    adjective_endings,
    distinctive_org_words,
    east_slavic_sounds_table,
    folded_honorifics,
    given_name_groups,
    homoglyphs,
    latin_sounds_table,
    legal_form_entries,
    letter_names,
    number_words,
    org_abbreviations,
    org_compound_prefixes,
    org_word_entries,
    persian_sounds_table,
    punctuation_table,
)
from interlist.matching.tables import word_lists as _words
from interlist.matching.text import (
    ABJADS,
    arabic_skeleton,
    fold,
    folded_skeleton,
    is_ordinal,
    latinise,
    phonetic_code,
    script_of,
    skeleton,
    syllable_key,
    unleet,
)
from interlist.matching.vocabulary import (
    GENERIC,
    HONORIFIC,
    INITIAL,
    LEGAL,
    NAME,
    NUMBER,
    ORG,
    ORG_WORD,
    PARTICLE,
    PATRONYMIC,
    PERSON,
    PREFIX,
    PREFIX_NAME,
    STOP,
    VESSEL,
)

if TYPE_CHECKING:
    from interlist.matching.bounds import Profile

WEIGHTS: Final = {
    NAME: 1.0,
    NUMBER: 0.5,
    PREFIX_NAME: 0.7,
    PATRONYMIC: 0.8,
    INITIAL: 0.5,
    GENERIC: 0.5,
    PARTICLE: 0.3,
    LEGAL: 0.3,
    STOP: 0.1,
    HONORIFIC: 0.0,
    PREFIX: 0.0,
}
_ROMAN: Final = {
    "i": 1,
    "ii": 2,
    "iii": 3,
    "iv": 4,
    "v": 5,
    "vi": 6,
    "vii": 7,
    "viii": 8,
    "ix": 9,
    "x": 10,
    "xi": 11,
    "xii": 12,
    "xiii": 13,
    "xiv": 14,
    "xv": 15,
    "xx": 20,
}
_EMPTY: Final[frozenset[str]] = frozenset()
_GROUPED: Final = frozenset({NAME, PARTICLE})
_ARABIC_ARTICLE: Final = "\u0627\u0644"
_ASCII_KEEP_DOT: Final = b"'`"  # dots go in split_name, once initials are told apart
_ALEF_MAKSURA: Final = re.compile("[\u0649\ufeef\ufef0]")
_MAKSURA_FORMS: Final = str.maketrans({"\ufeef": "\u0649", "\ufef0": "\u0649"})
_PERSIAN_LETTERS: Final = re.compile("[\u067e\u0686\u0698\u06a9\u06af\u06cc]")  # پ چ ژ ک گ ی
_LATIN_LETTER: Final = re.compile("[a-z]")
# Initials written against the name they go with, without a space (Н.П.Фёдорова).
_GLUED_INITIALS: Final = re.compile(r"(?<!\w)((?:\w\.){1,3})(\w\w+)")
# The words before the person an organisation is named after: имени, им., named (after, by).
_DEDICATION_WORDS: Final = frozenset({"imeni", "im", "named", "after", "by", "imia"})
_AFTER_NAMED: Final = frozenset({"after", "by"})
_ACADEMICIAN: Final = ORG_WORD + "academician"
# The case endings Russian writes after a number to make it an ordinal (924-й, 2-го).
_ORDINAL_ENDING: Final = re.compile(r"(\d)-(?:й|я|е|го|му|м|х|ый|ой|ая|ое|ых|ого|ому)(?![а-я])")
_CYRILLIC_LETTER: Final = re.compile("[\u0400-\u04ff]")
_DOTTED_INITIALS: Final = re.compile(r"(?:[^\W\d_]\.){1,3}[^\W\d_]?\.?")
_ASCII_PUNCT_CHARS: Final = b',;:!?()[]{}<>"/\\|-_+*=#@~^%$&'
_ASCII_PUNCT: Final = bytes.maketrans(_ASCII_PUNCT_CHARS, b" " * len(_ASCII_PUNCT_CHARS))


# The numbers of part keys (Token.key_id), from a counter that never restarts.
_KEY_IDS: Final[dict[tuple[str, ...], int]] = {}
_KEY_IDS_MAX: Final = 1_000_000
_NEXT_ID: Final = count(1)


class Token:
    """One name part in all the forms the comparison needs."""

    __slots__ = (
        "_code",
        "_fold",
        "_groups",
        "_id",
        "_key",
        "_profile",
        "_skel",
        "_skels",
        "_syllables",
        "alt",
        "dedication",
        "family",
        "head",
        "kind",
        "lat",
        "parent",
        "script",
        "text",
        "translated",
        "weight",
    )

    def __init__(self, text: str, lat: str, script: str, kind: str, family: str = "") -> None:
        self.text = text
        self.lat = lat
        self.script = script
        self.kind = kind
        self.family = family
        self.weight = WEIGHTS[kind]
        self._fold: str | None = None if kind != NUMBER else lat
        self._code = ""
        self._skel = ""
        self._groups: frozenset[str] | None = None if kind in _GROUPED else _EMPTY
        self.parent = False  # set for the part after bin/ibn/ben/ould: a parent's name
        self.translated = False  # a translated organisation word (org_words.yml)
        self.dedication = False  # the person an organisation is named after (имени X)
        self.head = _EMPTY  # a compound word's first part's groups (Радиоприбор: radio)
        self.alt = ""  # folded second reading: accented Latin by sound ("čavrić" -> "CavriC"),
        # Arabic script as Persian reads it ("غیاث" -> "gias"); see second_form
        self._key: tuple[str, ...] | None = None
        self._id = 0
        self._syllables: str | None = None
        self._skels: tuple[str, ...] | None = None
        self._profile: Profile | None = None  # what bounds.may_align reads, made on first use

    @property
    def key(self) -> tuple[str, ...]:
        """What a comparison with another part depends on (every other form is derived
        from these), taken on first use: the analysis has set ``alt`` and the word
        groups by then. The groups are part of it because an organisation's name adds
        the translated organisation words' groups to a spelling a person's name has
        without them ("جماعة" is "group" only in an organisation's name)."""
        if self._key is None:
            groups = ",".join(sorted(self.groups))
            self._key = (self.text, self.lat, self.script, self.kind, self.family, self.alt, groups)
        return self._key

    @property
    def key_id(self) -> int:
        """A number standing for :attr:`key`: parts with the same key mostly share it, and
        no two keys ever have the same number (a cheap key for remembered comparisons)."""
        if not self._id:
            key = self.key
            found = _KEY_IDS.get(key)
            if found is None:
                if len(_KEY_IDS) >= _KEY_IDS_MAX:
                    _KEY_IDS.clear()  # numbers given stay unique: the counter goes on
                found = _KEY_IDS[key] = next(_NEXT_ID)
            self._id = found
        return self._id

    @property
    def fold(self) -> str:
        """The romanisation-folded form (computed on first use)."""
        if self._fold is None:
            self._fold = fold(self.lat)
        return self._fold

    @property
    def groups(self) -> frozenset[str]:
        """Given-name equivalence groups of this spelling (looked up on first use)."""
        if self._groups is None:
            self._groups = given_name_groups().get(self.lat, _EMPTY)
        return self._groups

    @property
    def code(self) -> str:
        """Phonetic consonant-class code (computed on first use)."""
        if not self._code:
            self._code = phonetic_code(self.fold) if self.kind != NUMBER else self.lat
        return self._code

    @property
    def skel(self) -> str:
        """Consonant skeleton for abjad comparison (computed on first use): of a Latin
        spelling, its consonants as Arabic script writes them; of Arabic script, read
        from its letters (:func:`~interlist.matching.text.arabic_skeleton`)."""
        if not self._skel:
            if self.kind == NUMBER:
                self._skel = self.lat
            elif self.script == "arabic":
                self._skel = arabic_skeleton(self.text)
            else:
                self._skel = skeleton(self.lat)
        return self._skel

    @property
    def syllables(self) -> str:
        """The romanised syllables with variant spellings merged (computed on first use,
        see :func:`~interlist.matching.text.syllable_key`)."""
        if self._syllables is None:
            self._syllables = syllable_key(self.lat)
        return self._syllables

    @property
    def abjad(self) -> bool:
        return self.script in ABJADS

    def __reduce__(self) -> tuple:
        """Pickled as its forms: the same for compiled and interpreted code (the index
        keeps analyses, and compiled classes cannot be rebuilt from slot state). The word
        groups go with them: an organisation's name adds the translated organisation
        words' groups, which the given-name table alone would not give back."""
        groups = self._groups or None  # None: looked up again on first use
        state = (
            self.parent, self.alt, self._fold, self._code, self._skel, groups, self._flags(),
            self.head or None,
        )  # fmt: skip
        return _token, (self.text, self.lat, self.script, self.kind, self.family, state)

    def _flags(self) -> int:
        return int(self.translated) | int(self.dedication) << 1

    def __repr__(self) -> str:
        return f"<Token {self.text!r} {self.kind} {self.lat}/{self.fold}>"


def _token(text: str, lat: str, script: str, kind: str, family: str, state: tuple) -> Token:
    """A pickled :class:`Token` again (see :meth:`Token.__reduce__`)."""
    token = Token(text, lat, script, kind, family)
    token.parent, token.alt, token._fold, token._code, token._skel, groups = state[:6]
    flags = state[6] if len(state) > 6 else 0  # an index saved before the flags: none
    token.translated, token.dedication = bool(flags & 1), bool(flags & 2)
    token.head = (state[7] if len(state) > 7 else None) or _EMPTY
    if groups:
        token._groups = groups
    return token


class NameAnalysis:
    """A name, analysed once: its tokens in order, and its joined folded form."""

    __slots__ = ("_joined", "content", "has_parents", "joins", "style", "text", "tokens", "weak")

    def __init__(self, text: str, style: str, tokens: tuple[Token, ...], weak: bool) -> None:
        self.text = text
        self.style = style
        self.tokens = tokens
        self.weak = weak
        self.content = [t for t in tokens if t.weight > 0]
        self.has_parents = False
        if style == PERSON and len(tokens) > 2:
            self._mark_parents()
        self._joined: str | None = None
        self.joins: list[Any] | None = None  # kept by the comparison (align.Join)

    def _mark_parents(self) -> None:
        """The part after a kinship particle (bin, ibn, ben, ould) names a parent."""
        kin = _words()["kinship"]
        after_kin = False
        for token in self.tokens:
            if token.lat in kin and token.kind == PARTICLE:
                after_kin = True
            elif after_kin and token.kind in (NAME, PREFIX_NAME):
                token.parent = self.has_parents = True
                after_kin = token.kind == PREFIX_NAME  # "bin Abdul Aziz": both parts

    @property
    def joined(self) -> str:
        """The folded name without spaces and light parts, for run-together spellings."""
        if self._joined is None:
            self._joined = "".join(t.fold for t in self.tokens if t.weight > 0.2)
        return self._joined

    def __reduce__(self) -> tuple:
        """Pickled as what it was made from (its tokens keep their own forms)."""
        return NameAnalysis, (self.text, self.style, self.tokens, self.weak)

    def __repr__(self) -> str:
        return f"<Name {self.text!r} {self.style} {list(self.tokens)}>"


def sound_form(raw: str) -> str:
    """The folded form of an accented Latin word written by sound (or "" if no change)."""
    return _read_with(raw, latin_sounds_table())


def persian_form(raw: str) -> str:
    """The folded form of an Arabic-script word read as Persian, Dari, Pashto or Urdu
    read it (or "" if no letter reads otherwise): غیاث as "gias", not "giat"."""
    return _read_with(raw, persian_sounds_table())


def _read_with(raw: str, sounds: dict[int, str]) -> str:
    """The folded form of a word with some letters read otherwise ("" if none is)."""
    sounded = raw.translate(sounds)
    if sounded == raw:
        return ""
    return fold(latinise(sounded))


def second_form(raw: str, script: str) -> str:
    """The folded form of a word read by sound another way, compared with other
    scripts: accented Latin (:func:`sound_form`), Cyrillic as Belarusian and Ukrainian
    romanisations write it, or Arabic script (:func:`persian_form`)."""
    if script == "latin":
        return "" if raw.isascii() else sound_form(raw)
    if script == "cyrillic":
        return _read_with(raw, east_slavic_sounds_table())
    return persian_form(raw) if script == "arabic" else ""


def skeletons(t: Token) -> tuple[str, ...]:
    """A part's consonant skeletons: as written; of its second reading (فيض read as
    Persian, "Ðorđević" by sound), where it has one; of Arabic script also as its
    romanisation reads (ت+س as ts, which writes the "tz" of "Seitz") and with the
    letters Latin spellings also write otherwise (ظ as d: "Dhahir"). Made once."""
    found = t._skels
    if found is None:
        found = (t.skel,)
        if t.alt:
            second = (
                arabic_skeleton(t.text.translate(persian_sounds_table()))
                if t.script == "arabic"
                else folded_skeleton(t.alt)
            )
            if second != t.skel:
                found = (*found, second)
        if t.script == "arabic":
            for other in (skeleton(t.lat), arabic_skeleton(t.text, also=True)):
                if other not in found:
                    found = (*found, other)
        t._skels = found
    return found


def split_name(name: str) -> list[tuple[str, str, str]]:
    """(original, latin, script) for each word of a name, punctuation removed."""
    parts = []
    if name.isascii():
        text = name.lower().encode().translate(_ASCII_PUNCT, _ASCII_KEEP_DOT).decode()
    else:
        text = name.casefold()
        if "-" in text and _ORDINAL_ENDING.search(text):
            text = _ORDINAL_ENDING.sub(r"\1", text)  # 924-й центр: 924
        text = text.translate(punctuation_table())
        if _ALEF_MAKSURA.search(text):
            text = _final_yeh(text)
        if _LATIN_LETTER.search(text) and _CYRILLIC_LETTER.search(text):
            text = unmix_scripts(text)
    if "." in text:
        text = _GLUED_INITIALS.sub(r"\1 \2", text)  # н.п.фёдорова: н.п. фёдорова
    for raw in text.split():
        word = raw
        if "." in raw:
            word = raw.replace(".", "")
            if not word:
                continue
            if not _DOTTED_INITIALS.fullmatch(raw):
                raw = word  # dots stay only in initials ("a.n."), for the analysis to see
        if raw.isascii():
            lat = word if word.isalpha() else unleet(word)
            if lat:
                parts.append((raw, lat, "latin"))
            continue
        script = script_of(word)
        if (
            script == "arabic"
            and raw[:2] == _ARABIC_ARTICLE
            and len(raw) > 3
            and raw not in _words()["article_lookalikes"]
        ):
            parts.append((raw[:2], "al", script))  # the article written joined: ال
            raw = word = raw[2:]
        lat = latinise(word)
        if lat:
            parts.append((raw, lat, script))
    return parts


def _final_yeh(text: str) -> str:
    """Persian written with the Arabic ى (or its presentation forms) for its final ی, as
    lists often do (مرکزى, جمهورﻯ): in a name with a letter only Persian has, ى is ی; in
    Arabic it stays the alef maksura (موسى, Musa)."""
    text = text.translate(_MAKSURA_FORMS)
    return text.replace("ى", "ی") if _PERSIAN_LETTERS.search(text) else text


def unmix_scripts(text: str) -> str:
    """Latin and Cyrillic letters that look alike (homoglyphs.yml) mixed up in a name
    (lower case, punctuation removed): a word that mixes the two scripts is read in the
    one whose letters cannot be the other's ("tесткомплект", "мiнск", "ctpatиm"), and
    a lone Latin letter among Cyrillic words as Cyrillic ("общество c ограниченной")."""
    to_cyrillic, to_latin = homoglyphs()
    words = text.split()
    cyrillic_words = sum(1 for w in words if not _LATIN_LETTER.search(w))
    unmixed = []
    for word in words:
        if _LATIN_LETTER.search(word) and (
            _CYRILLIC_LETTER.search(word) or (len(word) == 1 and cyrillic_words > 1)
        ):
            word = _one_script(word, to_cyrillic, to_latin)
        unmixed.append(word)
    return " ".join(unmixed)


def _one_script(word: str, to_cyrillic: dict[int, str], to_latin: dict[int, str]) -> str:
    as_cyrillic = word.translate(to_cyrillic)
    if not _LATIN_LETTER.search(as_cyrillic):
        return as_cyrillic
    as_latin = word.translate(to_latin)
    return word if _CYRILLIC_LETTER.search(as_latin) else as_latin


def spelled_letters(raw: str, script: str) -> str:
    """The Latin letters a Cyrillic or Arabic-script word spells out by their names
    ("айди" is "id", "джиэфкей" "gfk", "آي" "i"; letter_names.yml), or "" when it is not
    made of two or more, or in Arabic script of one written with hamza or madda."""
    least = 1 if script == "arabic" and raw[:1] in "آأإ" else 2
    if script not in ("cyrillic", "arabic") or len(raw) < 2:
        return ""
    names = letter_names()
    found: list[str | None] = [""] + [None] * len(raw)  # letters spelling raw[:end]
    for end in range(1, len(raw) + 1):
        for start in range(max(0, end - 5), end):
            head = found[start]
            letter = names.get(raw[start:end])
            if head is not None and letter is not None:
                found[end] = head + letter
                break
    letters = found[-1]
    return letters if letters is not None and len(letters) >= least else ""


def is_dotted_initials(text: str) -> bool:
    """Whether a part is initials written with dots ("a.n.", "v.a")."""
    return "." in text and _DOTTED_INITIALS.fullmatch(text) is not None


@cache
def _legal_phrases() -> dict[str, list[tuple[tuple[str, ...], str, str]]]:
    """First word -> [(phrase words, canonical, family)], longest phrase first."""
    index: dict[str, list[tuple[tuple[str, ...], str, str]]] = {}
    for entry in legal_form_entries():
        for form in entry["forms"]:
            words = tuple(lat for _, lat, _ in split_name(str(form)))
            if words and words != (words[0][:1],):  # one letter is an initial, not a form
                index.setdefault(words[0], []).append((words, entry["canonical"], entry["family"]))
    for phrases in index.values():
        phrases.sort(key=lambda item: -len(item[0]))
    return index


@cache
def legal_spellings(canonical: str) -> tuple[str, ...]:
    """The spellings of a legal form (by its canonical form) in Latin letters, lower
    case, as a name writes them: "aktiengesellschaft", "joint stock company"."""
    found = {
        " ".join(raw for raw, _, script in split_name(str(form)) if script == "latin")
        for entry in legal_form_entries()
        if entry["canonical"] == canonical
        for form in entry["forms"]
    }
    return tuple(sorted(f for f in found if f))


def _legal_form_at(lats: list[str], pos: int) -> tuple[int, str, str] | None:
    for words, canonical, family in _legal_phrases().get(lats[pos], ()):
        if tuple(lats[pos : pos + len(words)]) == words:
            return len(words), canonical, family
    return None


@cache
def _distinctive_groups() -> frozenset[str]:
    """The word groups of the distinctive organisation words (org_words.yml): a
    translation does not drop them, so they weigh fully when only one name has them."""
    return frozenset(ORG_WORD + word for word in distinctive_org_words())


@cache
def _org_word_groups() -> dict[str, frozenset[str]]:
    """Each spelling of a translated organisation word (as analysed: the Arabic article
    split off, transliterated) to its word group, "o:" and the English word."""
    return _org_word_table(stems=False)


@cache
def _org_word_stems() -> dict[str, frozenset[str]]:
    """The stems of translated organisation words (a form ending in "*"), transliterated,
    to their word groups: a word of another script starting with one is the word."""
    return _org_word_table(stems=True)


def _org_word_table(stems: bool) -> dict[str, frozenset[str]]:
    groups: dict[str, set[str]] = {}
    for word, forms in org_word_entries().items():
        for form in forms:
            if form.endswith("*") != stems:
                continue
            lats = [lat for _, lat, _ in split_name(form.rstrip("*")) if lat not in ("al", "el")]
            if len(lats) == 1:
                groups.setdefault(lats[0], set()).add(ORG_WORD + word)
    return {lat: frozenset(found) for lat, found in groups.items()}


def _org_word_of(lat: str, script: str) -> frozenset[str] | None:
    """The translated organisation word groups of a part: by its spelling, or for a part
    in another script than Latin by its longest stem (завода, заводской: *plant*)."""
    found = _org_word_groups().get(lat)
    if found is not None or script == "latin":
        return found
    stems = _org_word_stems()
    for end in range(len(lat), 2, -1):
        found = stems.get(lat[:end])
        if found is not None:
            return found
    return None


@cache
def _org_phrases() -> dict[str, list[tuple[tuple[str, ...], frozenset[str]]]]:
    """Translated organisation words written as several words ("machine building",
    "instrument making"), by first word: [(the words, their word groups)], longest first."""
    groups: dict[tuple[str, ...], set[str]] = {}  # a phrase of several entries has each group
    for word, forms in org_word_entries().items():
        for form in forms:
            words = tuple(lat for _, lat, _ in split_name(form) if lat not in ("al", "el"))
            if len(words) > 1 and not form.endswith("*"):
                groups.setdefault(words, set()).add(ORG_WORD + word)
    index: dict[str, list[tuple[tuple[str, ...], frozenset[str]]]] = {}
    for words, found in groups.items():
        index.setdefault(words[0], []).append((words, frozenset(found)))
    for phrases in index.values():
        phrases.sort(key=lambda item: -len(item[0]))
    return index


def _org_phrase_at(lats: list[str], pos: int) -> tuple[tuple[str, ...], frozenset[str]] | None:
    """The translated organisation word written as several words at `pos`, if any."""
    for words, groups in _org_phrases().get(lats[pos], ()):
        if tuple(lats[pos : pos + len(words)]) == words:
            return words, groups
    return None


def _phrase_token(parts: list[tuple[str, str, str]], groups: frozenset[str]) -> Token:
    """One part for a translated word written as several ("Machine-Building")."""
    text = " ".join(raw for raw, _, _ in parts)
    token = Token(text, "".join(lat for _, lat, _ in parts), parts[0][2], NAME)
    token._groups = groups
    token.translated = True
    return token


def naming_words(name: NameAnalysis) -> list[Token]:
    """The parts of an organisation's name that name it: its content without legal forms
    and stop words (what its initials are made of)."""
    return [t for t in name.content if t.kind not in (STOP, LEGAL)]


_DIGRAPHS: Final = ("ts", "kh", "ch", "sh", "zh", "ia", "iu", "ya", "yu")


def initials_of(lat: str, groups: frozenset[str]) -> frozenset[str]:
    """The initials a word of an organisation's name may have in another script: its
    own, as a digraph where one letter of Cyrillic is two of Latin (ts, kh), and those
    of its translations (plant: z of завод, f of фабрика)."""
    found = {lat[0], lat[:2]} if lat[:2] in _DIGRAPHS else {lat[0]}
    return _with_translations(found, groups, _initials_by_group(latin=False))


def latin_initials_of(lat: str, groups: frozenset[str]) -> frozenset[str]:
    """The initials a word of an organisation's name in Cyrillic may have in a Latin
    acronym: its transliteration's, and those of its English translations (завод: z,
    and p of plant, w of works, f of factory)."""
    return _with_translations({lat[0]}, groups, _initials_by_group(latin=True))


def capital_words(text: str) -> frozenset[str]:
    """The words of a name that may be initials, case-folded: those of 2 to 6 letters
    written in capitals in a name that has small letters, those of 2 to 5 in a name
    written all in capitals."""
    shouting = not any(ch.islower() for ch in text)
    high = 5 if shouting else 6
    return frozenset(
        word.lower()
        for word in _LETTER_RUNS.findall(text)
        if word.isupper() and 2 <= len(word) <= high
    )


_LETTER_RUNS: Final = re.compile(r"[^\W\d_]+")


def letter_readings(letter: str) -> frozenset[str]:
    """The Latin letters a letter of initials may be written as in the other script:
    its transliteration's first letter and those of acronym_letters.yml."""
    if letter.isascii():
        return frozenset(letter)
    lat = latinise(letter)
    return acronym_letters().get(letter, frozenset()) | frozenset(lat[:1])


def _with_translations(
    found: set[str], groups: frozenset[str], table: dict[str, frozenset[str]]
) -> frozenset[str]:
    for group in groups:
        found |= table.get(group, frozenset())
    return frozenset(found)


@cache
def _initials_by_group(latin: bool) -> dict[str, frozenset[str]]:
    """Each organisation word group to the first letters of its forms: those written in
    Latin letters (`latin`), or those in Cyrillic, transliterated (the scripts whose
    names are written as initials)."""
    found: dict[str, set[str]] = {}
    for word, forms in org_word_entries().items():
        for form in forms:
            letter = form[0]
            if not letter.isalpha() or letter.isascii() != latin:
                continue
            if not latin and script_of(letter) != "cyrillic":
                continue
            initial = letter.lower() if latin else latinise(letter.lower())
            if initial:
                found.setdefault(ORG_WORD + word, set()).add(initial)
    return {group: frozenset(letters) for group, letters in found.items()}


@cache
def _person_words() -> dict[str, str]:
    """Honorific, particle and name-prefix words to their kind (one lookup per part)."""
    words = _words()
    kinds = {w: PREFIX_NAME for w in words["name_prefixes"]}
    kinds.update({w: PARTICLE for w in words["particles"]})
    kinds.update({w: HONORIFIC for w in words["honorifics"]})
    return kinds


@cache
def _suffixes() -> tuple[str, ...]:
    return tuple(_words()["patronymic_suffixes"])


def number_value(lat: str, pos: int) -> str | None:
    """The digits a number token stands for: 44, 1st, forty, VII (not first), else None."""
    if lat.isdigit():
        return str(int(lat))
    if is_ordinal(lat):
        return str(int(lat[:-2]))
    value = number_words().get(lat)
    if value is not None:
        return str(value)
    if pos > 0 and lat in _ROMAN:
        return str(_ROMAN[lat])
    return None


def _org_kind(lat: str, pos: int, style: str, words: dict[str, frozenset[str]]) -> str:
    if lat.isdigit():
        return NUMBER
    if style == VESSEL and pos == 0 and lat in words["vessel_prefixes"]:
        return PREFIX
    if lat in words["org_stopwords"]:
        return STOP
    if lat in words["org_generic"]:
        return GENERIC
    return NAME


def analyze_name(name: str, style: str, weak: bool = False) -> NameAnalysis:
    """Tokenise and classify a name for a comparison style (person, org or vessel)."""
    parts = split_name(name)
    if style == PERSON:
        return NameAnalysis(name, style, _person_tokens(parts), weak)
    words = _words()
    if style == ORG:
        parts = _expanded(parts)
    lats = [lat for _, lat, _ in parts]
    tokens: list[Token] = []
    pos = 0
    while pos < len(parts):
        raw, lat, script = parts[pos]
        legal = _legal_form_at(lats, pos) if style == ORG else None
        if legal is not None:
            size, canonical, family = legal
            text = " ".join(p[0] for p in parts[pos : pos + size])
            tokens.append(Token(text, canonical, script, LEGAL, family))
            pos += size
            continue
        phrase = _org_phrase_at(lats, pos) if style == ORG else None
        if phrase is not None:
            tokens.append(_phrase_token(parts[pos : pos + len(phrase[0])], phrase[1]))
            pos += len(phrase[0])
            continue
        # a Roman numeral is Latin: the Cyrillic и is "and", not 1
        roman = lat in _ROMAN and (script != "latin" or is_dotted_initials(raw))
        number = None if roman else number_value(lat, pos)  # V.I. are initials
        if number is not None:
            _add_number(tokens, raw, number, script)
            pos += 1
            continue
        if style == ORG and _number_sign(raw, lats, pos, words["number_signs"]):
            tokens.append(Token(raw, lat.lower(), script, STOP))
            pos += 1
            continue
        if style == ORG and _is_initial(raw) and lat not in words["org_stopwords"]:
            size = _initials_run(parts, pos)
            run = parts[pos : pos + size]
            text = " ".join(p[0] for p in run)
            tokens.append(Token(text, "".join(p[1] for p in run), script, INITIAL))
            pos += size
            continue
        kind = _org_kind(lat, pos, style, words)
        if style == ORG and script == "arabic" and raw in words["org_stopwords_arabic"]:
            kind = STOP
        token = Token(raw, lat, script, kind)
        token.alt = (
            _place_of_adjective(lat, script)
            or spelled_letters(raw, script)
            or second_form(raw, script)
        )
        translated = _org_word_of(lat, script)
        if not translated:
            translated, token.head = _compound_groups(raw, script)
        if translated:  # "islamic" and "الاسلامي" are one word of an organisation's name
            token._groups = token.groups | translated
            token.translated = not translated <= _distinctive_groups()
        tokens.append(token)
        pos += 1
    if style == ORG and any(t.kind == INITIAL for t in tokens):
        tokens = _initials_as_names(tokens)
    if style == ORG:
        _mark_dedication(tokens)
    return NameAnalysis(name, style, tuple(tokens), weak)


def _number_sign(raw: str, lats: list[str], pos: int, signs: frozenset[str]) -> bool:
    """Whether a part is a sign for "number" before a number (№ 9, No. 144)."""
    if raw.lower().rstrip(".") not in signs or pos + 1 >= len(lats):
        return False
    return number_value(lats[pos + 1], pos + 1) is not None


def _dedicates(tokens: list[Token], pos: int) -> bool:
    """Whether the part at `pos` starts a dedication: имени, им., *named*, or *after* and
    *by* after *named* (a lone *by* or *after* dedicates nothing: *Made by Hand*)."""
    lat = tokens[pos].lat
    if lat in _AFTER_NAMED:
        return pos > 0 and tokens[pos - 1].lat == "named"
    return lat in _DEDICATION_WORDS


def _mark_dedication(tokens: list[Token]) -> None:
    """The names of the person an organisation is named after, after имени, им. or
    *named after* (Завод имени Ю. А. Гагарина, Plant named after Academician A.I.
    Shokin): its initials, title and up to three names, which lists often drop."""
    for pos in range(len(tokens)):
        if _dedicates(tokens, pos):
            names = 0
            for u in tokens[pos + 1 :]:
                if u.kind == INITIAL or u.lat in _DEDICATION_WORDS or _ACADEMICIAN in u.groups:
                    continue
                if u.kind != NAME or u.translated or names == 3:
                    break
                u.dedication = True
                names += 1
            return


def _initials_as_names(tokens: list[Token]) -> list[Token]:
    """An organisation's name whose only name is initials (A.B.C. Company, AT&T, T.M.G.
    Engineering Limited) is named by them: they are its name, not the initials of a
    person named beside them (имени В. П. Макеева)."""
    if any(t.kind == NAME for t in tokens):
        return tokens
    return [Token(t.text, t.lat, t.script, NAME) if t.kind == INITIAL else t for t in tokens]


def _is_initial(raw: str) -> bool:
    """Whether a part of an organisation's name is a person's initials (В. П., A.N.): a
    letter alone in a script whose dots a name loses, or Latin letters with dots (a Latin
    letter alone is often an elided article: Riyadh-s-Saliheen)."""
    return (len(raw) == 1 and raw.isalpha() and not raw.isascii()) or is_dotted_initials(raw)


def _initials_run(parts: list[tuple[str, str, str]], pos: int) -> int:
    """How many parts from `pos` on are initials written apart (В. П. Макеева: 2)."""
    end = pos + 1
    while end < len(parts) and _is_initial(parts[end][0]):
        end += 1
    return end - pos


def _place_of_adjective(lat: str, script: str) -> str:
    """A Cyrillic adjective made from a place name in -sk, folded without its ending
    (Воткинский: *votkinsk*), for an organisation's name; "" for any other part."""
    if script != "cyrillic" or "sk" not in lat:
        return ""
    for ending in adjective_endings():
        stem = lat[: len(lat) - len(ending)]
        if lat.endswith(ending) and stem.endswith("sk") and len(stem) >= 5:
            return fold(stem)
    return ""


@cache
def _abbreviations() -> dict[str, list[tuple[str, str, str]]]:
    """Each abbreviation, transliterated, to the parts of the words it stands for."""
    found: dict[str, list[tuple[str, str, str]]] = {}
    for short, words in org_abbreviations().items():
        lats = [lat for _, lat, _ in split_name(short)]
        if len(lats) == 1:
            found[lats[0]] = split_name(words)
    return found


def _expanded(parts: list[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """An organisation's name parts with each abbreviation of words (НПП, NII) read as
    the words it stands for (org_abbreviations.yml)."""
    table = _abbreviations()
    if not any(lat in table for _, lat, _ in parts):
        return parts
    out: list[tuple[str, str, str]] = []
    for part in parts:
        words = table.get(part[1])
        if words is None:
            out.append(part)
        else:
            out.extend((f"{part[0]}:{raw}", lat, script) for raw, lat, script in words)
    return out


def _compound_groups(raw: str, script: str) -> tuple[frozenset[str] | None, frozenset[str]]:
    """The word groups of a Cyrillic compound word of an organisation's name (Радиозавод:
    *radio* and *plant*), when it starts with a first part of compounds
    (org_compounds.yml) and goes on with an organisation word, and those of its first
    part (*radio*). The word stays one part: one list translates it (Radio Plant),
    another transliterates it (Radiozavod)."""
    if script != "cyrillic":
        return None, _EMPTY
    for first, first_lat in org_compound_prefixes():
        rest = raw[len(first) :]
        if raw.startswith(first) and len(rest) >= 4:
            head = _org_word_of(first_lat, script)
            tail = _org_word_of(latinise(rest), script)
            if head is not None and tail is not None:
                return head | tail, head
    return None, _EMPTY


def _person_tokens(parts: list[tuple[str, str, str]]) -> tuple[Token, ...]:
    """The tokens of a person's name (the common case, kept tight)."""
    known = _person_words()
    suffixes = _suffixes()
    tokens: list[Token] = []
    last = len(parts) - 1
    for number, (raw, lat, script) in enumerate(parts):
        kind = known.get(lat)
        if (
            kind is None
            and script != "latin"
            and number < last  # an honorific precedes a name: кари alone is a name
            and fold(lat) in folded_honorifics()
        ):
            kind = HONORIFIC
        if kind == PARTICLE and not tokens and lat in _words()["kinship"]:
            # "son of" follows a person's own name: first, bin/ben is a given name
            # (Chinese Bin, English Ben), and no parent's name follows
            kind = NAME
        if kind is None:
            if len(lat) > 1 and lat.isalpha() and (len(lat) <= 6 or not lat.endswith(suffixes)):
                kind = NAME
            else:
                kind = _plain_person_kind(lat)
                if kind == NUMBER:  # 44, 1st, 33rd as digits: equal numbers only
                    lat = number_value(lat, 0) or lat
        token = Token(raw, lat, script, kind)
        token.alt = second_form(raw, script)
        tokens.append(token)
    return tuple(tokens)


def _plain_person_kind(lat: str) -> str:
    if len(lat) == 1:
        return INITIAL if lat.isalpha() else NUMBER
    if any(c.isdigit() for c in lat):
        return NUMBER
    if len(lat) > 6 and lat.endswith(_suffixes()):
        return PATRONYMIC
    return NAME


def _add_number(tokens: list[Token], raw: str, number: str, script: str) -> None:
    """Add a number part, joining tens and units written apart ("forty four" -> 44)."""
    last = tokens[-1] if tokens else None
    if (
        last is not None
        and last.kind == NUMBER
        and len(last.lat) == 2
        and last.lat[1] == "0"
        and len(number) == 1
    ):
        tokens[-1] = Token(f"{last.text} {raw}", str(int(last.lat) + int(number)), script, NUMBER)
        return
    tokens.append(Token(raw, number, script, NUMBER))
