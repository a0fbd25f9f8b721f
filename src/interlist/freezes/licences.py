"""Licences: the release of part of the frozen funds, never more than the balance.

A licence is granted by the state holding the asset on a ground of
``resources/freezes.yml`` (basic expenses, extraordinary expenses, prior obligations,
humanitarian purposes), for an amount in the freeze's currency and a period. For a
freeze on a UN listing the date the sanctions committee was notified is required
(UNSCR 1452: the committee is notified of basic expenses and approves extraordinary
ones). Each licence moves the freeze to ``partially_released`` with the licence, its
amount and date in the history.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, select

from interlist.errors import InvalidInputError, PermissionDeniedError
from interlist.freezes import register
from interlist.freezes.basis import UN_SOURCES
from interlist.freezes.terms import (
    amount,
    check_term,
    currency,
    day,
    declared,
    may_read,
    parties,
    text,
    vocabulary,
)
from interlist.lifecycle import Actor, Move
from interlist.lifecycle import records as lr
from interlist.store import freeze_tables as ft


@dataclass
class Licence:
    """A licence as asked for (amounts as decimal strings)."""

    ground: str
    amount: Any
    currency: str
    granted_on: Any
    committee_notified_on: Any = None
    granted_by: str | None = None
    valid_from: Any = None
    valid_until: Any = None
    note: str | None = None


def grant(conn: Connection, actor: Actor, freeze_id: int, asked: Licence) -> dict[str, Any]:
    """Grant a licence on a freeze: 403 for another state, 409 when the freeze is not
    frozen or partially released, 422 when the amount exceeds the balance (named)."""
    row = register.freeze_row(conn, freeze_id, lock=True)
    if not may_read(actor, row.state):
        raise PermissionDeniedError(f"freeze {freeze_id} is held in another state ({row.state})")
    move = declared().transition("licensed")
    lr.authorise(declared(), move, actor, parties(actor, row.state))
    values = _checked(asked, row)
    left = register.balance(conn, row)
    if values["amount_d"] > left:
        raise InvalidInputError(
            f"{text(values['amount_d'])} {row.currency} exceeds the balance still frozen "
            f"({text(left)} {row.currency}) of freeze {freeze_id}", "amount",
        )  # fmt: skip
    amount_d = values.pop("amount_d")
    values.update(freeze_id=freeze_id, amount=text(amount_d), actor=actor.name,
                  agency=actor.agency, created_at=datetime.now(UTC))  # fmt: skip
    inserted = conn.execute(ft.licence.insert().values(**values)).inserted_primary_key
    fields = {"licence": inserted[0] if inserted else None, "ground": values["ground"],
              "amount": values["amount"], "currency": row.currency,
              "date": values["granted_on"], "balance": text(left - amount_d),
              "act": values["granted_by"] or "licence"}  # fmt: skip
    lr.transition(conn, declared(), freeze_id, Move("licensed", fields, asked.note or None),
                  actor, parties(actor, row.state))  # fmt: skip
    return register.get(conn, freeze_id, actor)


def _checked(asked: Licence, row: Any) -> dict[str, Any]:
    ground = check_term("licence_grounds", asked.ground, "ground")
    code = currency(asked.currency)
    if code != row.currency:
        raise InvalidInputError(
            f"the freeze is in {row.currency}; a licence releases the same currency "
            "(no conversion)", "currency",
        )  # fmt: skip
    notified = day(asked.committee_notified_on, "committee_notified_on", required=False)
    if row.basis_kind == "listing" and row.basis_ref in UN_SOURCES and notified is None:
        raise InvalidInputError(
            "the freeze rests on a UN listing: give the date the sanctions committee was "
            "notified", "committee_notified_on",
        )  # fmt: skip
    valid_from = day(asked.valid_from, "valid_from", required=False)
    valid_until = day(asked.valid_until, "valid_until", required=False)
    if valid_from and valid_until and valid_until < valid_from:
        raise InvalidInputError("the period ends before it starts", "valid_until")
    return {
        "ground": ground, "amount_d": amount(asked.amount), "currency": code,
        "granted_on": day(asked.granted_on, "granted_on"),
        "granted_by": (asked.granted_by or "").strip() or None, "valid_from": valid_from,
        "valid_until": valid_until, "committee_notified_on": notified,
        "note": asked.note or None,
    }  # fmt: skip


def licences_of(conn: Connection, freeze_id: int) -> list[dict[str, Any]]:
    """The licences granted on a freeze, oldest first."""
    c = ft.licence.c
    rows = conn.execute(select(ft.licence).where(c.freeze_id == freeze_id).order_by(c.id))
    grounds = vocabulary()["licence_grounds"]
    return [
        {"id": r.id, "ground": r.ground, "category": grounds.get(r.ground, {}).get("category"),
         "amount": r.amount, "currency": r.currency, "granted_on": r.granted_on.isoformat(),
         "granted_by": r.granted_by, "valid_from": _iso(r.valid_from),
         "valid_until": _iso(r.valid_until),
         "committee_notified": r.committee_notified_on is not None,
         "committee_notified_on": _iso(r.committee_notified_on), "note": r.note,
         "actor": r.actor, "agency": r.agency}
        for r in rows
    ]  # fmt: skip


def _iso(value: Any) -> str | None:
    return value.isoformat() if value else None


__all__ = ["Licence", "grant", "licences_of"]
