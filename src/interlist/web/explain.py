"""The matcher's explanation and the audit log's "what was asked", in words.

The matcher (interlist.matching) explains a score with features named in
matching/vocabulary.py; each carries its effect on the score (``weight``), its own
score and a detail written for developers ("усама=usama (translit), бен≈bin
(translit)", "1957-03-10 (same date)"). :func:`sentences` reads the declared
feature names and the detail's declared reasons (vocabulary.SAME, TRANSLIT, ...) and
says them as sentences in the page's language from resources/messages.yml (keys
``why_*``); a detail it cannot read is shown as it is, never dropped. Each sentence
carries its effect on the score apart: the name's score is where the score starts,
each other feature moves it by its effect, and the final score is shown separately.
"""

from __future__ import annotations

import re
from typing import Any

import orjson

from interlist import i18n
from interlist.matching import vocabulary as v

_PAIR = re.compile(r"^(?P<a>.+?)(?P<op>[=≈])(?P<b>.+?) \((?P<reason>[^()]*)\)$")
_SINGLE = re.compile(r"^(?P<a>.+) \((?P<reason>[^()]*)\)$")
_NAMES = re.compile(r"^(?P<weak>weak alias: )?(?P<q>.+?) / (?P<c>.+?): (?P<pairs>.*)$", re.S)
_DATES = re.compile(r"^(?P<a>[^~≠ ]+)(?:[~≠](?P<b>[^ ]+))? \((?P<how>[^()]*)\)$")
_YEARS = re.compile(r"^(\d+) years apart$")


def _iso(text: str) -> str:
    """A name isolated for bidirectional text (FSI…PDI): an Arabic name inside a Latin
    or Cyrillic sentence keeps its own direction and leaves the sentence's alone."""
    return f"\u2068{text}\u2069" if text else text


REASONS = {  # a pair's reason (vocabulary) → the message key of its sentence
    v.SAME: "why_same",
    v.SPELLING: "why_spelling",
    v.TRANSLIT: "why_translit",
    v.SAME_NAME: "why_same_name",
    v.SAME_WORD: "why_same_word",
    v.SAME_NUMBER: "why_same_number",
    v.SAME_LEGAL_FORM: "why_same_legal_form",
    v.MISSPELT_LEGAL_FORM: "why_misspelt_legal_form",
    v.COMPANY_WORD: "why_company_word",
    v.SIMILAR: "why_similar",
    v.INITIAL_OF: "why_initial",
    v.WRITTEN_APART: "why_written_apart",
    v.JOINED_WORDS: "why_joined_words",
    v.TRANSLATED_INITIALS: "why_translated_initials",
    v.ONLY_IN_QUERY: "why_only_in_query",
    v.ONLY_IN_CANDIDATE: "why_only_in_candidate",
    v.DIFFERENT_NAMES: "why_different_names",
    v.PARENT_VS_OWN: "why_parent_vs_own",
    v.NO_REASON: "why_no_reason",
}
DATE_HOW = {
    "same date": "why_date_same",
    "day and month swapped": "why_date_swapped",
    "same year, other day": "why_date_other_day",
    "year agrees": "why_date_year",
    "one year apart": "why_date_next_year",
}


def sentences(explanation: Any, lang: str) -> list[dict[str, Any]]:
    """Each feature as {"feature", "text", "lines", "effect", "base"}: the sentence (and,
    for the names, one line per pair of name parts), its effect signed ("+0.12",
    "−0.30") or, for the name, the score it starts from."""
    if not isinstance(explanation, list):
        return []
    t = i18n.translator(lang)
    out = []
    for item in explanation:
        if not isinstance(item, dict):
            continue
        name, detail = str(item.get("name", "")), str(item.get("detail", ""))
        weight, score = item.get("weight"), item.get("score")
        text, lines = _sentence(t, lang, name, detail, score)
        base = name == v.NAME_FEATURE
        effect = None
        if isinstance(weight, int | float):
            effect = i18n.signed(weight, lang)[1:] if base else i18n.signed(weight, lang)
        out.append({"feature": name, "text": text, "lines": lines, "effect": effect,
                    "base": base, "detail": detail})  # fmt: skip
    return out


def _sentence(t: Any, lang: str, name: str, detail: str, score: Any) -> tuple[str, list[str]]:
    if name == v.NAME_FEATURE:
        return _names(t, detail)
    if name == v.BIRTH_DATE:
        return _dates(t, lang, detail), []
    if name == v.COUNTRY:
        codes = re.split(r"[,≠ ]+", detail.replace("(shared)", ""))
        names = ", ".join(i18n.country_name(c, lang) for c in codes if c)
        return t("why_country_same" if score else "why_country_differ", countries=names), []
    if name == v.GENDER:
        return t("why_gender_same" if score else "why_gender_differ"), []
    if name == v.IDENTIFIER:
        if score:
            return t("why_id_same", numbers=detail.replace(" (same number)", "")), []
        return t("why_id_differ", numbers=detail), []
    if name == v.SCHEMA:
        found = re.fullmatch(r"(\w+) cannot match (\w+)", detail)
        if found:
            a, b = (i18n.schema_label(s, lang) for s in found.groups())
            return t("why_schema", a=a, b=b), []
    if name == v.THIN_NAME:
        return t("why_thin_name"), []
    if name == v.TOO_LITTLE:
        return t("why_too_little_kept" if score else "why_too_little"), []
    if name == v.NO_SHARED_KEY:
        return t("why_no_shared_key"), []
    return f"{name}: {detail}", []


def _names(t: Any, detail: str) -> tuple[str, list[str]]:
    if detail == "no names to compare":
        return t("why_no_names"), []
    if detail.startswith("not compared:"):
        return t("why_not_compared"), []
    found = _NAMES.match(detail)
    if not found:
        return detail, []
    head = t("why_names_weak" if found["weak"] else "why_names", q=_iso(found["q"]),
             c=_iso(found["c"]))  # fmt: skip
    lines = []
    for part in found["pairs"].split(", "):
        pair, single = _PAIR.match(part), _SINGLE.match(part)
        if pair and pair["reason"] in REASONS:
            lines.append(t(REASONS[pair["reason"]], a=_iso(pair["a"]), b=_iso(pair["b"])))
        elif single and single["reason"] in REASONS:
            lines.append(t(REASONS[single["reason"]], a=_iso(single["a"]), b=""))
        elif part:
            lines.append(part)
    return head, lines


def _dates(t: Any, lang: str, detail: str) -> str:
    if detail == "dates not comparable":
        return str(t("why_date_unreadable"))
    found = _DATES.match(detail)
    if not found:
        return detail
    a = i18n.date_text(found["a"], lang)
    b = i18n.date_text(found["b"] or found["a"], lang)
    years = _YEARS.match(found["how"])
    if years:
        return str(t("why_date_apart", a=a, b=b, count=int(years[1])))
    key = DATE_HOW.get(found["how"])
    return str(t(key, a=a, b=b)) if key else detail


def asked(detail: Any, lang: str, action: str = "") -> str:
    """An audit entry's "what was asked" as readable text: «Усама», type: Person ..."""
    t = i18n.translator(lang)
    data = detail
    if isinstance(detail, str):
        try:
            data = orjson.loads(detail)
        except orjson.JSONDecodeError:
            return detail
    if not isinstance(data, dict):
        return "" if data is None else str(data)
    parts = []
    for key, value in data.items():
        label = t(f"asked_{key}")
        if label == f"asked_{key}":
            label = i18n.prop_label(key, lang)
        parts.append(f"{label}: {_value(key, value, lang)}")
    return "; ".join(parts)


def _value(key: str, value: Any, lang: str) -> str:
    if isinstance(value, list):
        return ", ".join(_value(key, item, lang) for item in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_value(k, x, lang)}" for k, x in value.items())
    if isinstance(value, bool):
        return i18n.translator(lang)("yes" if value else "no")
    text = str(value)
    if key == "schema":
        return i18n.schema_label(text, lang)
    if key in ("topic", "topics"):
        return i18n.topic_label(text, lang)
    if key in ("country", "nationality", "state"):
        return i18n.country_name(text, lang)
    if key == "collection":
        t = i18n.translator(lang)
        if text == "default":
            return str(t("collection_default"))
        return str(t("collection_state", state=i18n.country_name(text, lang)))
    if "date" in key.lower() or key in ("from", "to"):
        return i18n.date_text(text, lang)
    if key == "status":
        said = i18n.translator(lang)(text)
        return said if said != text or lang == i18n.DEFAULT else text
    if key in ("q", "name"):
        return f"«{text}»"
    return text
