"""The annual return of a state: the assets frozen at a reference date, as CSV or Excel.

Both files come from the same rows (:func:`interlist.freezes.returns.lines`), and
their totals are sums of those rows, per currency: no currency is converted. The CSV
ends with one ``TOTAL`` line per currency; the workbook has the rows and their totals
on the sheet ``return`` and the totals by institution, asset type and programme on the
sheet ``totals``. With explicit :class:`Rates` (each rate, its source and its date), a
column gives each row's balance in one currency and a ``TOTAL_CONVERTED`` line its sum;
without them nothing is converted.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from sqlalchemy import Connection

from interlist.errors import InvalidInputError
from interlist.freezes.returns import COLUMNS, Line, lines, scope, totals
from interlist.freezes.terms import amount, currency, day
from interlist.lifecycle import Actor

AMOUNTS = ("amount", "released", "balance")
BREAKDOWNS = ("institution", "asset_type", "programme")


@dataclass(frozen=True)
class Rates:
    """Exchange rates given explicitly: one unit of each currency in `to`, as published
    by `source` on `on`."""

    to: str
    rates: dict[str, Decimal]
    source: str
    on: date

    @classmethod
    def parse(cls, to: str, pairs: list[str], source: str | None, on: Any) -> Rates:
        """From `CUR=RATE` pairs; the source and date are required."""
        if not (source or "").strip():
            raise InvalidInputError("say where the rates come from", "rates_source")
        found = {}
        for pair in pairs:
            code, _, value = pair.partition("=")
            found[currency(code, "rate")] = amount(value, "rate")
        when = day(on, "rates_date")
        assert when is not None  # required: day() refuses a missing date
        return cls(currency(to, "convert_to"), found, str(source).strip(), when)

    def convert(self, value: Decimal, code: str) -> Decimal:
        if code == self.to:
            return value
        rate = self.rates.get(code)
        if rate is None:
            raise InvalidInputError(f"no rate given for {code} in {self.to}", "rate")
        return value * rate

    def describe(self) -> str:
        given = ", ".join(f"{k}={v:f}" for k, v in sorted(self.rates.items()))
        return f"rates to {self.to}: {given} ({self.source}, {self.on.isoformat()})"


@dataclass
class AnnualReturn:
    state: str | None
    at: date
    lines: list[Line]
    made_at: datetime
    rates: Rates | None = None

    @property
    def columns(self) -> tuple[str, ...]:
        return (*COLUMNS, f"balance_{self.rates.to}") if self.rates else COLUMNS

    def row(self, line: Line) -> list[Any]:
        values = [line.values[c] for c in COLUMNS]
        return [*values, self.rates.convert(line.balance, line.currency)] if self.rates else values

    def converted_total(self) -> Decimal:
        assert self.rates is not None
        return sum((self.rates.convert(x.balance, x.currency) for x in self.lines), Decimal(0))

    def totals(self, by: tuple[str, ...] = ()) -> list[dict[str, Any]]:
        return totals(self.lines, by)

    def currency_totals(self) -> dict[str, tuple[Decimal, Decimal, Decimal, int]]:
        """Per currency: the sum of the rows' amount, released and balance, and the rows."""
        found: dict[str, tuple[Decimal, Decimal, Decimal, int]] = {}
        for line in self.lines:
            a, r, b, n = found.get(line.currency, (Decimal(0), Decimal(0), Decimal(0), 0))
            amount = Decimal(line.values["amount"])
            found[line.currency] = (a + amount, r + line.released, b + line.balance, n + 1)
        return dict(sorted(found.items()))


def annual_return(conn: Connection, viewer: Actor, state: str | None, at: date,
                  rates: Rates | None = None) -> AnnualReturn:  # fmt: skip
    """The return of `state` at `at` (403 for another state's, but for the centre); with
    `rates`, 422 when a currency of the return has no rate."""
    code = scope(viewer, state)
    found = AnnualReturn(code, at, lines(conn, code, at), datetime.now(UTC), rates)
    if rates is not None:
        found.converted_total()
    return found


def write(found: AnnualReturn, path: Path | str, stream: IO[str] | None = None) -> None:
    """Write the return as Excel (``.xlsx``) or CSV (``.csv``, or ``-`` for `stream`)."""
    name = str(path)
    if name.endswith(".xlsx"):
        write_xlsx(found, Path(name))
    elif name == "-" and stream is not None:
        write_csv(found, stream)
    elif name.endswith(".csv"):
        with open(name, "w", encoding="utf-8", newline="") as handle:
            write_csv(found, handle)
    else:
        raise InvalidInputError(f"{name}: write the return to a .csv or .xlsx file", "output")


def write_csv(found: AnnualReturn, handle: IO[str]) -> None:
    out = csv.writer(handle, lineterminator="\n")
    out.writerow(found.columns)
    for line in found.lines:
        out.writerow([_cell(v) for v in found.row(line)])
    for row in _total_rows(found):
        out.writerow([_cell(v) for v in row])


def _total_rows(found: AnnualReturn) -> list[list[Any]]:
    """One TOTAL row per currency, then, with rates, the TOTAL_CONVERTED row."""
    rows = []
    for code, (amount_, released, balance, n) in found.currency_totals().items():
        row: list[Any] = _total_row(found, code, amount_, released, balance, n)
        if found.rates is not None:
            mine = (x for x in found.lines if x.currency == code)
            row.append(sum((found.rates.convert(x.balance, code) for x in mine), Decimal(0)))
        rows.append(row)
    if found.rates is not None:
        last: dict[str, Any] = {"id": "TOTAL_CONVERTED", "state": found.state or "",
                                "institution": found.rates.describe(),
                                "currency": found.rates.to}  # fmt: skip
        rows.append([last.get(c, "") for c in COLUMNS] + [found.converted_total()])
    return rows


def _total_row(found: AnnualReturn, code: str, gross: Decimal, released: Decimal,
               balance: Decimal, n: int) -> list[str]:  # fmt: skip
    row = {"id": "TOTAL", "state": found.state or "", "institution": f"{n} assets",
           "frozen_on": found.at.isoformat(), "currency": code, "amount": f"{gross:f}",
           "released": f"{released:f}", "balance": f"{balance:f}"}  # fmt: skip
    return [row.get(c, "") for c in COLUMNS]


def _cell(value: Any) -> str:
    return "" if value is None else str(value)


def write_xlsx(found: AnnualReturn, path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "return"
    title = f"Annual return of frozen assets: {found.state or 'all states'}"
    made = f"made {found.made_at:%Y-%m-%d %H:%M} UTC"
    rates = [found.rates.describe()] if found.rates else []
    sheet.append([title, f"at {found.at.isoformat()}", made, *rates])
    sheet.append(list(found.columns))
    for line in found.lines:
        sheet.append([_xl(c, v) for c, v in zip(found.columns, found.row(line), strict=True)])
    for row in _total_rows(found):
        sheet.append([_xl(c, v) for c, v in zip(found.columns, row, strict=True)])
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)
    _totals_sheet(book, found)
    book.save(path)


def _xl(column: str, value: Any) -> Any:
    """Amounts as exact decimals (Excel shows them as numbers), the rest as given."""
    if (column in AMOUNTS or column.startswith("balance_")) and value not in (None, ""):
        return Decimal(str(value))
    return value


def _totals_sheet(book: Any, found: AnnualReturn) -> None:
    sheet = book.create_sheet("totals")
    header = ["by", "value", "currency", "frozen", "count", "seized", "seized_count",
              "released"]  # fmt: skip
    sheet.append(header)
    for by in ((), *((name,) for name in BREAKDOWNS)):
        for cell in found.totals(by):
            label = by[0] if by else "currency"
            value = cell.get(by[0]) if by else cell["currency"]
            sheet.append([label, value, cell["currency"], Decimal(cell["frozen"]),
                          cell["count"], Decimal(cell["seized"]), cell["seized_count"],
                          Decimal(cell["released"])])  # fmt: skip


__all__ = ["AnnualReturn", "Rates", "annual_return", "write", "write_csv", "write_xlsx"]
