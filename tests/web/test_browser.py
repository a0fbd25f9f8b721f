"""The web application in a real browser: Playwright driving Debian's chromium, headless.

One analyst's day: log in, search a Cyrillic and an Arabic name, open a profile,
screen a person, upload a small batch, judge a pair, switch to Russian, log out.
A screenshot of each page is saved under test-artifacts/ (gitignored). Skipped,
with the reason, when /usr/bin/chromium or the playwright package is absent.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import uvicorn
from sqlalchemy import Engine

from interlist.access import audit
from tests.web.site import PASSWORD, load_fixture, make_web

if TYPE_CHECKING:
    from playwright.sync_api import Page

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "web"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]  # fmt: skip

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="/usr/bin/chromium is absent (apt-get install chromium)"
    ),
]
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def server(engine: Engine, db_url: str, tmp_path: Path) -> Iterator[str]:
    """The app on a loopback port, served by uvicorn in a thread."""
    load_fixture(engine)
    app = make_web(engine, db_url, tmp_path).client.app
    port = _free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    for _ in range(100):
        if srv.started:
            break
        time.sleep(0.05)
    yield f"http://localhost:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture
def page(server: str) -> Iterator[Page]:
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        context = browser.new_context(base_url=server, viewport={"width": 1366, "height": 800})
        context.set_default_timeout(30_000)
        yield context.new_page()
        context.close()
        browser.close()


def _shot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def _login(page: Page, name: str) -> None:
    page.goto("/web/")
    _shot(page, "01-login")
    page.fill("#username", name)
    page.fill("#password", PASSWORD)
    page.press("#password", "Enter")
    page.wait_for_selector("#q")


def _search(page: Page, text: str, shot: str) -> None:
    page.keyboard.press("/")
    with page.expect_response(lambda r: "/web/results" in r.url):
        page.fill("#q", text)
    page.wait_for_load_state("networkidle")
    page.wait_for_selector("a.result-link[href='/web/entity/t-1']")
    _shot(page, shot)


def test_an_analysts_day(page: Page, engine: Engine, tmp_path: Path) -> None:
    p = page
    _login(p, "rua")
    _search(p, "Усама бен Ладен", "02-search-cyrillic")
    _search(p, "أسامة بن لادن", "03-search-arabic")
    # a filter refreshes the results; leaving the search box does not (a refresh on blur
    # replaced the result the keyboard had just moved to)
    with p.expect_response(lambda r: "status=delisted" in r.url):
        p.select_option("select[name=status]", "delisted")
    with p.expect_response(lambda r: "status=listed" in r.url):
        p.select_option("select[name=status]", "listed")
    p.wait_for_selector("a.result-link[href='/web/entity/t-1']")
    # keyboard: from the search box, arrow down to the first hit and open it with Enter
    p.focus("#q")
    p.keyboard.press("ArrowDown")
    p.wait_for_timeout(500)  # longer than the input debounce: nothing may steal the focus
    assert p.evaluate("document.activeElement.getAttribute('href')") == "/web/entity/t-1"
    p.keyboard.press("Enter")
    p.wait_for_selector("text=Script: Arabic")
    assert "Usama bin Laden" in p.inner_text("h1")
    _shot(p, "04-profile")

    p.click("a[data-nav=screen]")
    p.fill("#s-name", "Osama bin Ladin")
    p.fill("#s-birth", "1957")
    p.click("#screen-button")
    p.wait_for_selector("#hits .hit.is-match")
    said = p.inner_text("#hits")  # the explanation in words, the final score apart
    assert "Names compared" in said and "The birth years agree" in said and "Final score" in said
    _shot(p, "05-screen")

    batch = tmp_path / "clients.csv"
    batch.write_text("id,name,birth_date\nc1,Usama bin Laden,1957-03-10\nc2,Ivan Petrov,\n")
    p.set_input_files("#batch-file", str(batch))
    p.click("#batch-button")
    link = p.wait_for_selector("#batch-download")
    _shot(p, "06-batch")
    with p.expect_download() as download:
        link.click()
    saved = tmp_path / "result.csv"
    download.value.save_as(saved)
    assert "t-1" in saved.read_text()

    p.click("a[data-nav=review]")
    p.wait_for_selector("#judge-positive")
    _shot(p, "07-review")
    p.keyboard.press("n")
    p.wait_for_selector("text=No suggestions are waiting")

    p.click("a[data-nav=sources]")
    _shot(p, "08-sources")
    p.click("#lang-switch")
    p.wait_for_selector("text=Выйти")
    _shot(p, "09-sources-ru")
    p.click("#logout")
    p.wait_for_selector("#username")
    _shot(p, "10-logged-out")

    actions = [e.action for e in audit.entries(engine)]
    for action in ("login", "search", "profile", "screen", "screen_batch", "judge", "logout"):
        assert action in actions, action
    assert audit.verify(engine).ok


def test_admin_sees_the_audit_log(page: Page) -> None:
    _login(page, "root")
    page.click("a[data-nav=audit]")
    page.wait_for_selector("#audit-verdict")
    assert "Chain intact" in page.inner_text("#audit-verdict")
    _shot(page, "11-audit")
    with page.expect_download() as download:
        page.click("#export-csv")
    assert download.value.suggested_filename == "interlist-audit.csv"


def test_bad_uploads_are_explained_where_the_user_acted(page: Page, tmp_path: Path) -> None:
    """Each refused upload's message appears under the batch form, in the page's language;
    a Windows-1251 file with semicolons is read and said so."""
    files = {"photo.png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)),
             "empty.csv": b"", "photo.csv": b"\x89PNG\r\n\x1a\n\x00\x00" + bytes(range(256)),
             "clients.csv": "id;name\r\nc1;Усама бен Ладен\r\n".encode("cp1251")}  # fmt: skip
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    _login(page, "ana")
    page.click("a[data-nav=screen]")
    expected = {
        "photo.png": "expected a file ending in one of .csv",
        "empty.csv": "the file is empty",
        "photo.csv": "this is not a text file",
    }
    for name, message in expected.items():
        page.set_input_files("#batch-file", str(tmp_path / name))
        page.click("#batch-button")
        page.wait_for_selector(f"#batch-error:has-text('{message}')")
    _shot(page, "12-batch-refused")
    page.set_input_files("#batch-file", str(tmp_path / "clients.csv"))
    page.click("#batch-button")
    page.wait_for_selector("#batch-download")
    assert "Windows-1251" in page.inner_text("#batch-detected")
    assert "Усама бен Ладен" in page.inner_text("#batch-table")
    _shot(page, "13-batch-read-as")
    page.click("#lang-switch")
    page.wait_for_selector("text=Выйти")
    page.set_input_files("#batch-file", str(tmp_path / "empty.csv"))
    page.click("#batch-button")
    page.wait_for_selector("#batch-error:has-text('файл пуст')")
    _shot(page, "14-batch-refused-ru")


MAIN_PAGES = (
    ("search", "/web/?q=Usama+bin+Laden"),
    ("profile", "/web/entity/t-1"),
    ("review", "/web/review"),
    ("sources", "/web/sources"),
    ("audit", "/web/admin/audit"),
    ("users", "/web/admin/users"),
    ("recognition", "/web/recognition"),
    ("notices", "/web/notices"),
    ("freezes", "/web/freezes"),
    ("alerts", "/web/alerts"),
    ("statistics", "/web/statistics"),
)


def test_main_pages_in_both_languages(page: Page) -> None:
    """A screenshot of each main page in English and in Russian (lang-en-*, lang-ru-*),
    and of a screening's explanation; each page says which language it is in."""
    _login(page, "root")
    for lang in ("en", "ru"):
        page.goto(f"/web/lang/{lang}?next=/web/")
        for name, url in MAIN_PAGES:
            page.goto(url)
            assert page.get_attribute("html", "lang") == lang, url
            _shot(page, f"lang-{lang}-{name}")
        page.goto("/web/screen")
        page.fill("#s-name", "Усама бен Ладен")
        page.fill("#s-birth", "1957-03-10")
        page.click("#screen-button")
        page.wait_for_selector("ul.explain li")
        expected = "agree to the day" if lang == "en" else "совпадают до дня"
        assert expected in page.inner_text("ul.explain")
        _shot(page, f"lang-{lang}-screen")


ADMIN_REFUSALS = {  # what the admin page answers, in each language
    "en": ("a user named 'ana' exists already", "agency 'kz_fmc' exists already",
           "state: choose the member state"),
    "ru": ("Имя пользователя: пользователь «ana» уже существует",
           "Название: ведомство «kz_fmc» уже существует",
           "Государство: выберите государство-участника"),
}  # fmt: skip


def test_the_admin_pages_refusals_in_both_languages(page: Page) -> None:
    """A user or agency that exists already, an agency placed nowhere: each refusal is
    said whole in the page's language (it was English after a Russian prefix)."""
    from tests.web.test_languages import _english

    _login(page, "root")
    for lang, expected in ADMIN_REFUSALS.items():
        page.goto(f"/web/lang/{lang}?next=/web/admin/users")
        page.fill("form[action$='/users/add'] input[name=name]", "ana")
        page.fill("form[action$='/users/add'] input[name=agency]", "kz_fmc")
        page.click("#user-add")
        said = [page.inner_text("#admin-error")]
        _shot(page, f"admin-refused-{lang}")
        page.fill("form[action$='/agencies/add'] input[name=name]", "kz_fmc")
        page.click("#agency-add")
        said.append(page.inner_text("#admin-error"))
        page.click("form[action$='/agencies/place'] button[value=state] >> nth=0")
        said.append(page.inner_text("#admin-error"))
        for text, wanted in zip(said, expected, strict=True):
            assert wanted in text, text
            if lang == "ru":
                assert _english(text, ("ana", "kz_fmc")) == [], text


def test_the_annual_report_in_both_languages(page: Page, engine: Engine, tmp_path: Path) -> None:
    """The demo's year on the statistics page and in the annual report (HTML, as the
    PDF is made), in English and in Russian; screenshots report-en, report-ru."""
    from datetime import date

    from interlist.demo import seed

    seed(engine, tmp_path / "demo")
    _login(page, "root")
    year = date.today().year
    for lang, words in (("en", "persons were detained"), ("ru", "задержано")):
        page.goto(f"/web/lang/{lang}?next=/web/statistics")
        _shot(page, f"statistics-{lang}")
        answer = page.request.get(f"/web/statistics/report?year={year}&lang={lang}&kind=html")
        assert answer.ok and words in answer.text()
        page.goto("about:blank")  # the document alone, not under the site's CSP (no inline style)
        page.set_content(answer.text())
        assert page.get_attribute("html", "lang") == lang
        _shot(page, f"report-{lang}")
