"""The frozen value in the statistics: freezes summed by currency, by state."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import Engine

from interlist.reporting.figures import Period
from interlist.reporting.statistics import records, statistics
from tests.freezes.kit import freeze, world


def test_frozen_value_by_currency_and_state(engine: Engine, tmp_path: Path) -> None:
    world(engine, tmp_path)
    freeze(engine, "kz-analyst", "kz-fiu-P-1", amount="12500.00")
    freeze(engine, "kz-analyst", "kz-fiu-P-2", amount="500.50")
    freeze(engine, "uz-analyst", "kz-fiu-P-1", amount="300", currency="USD")
    period = Period(date(2026, 1, 1), date(2026, 12, 31))
    with engine.connect() as conn:
        stats = statistics(conn, period)
        listed = records(conn, "frozen", period)
    assert stats["figures"]["frozen"] == {
        "KZT": {"quantity": "13000.5", "unit": "KZT"},
        "USD": {"quantity": 300, "unit": "USD"},
    }
    assert stats["by_state"]["uz"]["frozen"] == {"USD": {"quantity": 300, "unit": "USD"}}
    assert len(listed) == 3
