"""Names written with a gloss: the parts of one written name that are names themselves.

Lists write more than one name in one field: "HAQQANI NETWORK (HQN)" (an acronym),
"عبدالله السندي (Abdullah Sindhi)" (the name in another script), "جبهة النصرة (the
Victory Front; Al-Nusrah Front)" (a list of aliases), "AL-ITIHAAD AL-ISLAMIYA / AIAI",
"PJSC KAMAZ alias KAMAZ PTC".
Another list, or a customer file, writes only one of them. So a name is compared as
written and also as each of these forms (:func:`name_forms`). A body's name after its
parent's and a comma ("Tactical Missile Corporation, Azov Optical and Mechanical Plant")
is a form too.

A bracket that only qualifies the name ("(HK)", "(OFFSHORE)", "(false identity ...)")
holds no name: for a person, the name outside it is added; for an organisation,
nothing (the bracket tells a subsidiary from its parent). A bracket's content is a name when
it is written in another script, lists names (";"), carries a label that says so
("original script: Абубакар", gloss_labels.yml), or is an acronym of the name outside
it; an acronym is a weak alias.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from interlist.matching.tables import load_yaml, word_lists
from interlist.matching.text import latinise, script_of

_OPEN = {"(": ")", "[": "]"}
_CLOSE = frozenset(_OPEN.values())
_TRIM = " \t,;:-–—/."
_SPACES = re.compile(r"\s+")
_SPACE_BEFORE = re.compile(r"\s+([,;:.])")
_WORDS = re.compile(r"[^\W\d_]+")  # runs of letters: hyphens and apostrophes split words
MAX_ACRONYM = 6
# Names written one after the other in one field: "PJSC KAMAZ alias KAMAZ PTC".
_ALIAS = re.compile(
    r"\s+(?:alias|a\.?k\.?a\.?|f\.?k\.?a\.?|also known as|formerly known as)\s+", re.IGNORECASE
)
STEM = 5  # the letters of a word that a case ending or a contraction keeps
# A middle dot between spaces separates names as " / " does ("صنایع هوایی شاهد · مرکز ...").
_DOTS = re.compile(r"\s+[\u00b7\u0387\u2022\u30fb]\s+")


def name_forms(name: str, person: bool = False) -> list[tuple[str, bool]]:
    """The other forms of a written name, each with whether it is weak (an acronym);
    empty for a name with no brackets and no " / ". An organisation's name without a
    bracket that only qualifies it is no form of it: "Bank of China (Hong Kong)" is not
    "Bank of China (Singapore)"; a person's is ("Abdel Ilah Sabri (false identity)")."""
    name = _DOTS.sub(" / ", name)
    labelled = _after_language_label(name)
    if labelled:
        return [(labelled, False), *name_forms(labelled, person)]
    if _ALIAS.search(name):
        parts = [_clean(part) for part in _ALIAS.split(name)]
        return _distinct([(part, False) for part in parts if part], name)
    if "(" not in name and "[" not in name and " / " not in name:
        if ", " not in name:
            return []
        if person:
            return _in_two_scripts(name)
        return _in_two_scripts(name) or _contracted(name) or _subsidiary(name)
    outside, brackets = _split_brackets(name)
    alternatives = [_clean(part) for part in outside.split(" / ")]
    main = next((a for a in alternatives if a), "")
    inside = [found for content in brackets for found in _bracket_names(content, main)]
    forms: list[tuple[str, bool]] = []
    if person or inside or len(alternatives) > 1:
        for alternative in alternatives:
            if alternative and alternative != name:
                weak = alternative != main and _is_acronym(alternative, main)
                forms.append((alternative, weak))
    return _distinct(forms + inside, name)


def _after_language_label(name: str) -> str:
    """The name after a language's name and a colon or comma that start it ("Russian,
    Общество ..."), or ""."""
    label, colon, rest = name.partition(":") if ":" in name else name.partition(",")
    if colon and label.strip().lower() in _language_labels():
        return _clean(rest)
    return ""


@cache
def _language_labels() -> frozenset[str]:
    return frozenset(str(label) for label in load_yaml("gloss_labels.yml")["language_labels"])


def _in_two_scripts(name: str) -> list[tuple[str, bool]]:
    """The parts of a name written twice, in two scripts, after a comma ("ЗАО
    ‘Интеравтоматика’, CJSC ‘Interavtomatika’"); empty for any other name."""
    parts = [_clean(part) for part in name.split(", ")]
    scripts = {_script(part) for part in parts if part}
    if len(scripts) < 2 or any(len(_scripts_of(part)) > 1 for part in parts):
        return []
    return _distinct([(part, False) for part in parts if part], name)


def _contracted(name: str) -> list[tuple[str, bool]]:
    """The name and its contraction after a comma: a word made of the beginnings of the
    name's words, in order ("Сколковский Институт Науки и Технологий, Сколтех": скол-,
    тех-); empty for any other name."""
    head, _, tail = name.rpartition(", ")
    short = _clean(tail)
    if " " in short or not short.isalpha() or len(short) < 5:
        return []
    words = [w.lower() for w in _WORDS.findall(head) if len(w) >= 3]
    if not _made_of_beginnings(short.lower(), words):
        return []
    return [(_clean(head), False), (short, False)]


def _made_of_beginnings(word: str, words: list[str]) -> bool:
    """Whether `word` is two or more beginnings (3 letters or more; the last, 2) of
    these words, one after another and in their order."""

    def rest_made(at: int, start: int, parts: int) -> bool:
        if at == len(word):
            return parts >= 2
        for n in range(start, len(words)):
            for size in range(len(word) - at, 1, -1):
                fits = size >= 3 or at + size == len(word)
                begins = fits and words[n].startswith(word[at : at + size])
                if begins and rest_made(at + size, n + 1, parts + 1):
                    return True
        return False

    return rest_made(0, 0, 0)


def _scripts_of(text: str) -> set[str]:
    return {script_of(word) for word in _WORDS.findall(text)}


def _subsidiary(name: str) -> list[tuple[str, bool]]:
    """The name after a parent's name and a comma ("Tactical Missile Corporation, Azov
    Optical and Mechanical Plant": the plant); the parent is no form of it. A name is a
    parent's when it ends with a word that names a body (Corporation, Holding, JSC)."""
    written = name.rpartition(", ")[2]
    head, _, tail = name.replace(".", "").rpartition(", ")
    head_words = _WORDS.findall(head.lower())
    words = _WORDS.findall(tail.lower())
    own = [w for w in words if len(w) > 2 and latinise(w) not in _body_words()]
    if not head_words or latinise(head_words[-1]) not in _body_words():
        return []
    if not own or len(words) < 2:
        return []
    return [(_clean(written), False)]


@cache
def _body_words() -> frozenset[str]:
    """The one-word legal forms and common organisation words (corporation, holding,
    group ...), transliterated: a name ending with one names a body."""
    words = {
        latinise(str(form).lower())
        for entry in load_yaml("legal_forms.yml")
        for form in entry["forms"]
        if " " not in str(form) and "." not in str(form)
    }
    return frozenset(words | word_lists()["org_generic"])


def _depths(text: str) -> Iterator[tuple[str, int, str]]:
    """Each character with the bracket depth around it and its role ("open", "close"
    or ""); a bracket stands at the depth outside it, and a closing bracket nothing
    opened is plain text."""
    depth = 0
    for char in text:
        if char in _OPEN:
            yield char, depth, "open"
            depth += 1
        elif char in _CLOSE and depth:
            depth -= 1
            yield char, depth, "close"
        else:
            yield char, depth, ""


def _split_brackets(text: str) -> tuple[str, list[str]]:
    """The text outside brackets, and the content of each outermost bracket (nested
    brackets kept inside it; an unclosed bracket runs to the end)."""
    outside: list[str] = []
    brackets: list[str] = []
    current: list[str] | None = None  # the outermost bracket open now
    for char, depth, role in _depths(text):
        if depth:
            assert current is not None
            current.append(char)
        elif role == "open":
            current = []
            outside.append(" ")
        elif role == "close":
            assert current is not None
            brackets.append("".join(current))
            current = None
        else:
            outside.append(char)
    if current is not None:
        brackets.append("".join(current))
    return "".join(outside), brackets


def _bracket_names(content: str, main: str) -> list[tuple[str, bool]]:
    """The names a bracket's content holds (see the module docstring)."""
    items = _split_items(content)
    listed = len(items) > 1
    script = _script(main)
    found = []
    for item in items:
        text, labelled = _without_label(_clean(_split_brackets(item)[0]))
        if not text:
            continue
        if listed or labelled or _script(text) != script:
            found.append((text, False))
        elif _is_acronym(text, main):
            found.append((text, True))
        elif _is_short_form(text, main):
            found.append((text, False))
        elif _is_coined(text):
            found.append((text, True))
    return found + [form for text, _ in found if ", " in text for form in _contracted(text)]


def _is_coined(text: str) -> bool:
    """Whether a bracket's text is a short name: one coined word with capitals inside
    it, made of the long name's syllables or initials (*(UAVHeli)*, *(GosNIIOKhT)*), an
    acronym of 3 to 6 capitals (*(HESA)*, *(UAZ)*: the initials of the name in another
    language), or initials and numbers (*(720 RZ SOP)*). A qualifier such as *(Hong
    Kong)*, *(OFFSHORE)*, *(UK)* or *(UAE)* is not."""
    words = text.split()
    if len(words) > 1:  # initials and numbers: (720 RZ SOP), (IPP SB RAS)
        return all(w.isdigit() or _capitals(w, 2) for w in words) and not text.isdigit()
    if _capitals(text, 3):  # an acronym of the name in another language: (HESA), (UAZ)
        return latinise(text.lower()) not in _capital_qualifiers()
    return (
        len(text) >= 4
        and text.isalpha()
        and text[0].isupper()
        and not text.isupper()
        and any(ch.isupper() for ch in text[1:])
    )


def _capitals(word: str, least: int) -> bool:
    return word.isalpha() and word.isupper() and least <= len(word) <= MAX_ACRONYM


@cache
def _capital_qualifiers() -> frozenset[str]:
    """Capitals in brackets that qualify a name (gloss_labels.yml), and the legal forms."""
    listed = load_yaml("gloss_labels.yml")["capital_qualifiers"]
    return frozenset(str(word) for word in listed) | _abbreviated_forms()


def _split_items(content: str) -> list[str]:
    """A bracket's content split at the semicolons outside nested brackets."""
    items: list[str] = []
    current: list[str] = []
    for char, depth, role in _depths(content):
        if char == ";" and not depth and not role:
            items.append("".join(current))
            current = []
        else:
            current.append(char)
    items.append("".join(current))
    return items


def _without_label(text: str) -> tuple[str, bool]:
    """The text without a label ("original script: X", "X - sub-unit name"), and
    whether it had one."""
    lower = text.lower()
    for label in _labels():
        if lower.startswith(label) and _boundary(lower, len(label)):
            return _clean(text[len(label) :]), True
        if lower.endswith(label) and _boundary(lower, len(lower) - len(label) - 1):
            return _clean(text[: len(text) - len(label)]), True
    return text, False


def _boundary(text: str, at: int) -> bool:
    """Whether text[at] ends or starts a word (or lies outside the text)."""
    return not 0 <= at < len(text) or not text[at].isalnum()


def _is_acronym(word: str, name: str) -> bool:
    """Whether `word` is one word of 2 to MAX_ACRONYM letters that starts as `name` does
    and whose letters `name` has in the same order ("AQAP" of "Al-Qaida in the Arabian
    Peninsula", "HQN" of "Haqqani Network", "JAK-T" of "Jund Al-Khilafah in Tunisia";
    "HK" is no acronym of "Well Smart Technology")."""
    letters = word.replace(".", "").replace("-", "").lower()
    if not 2 <= len(letters) <= MAX_ACRONYM or not letters.isalpha():
        return False
    words = _WORDS.findall(name.lower())
    if len(words) > 1 and latinise(words[0]) in _abbreviated_forms():
        words = words[1:]  # "IA" of "ZAO Interavtomatika"
    if (len(words) == 1 and len(words[0]) < 8) or not words or words[0][0] != letters[0]:
        return False
    rest = iter("".join(words)[1:])
    return all(letter in rest for letter in letters[1:])


def _is_short_form(text: str, name: str) -> bool:
    """Whether a bracket's text is the short form of the name outside it: it starts with
    a legal form's abbreviation (*(АО «НПП «Радар ММС»)*, *(ФГУП «ЦНИИХМ»)*), repeats
    a word of the name of four letters or more (*(ООО «Альбатрос»)*), or a word's first
    five letters in another case or inside a contracted word (*Министерство Обороны
    Российской Федерации (Минобороны России)*); a qualifier such as *(Hong Kong)* does
    none of these."""
    words = [w.lower() for w in _WORDS.findall(text)]
    if not words:
        return False
    if latinise(words[0]) in _abbreviated_forms() and len(words) > 1:
        return True
    outside = {w.lower() for w in _WORDS.findall(name) if len(w) >= 4}
    if any(w in outside for w in words if len(w) >= 4):
        return True
    stems = {w[:STEM] for w in outside if len(w) >= STEM}
    return any(stem in w for w in words if len(w) >= STEM for stem in stems)


@cache
def _abbreviated_forms() -> frozenset[str]:
    """The legal forms written as one short word (ООО, АО, ФГУП, LLC), transliterated."""
    return frozenset(
        latinise(str(form).lower())
        for entry in load_yaml("legal_forms.yml")
        for form in entry["forms"]
        if " " not in str(form) and "." not in str(form) and len(str(form)) <= 5
    )


def _script(text: str) -> str:
    """The script of the text's first letter that is not ASCII ("latin" if none)."""
    return script_of("".join(c for c in text if c.isalpha()))


def _clean(text: str) -> str:
    return _SPACE_BEFORE.sub(r"\1", _SPACES.sub(" ", text)).strip(_TRIM)


def _distinct(forms: list[tuple[str, bool]], name: str) -> list[tuple[str, bool]]:
    """Each form once (strong if any occurrence is), leaving out the name itself."""
    found: dict[str, bool] = {}
    for text, weak in forms:
        if text != name:
            found[text] = found.get(text, True) and weak
    return list(found.items())


@cache
def _labels() -> tuple[str, ...]:
    """The labels, longest first (so "in original script" wins over "original script")."""
    labels = (str(label).lower() for label in load_yaml("gloss_labels.yml")["labels"])
    return tuple(sorted(labels, key=len, reverse=True))
