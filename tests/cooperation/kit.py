"""Member states, agencies and fictional national lists for the cooperation tests."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine

from interlist.access import users
from interlist.cooperation import actor_for, add_state
from interlist.cooperation.states import place_agency
from interlist.databank import ingest
from interlist.lifecycle import Actor

HEADER = "record_id,type,name,birth_date,nationality,legal_basis,listed_on,topics"
# Invented records: any likeness to a real person is chance.
PEOPLE = {
    "P-1": "Arman Serikovich ZHAKUPOV",
    "P-2": "Daniyar Bolatovich KASYMOV",
    "P-3": "Yerlan Maratovich ISKAKOV",
    "P-4": "Timur Askarovich NURGALIYEV",
}


def national_csv(folder: Path, records: dict[str, str], published: str, source: str = "kz_fiu",
                 country: str = "kz") -> Path:  # fmt: skip
    """A national list file of persons with these ids and names."""
    lines = [
        f"#source={source}", f"#title=Fictional national list of {country}",
        f"#publisher=Financial Intelligence Unit of {country}", f"#country={country}",
        f"#date={published}", HEADER,
    ]  # fmt: skip
    for rid, name in records.items():
        lines.append(
            f"{rid},person,{name},1980-01-01,{country},Law art. 12,2025-01-01,crime.terror"
        )
    path = folder / f"{source}_{published}.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def setup_states(engine: Engine) -> None:
    """Kazakhstan, Uzbekistan, Kyrgyzstan; an FIU in each; the centre; analysts and a viewer."""
    with engine.begin() as conn:
        for code, name in (("kz", "Kazakhstan"), ("uz", "Uzbekistan"), ("kg", "Kyrgyzstan")):
            add_state(conn, code, name, ["ru"])
            users.ensure_agency(conn, f"{code}-fiu")
            place_agency(conn, f"{code}-fiu", code, centre=False)
            users.add_user(conn, f"{code}-analyst", f"{code}-fiu", "analyst", "pw-" + code * 6)
        users.add_user(conn, "uz-viewer", "uz-fiu", "viewer", "pw-viewer-123")
        users.ensure_agency(conn, "coordination")
        place_agency(conn, "coordination", None, centre=True)
        users.add_user(conn, "centre-analyst", "coordination", "analyst", "pw-centre-123")


def actor(engine: Engine, name: str) -> Actor:
    with engine.connect() as conn:
        user = users.find_user(conn, name)
        assert user is not None
        return actor_for(conn, user.name, user.agency, user.role)


def load(engine: Engine, *paths: Path) -> list:  # type: ignore[type-arg]
    return ingest(engine, list(paths))
