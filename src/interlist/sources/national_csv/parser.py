"""Parser for interlist's national list CSV: how a member state without an XML feed
submits its own list. The format (UTF-8, ``#key=value`` metadata lines naming the
source, then a header row) is documented in docs/national-list-format.md; the
value rules are in :mod:`interlist.sources.national_csv.fields`.

The file is checked strictly: a missing required column, an unknown column, a bad
date, country, gender, document or topic, or a repeated record_id raises
SourceFormatError naming the line and field, so the submitter can fix it. A
record without a name is rejected (listed in ParsedSource.rejected).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import TypeVar

from followthemoney.statement import StatementEntity

from interlist.errors import SourceFormatError
from interlist.model import make_entity
from interlist.sources import limits
from interlist.sources.base import Format, ParsedSource, Rejection, SourceInfo
from interlist.sources.helpers import (
    date_from_path,
    make_address,
    make_identification,
    make_sanction,
)
from interlist.sources.national_csv import fields
from interlist.sources.tabular import add_topics, csv_rows, lang_from_script, put, read_text

METADATA_KEYS = ("source", "title", "publisher", "country", "date", "url")
REQUIRED_METADATA = ("source", "title")
REQUIRED_COLUMNS = ("record_id", "type", "name")
OPTIONAL_COLUMNS = (
    "aliases", "weak_aliases", "previous_names", "name_original_script", "lang",
    "first_name", "father_name", "last_name", "birth_date", "birth_place", "nationality",
    "gender", "id_documents", "address", "country", "imo_number", "registration_number",
    "listing_authority", "legal_basis", "listed_on", "reference", "topics", "remarks",
)  # fmt: skip
Row = dict[str, str]
T = TypeVar("T")


def sniff(path: Path, head: bytes) -> bool:
    """Leading '#' lines that include ``#source=``, then a header starting with record_id."""
    has_source = False
    for line in head.removeprefix(b"\xef\xbb\xbf").splitlines():
        if line.startswith(b"#"):
            has_source = has_source or line.replace(b" ", b"").startswith(b"#source=")
            continue
        return has_source and line.lstrip().startswith(b"record_id")
    return False


def parse(path: Path) -> ParsedSource:
    """Check and read a national list file; see docs/national-list-format.md."""
    text = read_text(path)
    metadata, header_line = _metadata(path, text)
    source = _source_info(path, metadata)
    result = ParsedSource(source, path, _publisher_date(path, metadata))
    body = "\n".join(text.splitlines()[header_line - 1 :])
    seen: dict[str, int] = {}
    for line, row in _records(path, body, header_line):
        try:
            _check_unique(row["record_id"], line, seen)
            if not row["name"]:
                result.rejected.append(Rejection(f"line {line}", f"{row['record_id']}: no name"))
                continue
            result.entities.extend(_record(source.name, metadata, row))
        except fields.FieldError as exc:
            field = exc.args[1] if len(exc.args) > 1 else "record_id"
            raise SourceFormatError(path, str(exc.args[0]), f"line {line}, field {field}") from exc
    return result


def _metadata(path: Path, text: str) -> tuple[dict[str, str], int]:
    """The ``#key=value`` lines and the number of the header line after them."""
    metadata: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.startswith("#"):
            missing = [key for key in REQUIRED_METADATA if not metadata.get(key)]
            if missing:
                message = f"missing metadata line(s): {', '.join('#' + k + '=' for k in missing)}"
                raise SourceFormatError(path, message, f"line {number}")
            return metadata, number
        key, sep, value = line[1:].partition("=")
        if not sep:
            continue  # a plain comment
        if len(value) > limits.MAX_FIELD_CHARS:
            message = f"#{key.strip()}= value longer than {limits.MAX_FIELD_CHARS:,} characters"
            raise SourceFormatError(path, message, f"line {number}")
        if key.strip() not in METADATA_KEYS:
            message = f"unknown metadata #{key.strip()}= (known: {', '.join(METADATA_KEYS)})"
            raise SourceFormatError(path, message, f"line {number}")
        metadata[key.strip()] = value.strip()
    raise SourceFormatError(path, "no header row after the metadata lines", "end of file")


def _source_info(path: Path, metadata: dict[str, str]) -> SourceInfo:
    try:
        name = fields.source_name(metadata["source"])
    except fields.FieldError as exc:
        raise SourceFormatError(path, str(exc), "#source") from exc
    publisher = metadata.get("publisher", "")
    country = (metadata.get("country") or "").strip().lower() or None
    return SourceInfo(name, metadata["title"], publisher, metadata.get("url") or None, country)


def _publisher_date(path: Path, metadata: dict[str, str]) -> date | None:
    if not metadata.get("date"):
        return date_from_path(path)
    try:
        return date.fromisoformat(metadata["date"])
    except ValueError as exc:
        message = f"#date={metadata['date']} is not a date (YYYY-MM-DD)"
        raise SourceFormatError(path, message, "#date") from exc


def _records(path: Path, body: str, header_line: int) -> Iterator[tuple[int, Row]]:
    rows = csv_rows(path, body, header_line)
    first = next(rows, None)
    header = [c.strip().lower() for c in first[1]] if first else []
    for name in REQUIRED_COLUMNS:
        if name not in header:
            raise SourceFormatError(path, f"missing required column {name}", f"line {header_line}")
    for name in header:
        if name not in REQUIRED_COLUMNS + OPTIONAL_COLUMNS:
            raise SourceFormatError(path, f"unknown column {name!r}", f"line {header_line}")
    for line, cells in rows:
        if len(cells) != len(header):
            message = f"expected {len(header)} fields, found {len(cells)}"
            raise SourceFormatError(path, message, f"line {line}")
        row = {name: "" for name in REQUIRED_COLUMNS + OPTIONAL_COLUMNS}
        row.update((name, cell.strip()) for name, cell in zip(header, cells, strict=True))
        yield line, row


def _check_unique(record_id: str, line: int, seen: dict[str, int]) -> None:
    fields.record_id(record_id)
    if record_id in seen:
        raise fields.FieldError(
            f"duplicate record_id {record_id!r} (first on line {seen[record_id]})"
        )
    seen[record_id] = line


def _field(name: str, reader: Callable[[str], T], text: str) -> T:
    """Run a field rule, tagging its error with the field name."""
    try:
        return reader(text)
    except fields.FieldError as exc:
        raise fields.FieldError(str(exc), name) from exc


def _record(source: str, metadata: dict[str, str], row: Row) -> list[StatementEntity]:
    schema = _field("type", fields.schema, row["type"])
    entity_id = f"{source.replace('_', '-')}-{row['record_id']}"
    entity = make_entity(schema, entity_id, source)
    _add_names(entity, row)
    _add_details(entity, row)
    made: list[StatementEntity | None] = [_sanction(entity, metadata, row)]
    for doc in _field("id_documents", fields.documents, row["id_documents"]):
        made.append(
            make_identification(
                entity, doc.number, kind=doc.kind, country=doc.country, passport=doc.passport
            )
        )
    for text in fields.values(row["address"]):
        made.append(make_address(entity, full=text))
    return [entity, *[e for e in made if e is not None]]


def _add_names(entity: StatementEntity, row: Row) -> None:
    put(entity, "name", row["name"])
    for column, prop in (
        ("aliases", "alias"),
        ("weak_aliases", "weakAlias"),
        ("previous_names", "previousName"),
    ):
        for value in fields.values(row[column]):
            put(entity, prop, value)
    original = row["name_original_script"]
    lang = row["lang"] or lang_from_script(original)
    for value in fields.values(original):
        put(entity, "alias", value, lang=lang or None)
    if entity.schema.is_a("Person"):
        for column, prop in (
            ("first_name", "firstName"),
            ("father_name", "fatherName"),
            ("last_name", "lastName"),
        ):
            put(entity, prop, row[column])


def _add_details(entity: StatementEntity, row: Row) -> None:
    props = entity.schema.properties
    is_person = "birthDate" in props
    for iso, text in _field("birth_date", fields.dates, row["birth_date"]):
        put(entity, "birthDate" if is_person else "incorporationDate", iso, original_value=text)
    for text in fields.values(row["birth_place"]):
        put(entity, "birthPlace" if is_person else "notes", text)
    for text in fields.values(row["nationality"]):
        code = _field("nationality", fields.country, text)
        entity.add("nationality" if is_person else "country", code, original_value=text)
    for text in fields.values(row["country"]):
        entity.add("country", _field("country", fields.country, text), original_value=text)
    gender = _field("gender", fields.gender, row["gender"])
    if gender and "gender" in props:
        put(entity, "gender", gender)
    for column, prop in (
        ("imo_number", "imoNumber"),
        ("registration_number", "registrationNumber"),
    ):
        for text in fields.values(row[column]):
            put(entity, prop if prop in props else "notes", text)
    put(entity, "notes", row["remarks"])


def _sanction(entity: StatementEntity, metadata: dict[str, str], row: Row) -> StatementEntity:
    listed = _field("listed_on", fields.dates, row["listed_on"])
    reference = row["reference"] or None
    sanction = make_sanction(
        entity,
        key="listing",
        program=row["legal_basis"] or None,
        authority=row["listing_authority"] or metadata.get("publisher") or None,
        listed_on=listed[0][0] if listed else None,
        reference=reference,
        legal_basis=row["legal_basis"] or None,
        country=metadata.get("country") or None,
    )
    if reference and fields.is_un_reference(reference):
        put(sanction, "unscId", reference)
    add_topics(entity, {"sanction", *_field("topics", fields.topics, row["topics"])})
    return sanction


FORMAT = Format(
    name="national-csv",
    title="National list CSV (interlist format)",
    sniff=sniff,
    parse=parse,
)
