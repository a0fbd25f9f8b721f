"""The statistics: every declared figure for a period, in total, by state and by month,
each with the query that lists the records behind it.

``GET /statistics``, the dashboard, the annual report and its spreadsheet all call
:func:`statistics`; nothing is typed in as a total.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from sqlalchemy import Connection

from interlist.reporting.figures import FIGURES, Period, Ref, as_dict, figure, fresh

SEIZURES = "seizures"
TOTALS = (SEIZURES, "frozen")  # figures that are quantities summed by category and unit


def statistics(conn: Connection, period: Period) -> dict[str, Any]:
    """Every figure of the period: totals, by state, by month, and the records' links."""
    fresh(conn)
    counted = replace(period, grouped=True)
    found = {f.name: f.query(conn, counted) for f in FIGURES}
    by_state: dict[str, dict[str, Any]] = defaultdict(dict)
    by_month: dict[str, dict[str, Any]] = defaultdict(dict)
    for name, refs in found.items():
        for key, group in _grouped(refs, lambda r: r.state or "-").items():
            by_state[key][name] = _value(name, group)
        for key, group in _grouped(refs, lambda r: r.day.strftime("%Y-%m")).items():
            by_month[key][name] = _value(name, group)
    return {
        "period": {"from": period.start.isoformat(), "to": period.end.isoformat(),
                   "state": period.state, "operation": period.operation},
        "figures": {name: _value(name, refs) for name, refs in found.items()},
        "by_state": dict(sorted(by_state.items())),
        "by_month": dict(sorted(by_month.items())),
        "links": {name: records_link(name, period) for name in found},
        "labels": {f.name: {"en": f.en, "ru": f.ru} for f in FIGURES},
    }  # fmt: skip


def _grouped(refs: list[Ref], key: Any) -> dict[str, list[Ref]]:
    groups: dict[str, list[Ref]] = defaultdict(list)
    for ref in refs:
        groups[key(ref)].append(ref)
    return groups


def _value(name: str, refs: list[Ref]) -> Any:
    return seizure_totals(refs) if name in TOTALS else sum(ref.count for ref in refs)


def seizure_totals(refs: list[Ref]) -> dict[str, dict[str, Any]]:
    """Seizures by category: the quantities summed per unit (cash per currency)."""
    totals: dict[str, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for ref in refs:
        if ref.category and ref.quantity is not None:
            totals[ref.category][ref.unit or ""] += ref.quantity
    shaped: dict[str, dict[str, Any]] = {}
    for category, units in sorted(totals.items()):
        for unit, quantity in sorted(units.items()):
            key = category if len(units) == 1 else f"{category}:{unit}"
            shaped[key] = {"quantity": _plain(quantity), "unit": unit}
    return shaped


def _plain(value: Decimal) -> int | float | str:
    """A quantity for JSON: a whole number as an int, else the exact decimal as text."""
    if value == value.to_integral_value():
        return int(value)
    return format(value.normalize(), "f")


def records(conn: Connection, name: str, period: Period) -> list[dict[str, Any]]:
    """The records one figure counts in the period, oldest first."""
    refs = figure(name).query(fresh(conn), period)
    return [as_dict(r) for r in sorted(refs, key=lambda r: (r.day, r.source, r.id))]


def records_link(name: str, period: Period) -> str:
    """The API path that lists the records behind a figure."""
    query = {"figure": name, "from": period.start.isoformat(), "to": period.end.isoformat()}
    if period.state:
        query["state"] = period.state
    if period.operation is not None:
        query["operation"] = str(period.operation)
    return "/statistics/records?" + urlencode(query)


def year(value: int) -> Period:
    return Period(date(value, 1, 1), date(value, 12, 31))
