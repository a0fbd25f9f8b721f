"""Member states, a second analyst for four eyes, fictional lists and subjects."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine

from interlist import alerts
from interlist.access import users
from interlist.alerts.subjects import Registered
from tests.cooperation.kit import actor, setup_states

HEADER = "record_id,type,name,aliases,birth_date,nationality,id_documents,legal_basis,listed_on"
# Invented records: any likeness to a real person is chance.
LISTED = {
    "P-1": ("Arman Serikovich ZHAKUPOV", "", "1980-03-14"),
    "P-2": ("Daniyar Bolatovich KASYMOV", "", "1975-07-02"),
    "P-3": ("Yerlan Maratovich ISKAKOV", "", "1969-11-23"),
}


def national(folder: Path, records: dict[str, tuple[str, str, str]], published: str,
             source: str = "kz_fiu", country: str = "kz") -> Path:  # fmt: skip
    """A national list file: id -> (name, aliases separated by ';', birth date)."""
    lines = [
        f"#source={source}", f"#title=Fictional national list of {country}",
        f"#publisher=Financial Intelligence Unit of {country}", f"#country={country}",
        f"#date={published}", HEADER,
    ]  # fmt: skip
    for rid, (name, aliases, born) in records.items():
        lines.append(f'{rid},person,{name},"{aliases}",{born},{country},,Law art. 12,2025-01-01')
    path = folder / f"{source}_{published}.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def setup(engine: Engine) -> None:
    """The cooperation kit's states and users, plus a second analyst of kz-fiu."""
    setup_states(engine)
    with engine.begin() as conn:
        users.add_user(conn, "kz-analyst2", "kz-fiu", "analyst", "pw-kz2kz2kz2")


def register(engine: Engine, user: str, rows: list[dict[str, str]],
             dataset: str | None = None) -> Registered:  # fmt: skip
    who = actor(engine, user)
    with engine.begin() as conn:
        return alerts.register(conn, who, who.agency, list(enumerate(rows, 1)), dataset)
