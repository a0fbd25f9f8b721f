"""The script a name is written in, and the language that script makes clear.

Reads ``resources/script_languages.yml`` once. A name in Arabic script gets
"ara", in Cyrillic "rus", in Han characters "zho" and so on; a Latin-script name
gets no language (the script says nothing about it).
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from functools import cache
from importlib import resources

import yaml


@cache
def script_languages() -> dict[str, str]:
    """Unicode script word -> FtM 3-letter language code."""
    text = (
        resources.files("interlist").joinpath("resources/script_languages.yml").read_text("utf-8")
    )
    return {item["script"]: item["lang"] for item in yaml.safe_load(text)}


def script_of(text: str) -> str | None:
    """The script most of the letters of `text` are in ('ARABIC', 'LATIN'...), or None."""
    if text.isascii():
        return "LATIN" if any(c.isalpha() for c in text) else None
    counts: Counter[str] = Counter()
    for char in text:
        if char.isalpha():
            counts[_char_script(char)] += 1
    if not counts:
        return None
    return counts.most_common(1)[0][0]


def lang_of_script(text: str) -> str | None:
    """The language a name's script makes clear, or None (Latin script, unknown script)."""
    script = script_of(text)
    return script_languages().get(script) if script else None


@cache
def _char_script(char: str) -> str:
    return unicodedata.name(char, "UNKNOWN").split(" ", 1)[0]
