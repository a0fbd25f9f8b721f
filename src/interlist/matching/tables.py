"""Reference tables for name matching, read once from ``resources/names/``.

Every table is commented YAML or CSV data (with its sources in the file header); this
module only loads and compiles them into the fast lookup structures the matcher uses
(``str.translate`` tables, dicts and frozensets).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from interlist.errors import ConfigError

# Latin letters NFKD does not decompose, and punctuation that never belongs to a name.
_LATIN_EXTRA = {
    "ß": "ss",
    "æ": "ae",
    "ø": "o",
    "œ": "oe",
    "ł": "l",
    "đ": "d",
    "ð": "d",
    "þ": "th",
    "ı": "i",
    "ħ": "h",
    "ŀ": "l",
    "ŋ": "ng",
    "ſ": "s",
    "ĳ": "ij",
}
_DROP = "'’‘`´ʻʼʹ\u02be\u02bf.\u200c\u200d\u200e\u200f\u0640"
_SPACE = ',;:!?()[]{}<>«»"“”„/\\|-‐‑‒–—_+*=#@~^%$·・•&'


def _read(name: str) -> str:
    try:
        path = resources.files("interlist").joinpath(f"resources/names/{name}")
        return path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read name table {name}: {exc}") from exc


@cache
def load_yaml(name: str) -> Any:
    """A YAML table from resources/names (parsed once)."""
    try:
        return yaml.safe_load(_read(name))
    except yaml.YAMLError as exc:
        raise ConfigError(f"name table {name} is not valid YAML: {exc}") from exc


# Sections of translit.yml that are not transliteration but other readings of letters.
_LETTER_TABLES = ("latin_sounds", "persian_sounds", "arabic_skeleton", "arabic_skeleton_also")


def _letter_table(section: str) -> dict[int, str]:
    """A section of translit.yml as a ``str.translate`` table."""
    return {ord(k): str(v) for k, v in load_yaml("translit.yml")[section].items()}


@cache
def translit_table() -> dict[int, str]:
    """One ``str.translate`` table: every script's letters to Latin, marks dropped."""
    table: dict[int, str] = {}
    for section, letters in load_yaml("translit.yml").items():
        if section in _LETTER_TABLES:
            continue
        for char, latin in letters.items():
            table[ord(char)] = latin
    for char, latin in _LATIN_EXTRA.items():
        table[ord(char)] = latin
    for code in range(0x300, 0x370):  # combining diacritics (after NFKD)
        table[code] = ""
    for code in (*range(0x64B, 0x660), 0x670):  # Arabic vowel signs, hamza marks
        table[code] = ""
    for char in _DROP:
        table[ord(char)] = ""
    for char in _SPACE:
        table[ord(char)] = " "
    return table


@cache
def latin_sounds_table() -> dict[int, str]:
    """Accented Latin letters as the digraphs of their sound (for cross-script forms)."""
    return _letter_table("latin_sounds")


@cache
def persian_sounds_table() -> dict[int, str]:
    """Arabic letters as Persian, Dari, Pashto and Urdu read them (a second form)."""
    return _letter_table("persian_sounds")


@cache
def east_slavic_sounds_table() -> dict[int, str]:
    """Cyrillic letters as Belarusian and Ukrainian romanisations write them (a second
    form)."""
    return _letter_table("east_slavic_sounds")


@cache
def arabic_skeleton_table() -> dict[int, str]:
    """Arabic-script consonant letters as the Latin consonant skeleton writes them; every
    other character of the Arabic block, and a space, to nothing."""
    table: dict[int, str] = {code: "" for code in range(0x600, 0x700)}
    table[ord(" ")] = ""
    table.update(_letter_table("arabic_skeleton"))
    return table


@cache
def arabic_skeleton_also_table() -> dict[int, str]:
    """:func:`arabic_skeleton_table` with the second consonant of the letters Latin
    spellings also write otherwise (ظ as d)."""
    table = dict(arabic_skeleton_table())
    table.update(_letter_table("arabic_skeleton_also"))
    return table


@cache
def punctuation_table() -> dict[int, str]:
    """Punctuation to spaces (or nothing for apostrophes; dots stay, for the name's
    splitting to tell initials from words), letters untouched."""
    table = {ord(c): "" for c in _DROP if c != "."}
    table.update({ord(c): " " for c in _SPACE})
    return table


@dataclass(frozen=True)
class Romanisation:
    """Folding rules that join romanisation systems (see romanisation.yml)."""

    digraphs: tuple[tuple[str, str], ...]
    letters: dict[int, str]
    classes: dict[int, str]


@cache
def romanisation() -> Romanisation:
    data = load_yaml("romanisation.yml")
    digraphs = tuple((str(a), str(b)) for a, b in data["digraphs"])
    letters = {ord(k): str(v) for k, v in data["letters"].items()}
    # every other character absent from the class table is dropped from the code
    classes = {ord(k): str(v) for k, v in data["classes"].items()}
    for char in "aeiouhJSC":
        classes.setdefault(ord(char), "")
    return Romanisation(digraphs, letters, classes)


@cache
def word_lists() -> dict[str, frozenset[str]]:
    """Particles, honorifics, patronymic endings, organisation words, vessel prefixes."""
    data = load_yaml("particles.yml")
    return {
        key: frozenset(str(v) for v in values)
        for key, values in data.items()
        if isinstance(values, list)
    }


@cache
def number_words() -> dict[str, int]:
    """English number words to their value ("forty" -> 40)."""
    return {str(k): int(v) for k, v in load_yaml("particles.yml")["number_words"].items()}


@cache
def given_name_groups() -> dict[str, frozenset[str]]:
    """Each given-name spelling to the equivalence groups it belongs to."""
    text = "\n".join(line for line in _read("given_names.csv").splitlines() if line[:1] != "#")
    groups: dict[str, set[str]] = {}
    for row in csv.DictReader(io.StringIO(text)):
        groups.setdefault(row["name"].strip(), set()).add(row["group"].strip())
    return {name: frozenset(values) for name, values in groups.items()}


@cache
def given_name_sources() -> dict[tuple[str, str], str]:
    """(group, name) to the source column, for explanations."""
    text = "\n".join(line for line in _read("given_names.csv").splitlines() if line[:1] != "#")
    return {(r["group"], r["name"]): r["source"] for r in csv.DictReader(io.StringIO(text))}


@cache
def org_word_entries() -> dict[str, list[str]]:
    """English words of organisation names to their spellings in other scripts and
    romanisations (org_words.yml)."""
    table = load_yaml("org_words.yml")
    return {str(k): [str(v) for v in values] for k, values in table.items() if k != DISTINCTIVE}


@cache
def distinctive_org_words() -> frozenset[str]:
    """The organisation words that tell one body from another (a tyre plant is no radio
    plant): a translation does not drop them (org_words.yml, "distinctive")."""
    return frozenset(str(w) for w in load_yaml("org_words.yml").get(DISTINCTIVE, ()))


DISTINCTIVE = "distinctive"


@cache
def org_compound_prefixes() -> tuple[tuple[str, str], ...]:
    """The first parts of compound words of organisation names (org_compounds.yml), each
    as written and transliterated, longest first."""
    from interlist.matching.text import latinise  # text reads its tables from here

    found = [(str(p), latinise(str(p))) for p in load_yaml("org_compounds.yml")["prefixes"]]
    return tuple(sorted(found, key=lambda item: -len(item[1])))


@cache
def legal_form_entries() -> list[dict[str, Any]]:
    """Raw legal-form entries (canonical, family, forms)."""
    return list(load_yaml("legal_forms.yml"))


@cache
def common_given_names() -> frozenset[str]:
    """Given names that alone identify nobody (common_given_names.yml), with every
    spelling of the given-name table (given_names.csv)."""
    names = {str(n) for values in load_yaml("common_given_names.yml").values() for n in values}
    return frozenset(names | set(given_name_groups()))


@cache
def folded_honorifics() -> frozenset[str]:
    """The honorifics (particles.yml) as folded: another script's spelling of one
    (муллах, хаджи) is read as the honorific, not as a name part."""
    from interlist.matching.text import fold  # text reads its tables from here

    return frozenset(fold(w) for w in word_lists()["honorifics"])


@cache
def surname_endings() -> tuple[str, ...]:
    """Endings that make another family name (surname_endings.yml)."""
    return tuple(str(e) for e in load_yaml("surname_endings.yml")["endings"])


@cache
def baltic_endings() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The Latvian and Lithuanian nominative endings, and the ends of the stems (as
    folded) that take them in a Russian name (surname_endings.yml)."""
    table = load_yaml("surname_endings.yml")
    return tuple(str(e) for e in table["baltic_endings"]), tuple(
        str(e) for e in table["baltic_stems"]
    )


@cache
def homoglyphs() -> tuple[dict[int, str], dict[int, str]]:
    """Translate tables from Latin letters to the Cyrillic ones they look like and back
    (homoglyphs.yml)."""
    pairs = {str(k): str(v) for k, v in load_yaml("homoglyphs.yml")["latin_to_cyrillic"].items()}
    return (
        {ord(lat): cyr for lat, cyr in pairs.items()},
        {ord(cyr): lat for lat, cyr in pairs.items()},
    )


@cache
def letter_names() -> dict[str, str]:
    """The names of Latin letters as Russian writes them (letter_names.yml) to the
    letters: "ай" to "i", "джи" to "g"."""
    table = load_yaml("letter_names.yml")
    return {str(name): str(letter) for letter, names in table.items() for name in names}


@cache
def acronym_letters() -> dict[str, frozenset[str]]:
    """The Latin letters a Cyrillic letter may stand for in initials written in Latin
    letters (acronym_letters.yml): "ц" to c, t and z."""
    table = load_yaml("acronym_letters.yml")
    return {str(k): frozenset(str(v) for v in vs) for k, vs in table.items()}


@cache
def org_abbreviations() -> dict[str, str]:
    """Abbreviations of organisation words to the words (org_abbreviations.yml)."""
    return {str(k): str(v) for k, v in load_yaml("org_abbreviations.yml").items()}


@cache
def adjective_endings() -> tuple[str, ...]:
    """Endings of Cyrillic adjectives in -sk- (adjective_endings.yml), longest first."""
    endings = (str(e) for e in load_yaml("adjective_endings.yml")["endings"])
    return tuple(sorted(endings, key=len, reverse=True))
