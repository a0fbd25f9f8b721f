"""A domain error's message in the reader's language.

The domain raises errors in English (src/interlist/errors.py). The pages show them in
the reader's language: each English `err_*` message of resources/messages.yml is a
regular expression over the English text, its translation names the groups {1}, {2},
... A group may be shown by its name rather than its code: {2:status} (a lifecycle's
status), {2:move} (a transition), {2:term} (any term: status, vocabulary, role,
field), {2:field} (a form field), {2:country}; a list ("a, b or c") term by term.
{3:status@1} names a status of the lifecycle group 1 names, {2:status@notice} one of
the wanted notice's.
A message "field: text" whose text a pattern knows is shown as "Field: translation".
tests/test_error_messages.py checks that every error a page can show is known here.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

from interlist.i18n import DEFAULT, catalogue, country_name, language, prop_label

FIELD = re.compile(r"(--)?[A-Za-z_][\w.\-]*( \d+)?")  # "kind", "--role", "result 3"


@cache
def _error_patterns() -> list[tuple[re.Pattern[str], str]]:
    """(regular expression over the English text, key) of each `err_*` message."""
    english = catalogue()["en"]
    return [
        (re.compile(text, re.S), key)
        for key, text in english.items()
        if str(key).startswith("err_")
    ]


def error_text(message: str, lang: str = DEFAULT) -> str:
    """A domain error's message in `lang`; the English text where no pattern knows it."""
    if language(lang) == DEFAULT or not message:
        return message
    text = message.strip()
    field, sep, rest = text.partition(": ")
    if sep and FIELD.fullmatch(field):  # the field first: a pattern may start with (.+)
        body = error_text(rest, lang)
        if body != rest:
            return f"{field_label(field, lang)}: {_lower_first(body)}"
    found = _error_known(text, lang)
    return message if found is None else found


def _error_known(text: str, lang: str) -> str | None:
    translated = catalogue()[language(lang)]
    for pattern, key in _error_patterns():
        found = pattern.fullmatch(text)
        if found:
            values = tuple(g or "" for g in found.groups())
            return translated[key].format("", *(Group(v, lang, values) for v in values))
    return None


def _lower_first(text: str) -> str:
    """A sentence continuing after "Field: " ("Обязательное поле." stays as it is only
    when its second letter is a capital too: an abbreviation)."""
    if len(text) > 1 and text[0].isupper() and not text[1].isupper():
        return text[0].lower() + text[1:]
    return text


def field_label(field: str, lang: str = DEFAULT) -> str:
    """A form or file field's name in `lang` (`fld_*` messages); the field itself if
    none is declared."""
    name, _, number = field.partition(" ")
    key = "fld_" + name.lstrip("-").replace(".", "_").replace("-", "_")
    shown = catalogue()[language(lang)].get(key)
    if shown is None and "." in name:  # "subject.properties.alias": the property's label
        shown = prop_label(name.rsplit(".", 1)[1], lang, "Person")
    return f"{shown or name} {number}" if number else shown or name


class Group(str):
    """A group of an error's pattern, shown as it is or by its name: see above."""

    lang: str
    groups: tuple[str, ...]  # every group of the match: {3:status@1} reads the lifecycle in {1}

    def __new__(cls, value: str, lang: str, groups: tuple[str, ...] = ()) -> Group:
        made = super().__new__(cls, value)
        made.lang, made.groups = lang, groups
        return made

    def __format__(self, spec: str) -> str:
        if not spec:
            return str(self)
        kind, _, other = spec.partition("@")
        within = other or None  # a lifecycle's name, or the number of the group naming it
        if other.isdigit():
            within = self.groups[int(other) - 1] if int(other) <= len(self.groups) else None
        parts = re.split(r"(, | or )", str(self))
        joiner = {", ": ", ", " or ": " или " if self.lang == "ru" else " or "}
        return "".join(joiner.get(p, p) if i % 2 else term(p.strip("'"), kind, self.lang, within)
                       for i, p in enumerate(parts))  # fmt: skip


def term(code: str, kind: str, lang: str = DEFAULT, within: str | None = None) -> str:
    """A code as its name in `lang`: a lifecycle's status or transition (of the
    lifecycle `within` first), a term of a vocabulary, a role, a field, a country; the
    code itself if none names it."""
    if kind == "country":
        return country_name(code, lang)
    if kind == "field":
        return field_label(code, lang)
    names = _terms(language(lang))
    keys = ((f"{kind}@{within}", code), (kind, code), ("term", code), ("move", code))
    return next((names[k] for k in keys if k in names), code)


@cache
def _terms(lang: str) -> dict[tuple[str, str], str]:
    """Every named code: the reporting vocabularies, roles, fields, permissions and
    parties ("term"), lifecycle statuses ("status", and "term" where nothing above
    names the code) and transitions ("move"); the first declaration of a code wins."""
    from interlist.lifecycle.declaration import lifecycle
    from interlist.reporting.vocabulary import vocabulary

    found: dict[tuple[str, str], str] = {}
    for terms in vocabulary().values():
        for code, labels in terms.items():
            found.setdefault(("term", code), str(labels.get(lang, code)))
    for key, text in catalogue()[lang].items():
        for prefix in ("role_", "fld_", "perm_", "party_"):
            if str(key).startswith(prefix):
                found.setdefault(("term", str(key).removeprefix(prefix)), text)
    for name in _lifecycles():
        declared = lifecycle(name)
        for status in declared.statuses.values():
            label = status.labels.get(lang, status.name)
            found[(f"status@{name}", status.name)] = label
            found.setdefault(("status", status.name), label)
            found.setdefault(("term", status.name), label)
        for move in declared.transitions.values():
            found[(f"move@{name}", move.name)] = move.labels.get(lang, move.name)
            found.setdefault(("move", move.name), move.labels.get(lang, move.name))
    return found


def _lifecycles() -> list[str]:
    """The names of the declared lifecycles (resources/lifecycles/*.yml)."""
    folder = resources.files("interlist").joinpath("resources/lifecycles")
    return sorted(p.name.removesuffix(".yml") for p in folder.iterdir() if p.name.endswith(".yml"))
