"""Balances at a date, the summary per currency and the annual return, whose totals
are the sums of its rows; freezes read from CSV, Excel and JSON lines."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import Engine

from interlist.errors import InvalidInputError, PermissionDeniedError
from interlist.freezes import annual, files, licences, register, returns
from interlist.freezes.licences import Licence
from tests.cooperation.kit import actor
from tests.freezes.kit import freeze, world


@pytest.fixture
def kz(engine: Engine, tmp_path: Path) -> Engine:
    world(engine, tmp_path)
    first = freeze(engine, "kz-analyst", "kz-fiu-P-3", amount="1000.10")
    freeze(engine, "kz-analyst", "kz-fiu-P-4", amount="250.05", asset_type="deposit")
    freeze(engine, "kz-analyst", "kz-fiu-P-4", amount="99", currency="USD", frozen_on="2026-05-01")
    gone = freeze(engine, "kz-analyst", "kz-fiu-P-2", amount="5000")
    freeze(engine, "uz-analyst", "kz-fiu-P-1", amount="777", currency="UZS")
    with engine.begin() as conn:
        kza = actor(engine, "kz-analyst")
        licences.grant(conn, kza, first["id"], Licence("food", "100.10", "KZT", "2026-03-01"))
        register.move(conn, kza, gone["id"], "unfrozen", "Court 1/2026", "2026-04-01")
    return engine


def test_balances_at_a_date(kz: Engine) -> None:
    kza = actor(kz, "kz-analyst")
    with kz.connect() as conn:
        early = returns.summary(conn, kza, None, date(2026, 2, 15))
        late = returns.summary(conn, kza, "kz", date(2026, 9, 30))
        by_type = returns.summary(conn, kza, "kz", date(2026, 9, 30), ["asset_type"])
        with pytest.raises(PermissionDeniedError):
            returns.summary(conn, kza, "uz", date(2026, 9, 30))
        everyone = returns.summary(conn, actor(kz, "centre-analyst"), None, date(2026, 9, 30))
    assert early["state"] == "kz"
    assert early["totals"] == [{"currency": "KZT", "frozen": "6250.15", "count": 3,
                                "seized": "0", "seized_count": 0, "released": "0"}]  # fmt: skip
    kzt = next(t for t in late["totals"] if t["currency"] == "KZT")
    assert (kzt["frozen"], kzt["count"], kzt["released"]) == ("1150.05", 2, "100.10")
    assert {t["currency"] for t in late["totals"]} == {"KZT", "USD"}
    assert {(t["asset_type"], t["frozen"]) for t in by_type["totals"]} == {
        ("bank_account", "900.00"),
        ("deposit", "250.05"),
        ("bank_account", "99"),
    }
    assert {t["currency"] for t in everyone["totals"]} == {"KZT", "USD", "UZS"}


def test_the_annual_returns_totals_equal_its_rows(kz: Engine, tmp_path: Path) -> None:
    with kz.connect() as conn:
        found = annual.annual_return(conn, actor(kz, "kz-analyst"), "kz", date(2026, 9, 30))
    text = io.StringIO()
    annual.write_csv(found, text)
    rows = list(csv.DictReader(io.StringIO(text.getvalue())))
    body = [r for r in rows if r["id"] != "TOTAL"]
    assert len(body) == 3 and {r["status"] for r in body} == {"frozen", "partially_released"}
    for total in (r for r in rows if r["id"] == "TOTAL"):
        mine = [r for r in body if r["currency"] == total["currency"]]
        assert Decimal(total["balance"]) == sum(Decimal(r["balance"]) for r in mine)
        assert Decimal(total["released"]) == sum(Decimal(r["released"]) for r in mine)
    path = tmp_path / "return.xlsx"
    annual.write(found, path)
    sheet = load_workbook(path)["return"]
    values = list(sheet.iter_rows(min_row=2, values_only=True))
    header, cells = values[0], values[1:]
    balance, currency = header.index("balance"), header.index("currency")
    totals = {r[currency]: r[balance] for r in cells if r[0] == "TOTAL"}
    assert {k: Decimal(str(v)) for k, v in totals.items()} == {
        "KZT": Decimal("1150.05"),
        "USD": Decimal("99"),
    }
    for code, total in totals.items():
        rows_sum = sum(
            Decimal(str(r[balance])) for r in cells if r[0] != "TOTAL" and r[currency] == code
        )
        assert Decimal(str(total)) == rows_sum


def test_files_in_three_formats(kz: Engine, tmp_path: Path) -> None:
    head = "entity_id,institution,asset_type,identifier,amount,currency,frozen_on"
    good = tmp_path / "good.csv"
    good.write_text(f"{head}\nkz-fiu-P-3,Kaspi Bank,cash,,10.5,KZT,2026-06-01\n")
    bad = tmp_path / "bad.csv"
    bad.write_text(f"{head}\nkz-fiu-P-3,Kaspi Bank,cash,,10.5,KZT,2026-06-01\n"
                   "kz-fiu-P-3,Kaspi Bank,gold,,10.5,KZT,2026-06-01\n")  # fmt: skip
    lines = tmp_path / "more.jsonl"
    lines.write_text('{"entity_id": "kz-fiu-P-4", "institution": "Kaspi", "asset_type": "cash",'
                     ' "amount": 20.25, "currency": "KZT", "frozen_on": "2026-06-01",'
                     ' "basis": {"kind": "listing", "ref": "kz_fiu"}}\n')  # fmt: skip
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(head.split(","))
    sheet.append(["kz-fiu-P-4", "Kaspi", "vehicle", "123ABC02", 3000.75, "KZT", date(2026, 6, 2)])
    book.save(tmp_path / "cars.xlsx")
    kza = actor(kz, "kz-analyst")
    with kz.connect() as conn:
        before = len(register.search(conn, kza))
    for path in (good, lines, tmp_path / "cars.xlsx"):
        given, labels = files.read(path)
        with kz.begin() as conn:
            register.record_many(conn, kza, given, labels)
    given, labels = files.read(bad)
    with pytest.raises(InvalidInputError, match="row 3: asset_type"), kz.begin() as conn:
        register.record_many(conn, kza, given, labels)
    with kz.connect() as conn:
        found = register.search(conn, kza)
    assert len(found) == before + 3
    assert {f["amount"] for f in found} >= {"10.5", "20.25", "3000.75"}


def test_conversion_only_with_explicit_rates(kz: Engine) -> None:
    rates = annual.Rates.parse("KZT", ["USD=470.50"], "National Bank of Kazakhstan", "2026-09-30")
    with kz.connect() as conn:
        found = annual.annual_return(conn, actor(kz, "kz-analyst"), "kz", date(2026, 9, 30), rates)
        with pytest.raises(InvalidInputError, match="no rate given for USD"):
            bare = annual.Rates.parse("KZT", [], "National Bank of Kazakhstan", "2026-09-30")
            annual.annual_return(conn, actor(kz, "kz-analyst"), "kz", date(2026, 9, 30), bare)
    with pytest.raises(InvalidInputError, match="rates_source"):
        annual.Rates.parse("KZT", ["USD=470.50"], "", "2026-09-30")
    text = io.StringIO()
    annual.write_csv(found, text)
    rows = list(csv.DictReader(io.StringIO(text.getvalue())))
    body = [r for r in rows if not r["id"].startswith("TOTAL")]
    last = rows[-1]
    assert last["id"] == "TOTAL_CONVERTED" and "National Bank of Kazakhstan" in last["institution"]
    assert Decimal(last["balance_KZT"]) == sum(Decimal(r["balance_KZT"]) for r in body)
    assert Decimal(last["balance_KZT"]) == Decimal("1150.05") + Decimal("99") * Decimal("470.50")
