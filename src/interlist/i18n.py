"""The two languages, English and Russian, for every part that shows text: the message
catalogue (resources/messages.yml), CLDR's plural forms, numbers, dates, country and
language names (through Babel), FtM's labels of schemata, properties and topics
(resources/labels.yml where FtM lacks them). Domain errors in the reader's language:
:mod:`interlist.error_text`.

The web pages and the domain's documents (the annual report) both use it; it knows
nothing of HTTP."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from importlib import resources
from typing import Any

import yaml

LANGUAGES = ("en", "ru")
DEFAULT = "en"


@cache
def catalogue() -> dict[str, dict[str, str]]:
    text = resources.files("interlist").joinpath("resources/messages.yml").read_text("utf-8")
    data: dict[str, dict[str, str]] = yaml.safe_load(text)
    return data


def language(value: str | None) -> str:
    """A supported language code (the default for anything else)."""
    return value if value in LANGUAGES else DEFAULT


def translator(lang: str) -> Callable[..., str]:
    """`t(key, **values)`: the message in `lang`, formatted; the key itself if unknown.
    `t(key, count=n)` picks the plural form `n` takes and formats it as {n}."""
    messages = catalogue()[language(lang)]

    def t(key: str, count: float | None = None, **values: object) -> str:
        text = messages.get(key, key)
        if count is not None:  # a message with plural forms: "{n} result|{n} results"
            text = pick_plural(text, lang, count)
            values = {"n": number(count, lang), **values}
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


# --- Plural forms, numbers and dates (Babel's CLDR rules) -------------------------------
# A message with plural forms holds them separated by "|", in the order of the CLDR
# categories the language uses: English "one|other", Russian "one|few|many|other"
# ("{n} результат|{n} результата|{n} результатов|{n} результата").
PLURAL_ORDER = {"en": ("one", "other"), "ru": ("one", "few", "many", "other")}


def plural_form(lang: str, count: float) -> str:
    """The CLDR plural category of `count` in `lang` (one, few, many, other)."""
    from babel import Locale

    return str(Locale(language(lang)).plural_form(count))


def pick_plural(text: str, lang: str, count: float) -> str:
    """The form of a "|"-separated message that `count` takes in `lang`."""
    forms = text.split("|")
    order = PLURAL_ORDER[language(lang)]
    category = plural_form(lang, count)
    index = order.index(category) if category in order else len(order) - 1
    return forms[min(index, len(forms) - 1)]


def number(value: object, lang: str) -> str:
    """A number in the language's format (3,798 / 3 798; 0.92 / 0,92)."""
    from babel.numbers import format_decimal

    if value in (None, ""):
        return ""
    return str(format_decimal(value, locale=language(lang)))  # type: ignore[arg-type]


def currency_name(code: str, lang: str, count: object = None) -> str:
    """A currency's name in `lang`, in the form `count` takes (CLDR, through Babel):
    "KZT", 3 → "Kazakhstani tenges" / «казахских тенге»; the code if CLDR has none."""
    from decimal import Decimal, InvalidOperation

    from babel.numbers import get_currency_name

    try:
        amount = None if count is None else Decimal(str(count))
    except InvalidOperation:
        amount = None
    return str(get_currency_name(code, amount, locale=language(lang))) if code else ""


def signed(value: float, lang: str) -> str:
    """An effect on a score, signed, two decimals: +0.12 / −0,30 (a true minus sign)."""
    from babel.numbers import format_decimal

    text = str(format_decimal(abs(value), format="0.00", locale=language(lang)))
    return ("−" if value < -0.005 else "+") + text


def date_text(value: object, lang: str, with_time: bool = False, length: str = "medium") -> str:
    """A date (or an ISO date string) in the language's format: 10 Mar 1957 / 10 мар. 1957 г.
    (`length` "long": 10 March 1957 / 10 марта 1957 г.). Partial dates ("1957", "1957-03")
    and anything unreadable are returned as they are."""
    from datetime import date, datetime

    from babel.dates import format_date, format_datetime

    locale = "en_GB" if language(lang) == "en" else language(lang)  # 10 Mar 1957
    if isinstance(value, str):
        text = value.strip()
        try:
            if len(text) == 10:
                value = date.fromisoformat(text)
            elif len(text) > 10 and text[4] == "-":
                value = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            return text
    if isinstance(value, datetime):
        if with_time:
            return str(format_datetime(value, "short", locale=locale))
        return str(format_date(value.date(), length, locale=locale))
    if isinstance(value, date):
        return str(format_date(value, length, locale=locale))
    return "" if value is None else str(value)


# --- FtM's labels: schemata, properties, topics -------------------------------------------
# followthemoney ships gettext catalogues (Russian among them); its own English labels are
# the msgids. What it does not translate comes from resources/labels.yml.


@cache
def _ftm(lang: str) -> Any:
    from gettext import translation

    from followthemoney.util import i18n_path

    return translation("followthemoney", i18n_path, [language(lang)], fallback=True)


@cache
def own_labels() -> dict[str, dict[str, dict[str, str]]]:
    """resources/labels.yml: labels FtM lacks or words differently, by language and kind."""
    text = resources.files("interlist").joinpath("resources/labels.yml").read_text("utf-8")
    data: dict[str, dict[str, dict[str, str]]] = yaml.safe_load(text)
    return data


def _own(lang: str, kind: str, key: str) -> str | None:
    return own_labels().get(language(lang), {}).get(kind, {}).get(key)


def schema_label(name: str, lang: str = DEFAULT, plural: bool = False) -> str:
    """One name per schema, everywhere: "Legal entity" / «Юридическое лицо»."""
    from followthemoney import model

    own = _own(lang, "schemata_plural" if plural else "schemata", name)
    if own:
        return own
    schema = model.get(name) if name else None
    if schema is None:
        return name
    english = schema._plural if plural else schema._label
    return str(_ftm(lang).gettext(english))


def prop_label(prop: str, lang: str = DEFAULT, schema: str = "Thing") -> str:
    """A property's label ("birthDate" → "Birth date" / «Дата рождения»)."""
    from followthemoney import model

    own = _own(lang, "properties", prop)
    if own:
        return own
    found = None
    for name in (schema, "Person", "Organization", "LegalEntity", "Sanction", "Vessel",
                 "Passport", "Address", "Thing"):  # fmt: skip
        model_schema = model.get(name) if name else None
        found = model_schema.get(prop) if model_schema else None
        if found is not None:
            break
    if found is None:
        for candidate in model.schemata.values():
            found = candidate.get(prop)
            if found is not None:
                break
    return str(_ftm(lang).gettext(found._label)) if found is not None else prop


def topic_label(code: str, lang: str = DEFAULT) -> str:
    """A topic's name ("crime.terror" → "Terrorism" / «Терроризм»)."""
    from followthemoney.types import registry

    own = _own(lang, "topics", code)
    if own:
        return own
    english = registry.topic._TOPICS.get(code)
    return str(_ftm(lang).gettext(english)) if english else code


@cache
def _languages(lang: str) -> dict[str, str]:
    from babel import Locale

    return dict(Locale(language(lang)).languages)


def language_name(code: str, lang: str = DEFAULT) -> str:
    """A language code (ISO 639-1 or -3: "ara", "ru") as its name in `lang` (CLDR)."""
    from rigour.langs import iso_639_alpha2

    short = iso_639_alpha2(code) if len(code or "") == 3 else code
    return _languages(lang).get(short or "", code)


def value_text(value: str, prop: str, lang: str = DEFAULT) -> str:
    """A property's value as a reader reads it: topics and genders by their names,
    countries by theirs, full dates in the language's format; anything else as it is."""
    from followthemoney import model

    found = None
    for name in ("Person", "Organization", "LegalEntity", "Vessel", "Sanction", "Thing"):
        schema = model.get(name)
        found = schema.get(prop) if schema else None
        if found is not None:
            break
    kind = found.type.name if found is not None else ""
    if kind == "topic":
        return topic_label(value, lang)
    if kind == "gender":
        return _own(lang, "genders", value) or value
    if kind == "country":
        return country_name(value, lang)
    if kind == "date":
        return date_text(value, lang)
    return value
