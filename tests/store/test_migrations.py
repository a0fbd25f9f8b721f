"""The Alembic migrations from an empty database: every test's database is a copy of one
migrated once per test process (tests/conftest.py), so this is where the way from
nothing to the newest schema is checked by itself, on SQLite and PostgreSQL."""

from __future__ import annotations

from sqlalchemy import inspect, text

from interlist.store import open_engine
from interlist.store.db import MIGRATIONS
from interlist.store.schema import complete_metadata


def _heads() -> set[str]:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return set(ScriptDirectory.from_config(config).get_heads())


def test_an_empty_database_is_migrated_to_every_head(empty_db_url: str) -> None:
    engine = open_engine(empty_db_url, migrate=False)
    assert "alembic_version" not in inspect(engine).get_table_names()
    engine.dispose()
    engine = open_engine(empty_db_url)
    try:
        with engine.connect() as conn:
            applied = {
                row[0] for row in conn.execute(text("SELECT version_num FROM alembic_version"))
            }
        assert applied == _heads() and applied
        tables = set(inspect(engine).get_table_names())
        assert set(complete_metadata().tables) <= tables
    finally:
        engine.dispose()


def test_migrating_again_changes_nothing(db_url: str) -> None:
    engine = open_engine(db_url)
    try:
        before = sorted(inspect(engine).get_table_names())
        engine.dispose()
        engine = open_engine(db_url)
        assert sorted(inspect(engine).get_table_names()) == before
        with engine.connect() as conn:
            applied = {
                row[0] for row in conn.execute(text("SELECT version_num FROM alembic_version"))
            }
        assert applied == _heads()
    finally:
        engine.dispose()
