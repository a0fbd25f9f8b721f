"""Turning one input row (a dict of columns) into a screening query, or a bad row.

Logical columns are ``id, name, schema, birth_date, nationality, id_number,
country``; a file may name them differently (``ColumnMap``). A row without a
name or with a birth date that cannot be read is a :class:`BadRow`: reported
with its row number, never fatal. A country that cannot be recognised is
dropped with a warning. A row without a schema is a Person when it has a
birth date or nationality, otherwise a LegalEntity (which matches persons and
organisations alike).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from followthemoney import model as ftm_model
from followthemoney.types import registry

from interlist.countries import country_code
from interlist.errors import ConfigError

FIELDS = ("id", "name", "schema", "birth_date", "nationality", "id_number", "country")
MAX_NAME_CHARS = 1000  # a longer name is a bad row (no listed name comes near it)
MAX_FIELD_CHARS = 200  # every other field
DATE_FORMATS = ("%d.%m.%Y", "%d/%m/%Y", "%Y/%m/%d", "%d-%m-%Y", "%Y%m%d")


@dataclass(frozen=True)
class Query:
    """A readable row: the client's id, its number in the file and the query mapping."""

    row: int
    id: str
    mapping: dict[str, Any]
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class BadRow:
    """A row that cannot be screened, and why."""

    row: int
    id: str
    error: str


ColumnMap = dict[str, str]  # logical field -> column name in the file


def column_map(pairs: Iterable[str] = ()) -> ColumnMap:
    """Parse ``field=column`` options into a column map (defaults: same names)."""
    mapping = {name: name for name in FIELDS}
    for pair in pairs:
        logical, sep, column = pair.partition("=")
        if not sep or logical.strip() not in FIELDS or not column.strip():
            raise ConfigError(
                f"--column: expected FIELD=COLUMN with FIELD one of {', '.join(FIELDS)}; "
                f"got {pair!r}"
            )
        mapping[logical.strip()] = column.strip()
    return mapping


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value != value:  # NaN from Parquet/pandas
        return ""
    if isinstance(value, datetime | date):
        return value.isoformat()[:10]
    return str(value).strip()


def parse_date(text: str) -> str | None:
    """An ISO date (or year, year-month) from common written forms; None if unreadable."""
    if len(text) == 10 and _is_iso_date(text):
        return text  # as followthemoney reads it, without its general parser
    cleaned = registry.date.clean(text)
    if cleaned:
        return cleaned
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date().isoformat()
        except ValueError:
            continue
    return None


def _is_iso_date(text: str) -> bool:
    """A valid YYYY-MM-DD date of the years followthemoney reads (1000 to 2999)."""
    try:
        return date.fromisoformat(text).isoformat() == text and "1000" <= text[:4] <= "2999"
    except ValueError:
        return False


def to_query(row_number: int, raw: Mapping[str, Any], columns: ColumnMap) -> Query | BadRow:
    """Validate one row and build its query mapping."""
    values = {name: _text(raw.get(columns[name])) for name in FIELDS}
    row_id = values["id"][:MAX_FIELD_CHARS] or str(row_number)
    for name, text in values.items():
        limit = MAX_NAME_CHARS if name == "name" else MAX_FIELD_CHARS
        if len(text) > limit:
            return BadRow(row_number, row_id, f"{name}: longer than {limit:,} characters "
                          f"({len(text):,}); not screened")  # fmt: skip
    if not values["name"]:
        return BadRow(row_number, row_id, f"no name (column {columns['name']!r} is empty)")
    props: dict[str, list[str]] = {"name": [values["name"]]}
    warnings: list[str] = []
    if values["birth_date"]:
        born = parse_date(values["birth_date"])
        if born is None:
            return BadRow(row_number, row_id, f"birth_date: cannot read {values['birth_date']!r}")
        props["birthDate"] = [born]
    schema = _schema(values, props)
    if schema is None:
        return BadRow(row_number, row_id, f"schema: unknown schema {values['schema']!r}")
    _countries(values, props, schema, warnings)
    if values["id_number"]:
        props["idNumber"] = [values["id_number"]]
    return Query(row_number, row_id, {"schema": schema, "properties": props}, warnings)


def _schema(values: dict[str, str], props: dict[str, list[str]]) -> str | None:
    name = values["schema"]
    if not name:
        return "Person" if ("birthDate" in props or values["nationality"]) else "LegalEntity"
    schema = ftm_model.get(name) or ftm_model.get(name.title())
    if schema is None or not schema.matchable:
        return None
    return schema.name


def _countries(
    values: dict[str, str], props: dict[str, list[str]], schema: str, warnings: list[str]
) -> None:
    person = ftm_model.get(schema).is_a("Person")  # type: ignore[union-attr]
    for logical, prop in (("nationality", "nationality"), ("country", "country")):
        text = values[logical]
        if not text:
            continue
        code = country_code(text)
        if code is None:
            warnings.append(f"{logical}: unknown country {text!r} ignored")
            continue
        target = prop if person or prop == "country" else "country"
        props.setdefault(target, []).append(code)
    if "birthDate" in props and not ftm_model.get(schema).is_a("Person"):  # type: ignore[union-attr]
        warnings.append("birth_date: ignored for a non-person schema")
        del props["birthDate"]
