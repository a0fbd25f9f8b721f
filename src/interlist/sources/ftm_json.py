"""FollowTheMoney JSON lines: read (one entity per line) and write.

The exchange format of OpenSanctions and of FtM tools: each line is an object
``{"id", "schema", "properties": {prop: [values]}, ...}``. Read entities keep
their ids; their statements belong to a source named after the file
(``ftm_<stem>``, e.g. ``ftm_eu_fsf`` for ``eu-fsf.ftm.json``). An entity of an
unknown schema, or without id, is rejected; a value FtM cannot read for its
property, or a property the schema lacks, is reported as a rejection too (the
rest of the entity is kept). :func:`write_entities` writes the same format.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

from followthemoney import model as ftm_model
from followthemoney.statement import StatementEntity

from interlist.errors import SourceFormatError
from interlist.model import add_topic, entity_to_dict, extra_topics, make_entity
from interlist.sources import limits
from interlist.sources.base import Format, ParsedSource, Rejection, SourceInfo
from interlist.sources.helpers import date_from_path
from interlist.sources.tabular import put

_SUFFIXES = (".ftm.json", ".ftm.jsonl", ".jsonl", ".json", ".ftm")
_SLUG = re.compile(r"[^a-z0-9]+")


def source_for(path: Path) -> SourceInfo:
    """The source a file feeds: ``ftm_`` + its name without suffixes, slugified."""
    name = path.name.lower()
    for suffix in _SUFFIXES:
        if name.endswith(suffix):
            name = name[: -len(suffix)]
            break
    slug = _SLUG.sub("_", name).strip("_") or "entities"
    return SourceInfo(name=f"ftm_{slug}", title=f"FtM entities from {path.name}", publisher="")


def sniff(path: Path, head: bytes) -> bool:
    """The first non-empty line is a JSON object with "id" and "schema"."""
    text = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    if not text.startswith(b"{"):
        return False
    line = text.split(b"\n", 1)[0]
    if b"\n" not in text:  # the first line is longer than the head: read it whole
        line = _first_line(path)
    try:
        data = json.loads(line)
    except (ValueError, RecursionError):  # RecursionError: nested too deeply
        return False
    return isinstance(data, dict) and "id" in data and "schema" in data


def _first_line(path: Path) -> bytes:
    try:
        with path.open("rb") as fh:
            return fh.readline(limits.MAX_LINE_CHARS).removeprefix(b"\xef\xbb\xbf").strip()
    except OSError:
        return b""


def parse(path: Path) -> ParsedSource:
    """Every line's entity; see the module docstring for what is rejected."""
    source = source_for(path)
    result = ParsedSource(source, path, date_from_path(path))
    seen: dict[str, StatementEntity] = {}
    for number, data in _objects(path):
        _check_values(path, number, data)
        entity = _entity(source.name, data, f"line {number}", result.rejected)
        if entity is None:
            continue
        assert entity.id is not None
        if entity.id in seen:  # the same entity split over lines: merge
            for stmt in entity.statements:
                seen[entity.id].add_statement(stmt)
            continue
        seen[entity.id] = entity
        result.entities.append(entity)
    return result


def _objects(path: Path) -> Iterable[tuple[int, dict[str, Any]]]:
    """Each line's object; a line longer than limits.MAX_LINE_CHARS is refused unread."""
    limits.check_size(path, limits.MAX_STREAMED_BYTES)
    try:
        with path.open("r", encoding="utf-8-sig") as fh:
            number = 0
            while line := fh.readline(limits.MAX_LINE_CHARS + 1):
                number += 1
                if len(line) > limits.MAX_LINE_CHARS:
                    message = f"line longer than {limits.MAX_LINE_CHARS:,} characters"
                    raise SourceFormatError(path, message, f"line {number}")
                if line.strip():
                    yield number, _object(path, line, number)
    except UnicodeDecodeError as exc:
        raise SourceFormatError(path, "not UTF-8 text", f"byte {exc.start}") from exc
    except OSError as exc:
        raise SourceFormatError(path, f"cannot read file: {exc.strerror}") from exc


def _object(path: Path, line: str, number: int) -> dict[str, Any]:
    try:
        data = json.loads(line)
    except ValueError as exc:
        raise SourceFormatError(path, f"not JSON ({exc})", f"line {number}") from exc
    except RecursionError as exc:
        raise SourceFormatError(path, "JSON nested too deeply", f"line {number}") from exc
    if not isinstance(data, dict):
        raise SourceFormatError(path, "not a JSON object", f"line {number}")
    return data


def _check_values(path: Path, number: int, data: dict[str, Any]) -> None:
    """SourceFormatError if a property value is longer than limits.MAX_FIELD_CHARS."""
    properties = data.get("properties")
    if not isinstance(properties, dict):
        return
    for prop, values in properties.items():
        for value in values if isinstance(values, list) else [values]:
            if isinstance(value, str) and len(value) > limits.MAX_FIELD_CHARS:
                limit = limits.MAX_FIELD_CHARS
                message = f"value of {len(value):,} characters, more than {limit:,}"
                raise SourceFormatError(path, message, f"line {number}, field {prop}")


def _entity(
    source: str, data: dict[str, Any], where: str, rejected: list[Rejection]
) -> StatementEntity | None:
    entity_id, schema = data.get("id"), data.get("schema")
    if not isinstance(entity_id, str) or not entity_id.strip():
        rejected.append(Rejection(where, "no id"))
        return None
    if not isinstance(schema, str) or ftm_model.get(schema) is None:
        rejected.append(Rejection(where, f"{entity_id}: unknown schema {schema!r}"))
        return None
    entity = make_entity(schema, entity_id, source)
    properties = data.get("properties")
    if not isinstance(properties, dict):
        rejected.append(Rejection(where, f"{entity_id}: no properties object"))
        return entity
    for prop, values in properties.items():
        _add_values(entity, str(prop), values, where, rejected)
    return entity


def _add_values(
    entity: StatementEntity, prop: str, values: Any, where: str, rejected: list[Rejection]
) -> None:
    if prop not in entity.schema.properties or entity.schema.properties[prop].stub:
        rejected.append(Rejection(where, f"{entity.id}: {entity.schema.name} has no {prop}"))
        return
    for value in values if isinstance(values, list) else [values]:
        if prop == "topics" and value in extra_topics():
            add_topic(entity, value)
            continue
        text = value if isinstance(value, str) else json.dumps(value)
        if text and not put(entity, prop, text):
            rejected.append(Rejection(where, f"{entity.id}: {prop} value {text[:80]!r} unreadable"))


def write_entities(entities: Iterable[StatementEntity], fh: IO[str]) -> int:
    """Write entities as FtM JSON lines (id, schema, properties, datasets...); returns the count."""
    count = 0
    for entity in entities:
        fh.write(json.dumps(entity_to_dict(entity), ensure_ascii=False, sort_keys=True))
        fh.write("\n")
        count += 1
    return count


FORMAT = Format(
    name="ftm-json",
    title="FollowTheMoney JSON lines",
    sniff=sniff,
    parse=parse,
    dated_by_name=True,
)
