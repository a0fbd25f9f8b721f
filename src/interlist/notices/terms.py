"""The vocabularies of wanted notices (``resources/notices.yml``), read once, and the
checks of a notice against them: offence categories and their topics, actions on a
hit, warning flags, the centre's review checklist and the kinds of sweep."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml

from interlist.errors import InvalidInputError


@cache
def vocabulary() -> dict[str, Any]:
    text = resources.files("interlist").joinpath("resources/notices.yml").read_text("utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return data


def terms(kind: str) -> dict[str, dict[str, str]]:
    """One vocabulary: categories, actions, warnings, checklist or sweep_kinds."""
    found: dict[str, dict[str, str]] = vocabulary()[kind]
    return found


def check(kind: str, values: list[str], field: str) -> list[str]:
    """The values if each is a term of `kind`, else 422 naming the field."""
    known = terms(kind)
    for value in values:
        if value not in known:
            raise InvalidInputError(f"unknown {value!r} (known: {', '.join(known)})", field)
    return values


def topic_of(category: str) -> str:
    """The FtM topic a subject wanted for this offence carries besides `wanted`."""
    return terms("categories")[category]["topic"]


def min_penalty() -> int:
    return int(vocabulary()["min_penalty_years"])


def label(kind: str, key: str, lang: str = "en") -> str:
    spec = terms(kind).get(key) or {}
    return spec.get(lang) or spec.get("en") or key
