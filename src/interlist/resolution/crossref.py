"""Explicit cross-references: links a publisher states, found without scoring.

- A national list citing a UN reference number ("UN Ref QDi.123", also the
  older "QI.A.123.01" form) links its entry to the UN entry with that number.
- The same passport or national id number issued by the same country, held by
  entries of two different sources, links them; so does a vessel's IMO number.

A number shared by two holders within one source is ambiguous and links
nothing. Pairs whose schemata cannot describe the same thing are left out.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml
from sqlalchemy import Connection, or_, select

from interlist.store import tables as t

UN_SOURCE = "un_sc"
CITATION = re.compile(
    r"\bUN\s*REF(?:ERENCE)?(?:\s*(?:NO|NUMBER)\b)?\s*[.:#]?\s*"
    r"([A-Z]{2}[IE]\.\d{1,3}\b|[A-Z]{2}\.[A-Z]\.\d{1,3}\.\d{2}\b)",
    re.IGNORECASE,
)
LEADING = re.compile(r"^\s*([A-Z]{2}[ie]\.\d{3})\b")
OLD_FORM = re.compile(r"^([A-Z]{2})\.[A-Z]\.(\d{1,3})\.\d{2}$")
TEXT_PROPS = ("notes", "summary", "description", "reason", "unscId", "authorityId", "program")
DOC_SCHEMATA = ("Passport", "Identification")
MIN_NUMBER = 5


@dataclass(frozen=True)
class CrossRef:
    """Two entities a publisher links explicitly, and how."""

    left: str
    right: str
    reason: str


@cache
def _old_prefixes() -> dict[str, str]:
    path = resources.files("interlist").joinpath("resources/resolution/un_reference_numbers.yml")
    return dict(yaml.safe_load(path.read_text("utf-8"))["old_prefixes"])


def un_reference(text: str) -> str | None:
    """A UN reference number in its current form (QDi.012), or None."""
    text = text.strip().upper().rstrip(".")
    old = OLD_FORM.match(text)
    if old:
        prefix = _old_prefixes().get(old.group(1))
        return f"{prefix}.{int(old.group(2)):03d}" if prefix else None
    if re.fullmatch(r"[A-Z]{2}[IE]\.\d{1,3}", text):
        return f"{text[:2]}{text[2].lower()}.{int(text[4:]):03d}"
    return None


def citations(text: str) -> set[str]:
    """UN reference numbers a text cites ("UN Ref QDi.123", "UN REF:QE.A.146.14"), or
    opens with ("IRe.001. Subordinate of ...")."""
    found = [un_reference(m.group(1)) for m in CITATION.finditer(text)]
    opening = LEADING.match(text)
    if opening:
        found.append(un_reference(opening.group(1)))
    return {ref for ref in found if ref}


def normalize_number(number: str) -> str:
    """A document number compared without spaces, dashes, case, an "IMO" prefix or a
    remark in brackets ("IMO 9404546" -> "9404546", "121398 (Manizales)" -> "121398")."""
    text = re.sub(r"\([^)]*\)", "", number.upper())
    text = re.sub(r"^\s*IMO\b", "", text)
    return re.sub(r"[^0-9A-Z]", "", text)


def _rows(conn: Connection) -> Iterator[Any]:
    s = t.statement.c
    wanted = or_(
        s.schema.in_(("Sanction", *DOC_SCHEMATA)),
        s.prop.in_((*TEXT_PROPS, "imoNumber")),
    )
    query = select(s.entity_id, s.schema, s.prop, s.value, s.source).where(
        s.active.is_(True), wanted
    )
    yield from conn.execute(query.execution_options(yield_per=5000))


class _Collector:
    """Everything read in one pass over the statements."""

    def __init__(self) -> None:
        self.schema: dict[str, str] = {}
        self.source: dict[str, str] = {}
        self.sanctioned: dict[str, str] = {}  # sanction id -> target id
        self.docs: dict[str, dict[str, str]] = defaultdict(dict)  # doc id -> prop -> value
        self.un_refs: dict[str, str] = {}  # reference -> un entity id
        self.cited: dict[str, set[str]] = defaultdict(set)  # entity or sanction id -> refs
        self.imo: dict[str, set[str]] = defaultdict(set)  # imo -> vessel ids

    def add(self, row: Any) -> None:
        self.schema.setdefault(row.entity_id, row.schema)
        self.source.setdefault(row.entity_id, row.source)
        if row.schema == "Sanction" and row.prop == "entity":
            self.sanctioned[row.entity_id] = row.value
        elif row.schema in DOC_SCHEMATA and row.prop in ("holder", "number", "country"):
            self.docs[row.entity_id][row.prop] = row.value
            if row.prop == "holder":
                self.source.setdefault(row.value, row.source)
        elif row.prop == "imoNumber" and row.schema == "Vessel":
            self.imo[normalize_number(row.value)].add(row.entity_id)
        elif row.source == UN_SOURCE and row.prop == "unscId":
            ref = un_reference(row.value)
            if ref:
                self.un_refs[ref] = row.entity_id
        elif row.source != UN_SOURCE and row.prop in TEXT_PROPS:
            self.cited[row.entity_id].update(citations(row.value))
            ref = un_reference(row.value) if row.prop == "unscId" else None
            if ref:
                self.cited[row.entity_id].add(ref)


def cross_references(conn: Connection) -> list[CrossRef]:
    """Every explicit cross-reference in the databank, each pair once."""
    col = _Collector()
    for row in _rows(conn):
        col.add(row)
    col.schema.update(
        {r.id: r.schema for r in conn.execute(select(t.entity.c.id, t.entity.c.schema))}
    )
    found: dict[tuple[str, str], CrossRef] = {}
    for ref in (*_un_links(col), *_doc_links(col), *_imo_links(col)):
        if _compatible(col, ref.left, ref.right):
            key = (ref.left, ref.right) if ref.left < ref.right else (ref.right, ref.left)
            found.setdefault(key, CrossRef(key[0], key[1], ref.reason))
    return sorted(found.values(), key=lambda r: (r.left, r.right))


def _un_links(col: _Collector) -> Iterator[CrossRef]:
    for holder, refs in col.cited.items():
        target = col.sanctioned.get(holder, holder)
        for ref in refs:
            un_id = col.un_refs.get(ref)
            un_id = col.sanctioned.get(un_id, un_id) if un_id else None
            if un_id and un_id != target:
                yield CrossRef(target, un_id, f"cites UN reference number {ref}")


def _doc_links(col: _Collector) -> Iterator[CrossRef]:
    holders: dict[tuple[str, str], set[str]] = defaultdict(set)
    for props in col.docs.values():
        number = normalize_number(props.get("number", ""))
        if len(number) >= MIN_NUMBER and props.get("country") and props.get("holder"):
            holders[(number, props["country"])].add(props["holder"])
    for (number, country), ids in holders.items():
        yield from _unambiguous(col, ids, f"same document number {number} issued by {country}")


def _imo_links(col: _Collector) -> Iterator[CrossRef]:
    for number, ids in col.imo.items():
        if len(number) >= MIN_NUMBER:
            yield from _unambiguous(col, ids, f"same IMO number {number}")


def _unambiguous(col: _Collector, ids: set[str], reason: str) -> Iterator[CrossRef]:
    """Pairs across sources, if no source has two holders of the number."""
    by_source: dict[str, list[str]] = defaultdict(list)
    for entity_id in ids:
        by_source[col.source.get(entity_id, "")].append(entity_id)
    if len(by_source) < 2 or any(len(v) > 1 for v in by_source.values()):
        return
    ordered = sorted(ids)
    for i, left in enumerate(ordered):
        for right in ordered[i + 1 :]:
            yield CrossRef(left, right, reason)


def _compatible(col: _Collector, left: str, right: str) -> bool:
    from interlist.matching import can_match  # the matcher's rule, imported on first use

    return can_match(col.schema.get(left, ""), col.schema.get(right, ""))
