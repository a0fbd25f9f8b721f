"""What an input file is before its rows are read, and the limits every reader keeps.

:func:`inspect` looks at a file to screen (CSV, JSON lines, Parquet, Excel) without
reading it whole: its size, the text encoding and the CSV delimiter (detected, and said,
so that a file saved by Russian Excel in Windows-1251 with semicolons is read as its
author meant), and for an Excel workbook the sizes its zip members declare (a
"zip bomb" of a few megabytes that unpacks to gigabytes is refused before it is opened).
Whatever cannot be read is refused with an :class:`InputFileError` that names the file,
the line or row, and the reason (a key of :data:`PROBLEMS`, which the web pages say in
the user's language).
"""

from __future__ import annotations

import codecs
import csv
import zipfile
from dataclasses import dataclass
from pathlib import Path

from interlist.errors import InputFileError

MAX_FILE_BYTES = 2 * 1024**3  # an input file, before anything is read
MAX_LINE_CHARS = 1024 * 1024  # a line of a CSV or JSON lines file
MAX_FIELD_CHARS = 131_072  # a CSV field (the csv module's own limit)
MAX_XLSX_ROWS = 1_048_576  # rows of an Excel sheet (Excel's own limit)
MAX_XLSX_UNPACKED = 512 * 1024**2  # what an .xlsx's members declare, all together
MAX_XLSX_RATIO = 100  # unpacked / packed size of any member over 1 MB
SAMPLE_BYTES = 64 * 1024  # read to detect the encoding and the delimiter
MAX_SCAN_BYTES = 64 * 1024**2  # searched for the first byte beyond ASCII
DELIMITERS = ",;\t|"
FALLBACK_ENCODINGS = ["cp1251", "koi8_r", "cp1252"]  # tried by charset-normalizer, in order

TEMPLATE_COLUMNS = ("id", "name", "schema", "birth_date", "nationality", "id_number", "country")
TEMPLATE_EXAMPLE = ("c-0001", "Ivan Petrov", "Person", "1970-01-31", "ru", "", "ru")

PROBLEMS = {
    "too_large": "the file is larger than {limit} MB",
    "empty": "the file is empty",
    "binary": "this is not a text file (binary data); save it as CSV or Excel (.xlsx)",
    "encoding": "cannot tell the text's encoding (UTF-8, UTF-16, Windows-1251, KOI8-R and "
    "Windows-1252 were tried); save it as CSV UTF-8",
    "undecodable": "bytes that are not {encoding} (the encoding detected at the start of the "
    "file); save it as CSV UTF-8",
    "line_too_long": "a line longer than {limit:,} characters",
    "field_too_long": "a field longer than {limit:,} characters",
    "csv": "not readable as CSV ({detail})",
    "parquet": "not a readable Parquet file ({detail})",
    "xlsx": "not a readable Excel workbook ({detail})",
    "xlsx_unpacked": "the workbook unpacks to {size:,} MB, more than the {limit:,} MB allowed",
    "xlsx_ratio": "the workbook's part {member} unpacks {ratio:,} times its size (more than "
    "{limit:,}): refused as a zip bomb",
    "too_many_rows": "more than {limit:,} rows",
}

ENCODING_LABELS = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8 with BOM", "utf-16": "UTF-16",
                   "utf-16-le": "UTF-16 LE", "utf-16-be": "UTF-16 BE", "utf-32": "UTF-32",
                   "cp1251": "Windows-1251", "koi8_r": "KOI8-R",
                   "cp1252": "Windows-1252"}  # fmt: skip
DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "vertical bar"}


def template_csv() -> bytes:
    """A CSV file to fill in: the screening columns and one example row (UTF-8 with a
    byte order mark, commas, as Excel opens it)."""
    lines = [",".join(TEMPLATE_COLUMNS), ",".join(TEMPLATE_EXAMPLE)]
    return codecs.BOM_UTF8 + ("\r\n".join(lines) + "\r\n").encode()


def problem(path: Path | str, reason: str, line: int | None = None, row: int | None = None,
            **values: object) -> InputFileError:  # fmt: skip
    """The error for a file that cannot be read, in English (pages translate `reason`)."""
    return InputFileError(path, reason, PROBLEMS[reason].format(**values), line, row, **values)


@dataclass(frozen=True)
class InputInfo:
    """What was detected about an input file."""

    path: Path
    kind: str  # csv, jsonl, parquet or xlsx
    size: int
    encoding: str = ""  # a Python codec name, for text files
    encoding_label: str = ""  # as people name it ("Windows-1251", "UTF-16 LE with BOM")
    delimiter: str = ""  # CSV only; empty for a file of one column

    def describe(self) -> str:
        """One line for the user: "CSV, Windows-1251, delimiter ';' (semicolon)"."""
        parts = [self.kind.upper() if self.kind != "xlsx" else "Excel (.xlsx)"]
        if self.encoding_label:
            parts.append(f"encoding {self.encoding_label}")
        if self.delimiter:
            parts.append(f"delimiter {self.delimiter!r} ({DELIMITER_NAMES[self.delimiter]})")
        elif self.kind == "csv":
            parts.append("one column (no delimiter in the header)")
        return ", ".join(parts)


def inspect(path: Path, kind: str) -> InputInfo:
    """Check a file of `kind` against the limits and detect how to read it."""
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise problem(path, "too_large", limit=MAX_FILE_BYTES // 1024**2)
    if size == 0:
        raise problem(path, "empty")
    if kind == "xlsx":
        check_xlsx(path)
        return InputInfo(path, kind, size)
    if kind == "parquet":
        check_parquet(path)
        return InputInfo(path, kind, size)
    with open(path, "rb") as fh:
        sample = fh.read(SAMPLE_BYTES)
    if not sample.strip():
        raise problem(path, "empty")
    probe = sample
    if sample.isascii() and size > len(sample):
        probe = _first_non_ascii(path, sample)
    encoding, label = detect_encoding(path, probe, truncated=len(probe) == SAMPLE_BYTES)
    if kind != "csv":
        return InputInfo(path, kind, size, encoding, label)
    text = sample.decode(encoding, errors="ignore")
    return InputInfo(path, kind, size, encoding, label, detect_delimiter(text))


def _first_non_ascii(path: Path, head: bytes) -> bytes:
    """SAMPLE_BYTES from the line where the first byte beyond ASCII is (within the first
    MAX_SCAN_BYTES), else the head: a file whose first rows are all in Latin letters may be
    Windows-1251 further on, and every encoding detected reads ASCII alike."""
    with open(path, "rb") as fh:
        offset = 0
        while offset < MAX_SCAN_BYTES and (block := fh.read(1024 * 1024)):
            if not block.isascii():
                at = next(i for i, b in enumerate(block) if b >= 0x80)
                start = offset + block.rfind(b"\n", 0, at) + 1
                fh.seek(start)
                return fh.read(SAMPLE_BYTES)
            offset += len(block)
    return head


def detect_encoding(path: Path, sample: bytes, truncated: bool = False) -> tuple[str, str]:
    """The codec to read a text file with (and its usual name), from its first bytes: a
    byte order mark, valid UTF-8, UTF-16 without a mark, else charset-normalizer among
    Windows-1251, KOI8-R and Windows-1252. Binary data is refused."""
    for bom, codec, label in ((codecs.BOM_UTF32_LE, "utf-32", "UTF-32 LE with BOM"),
                              (codecs.BOM_UTF32_BE, "utf-32", "UTF-32 BE with BOM"),
                              (codecs.BOM_UTF8, "utf-8-sig", "UTF-8 with BOM"),
                              (codecs.BOM_UTF16_LE, "utf-16", "UTF-16 LE with BOM"),
                              (codecs.BOM_UTF16_BE, "utf-16", "UTF-16 BE with BOM")):  # fmt: skip
        if sample.startswith(bom):
            return codec, label
    if b"\x00" in sample:
        return _utf16_without_bom(path, sample)
    control = sum(1 for b in sample if b < 0x20 and b not in b"\t\n\r")
    if control > 0.01 * len(sample):
        raise problem(path, "binary")
    if _is_utf8(sample, truncated):
        return "utf-8", "UTF-8"
    from charset_normalizer import from_bytes

    best = from_bytes(sample, cp_isolation=FALLBACK_ENCODINGS).best()
    if best is None:
        raise problem(path, "encoding")
    codec = codecs.lookup(best.encoding).name
    codec = {"windows-1251": "cp1251", "windows-1252": "cp1252", "koi8-r": "koi8_r"}.get(
        codec, codec
    )
    _refuse_binary(path, sample.decode(codec, errors="replace"))
    return codec, ENCODING_LABELS.get(codec, codec)


def _is_utf8(sample: bytes, truncated: bool) -> bool:
    """Valid UTF-8 (the sample of a longer file may end inside a character)."""
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as exc:
        return truncated and exc.start >= len(sample) - 3 and exc.reason == "unexpected end of data"
    return True


def _utf16_without_bom(path: Path, sample: bytes) -> tuple[str, str]:
    """Text in UTF-16 without a byte order mark has a zero in every other byte for Latin
    text; anything else with zero bytes is binary."""
    even, odd = sample[0::2], sample[1::2]
    for codec, zeros, chars in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        if zeros.count(0) > 0.3 * len(zeros) and chars.count(0) == 0:
            text = sample[: len(sample) // 2 * 2].decode(codec, errors="replace")
            _refuse_binary(path, text)
            return codec, ENCODING_LABELS[codec]
    raise problem(path, "binary")


def _refuse_binary(path: Path, text: str) -> None:
    """Control characters other than tab and line ends, or undecodable bytes, in more than
    1% of the text: binary data read as if it were text."""
    odd = sum(1 for c in text if (c < " " and c not in "\t\r\n") or c == "\ufffd")
    if odd > 0.01 * max(1, len(text)):
        raise problem(path, "binary")


def detect_delimiter(text: str) -> str:
    """The CSV delimiter among , ; TAB and |: csv.Sniffer on the first whole lines, checked
    against the header; none (one column) when the header has none of them."""
    lines = text.splitlines()[:50]
    if len(lines) > 1 and not text.endswith(("\n", "\r")):
        lines = lines[:-1]  # the sample may end inside a line
    header = lines[0] if lines else ""
    try:
        found = csv.Sniffer().sniff("\n".join(lines), delimiters=DELIMITERS).delimiter
    except csv.Error:
        found = ""
    if found and found in header:
        return found
    counts = {d: header.count(d) for d in DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ""  # one column: "Petrov, Ivan" is one name


def check_parquet(path: Path) -> None:
    """Refuse a file whose Parquet footer (schema, row groups) cannot be read."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        pq.ParquetFile(path).close()
    except (pa.ArrowException, OSError, ValueError) as exc:
        raise problem(path, "parquet", detail=str(exc)[:300]) from exc


def check_xlsx(path: Path) -> None:
    """Refuse a workbook that is not a zip, or whose members declare more than
    MAX_XLSX_UNPACKED in all or unpack more than MAX_XLSX_RATIO times their size, before
    openpyxl opens it (zipfile never unpacks more than a member declares)."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise problem(path, "xlsx", detail=str(exc) or type(exc).__name__) from exc
    total = sum(m.file_size for m in members)
    if total > MAX_XLSX_UNPACKED:
        raise problem(path, "xlsx_unpacked", size=total // 1024**2,
                      limit=MAX_XLSX_UNPACKED // 1024**2)  # fmt: skip
    for member in members:
        ratio = member.file_size // max(1, member.compress_size)
        if member.file_size > 1024**2 and ratio > MAX_XLSX_RATIO:
            raise problem(path, "xlsx_ratio", member=member.filename, ratio=ratio,
                          limit=MAX_XLSX_RATIO)  # fmt: skip
    if "xl/workbook.xml" not in {m.filename for m in members}:
        raise problem(path, "xlsx", detail="no xl/workbook.xml: not an Excel workbook")
