"""The vocabularies of operations and results (resources/reporting.yml), read once."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml

from interlist.errors import InvalidInputError


@cache
def vocabulary() -> dict[str, dict[str, dict[str, Any]]]:
    text = resources.files("interlist").joinpath("resources/reporting.yml").read_text("utf-8")
    data: dict[str, dict[str, dict[str, Any]]] = yaml.safe_load(text)
    return data


def check(kind: str, value: str | None, field: str, required: bool = True) -> str | None:
    """`value` if it is a term of the vocabulary `kind` (422 naming the field if not)."""
    if value in (None, ""):
        if required:
            raise InvalidInputError("is required", field)
        return None
    known = vocabulary()[kind]
    if value not in known:
        raise InvalidInputError(f"unknown {value!r} (known: {', '.join(known)})", field)
    return value


def label(kind: str, key: str, lang: str = "en") -> str:
    entry = vocabulary()[kind].get(key, {})
    if lang in entry:
        return str(entry[lang])
    return str(entry.get("en", key))
