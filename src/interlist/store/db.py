"""The store in one place: engine, migrations and the few SQLite/PostgreSQL differences.

``open_engine(url)`` returns a SQLAlchemy engine for SQLite (the embedded
default, WAL mode) or PostgreSQL (production) and brings the schema up to
date with Alembic. Everything else uses SQLAlchemy Core on that engine.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import JSON, Connection, Engine, Table, create_engine, event
from sqlalchemy.exc import SQLAlchemyError

from interlist.errors import StoreError
from interlist.settings import normalize_db_url

MIGRATIONS = Path(__file__).parent / "migrations"
CHUNK = 5000
PG_BATCH = 20_000  # ids in one array parameter (in_batches on PostgreSQL)
CACHE_KIB = -64000  # SQLite's page cache per connection (negative: in KiB)


def open_engine(url: str, migrate: bool = True) -> Engine:
    """An engine for the database at `url`, its schema migrated to the newest version."""
    url = normalize_db_url(url)
    try:
        engine = _create(url)
        if migrate:
            upgrade(engine)
    except SQLAlchemyError as exc:
        raise StoreError(f"cannot open database {_safe(url)}: {exc.__class__.__name__}") from exc
    return engine


def _create(url: str) -> Engine:
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    engine = create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)
    event.listen(engine, "connect", _postgres_settings)
    return engine


CLIENT_CHECK = "5s"  # how often PostgreSQL checks, during a query, that its client is there


def _postgres_settings(dbapi_conn: Any, _record: Any) -> None:
    """The server checks every CLIENT_CHECK that the client is still connected, so that a
    query whose client was killed (an export under `kill -9`, a timeout) stops instead of
    running on (PostgreSQL 14 and newer; older servers ignore it)."""
    cursor = dbapi_conn.cursor()
    try:
        cursor.execute(f"SET client_connection_check_interval = '{CLIENT_CHECK}'")
    except Exception:  # a server before PostgreSQL 14 has no such setting
        dbapi_conn.rollback()
    else:
        dbapi_conn.commit()
    finally:
        cursor.close()


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cursor = dbapi_conn.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA cache_size={CACHE_KIB}")
    cursor.close()


def upgrade(engine: Engine) -> None:
    """Apply every Alembic migration not yet applied (on every branch: features add
    their tables in migrations of their own that may branch from the same parent)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "heads")


def aware(value: datetime) -> datetime:
    """A datetime read back with its zone: SQLite returns stored times without one, and
    every time interlist stores is UTC."""
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def is_postgres(conn: Connection | Engine) -> bool:
    return conn.dialect.name == "postgresql"


def placeholder(conn: Connection) -> str:
    """The driver's parameter mark, for SQL run through it (exec_driver_sql)."""
    return "%s" if is_postgres(conn) else "?"


def insert_many(conn: Connection, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """Insert many rows that have the same keys."""
    if rows:
        columns = list(rows[0].keys())
        insert_tuples(conn, table, columns, [tuple(r[c] for c in columns) for r in rows])


def insert_tuples(
    conn: Connection,
    table: Table,
    columns: list[str],
    rows: Sequence[tuple[Any, ...]],
    constants: dict[str, Any] | None = None,
) -> None:
    """Insert many rows given as tuples in `columns` order, plus `constants` (columns
    with the same value in every row), fast: COPY on PostgreSQL, the driver's
    executemany on SQLite (SQLAlchemy's per-row parameter handling is the slow part
    of a bulk load), where the constants are written into the statement as literals
    when they are numbers or text (neither copied into every row nor bound again for
    each)."""
    if not rows:
        return
    rows = _driver_values(conn, table, columns, rows)
    fixed = {c: _driver_value(conn, table.c[c].type, v) for c, v in (constants or {}).items()}
    if is_postgres(conn):
        if fixed:
            rows = [row + tuple(fixed.values()) for row in rows]
        names = ", ".join(f'"{c}"' for c in [*columns, *fixed])
        _copy(conn, f'COPY "{table.name}" ({names}) FROM STDIN', rows)
        return
    literals = {c: _sqlite_literal(v) for c, v in fixed.items()}
    bound = [c for c, literal in literals.items() if literal is None]
    if bound:
        rows = [row + tuple(fixed[c] for c in bound) for row in rows]
    written = {c: literal for c, literal in literals.items() if literal is not None}
    names = ", ".join(f'"{c}"' for c in [*columns, *bound, *written])
    values = ", ".join(["?"] * (len(columns) + len(bound)) + list(written.values()))
    sql = f'INSERT INTO "{table.name}" ({names}) VALUES ({values})'
    for start in range(0, len(rows), CHUNK * 10):
        conn.exec_driver_sql(sql, list(rows[start : start + CHUNK * 10]))


def _sqlite_literal(value: Any) -> str | None:
    """`value` (as the driver takes it) written as an SQLite literal, or None when it
    is of a kind better bound as a parameter."""
    if value is None:
        return "NULL"
    if isinstance(value, bool | int):
        return str(int(value))
    if isinstance(value, str) and "\x00" not in value:
        return "'" + value.replace("'", "''") + "'"
    return None


def in_batches(
    conn: Connection, sql: str, ids: Sequence[str], params: tuple[Any, ...] = (), size: int = 900
) -> Iterator[Any]:
    """Run `sql`, whose ``{ids}`` stands for a list of text ids (``IN ({ids})``), once per
    batch of `ids` through the driver (after `params`), yielding the rows: SQLAlchemy
    renders an IN list at a few microseconds per element, which adds up to seconds in a
    load. On SQLite a batch is `size` placeholders; on PostgreSQL one array parameter of
    up to PG_BATCH ids (psycopg parses a query's placeholders in Python: 900 of them cost
    some 20 ms a query)."""
    postgres = is_postgres(conn)
    array_sql = sql.format(ids="SELECT unnest(%s::text[])")
    size = PG_BATCH if postgres else size
    for start in range(0, len(ids), size):
        batch = ids[start : start + size]
        if postgres:
            result = conn.exec_driver_sql(array_sql, (*params, list(batch)))
        else:
            marks = ", ".join(["?"] * len(batch))
            result = conn.exec_driver_sql(sql.format(ids=marks), (*params, *batch))
        if result.returns_rows:
            yield from result.fetchall()


def driver_value(conn: Connection, table: Table, column: str, value: Any) -> Any:
    """`value` as the driver takes it for `column` (SQLite stores dates as text)."""
    return _driver_value(conn, table.c[column].type, value)


def _driver_value(conn: Connection, type_: Any, value: Any) -> Any:
    convert = _converter(conn, type_)
    return value if convert is None or value is None else convert(value)


def _copy(conn: Connection, sql: str, rows: Sequence[tuple[Any, ...]]) -> None:
    import psycopg

    raw = conn.connection.driver_connection
    assert raw is not None
    try:
        with raw.cursor() as cursor, cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row(row)
    except psycopg.Error as exc:
        raise StoreError(f"bulk write failed: {exc}") from exc


def _driver_values(
    conn: Connection, table: Table, columns: list[str], rows: Sequence[tuple[Any, ...]]
) -> Sequence[tuple[Any, ...]]:
    """Convert the columns whose type needs it (dates on SQLite, JSON) for the driver."""
    converters = [_converter(conn, table.c[c].type) for c in columns]
    if not any(converters):
        return rows
    cols = list(zip(*rows, strict=True))
    for i, convert in enumerate(converters):
        if convert is not None:
            cols[i] = tuple(None if v is None else convert(v) for v in cols[i])
    return list(zip(*cols, strict=True))


def _converter(conn: Connection, type_: Any) -> Any:
    if isinstance(type_, JSON):
        return json.dumps
    if is_postgres(conn):
        return None
    process = type_._cached_bind_processor(conn.dialect)
    return None if process is None else _memo(process)


def _memo(process: Any) -> Any:
    """A bind processor that converts each distinct value once (dates repeat a lot)."""
    seen: dict[Any, Any] = {}

    def convert(value: Any) -> Any:
        if value not in seen:
            seen[value] = process(value)
        return seen[value]

    return convert


@contextmanager
def deferred_indexes(conn: Connection, tables: Sequence[Table]) -> Iterator[None]:
    """Drop the secondary indexes of `tables` for a bulk load and build them again at
    its end, in the caller's transaction (primary keys and unique indexes stay); on
    PostgreSQL their foreign keys too, added again (and so checked) at the end.

    Building an index from all rows at once sorts them, much faster than growing it row
    by row in random key order; PostgreSQL checks a foreign key row by row with a query
    per row and key (about 60% of a first load's COPY of the statements), all at once
    with one join when the key is added. Meant for a first load into an empty databank,
    where no query inside the load needs those indexes. A killed process rolls the drop
    back with everything else (the journal stays on); an error inside leaves the
    indexes dropped only in a transaction that the caller then rolls back. On PostgreSQL
    the drop locks the tables until the end of the load: other sessions' reads of them
    wait for it (in an empty databank there is nothing to read yet)."""
    indexes = _secondary_indexes(conn, tables)
    keys = _foreign_keys(conn, tables) if is_postgres(conn) else []
    for name, _ in indexes:
        conn.exec_driver_sql(f'DROP INDEX "{name}"')
    for table_name, name, _ in keys:
        conn.exec_driver_sql(f'ALTER TABLE "{table_name}" DROP CONSTRAINT "{name}"')
    yield
    for _, sql in indexes:
        conn.exec_driver_sql(sql)
    for table_name, name, definition in keys:
        conn.exec_driver_sql(f'ALTER TABLE "{table_name}" ADD CONSTRAINT "{name}" {definition}')


def _secondary_indexes(conn: Connection, tables: Sequence[Table]) -> list[Any]:
    """(name, SQL that creates it) of each index of `tables` but their keys'."""
    query = PG_INDEXES if is_postgres(conn) else SQLITE_INDEXES
    return [row for table in tables for row in conn.exec_driver_sql(query, (table.name,))]


def _foreign_keys(conn: Connection, tables: Sequence[Table]) -> list[tuple[str, str, str]]:
    """(table, name, definition) of each foreign key of `tables` (PostgreSQL)."""
    return [
        (table.name, row[0], row[1])
        for table in tables
        for row in conn.exec_driver_sql(PG_FOREIGN_KEYS, (table.name,))
    ]


SQLITE_INDEXES = (
    "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL"
)
PG_INDEXES = (
    "SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x "
    "JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid "
    "WHERE t.relname = %s AND t.relnamespace = current_schema()::regnamespace "
    "AND NOT x.indisprimary AND NOT x.indisunique"
)
PG_FOREIGN_KEYS = (
    "SELECT c.conname, pg_get_constraintdef(c.oid) FROM pg_constraint c "
    "JOIN pg_class t ON t.oid = c.conrelid WHERE c.contype = 'f' AND t.relname = %s "
    "AND t.relnamespace = current_schema()::regnamespace"
)


def chunked(items: Iterable[Any], size: int = CHUNK) -> Iterator[list[Any]]:
    """Split an iterable into lists of at most `size` items (for IN clauses)."""
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _safe(url: str) -> str:
    """The URL without its password, for messages."""
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        creds, host = rest.rsplit("@", 1)
        return f"{scheme}://{creds.split(':', 1)[0]}@{host}"
    return url
