"""What the freeze register's modules share: the lifecycle, the vocabularies, amounts as
exact decimals, dates, and identifiers masked for those who may not read them."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import cache
from importlib import resources
from typing import Any

import yaml

from interlist.errors import InvalidInputError
from interlist.lifecycle import Actor, Lifecycle, lifecycle

KIND = "freeze"
HELD = ("frozen", "partially_released", "review_required")  # the balance is still frozen
ALIVE = (*HELD, "seized")  # the asset is still held
BASIS_KINDS = ("listing", "recognition", "notice")
CURRENCY = re.compile(r"^[A-Z][A-Z0-9]{2,9}$")  # ISO 4217, or a virtual asset's ticker
MAX_DIGITS = 30


def declared() -> Lifecycle:
    return lifecycle(KIND)


@cache
def vocabulary() -> dict[str, dict[str, dict[str, str]]]:
    """The asset types and licence grounds (resources/freezes.yml), with their labels."""
    text = resources.files("interlist").joinpath("resources/freezes.yml").read_text("utf-8")
    data: dict[str, dict[str, dict[str, str]]] = yaml.safe_load(text)
    return data


def check_term(kind: str, value: str | None, field: str) -> str:
    """The value if it is a term of the vocabulary `kind`, else 422 naming the field."""
    known = vocabulary()[kind]
    if value not in known:
        raise InvalidInputError(f"unknown {value!r} (known: {', '.join(known)})", field)
    return value


def amount(value: Any, field: str = "amount") -> Decimal:
    """A positive amount as an exact decimal. Decimal strings (``"12500.00"``), ints and
    Decimals are taken; floats are refused, since they are not exact."""
    if isinstance(value, float | bool):
        raise InvalidInputError('give amounts as decimal strings, e.g. "12500.00"', field)
    try:
        found = Decimal(str(value).strip().replace(" ", "").replace("\u00a0", ""))
    except (InvalidOperation, ValueError) as exc:
        raise InvalidInputError(f"{value!r} is not a decimal amount", field) from exc
    if not found.is_finite() or found <= 0:
        raise InvalidInputError(f"{value!r} is not a positive amount", field)
    if len(found.as_tuple().digits) > MAX_DIGITS:
        raise InvalidInputError(f"{value!r} has too many digits", field)
    return found


def text(value: Decimal) -> str:
    """An amount as kept and sent: plain decimal notation, never an exponent."""
    return f"{value:f}"


def currency(value: Any, field: str = "currency") -> str:
    code = str(value or "").strip().upper()
    if not CURRENCY.match(code):
        raise InvalidInputError(f"{value!r} is not a currency code (e.g. KZT, USD)", field)
    return code


def day(value: Any, field: str, required: bool = True) -> date | None:
    """A date from a date or an ISO string (YYYY-MM-DD)."""
    if value in (None, ""):
        if required:
            raise InvalidInputError("a date is needed (YYYY-MM-DD)", field)
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip()[:10])
    except ValueError as exc:
        raise InvalidInputError(f"{value!r} is not a date (YYYY-MM-DD)", field) from exc


def mask(identifier: str | None) -> str | None:
    """An identifier as others see it: its last four characters at most, the rest hidden."""
    if not identifier:
        return identifier
    keep = min(4, len(identifier) // 3)
    return "•" * (len(identifier) - keep) + identifier[len(identifier) - keep :]


def may_read(viewer: Actor, state: str) -> bool:
    """The centre and the users of the state holding an asset read its freeze."""
    return viewer.system or viewer.centre or viewer.state == state


def may_read_identifier(viewer: Actor, agency: str) -> bool:
    return viewer.system or viewer.agency == agency


def parties(actor: Actor, state: str) -> set[str]:
    """The parties the actor is to a freeze held in `state` (the holder: its state's users)."""
    return {"holder"} if actor.state and actor.state == state else set()
