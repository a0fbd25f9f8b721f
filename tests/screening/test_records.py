"""Input rows to queries: column names, validation, bad rows."""

from __future__ import annotations

import datetime

import pytest

from interlist.errors import ConfigError
from interlist.screening.records import BadRow, Query, column_map, parse_date, to_query

COLUMNS = column_map(["name=full_name", "birth_date=date_of_birth"])


def test_column_map_defaults_and_renames() -> None:
    assert column_map()["name"] == "name"
    assert COLUMNS["name"] == "full_name" and COLUMNS["country"] == "country"
    with pytest.raises(ConfigError, match="FIELD=COLUMN"):
        column_map(["surname=last"])
    with pytest.raises(ConfigError):
        column_map(["name"])


def test_row_becomes_a_person_query() -> None:
    row = {"full_name": "حسین موسوی", "date_of_birth": "1945-04-29", "nationality": "Iraq"}
    query = to_query(7, row, COLUMNS)
    assert isinstance(query, Query) and query.id == "7" and query.row == 7
    assert query.mapping == {
        "schema": "Person",
        "properties": {"name": ["حسین موسوی"], "birthDate": ["1945-04-29"], "nationality": ["iq"]},
    }


def test_bad_rows_name_the_problem() -> None:
    empty = to_query(3, {"full_name": " ", "id": "c-9"}, COLUMNS)
    assert isinstance(empty, BadRow) and empty.id == "c-9" and "no name" in empty.error
    bad_date = to_query(4, {"full_name": "A B", "date_of_birth": "soon"}, COLUMNS)
    assert isinstance(bad_date, BadRow) and "birth_date" in bad_date.error
    bad_schema = to_query(5, {"full_name": "A B", "schema": "Sanction"}, COLUMNS)
    assert isinstance(bad_schema, BadRow) and "schema" in bad_schema.error


def test_unknown_country_is_a_warning_not_an_error() -> None:
    query = to_query(1, {"full_name": "A B", "nationality": "Narnia"}, COLUMNS)
    assert isinstance(query, Query) and "nationality" not in query.mapping["properties"]
    assert query.warnings == ["nationality: unknown country 'Narnia' ignored"]


def test_schema_defaults_and_organizations() -> None:
    org = to_query(1, {"full_name": "Alfa LLP", "country": "Kazakhstan"}, COLUMNS)
    assert isinstance(org, Query) and org.mapping["schema"] == "LegalEntity"
    assert org.mapping["properties"]["country"] == ["kz"]
    company = to_query(2, {"full_name": "Alfa", "schema": "company", "id_number": "77"}, COLUMNS)
    assert isinstance(company, Query) and company.mapping["schema"] == "Company"
    assert company.mapping["properties"]["idNumber"] == ["77"]


@pytest.mark.parametrize(
    ("text", "iso"),
    [("1957", "1957"), ("1957-03", "1957-03"), ("10.03.1957", "1957-03-10"),
     ("10/03/1957", "1957-03-10"), ("19570310", "1957-03-10"), ("tomorrow", None)],
)  # fmt: skip
def test_dates(text: str, iso: str | None) -> None:
    assert parse_date(text) == iso


def test_spreadsheet_cells_are_plain_values() -> None:
    row = {"full_name": "A B", "date_of_birth": datetime.datetime(1957, 3, 10), "id": 12}
    query = to_query(1, row, COLUMNS)
    assert isinstance(query, Query) and query.id == "12"
    assert query.mapping["properties"]["birthDate"] == ["1957-03-10"]


def test_an_iso_date_reads_as_followthemoney_reads_it() -> None:
    """ISO dates skip followthemoney's general parser: the same answer, sooner."""
    from followthemoney.types import registry

    from interlist.screening.records import parse_date

    for text in ("1945-08-25", "2000-02-29", "1999-12-31", "1000-01-01", "2999-12-31"):
        assert parse_date(text) == registry.date.clean(text) == text
    for text in ("1999-02-30", "1999-13-01", "1999-1-010", "0999-01-01", "3000-01-01"):
        assert parse_date(text) == (registry.date.clean(text) or parse_date(text))
        assert parse_date(text) != text
