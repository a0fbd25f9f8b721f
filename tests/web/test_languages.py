"""Two complete languages: every page of the web application, walked in Russian, shows
no English word left untranslated (issue 21).

The walker logs in as an admin and as an analyst, switches to Russian, opens the main
page of each domain and follows every link under /web/ it finds (breadth first, each
page once). From each page it keeps the text a reader sees: tags, scripts, styles,
attribute values, codes (``<code>``, ``class="tag"``, ids) and the names from the data
are stripped; what is left must hold no Latin word but the declared exceptions.
"""

from __future__ import annotations

import re
import time
from collections import deque
from html.parser import HTMLParser
from pathlib import Path
from typing import ClassVar

import pytest
from sqlalchemy import Engine

from tests.alerts.kit import register
from tests.freezes.kit import freeze, world
from tests.notices.kit import published
from tests.web.site import Web, make_web

START = (
    "/web/",
    "/web/?q=Usama+bin+Laden",
    "/web/?q=Ivan&schema=Person&topic=sanction",
    "/web/screen",
    "/web/review",
    "/web/sources",
    "/web/admin/audit",
    "/web/admin/users",
    "/web/recognition",
    "/web/recognition/matrix",
    "/web/notices",
    "/web/freezes",
    "/web/alerts",
    "/web/statistics",
    "/web/entity/t-1",
    "/web/entity/t-2",
    "/web/entity/nope",
)
# Not pages: files to download. The annual report (/statistics/report, also offered as
# HTML) is a document the reporting package writes, checked by its own tests.
SKIP = re.compile(r"/(logout|lang/|static/)|/export|\.(csv|xlsx|jsonl|pdf)\b|/download|/report\?")
# Latin words a Russian page may show: names of things, not words of the interface.
ALLOWED = frozenset(
    [
        "interlist",
        "testclient",  # the test client's address, as the audit log records it (data)
        "htmx",
        "csv",
        "xlsx",
        "jsonl",
        "json",
        "xml",
        "pdf",
        "utf",
        "bom",
        "id",
        "ids",
        "iso",
        "url",
        "http",
        "https",
        "api",
        "cldr",
        "ftm",
        "followthemoney",
        "un",
        "ofac",
        "sdn",
        "ofsi",
        "eu",
        "imo",
        "inn",
        "ogrn",
        "swift",
        "bic",
        "iban",
        "ok",
        "v",
        "enter",
        "ru",
        "af",
        "excel",
        "windows",
        "koi",
        "lines",
        "html",
        "docx",
    ]
)
# The columns of the screening input files, named in the hints as they are to be written.
COLUMNS = frozenset(["id", "name", "schema", "birth_date", "nationality", "id_number", "country"])
# Names from the fixture's data (persons, organisations, lists, users, agencies).
DATA_NAMES = frozenset(
    [
        "usama",
        "bin",
        "laden",
        "ivan",
        "petrov",
        "alfa",
        "llp",
        "root",
        "ana",
        "vic",
        "bot",
        "rua",
        "kz",
        "fmc",
        "sa",
        "kz",
        "uz",
        "kg",
        "arman",
        "serikovich",
        "zhakupov",
        "daniyar",
        "bolatovich",
        "kasymov",
        "yerlan",
        "maratovich",
        "iskakov",
        "timur",
        "askarovich",
        "nurgaliyev",
        "halyk",
        "bauyrzhan",
        "nurlanuly",
        "tokhtarov",
        "shymkent",
    ]
)
# Texts the fixtures typed in English (free-text fields, institutions): removed from a
# page as whole strings, so that their words count nowhere else.
DATA_TEXTS = (
    "Recruited for a terrorist group",
    "Criminal Code art. 255",
    "Shymkent city court",
    "Financed a listed group",
    "Law art. 12",
    "Halyk Bank",
)
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_'’-]*[A-Za-z0-9]|[A-Za-z]")
CODE = re.compile(r".*[0-9_].*|[A-Z]{2,4}")  # ids (kz-fiu-P-1, un_sc) and codes (KZT, USD)
CODE_CLASSES = {"tag", "code", "id", "score", "hash", "prov-code"}


class _Visible(HTMLParser):
    """The text a reader sees, without scripts, styles, code and data-name elements;
    and the links the page offers."""

    VOID: ClassVar[set[str]] = {
        "br",
        "img",
        "input",
        "meta",
        "link",
        "hr",
        "source",
        "wbr",
        "col",
        "area",
    }

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.links: list[str] = []
        self.stack: list[bool] = []  # per open element: is it hidden from the check?

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for shown in ("placeholder", "aria-label"):  # attributes a reader sees or hears
            if values.get(shown) and values.get("translate") != "no":
                self.parts.append(values[shown] or "")
        if tag == "a" and values.get("href"):
            self.links.append(values["href"] or "")
        if tag in self.VOID:
            return
        classes = set((values.get("class") or "").split())
        hidden = (
            tag in ("script", "style", "code", "pre", "kbd", "samp")
            or bool(classes & CODE_CLASSES)
            or "data-name" in values  # a name from the data
            or values.get("translate") == "no"
            or (values.get("lang") not in (None, "ru"))
        )
        self.stack.append(hidden or (bool(self.stack) and self.stack[-1]))

    def handle_endtag(self, tag: str) -> None:
        if tag not in self.VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if not (self.stack and self.stack[-1]):
            self.parts.append(data)


def _data_texts(engine: Engine) -> list[str]:
    """User, agency and source names and titles in the databank: data, not interface."""
    from sqlalchemy import select

    from interlist.store import tables
    from interlist.store.access_tables import agency, app_user
    from interlist.store.operation_tables import operation, operation_result

    with engine.connect() as conn:
        found = list(conn.scalars(select(app_user.c.name)))
        found += list(conn.scalars(select(agency.c.name)))
        found += list(conn.scalars(select(operation.c.name)))
        found += [d for d in conn.scalars(select(operation.c.description)) if d]
        found += [n for n in conn.scalars(select(operation_result.c.note)) if n]
        for row in conn.execute(select(tables.source.c.title, tables.source.c.publisher)):
            found += [row.title, row.publisher]
    return sorted(set(found) | set(DATA_TEXTS), key=len, reverse=True)


def _english(text: str, data: list[str] | tuple[str, ...] = DATA_TEXTS) -> list[str]:
    for known in data:
        text = re.sub(rf"(?<!\w){re.escape(known)}(?!\w)", " ", text)
    words = []
    for word in LATIN_WORD.findall(text):
        low = word.lower()
        if low in ALLOWED | DATA_NAMES | COLUMNS or len(low) <= 1 or CODE.fullmatch(word):
            continue
        words.append(word)
    return words


def _walk(web: Web, start: tuple[str, ...] = START, lang: str = "ru",
          within: tuple[str, ...] = ("/web/",)) -> dict[str, list[str]]:  # fmt: skip
    """Every page reachable from `start` (by links under `within`), in Russian: the
    English words each shows (in English: the message keys shown instead of their text)."""
    web.client.get(f"/web/lang/{lang}?next=/web/")
    seen: set[str] = set()
    queue = deque(start)
    data = _data_texts(web.engine)
    found: dict[str, list[str]] = {}
    while queue and len(seen) < 400:
        url = queue.popleft()
        if url in seen or SKIP.search(url):
            continue
        seen.add(url)
        page = web.client.get(url)
        if "text/html" not in page.headers.get("content-type", ""):
            continue
        parser = _Visible()
        parser.feed(page.text)
        text = " ".join(parser.parts)
        words = _english(text, data) if lang == "ru" else _keys(text)
        if words:
            found[url] = sorted(set(words))
        for link in parser.links:
            link = link.split("#")[0]
            if link.startswith(within) and link not in seen and not SKIP.search(link):
                queue.append(link)
    assert len(seen) >= len(start) + 10, sorted(seen)  # the links were followed
    return found


def _keys(text: str) -> list[str]:
    """Message keys shown as they are (a key with no text in the catalogue)."""
    from interlist import i18n

    keys = {str(k) for k in i18n.catalogue()["en"] if "_" in str(k)}
    return [
        word
        for word in re.findall(r"\b[a-z]+_[a-z_]+\b", text)
        if word in keys
        or word.split("_")[0] in ("why", "action", "event", "script", "role", "err", "asked")
    ]


def _screened(web: Web, name: str) -> list[str]:
    """The English words of a screening's results (the explanations) in Russian."""
    web.client.get("/web/lang/ru?next=/web/")
    csrf = web.csrf()
    page = web.client.post(
        "/web/screen",
        data={
            "csrf": csrf,
            "schema": "Person",
            "name": name,
            "birth_date": "1957-03-10",
            "nationality": "sa",
        },
    )
    assert page.status_code == 200
    parser = _Visible()
    parser.feed(page.text)
    return _english(" ".join(parser.parts))


def test_russian_pages_have_no_english_words(web: Web) -> None:
    started = time.perf_counter()
    problems: dict[str, list[str]] = {}
    for user in ("root", "ana"):
        web.client.cookies.clear()
        web.login(user)
        words = _screened(web, "Усама бен Ладен")  # first, for the audit log to show it
        if words:
            problems[f"{user} POST /web/screen"] = words
        problems.update({f"{user} {k}": v for k, v in _walk(web).items()})
        problems.update({f"{user} en {k}": v for k, v in _walk(web, lang="en").items()})
    assert time.perf_counter() - started < 60
    assert not problems, "\n".join(f"{url}: {' '.join(words)}" for url, words in problems.items())


def test_russian_pages_of_the_states_records(engine: Engine, db_url: str, tmp_path: Path) -> None:
    """The cooperation pages with records in them: recognitions, a freeze, a published
    wanted notice, monitoring alerts; as an analyst of a state and of the centre."""
    started = time.perf_counter()
    world(engine, tmp_path)
    freeze(engine, "uz-analyst", "kz-fiu-P-1")
    published(engine)
    register(engine, "kz-analyst", [{"id": "C-1", "name": "Arman Zhakupov"}])
    web = make_web(engine, db_url, tmp_path)
    problems: dict[str, list[str]] = {}
    with web.client:
        for user, password in (("uz-analyst", "pw-" + "uz" * 6), ("kz-analyst", "pw-" + "kz" * 6),
                               ("centre-analyst", "pw-centre-123")):  # fmt: skip
            web.client.cookies.clear()
            web.login(user, password)
            pages = _walk(web, START[:1] + START[3:15] + ("/web/entity/kz-fiu-P-1",))
            problems.update({f"{user} {k}": v for k, v in pages.items()})
        missing = web.client.get("/web/freezes/999")  # the domain's NotFoundError, in Russian
        assert missing.status_code == 404 and "Запись № 999 не найдена." in missing.text
    assert time.perf_counter() - started < 60
    assert not problems, "\n".join(f"{url}: {' '.join(words)}" for url, words in problems.items())


def test_the_check_sees_an_english_word() -> None:
    parser = _Visible()
    parser.feed('<p>Найдено <b>Results</b><code>un_sc</code><span class="tag">eu_fsf</span></p>')
    assert _english(" ".join(parser.parts)) == ["Results"]


def test_russian_statistics_of_a_year_of_operations(
    engine: Engine, db_url: str, tmp_path: Path
) -> None:
    """The statistics with the demo's year of operations, results, freezes and notices
    in them: the dashboard, each operation and the records behind each figure."""
    from interlist.demo import records, seed

    seed(engine, tmp_path / "demo")
    web = make_web(engine, db_url, tmp_path)
    with web.client:
        web.login("centre-analyst", records()["password"])
        pages = _walk(web, ("/web/statistics",), within=("/web/statistics", "/web/operations"))
    assert any("/web/operations/" in url for url in _walked(web, "/web/statistics"))
    assert not pages, "\n".join(f"{url}: {' '.join(words)}" for url, words in pages.items())


def _walked(web: Web, url: str) -> list[str]:
    parser = _Visible()
    parser.feed(web.client.get(url).text)
    return parser.links


@pytest.mark.parametrize(
    ("path", "form", "shown"),
    [("/web/notices/sweep", {"kind": "prison"}, 'id="sweep-error">'),
     ("/web/monitoring/upload", {"dataset": ""}, 'class="error" role="alert">')],
)  # fmt: skip
def test_a_refused_upload_is_said_in_russian(
    engine: Engine, db_url: str, tmp_path: Path, path: str, form: dict[str, str], shown: str
) -> None:
    """A sweep or a monitoring list of an empty file, or of a file that is not text: the
    refusal names the file as it was sent (not the temporary copy read) and says why,
    in Russian."""
    world(engine, tmp_path)
    web = make_web(engine, db_url, tmp_path)
    with web.client:
        web.login("kz-analyst", "pw-" + "kz" * 6)
        web.client.get("/web/lang/ru?next=/web/")
        said = []
        for name, data in (("empty.csv", b"  \n"), ("people.csv", b"name\n\x00\x01\x02\xff\n")):
            page = web.client.post(path, data={"csrf": web.csrf(), **form},
                                   files={"file": (name, data, "text/csv")})  # fmt: skip
            parser = _Visible()
            parser.feed(page.text.split(shown)[1].split("</p>")[0])
            said.append(" ".join(parser.parts))
    assert said[0] == "файл пуст"
    assert said[1].startswith("people.csv: это не текстовый файл"), said[1]
    assert not [w for text in said for w in _english(text) if w != "people"]
