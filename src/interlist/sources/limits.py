"""The stated maxima of list files, and the safe way every list parser reads XML.

A list file that breaks one of these limits is refused with a SourceFormatError naming
the file and the line (or element and field): a damaged or hostile file must neither
crash a parser nor let it grow without bound. The limits are documented in
docs/reliability.md ("Damaged and hostile list files"); each lies well above what the
real lists hold (the largest field of the shared lists is 8,241 characters, the
deepest XML nests 5 elements, the biggest file is 5.8 MB).

XML is read with entities never resolved, no DTD loaded, no network access and
libxml2's own limits in force (``huge_tree=False``: at most 256 levels of nesting and
10,000,000 bytes in one text node); a file whose prolog declares entities (the "billion
laughs" and XXE attacks) is refused before it is parsed.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from lxml import etree

from interlist.errors import SourceFormatError

# A field (CSV cell, XML text or attribute) longer than this is refused.
MAX_FIELD_CHARS = 20_000
# A CSV record (all its fields) longer than this is refused.
MAX_LINE_CHARS = 1_048_576
# A CSV list file (or XLSX workbook) bigger than this is refused before it is read:
# tabular parsers hold the file's text and rows in memory, about 40 times its size at
# the peak (a 27.5 MB CSL: 1.04 GB).
MAX_CSV_BYTES = 32 * 1024 * 1024
# An XML or JSON-lines list file bigger than this is refused before it is read (these
# formats are streamed).
MAX_STREAMED_BYTES = 64 * 1024 * 1024
# An XLSX list (a zip archive) whose members unpack to more than this, or whose first
# sheet has more rows than this, is refused (a "zip bomb").
MAX_XLSX_UNPACKED_BYTES = 128 * 1024 * 1024
MAX_XLSX_ROWS = 200_000
# libxml2's limits without XML_PARSE_HUGE, stated here for the documentation.
MAX_XML_DEPTH = 256
MAX_XML_TEXT_BYTES = 10_000_000
# How much of an XML file's start is searched for its prolog (declaration, DOCTYPE).
PROLOG_BYTES = 65_536

_FIRST_ELEMENT = re.compile(rb"<[A-Za-z_]")
NEWLINE = b"\n"


def check_size(path: Path, limit: int) -> None:
    """SourceFormatError if the file is bigger than `limit` bytes (or cannot be read)."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise SourceFormatError(path, f"cannot read file: {exc.strerror}") from exc
    if size > limit:
        message = f"{size:,} bytes, more than the {limit:,} a list file of this format may have"
        raise SourceFormatError(path, message)


def check_unpacked(path: Path) -> None:
    """SourceFormatError if a zip archive (XLSX) unpacks to more than allowed, or is no
    zip archive at all."""
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (OSError, zipfile.BadZipFile) as exc:
        raise SourceFormatError(path, f"unreadable XLSX workbook: {exc}") from exc
    if unpacked > MAX_XLSX_UNPACKED_BYTES:
        message = (
            f"the workbook unpacks to {unpacked:,} bytes, more than {MAX_XLSX_UNPACKED_BYTES:,}"
        )
        raise SourceFormatError(path, message)


def check_cells(path: Path, line: int, cells: Sequence[str], names: Sequence[str] = ()) -> None:
    """SourceFormatError if a CSV record or one of its fields is longer than allowed."""
    total = 0
    for index, value in enumerate(cells):
        total += len(value)
        if len(value) > MAX_FIELD_CHARS:
            name = names[index] if index < len(names) and names[index] else f"column {index + 1}"
            message = f"field of {len(value):,} characters, more than {MAX_FIELD_CHARS:,}"
            raise SourceFormatError(path, message, f"line {line}, field {name}")
    if total > MAX_LINE_CHARS:
        message = f"record of {total:,} characters, more than {MAX_LINE_CHARS:,}"
        raise SourceFormatError(path, message, f"line {line}")


def check_element(path: Path, element: Any) -> None:
    """SourceFormatError if a text or attribute within `element` is longer than allowed."""
    for node in element.iter():
        if not isinstance(node.tag, str):
            continue  # comments, processing instructions
        values = [("text", node.text or ""), *((f"@{k}", v) for k, v in node.attrib.items())]
        for what, value in values:
            if len(value) > MAX_FIELD_CHARS:
                field = etree.QName(node).localname + ("" if what == "text" else what)
                message = f"{field} of {len(value):,} characters, more than {MAX_FIELD_CHARS:,}"
                raise SourceFormatError(path, message, f"line {node.sourceline}, field {field}")


def check_prolog(path: Path) -> None:
    """Refuse an XML file whose prolog declares entities (or a DTD too long to check).

    Official list files have no DOCTYPE; one that declares entities can only be an
    attack (entity expansion, external entities) or a mistake."""
    try:
        with path.open("rb") as fh:
            head = fh.read(PROLOG_BYTES)
    except OSError as exc:
        raise SourceFormatError(path, f"cannot read file: {exc.strerror}") from exc
    doctype = head.find(b"<!DOCTYPE")
    if doctype < 0:
        return
    line = f"line {head.count(NEWLINE, 0, doctype) + 1}"
    first = _FIRST_ELEMENT.search(head, doctype + 9)
    if first is None:
        message = f"a DOCTYPE longer than {PROLOG_BYTES:,} bytes; list files have none"
        raise SourceFormatError(path, message, line)
    if b"<!ENTITY" in head[doctype : first.start()] or b"SYSTEM" in head[doctype : first.start()]:
        message = (
            "the DOCTYPE declares entities or an external DTD; list files never do, and "
            "they are not resolved (refused for safety)"
        )
        raise SourceFormatError(path, message, line)


# libxml2's wording for its limits -> ours.
_LIMIT_MESSAGES = (
    ("Excessive depth", f"elements nested deeper than {MAX_XML_DEPTH} levels"),
    ("Text node too long", f"a text node longer than {MAX_XML_TEXT_BYTES:,} bytes"),
    ("amplification", "entity expansion refused (entities are never resolved)"),
    ("Huge input lookup", "a name or value too long for the XML parser"),
)


def iterparse(path: Path, root: str, **options: Any) -> Iterator[tuple[str, Any]]:
    """lxml's iterparse with the safe options, size and prolog checked and errors translated
    (SourceFormatError naming the file and line). `root` is the expected root element's
    local name; after the last event the root is checked (a truncated file never gets
    this far: lxml reports the unclosed elements)."""
    check_size(path, MAX_STREAMED_BYTES)
    check_prolog(path)
    try:
        context = etree.iterparse(
            str(path),
            resolve_entities=False,
            load_dtd=False,
            no_network=True,
            huge_tree=False,
            **options,
        )
        yield from context
        found = context.root
    except etree.XMLSyntaxError as exc:
        message = exc.msg or "malformed XML"
        for needle, ours in _LIMIT_MESSAGES:
            if needle in message:
                message = ours
                break
        else:
            message = f"malformed XML: {message}"
        raise SourceFormatError(path, message, f"line {exc.lineno}") from exc
    except OSError as exc:
        raise SourceFormatError(path, f"cannot read file: {exc}") from exc
    if found is None or etree.QName(found).localname != root:
        tag = None if found is None else etree.QName(found).localname
        raise SourceFormatError(path, f"root element is {tag}, not {root}", "line 1")
