"""Damaged and hostile list files (issue 24): truncated copies of the real lists leave the
databank as it was (SQLite and PostgreSQL); a version that would delist a large share of a
list is held unless accepted; hostile XML (entity expansion, external entities, deep
nesting, huge text) is refused; random damage, wrong encodings, empty files, very long
fields and lines give one SourceError naming the file, never a traceback; the corpus of
cases that once failed is replayed. docs/reliability.md describes what is tested here."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, func, select

from interlist import sources
from interlist.databank import ingest
from interlist.errors import ListShrinkError, SourceError, SourceFormatError
from interlist.sources import limits
from interlist.sources.un_sc import parser as un_sc_parser
from interlist.sources.us_ofac import xml_parser as ofac_xml_parser
from interlist.store import open_engine
from interlist.store import tables as t
from tests.clitools import interlist

CORPUS = Path(__file__).parent / "corpus"
CSL_ROWS = 400  # records of the real CSL copied into a small, complete file
UN_KEEP = {"INDIVIDUALS": 40, "ENTITIES": 15}


# --- small, complete copies of the real lists ------------------------------------------


def csl_copy(lists_dir: Path, folder: Path) -> tuple[Path, list[int]]:
    """The header and the first CSL_ROWS records of the real CSL, and each record's end."""
    text = (lists_dir / "us_csl/consolidated_2022-05.csv").read_text("utf-8")
    reader = csv.reader(io.StringIO(text, newline=""))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    ends = []
    for number, row in enumerate(reader):
        if number > CSL_ROWS:
            break
        writer.writerow(row)
        ends.append(len(out.getvalue().encode("utf-8")))
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "consolidated_2022-05.csv"
    path.write_text(out.getvalue(), "utf-8")
    return path, ends[1:]


def ofac_copy(lists_dir: Path, folder: Path, keep: int = 300) -> Path:
    """The first `keep` lines of the 2021 sdn.csv with their companion rows, marks kept."""
    source = lists_dir / "us_ofac/set_2021-07-07"
    folder.mkdir(parents=True, exist_ok=True)
    lines = (source / "sdn.csv").read_bytes().split(b"\r\n")[:keep]
    (folder / "sdn.csv").write_bytes(b"\r\n".join(lines) + b"\r\n\x1a")
    ids = {line.split(b",", 1)[0] for line in lines}
    for name in ("alt.csv", "add.csv", "sdn_comments.csv"):
        rows = (source / name).read_bytes().split(b"\r\n")
        kept = [r for r in rows if r.split(b",", 1)[0] in ids]
        mark = b"" if name == "sdn_comments.csv" else b"\x1a"
        (folder / name).write_bytes(b"\r\n".join(kept) + b"\r\n" + mark)
    return folder / "sdn.csv"


def un_copy(lists_dir: Path, folder: Path) -> Path:
    """The real UN list with its first 40 individuals and 15 entities only."""
    from lxml import etree

    root = etree.parse(str(lists_dir / "un/UN_consolidated_2026-02-27.xml")).getroot()
    for group, keep in UN_KEEP.items():
        parent = root.find(group)
        for child in list(parent)[keep:]:
            parent.remove(child)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "UN_consolidated_2026-02-27.xml"
    path.write_bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))
    return path


def copy_of(name: str) -> Callable[[Path, Path], Path]:
    def make(lists_dir: Path, folder: Path) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / Path(name).name
        target.write_bytes((lists_dir / name).read_bytes())
        return target

    return make


def fingerprint(engine: Engine) -> tuple[int, ...]:
    """Versions, listed entities, open statements, rows of change: what a load alters."""
    with engine.connect() as conn:
        return (
            conn.scalar(select(func.count()).select_from(t.source_version)) or 0,
            conn.scalar(
                select(func.count()).select_from(t.listing).where(t.listing.c.delisted_on.is_(None))
            )
            or 0,
            conn.scalar(select(func.count()).select_from(t.statement)) or 0,
            conn.scalar(select(func.count()).select_from(t.change)) or 0,
        )


def cut_copy(original: Path, folder: Path, cut: int, name: str | None = None) -> Path:
    """A copy of `original` (and its companions) in `folder`, the file `name` cut."""
    folder.mkdir(parents=True, exist_ok=True)
    for part in original.parent.iterdir():
        data = part.read_bytes()
        (folder / part.name).write_bytes(
            data[:cut] if part.name == (name or original.name) else data
        )
    return folder / original.name


# --- 1. truncated files leave the databank as it was -----------------------------------


def _row_end(ends: list[int], share: float) -> int:
    return next(end for end in ends if end >= ends[-1] * share)


def test_truncated_copies_of_each_list_change_nothing(
    lists_dir: Path, tmp_path: Path, engine: Engine
) -> None:
    """Cuts at several points of each format, also exactly at the end of a row: every one
    is refused naming the file (the format's own check, or the shrink guard), and the
    databank is unchanged."""
    csl, ends = csl_copy(lists_dir, tmp_path / "csl")
    cases: list[tuple[Path, str, list[int]]] = [
        (csl, csl.name, [_row_end(ends, 0.3), _row_end(ends, 0.6), _row_end(ends, 0.6) - 7,
                         _row_end(ends, 0.85)]),
    ]  # fmt: skip
    ofac = ofac_copy(lists_dir, tmp_path / "ofac")
    sdn_size, alt_size = ofac.stat().st_size, (ofac.parent / "alt.csv").stat().st_size
    cases += [
        (ofac, "sdn.csv", [sdn_size // 2, sdn_size - 1]),  # at a row end: the mark is gone
        (ofac, "alt.csv", [alt_size // 3, alt_size - 1, alt_size - 40]),
    ]
    un = un_copy(lists_dir, tmp_path / "un")
    un_size = un.stat().st_size
    cases.append((un, un.name, [un_size // 3, un_size - 1, un_size - len("</CONSOLIDATED_LIST>")]))
    cons = copy_of("us_ofac/cons_nonsdn_2024-05-06.xml")(lists_dir, tmp_path / "cons")
    cases.append((cons, cons.name, [cons.stat().st_size // 2, cons.stat().st_size - 10]))
    ofsi = copy_of("uk/ConList_fragment_2020.csv")(lists_dir, tmp_path / "ofsi")
    ofsi_ends = [i + 1 for i, byte in enumerate(ofsi.read_bytes()) if byte == 0x0A]
    cases.append((ofsi, ofsi.name, [_row_end(ofsi_ends, 0.3), ofsi.stat().st_size // 4]))

    ingest(engine, [csl, ofac, un, cons, ofsi])
    before = fingerprint(engine)
    assert before[1] > 700
    for number, (original, name, cuts) in enumerate(cases):
        for cut in cuts:
            folder = tmp_path / f"cut{number}-{cut}"
            copy = cut_copy(original, folder, cut, name)
            with pytest.raises(SourceError) as error:
                ingest(engine, [copy])
            assert str(folder / name) in str(error.value) or str(copy) in str(error.value)
            assert fingerprint(engine) == before, (name, cut, str(error.value))


def test_a_shorter_list_is_held_unless_accepted(
    lists_dir: Path, tmp_path: Path, engine: Engine
) -> None:
    csl, ends = csl_copy(lists_dir, tmp_path / "full")
    ingest(engine, [csl])
    before = fingerprint(engine)
    short = cut_copy(csl, tmp_path / "short", _row_end(ends, 0.6))
    with pytest.raises(ListShrinkError) as error:
        ingest(engine, [short])
    held = error.value
    assert str(short) in str(held) and "--accept-shrink" in str(held)
    assert held.delisted > 0.3 * held.listed and held.listed > 100
    assert fingerprint(engine) == before
    (loaded,) = ingest(engine, [short], accept_shrink=True)
    assert loaded.target_counts()["delisted"] == held.delisted  # type: ignore[union-attr]


def test_a_few_delistings_are_not_held(lists_dir: Path, tmp_path: Path, engine: Engine) -> None:
    csl, ends = csl_copy(lists_dir, tmp_path / "full")
    ingest(engine, [csl])
    (loaded,) = ingest(engine, [cut_copy(csl, tmp_path / "short", ends[-6])])
    assert 0 < loaded.target_counts()["delisted"] <= 10  # type: ignore[union-attr]


def test_cli_accept_shrink(lists_dir: Path, tmp_path: Path, db_url: str) -> None:
    csl, ends = csl_copy(lists_dir, tmp_path / "full")
    engine = open_engine(db_url)
    ingest(engine, [csl])
    engine.dispose()
    short = cut_copy(csl, tmp_path / "short", _row_end(ends, 0.5))
    held = interlist("ingest", str(short), db=db_url)
    assert held.code == 1 and "Traceback" not in held.stderr
    assert str(short) in held.stderr + held.stdout and "would delist" in held.stderr + held.stdout
    accepted = interlist("ingest", "--accept-shrink", str(short), db=db_url)
    assert accepted.code == 0, accepted.stderr


@pytest.mark.parametrize(
    ("stated", "keep", "says"),
    [("5", 5, None), ("5", 4, "holds 4 records"), ("5", 6, "holds 6"), ("five", 5, "not a number")],
)
def test_national_csv_declared_record_count(
    tmp_path: Path, stated: str, keep: int, says: str | None
) -> None:
    """``#records=`` states the count: a copy cut at the end of a row is refused."""
    lines = NATIONAL.read_text("utf-8").splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("record_id"))
    rows = lines[header + 1 :]
    extra = [rows[0].replace("P-001", "P-099", 1)] if keep > len(rows) else []
    text = [f"#records={stated}", *lines[: header + 1], *rows[:keep], *extra]
    path = tmp_path / "national.csv"
    path.write_text("\n".join(text) + "\n", "utf-8")
    if says is None:
        assert len(sources.parse(path).targets()) == 5
        return
    with pytest.raises(SourceFormatError, match=says) as error:
        sources.parse(path)
    assert str(path) in str(error.value)


# --- 2. hostile XML --------------------------------------------------------------------

UN_RECORD = "<INDIVIDUAL><DATAID>1</DATAID><FIRST_NAME>{name}</FIRST_NAME></INDIVIDUAL>"
OFAC_RECORD = (
    "<sdnEntry><uid>1</uid><lastName>{name}</lastName><sdnType>Entity</sdnType></sdnEntry>"
)


def un_xml(body: str, prolog: str = "") -> str:
    return (
        f'<?xml version="1.0"?>\n{prolog}<CONSOLIDATED_LIST dateGenerated="2026-01-01T00:00:00Z">'
        f"<INDIVIDUALS>{body}</INDIVIDUALS><ENTITIES/></CONSOLIDATED_LIST>\n"
    )


def ofac_xml(body: str, prolog: str = "") -> str:
    return (
        f'<?xml version="1.0"?>\n{prolog}<sdnList><publshInformation><Publish_Date>05/06/2024'
        "</Publish_Date><Record_Count>1</Record_Count></publshInformation>"
        f"{body}</sdnList>\n"
    )


XML_FORMATS = {
    "un": (un_xml, UN_RECORD, "CONSOLIDATED_LIST"),
    "ofac": (ofac_xml, OFAC_RECORD, "sdnList"),
}
LAUGHS = "".join(
    [f'<!ENTITY l0 "{"ha" * 5}">']
    + [f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10)]
)


def hostile(kind: str, secret: Path) -> dict[str, tuple[str, str]]:
    """name -> (file text, what the error must say)."""
    make, record, root = XML_FORMATS[kind]
    return {
        "billion_laughs": (
            make(record.format(name="&l9;"), f"<!DOCTYPE {root} [{LAUGHS}]>\n"),
            "DOCTYPE declares entities",
        ),
        "xxe_file": (
            make(
                record.format(name="&x;"),
                f'<!DOCTYPE {root} [<!ENTITY x SYSTEM "file://{secret}">]>\n',
            ),
            "DOCTYPE declares entities",
        ),
        "xxe_dtd": (
            make(record.format(name="X"), f'<!DOCTYPE {root} SYSTEM "http://127.0.0.1:9/x.dtd">\n'),
            "external DTD",
        ),
        "deep": (make(record.format(name="X") + "<a>" * 5000 + "</a>" * 5000), "nested deeper"),
        "huge_text": (make(record.format(name="x" * 11_000_000)), "text node longer"),
        "long_field": (make(record.format(name="x" * (limits.MAX_FIELD_CHARS + 1))), "more than"),
        "truncated": (make(record.format(name="X"))[:-30], "line"),
    }


@pytest.mark.parametrize("kind", sorted(XML_FORMATS))
def test_hostile_xml_is_refused(kind: str, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE")
    for name, (text, says) in hostile(kind, secret).items():
        path = tmp_path / f"{kind}_{name}.xml"
        path.write_text(text, "utf-8")
        with pytest.raises(SourceFormatError) as error:
            sources.parse(path)
        message = str(error.value)
        assert str(path) in message and "line " in message, (name, message)
        assert says in message, (name, message)
        assert "TOP-SECRET" not in message


@pytest.mark.parametrize("kind", sorted(XML_FORMATS))
def test_entities_are_never_resolved_even_unchecked(kind: str, tmp_path: Path) -> None:
    """Behind the prolog check, the parser itself resolves no entity: a DOCTYPE placed
    beyond the searched prolog (after a long comment) declares an external entity, and the
    parser leaves it unresolved (or refuses the file)."""
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE")
    make, record, root = XML_FORMATS[kind]
    padding = "<!-- " + "p" * limits.PROLOG_BYTES + " -->\n"
    text = make(
        record.format(name="Named &x;"),
        f'{padding}<!DOCTYPE {root} [<!ENTITY x SYSTEM "file://{secret}">]>\n',
    )
    path = tmp_path / "padded.xml"
    path.write_text(text, "utf-8")
    limits.check_prolog(path)  # the DOCTYPE is out of its reach
    parse = un_sc_parser.parse if kind == "un" else ofac_xml_parser.parse
    try:
        parsed = parse(path)
    except SourceError as error:
        assert str(path) in str(error) and "TOP-SECRET" not in str(error)
        return
    values = [st.value for e in parsed.entities for st in e.statements]
    assert values and not any("TOP-SECRET" in v for v in values)


@pytest.mark.parametrize("kind", sorted(XML_FORMATS))
def test_a_bare_doctype_is_accepted(kind: str, tmp_path: Path) -> None:
    make, record, root = XML_FORMATS[kind]
    path = tmp_path / "bare.xml"
    path.write_text(make(record.format(name="Ivan Petrov"), f"<!DOCTYPE {root}>\n"), "utf-8")
    assert sources.parse(path).targets()


# --- 3. damaged input for every reader -------------------------------------------------

NATIONAL = Path(__file__).parents[1] / "fixtures/national_example.csv"
FTM_LINE = '{"id": "p1", "schema": "Person", "properties": {"name": ["Ivan Petrov"]}}\n'


@pytest.fixture(scope="module")
def samples(lists_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """A small valid file of each format, as bytes (name -> content)."""
    folder = tmp_path_factory.mktemp("samples")
    csl, _ = csl_copy(lists_dir, folder / "csl")
    return {
        "UN_consolidated_2026-02-27.xml": un_copy(lists_dir, folder / "un").read_bytes()[:60_000],
        "cons_nonsdn_2024-05-06.xml": (
            lists_dir / "us_ofac/cons_nonsdn_2024-05-06.xml"
        ).read_bytes()[:60_000],
        "sdn.csv": (lists_dir / "us_ofac/set_2021-07-07/sdn.csv").read_bytes()[:40_000],
        "consolidated_2022-05.csv": csl.read_bytes()[:60_000],
        "ConList.csv": (lists_dir / "uk/ConList_fragment_2020.csv").read_bytes(),
        "national.csv": NATIONAL.read_bytes(),
        "entities.ftm.json": FTM_LINE.encode() * 20,
    }


def parse_must_be_clean(path: Path) -> None:
    """Parsing gives a result or one SourceError naming the file; nothing else escapes."""
    try:
        sources.parse(path)
    except SourceError as error:
        assert str(path) in str(error), str(error)


def _damage(data: bytes, draw: st.DataObject) -> bytes:
    how = draw.draw(st.sampled_from(["cut", "flip", "utf16", "latin1", "mixed", "empty", "long"]))
    if how == "cut":
        return data[: draw.draw(st.integers(0, len(data)))]
    if how == "flip":
        damaged = bytearray(data)
        for _ in range(draw.draw(st.integers(1, 8))):
            damaged[draw.draw(st.integers(0, len(damaged) - 1))] = draw.draw(st.integers(0, 255))
        return bytes(damaged)
    text = data.decode("utf-8", "replace")
    if how == "utf16":
        return text.encode("utf-16")
    if how == "latin1":
        return text.replace("a", "\xe4").encode("latin-1", "replace")
    if how == "mixed":
        at = draw.draw(st.integers(0, len(text)))
        return text[:at].encode("utf-8") + "Ä ñ ø".encode("cp1252") + text[at:].encode("utf-8")
    if how == "empty":
        return draw.draw(st.sampled_from([b"", b"\n", b"\xef\xbb\xbf", b"\x00" * 100]))
    at = draw.draw(st.integers(0, len(data)))
    filler = draw.draw(st.sampled_from([b"x", b",", b'"', b"<a>", b"\n"]))
    return data[:at] + filler * draw.draw(st.sampled_from([20_001, 200_000, 1_100_000])) + data[at:]


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(draw=st.data())
def test_random_damage_to_every_reader(
    samples: dict[str, bytes], tmp_path: Path, draw: st.DataObject
) -> None:
    name = draw.draw(st.sampled_from(sorted(samples)))
    folder = Path(tempfile.mkdtemp(dir=tmp_path))
    path = folder / name
    path.write_bytes(_damage(samples[name], draw))
    try:
        parse_must_be_clean(path)
    finally:
        shutil.rmtree(folder)


LONG_NAME_ENTITY = {"id": "p", "schema": "Person", "properties": {"name": ["N" * 20_001]}}
LONG_NAME_LINE = json.dumps(LONG_NAME_ENTITY).encode() + b"\n"


@pytest.mark.parametrize(
    ("name", "make"),
    [
        ("consolidated_2022-05.csv", lambda head: head + b"," * 30 + b"x" * 20_001 + b"\n"),
        ("national.csv", lambda head: head + b"n1,person," + b"N" * 20_001 + b"\n"),
        ("entities.ftm.json", lambda head: head + LONG_NAME_LINE),
        ("entities.ftm.json", lambda head: head + b"{" + b" " * 1_100_000 + b"}\n"),
    ],
)  # fmt: skip
def test_long_fields_and_lines_are_refused_naming_the_line(
    samples: dict[str, bytes], tmp_path: Path, name: str, make: Callable[[bytes], bytes]
) -> None:
    head = samples[name].split(b"\n")
    path = tmp_path / name
    if name == "consolidated_2022-05.csv":
        path.write_bytes(make(head[0] + b"\n"))
    elif name == "national.csv":
        keep = [line for line in head if line.startswith(b"#") or line.startswith(b"record_id")]
        path.write_bytes(make(b"\n".join(keep) + b"\n"))
    else:
        path.write_bytes(make(head[0] + b"\n"))
    with pytest.raises(SourceFormatError) as error:
        sources.parse(path)
    assert str(path) in str(error.value)
    assert error.value.location and "line " in error.value.location, str(error.value)


def test_an_xlsx_zip_bomb_is_refused(tmp_path: Path) -> None:
    """A small OFSI-looking workbook whose sheet unpacks to more than the limit."""
    path = tmp_path / "ConList.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/sharedStrings.xml", "<sst><si><t>Group ID</t></si>"
                         "<si><t>Alias Type</t></si><si><t>Name 6</t></si></sst>")  # fmt: skip
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            block = b" " * (1 << 20)
            for _ in range(limits.MAX_XLSX_UNPACKED_BYTES // len(block) + 1):
                sheet.write(block)
    assert path.stat().st_size < 1_000_000
    with pytest.raises(SourceFormatError, match="unpacks to") as error:
        sources.parse(path)
    assert str(path) in str(error.value)


@pytest.mark.parametrize("name", ["national.csv", "consolidated_2022-05.csv"])
def test_wrong_encoding_names_the_line(
    samples: dict[str, bytes], tmp_path: Path, name: str
) -> None:
    lines = samples[name].split(b"\n")
    lines[3] = lines[3] + "\xc4".encode("latin-1")
    path = tmp_path / name
    path.write_bytes(b"\n".join(lines))
    offset = len(b"\n".join(lines[:4])) - 1
    with pytest.raises(SourceFormatError, match="not UTF-8") as error:
        sources.parse(path)
    assert str(path) in str(error.value)
    assert error.value.location == f"line 4 (byte {offset})"


# The peak is read from VmHWM (this process's own memory), not ru_maxrss, which Linux
# keeps across exec: it would report the test worker's size when the worker was larger.
PEAK_SCRIPT = """
import sys
from pathlib import Path
from interlist import sources
from interlist.errors import SourceError
try:
    sources.parse(Path(sys.argv[1]))
except SourceError as error:
    print(error)
status = Path("/proc/self/status").read_text().splitlines()
print(next(line.split()[1] for line in status if line.startswith("VmHWM:")))
"""


def test_a_200_mb_file_of_one_repeated_line_is_refused_in_bounded_memory(
    samples: dict[str, bytes], tmp_path: Path
) -> None:
    """Refused before it is read: the parse peaks far below 4 GB (measured: ~0.2 GB, the
    interpreter and its imports)."""
    header, row = samples["consolidated_2022-05.csv"].split(b"\n")[:2]
    path = tmp_path / "consolidated_2022-05.csv"
    with path.open("wb") as fh:
        fh.write(header + b"\n")
        block = (row + b"\n") * max(1, (1 << 20) // (len(row) + 1))
        while fh.tell() < 200 * 1024 * 1024:
            fh.write(block)
    run = subprocess.run(
        [sys.executable, "-c", PEAK_SCRIPT, str(path)], capture_output=True, text=True, timeout=300
    )
    assert run.returncode == 0, run.stderr
    message, peak_kb = run.stdout.strip().splitlines()
    assert str(path) in message and "more than" in message
    assert int(peak_kb) < 512 * 1024


# --- the corpus of cases that once failed ----------------------------------------------


def corpus_files() -> list[Path]:
    return sorted(p for p in CORPUS.iterdir() if p.is_file() and p.name != "README.md")


@pytest.mark.parametrize("path", corpus_files(), ids=lambda p: p.name)
def test_corpus_case_is_a_clear_error(path: Path, tmp_path: Path) -> None:
    """Each file of tests/sources/corpus once crashed a reader or loaded what it should not;
    now it is a SourceError naming the file (README.md there says what each one was)."""
    copy = tmp_path / path.name.split("__", 1)[-1]
    copy.write_bytes(path.read_bytes())
    with pytest.raises(SourceError) as error:
        sources.parse(copy)
    assert str(copy) in str(error.value)


def test_json_nested_too_deeply_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "deep.ftm.json"
    path.write_text(
        json.dumps({"id": "p", "schema": "Person", "properties": {}})[:-1]
        + ', "x": '
        + "[" * 200_000
        + "]" * 200_000
        + "}\n"
    )
    with pytest.raises(SourceError) as error:
        sources.parse(path)
    assert str(path) in str(error.value)
