"""The interface language: English or Russian, from the message catalogue resources/messages.yml."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from importlib import resources

import yaml

LANGUAGES = ("en", "ru")
DEFAULT = "en"
COOKIE = "interlist_lang"


@cache
def catalogue() -> dict[str, dict[str, str]]:
    text = resources.files("interlist").joinpath("resources/messages.yml").read_text("utf-8")
    data: dict[str, dict[str, str]] = yaml.safe_load(text)
    return data


def language(value: str | None) -> str:
    """A supported language code (the default for anything else)."""
    return value if value in LANGUAGES else DEFAULT


def translator(lang: str) -> Callable[..., str]:
    """`t(key, **values)`: the message in `lang`, formatted; the key itself if unknown."""
    messages = catalogue()[language(lang)]

    def t(key: str, **values: object) -> str:
        text = messages.get(key, key)
        return text.format(**values) if values else text

    return t


@cache
def _territories(lang: str) -> dict[str, str]:
    from babel import Locale

    return {code.lower(): name for code, name in Locale(lang).territories.items()}


def country_name(code: str, lang: str = DEFAULT) -> str:
    """A country's name in `lang` from CLDR (through Babel), else FtM's English name,
    else the code itself."""
    from followthemoney.types import registry

    key = (code or "").lower()
    return _territories(language(lang)).get(key) or registry.country.caption(key) or code


def _folded(text: str) -> str:
    return " ".join(text.casefold().replace("ё", "е").split())


@cache
def _country_codes() -> dict[str, str]:
    """Every country's name in each interface language (CLDR, through Babel), folded to
    lower case, mapped to its ISO code in lower case; the codes themselves too."""
    out: dict[str, str] = {}
    for lang in LANGUAGES:
        for code, name in _territories(lang).items():
            if code.isalpha() and len(code) == 2:
                out.setdefault(_folded(name), code)
                out.setdefault(code, code)
    return out


def country_code(text: str) -> str:
    """What an officer typed in a country filter as an ISO code: "RU", "ru", "Russia",
    «Россия» all give "ru". Text that names no country is given back folded (it then
    matches nothing)."""
    key = _folded(text)
    return _country_codes().get(key, key)
