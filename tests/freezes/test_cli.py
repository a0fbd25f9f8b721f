"""`interlist freezes` as a user runs it: a file recorded whole or not at all, a licence
above the balance refused with a clean message, the return on stdout."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine

from tests.clitools import interlist
from tests.freezes.kit import world

HEAD = "entity_id,institution,asset_type,identifier,amount,currency,frozen_on,basis_kind,basis_ref"


def test_freezes_commands(engine: Engine, db_url: str, tmp_path: Path) -> None:
    world(engine, tmp_path)
    bad = tmp_path / "bad.csv"
    bad.write_text(f"{HEAD}\nkz-fiu-P-3,Halyk,deposit,D-1,100.00,KZT,2026-02-01,,\n"
                   "kz-fiu-P-4,Halyk,deposit,D-2,lots,KZT,2026-02-01,,\n")  # fmt: skip
    refused = interlist("freezes", "add", str(bad), "--user", "kz-analyst", db=db_url)
    assert refused.code == 1 and "row 3: amount" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert interlist("freezes", "list", "--json", db=db_url).json() == []
    good = tmp_path / "good.csv"
    good.write_text(f"{HEAD}\nkz-fiu-P-3,Halyk,deposit,D-1,100.00,KZT,2026-02-01,listing,kz_fiu\n"
                    "kz-fiu-P-4,Halyk,cash,,50.50,KZT,2026-02-01,,\n")  # fmt: skip
    added = interlist("freezes", "add", str(good), "--user", "kz-analyst", db=db_url)
    assert added.code == 0 and "2 freezes recorded" in added.stdout, added.stderr
    fid = interlist("freezes", "list", "--json", db=db_url).json()[-1]["id"]
    licence = ("freezes", "licence", str(fid), "--user", "kz-analyst", "--ground", "food",
               "--currency", "KZT", "--granted-on", "2026-03-01")  # fmt: skip
    above = interlist(*licence, "--amount", "500", db=db_url)
    assert above.code == 1 and "balance still frozen (100.00 KZT)" in above.stderr
    assert interlist(*licence, "--amount", "40", db=db_url).code == 0
    other = interlist("freezes", "transition", str(fid), "unfrozen", "--user", "uz-analyst",
                      "--act", "x", "--date", "2026-04-01", db=db_url)  # fmt: skip
    assert other.code == 1 and "another state" in other.stderr
    shown = interlist("freezes", "show", str(fid), "--json", db=db_url).json()
    assert shown["balance"] == "60.00" and shown["identifier"] == "••1"  # masked
    report = interlist("freezes", "report", "--state", "kz", "--at", "2026-09-30", "-o", "-",
                       db=db_url)  # fmt: skip
    assert report.code == 0, report.stderr
    assert report.stdout.splitlines()[-1].startswith("TOTAL,kz,2 assets")
    assert ",KZT,150.50,40,110.50" in report.stdout.splitlines()[-1]
