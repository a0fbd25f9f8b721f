"""The annual return of a state: the assets frozen at a reference date, as CSV or Excel.

Both files come from the same rows (:func:`interlist.freezes.returns.lines`), and
their totals are sums of those rows, per currency: no currency is converted. The CSV
ends with one ``TOTAL`` line per currency; the workbook has the rows and their totals
on the sheet ``return`` and the totals by institution, asset type and programme on the
sheet ``totals``.
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
from interlist.lifecycle import Actor

AMOUNTS = ("amount", "released", "balance")
BREAKDOWNS = ("institution", "asset_type", "programme")


@dataclass
class AnnualReturn:
    state: str | None
    at: date
    lines: list[Line]
    made_at: datetime

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


def annual_return(conn: Connection, viewer: Actor, state: str | None, at: date) -> AnnualReturn:
    """The return of `state` at `at` (403 for another state's, but for the centre)."""
    code = scope(viewer, state)
    return AnnualReturn(code, at, lines(conn, code, at), datetime.now(UTC))


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
    out.writerow(COLUMNS)
    for line in found.lines:
        out.writerow([_cell(line.values[c]) for c in COLUMNS])
    for code, (amount, released, balance, n) in found.currency_totals().items():
        out.writerow(_total_row(found, code, amount, released, balance, n))


def _total_row(found: AnnualReturn, code: str, amount: Decimal, released: Decimal,
               balance: Decimal, n: int) -> list[str]:  # fmt: skip
    row = {"id": "TOTAL", "state": found.state or "", "institution": f"{n} assets",
           "frozen_on": found.at.isoformat(), "currency": code, "amount": f"{amount:f}",
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
    sheet.append([title, f"at {found.at.isoformat()}", made])
    sheet.append(list(COLUMNS))
    for line in found.lines:
        sheet.append([_xl(c, line.values[c]) for c in COLUMNS])
    for code, (amount, released, balance, n) in found.currency_totals().items():
        row = _total_row(found, code, amount, released, balance, n)
        sheet.append([_xl(c, v) for c, v in zip(COLUMNS, row, strict=True)])
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)
    _totals_sheet(book, found)
    book.save(path)


def _xl(column: str, value: Any) -> Any:
    """Amounts as exact decimals (Excel shows them as numbers), the rest as given."""
    if column in AMOUNTS and value not in (None, ""):
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


__all__ = ["AnnualReturn", "annual_return", "write", "write_csv", "write_xlsx"]
