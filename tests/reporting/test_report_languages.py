"""The annual report in Russian is Russian in every format (issue 21): the demo's year of
operations, results, freezes, notices and recognitions written as HTML, DOCX and the
companion XLSX (the PDF is the HTML through WeasyPrint) shows no English word but the
exceptions the web pages allow (tests/web/test_languages.py), codes, and the names
from the data (operations, states' agencies)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine

from interlist.demo import records, seed
from interlist.reporting.annual import build, html
from interlist.reporting.documents import write
from interlist.reporting.vocabulary import vocabulary
from tests.web.test_languages import _english, _Visible

YEAR = date.today().year  # the demo's operations fall in the current year


@pytest.fixture
def demo(engine: Engine, tmp_path: Path) -> Engine:
    seed(engine, tmp_path / "demo")
    return engine


def _data_names() -> list[str]:
    """The demo's operation names: data, not words of the report."""
    return [op["name"] for op in records()["operations"]]


def test_the_russian_report_has_no_english_word(demo: Engine, tmp_path: Path) -> None:
    from docx import Document
    from openpyxl import load_workbook

    with demo.connect() as conn:
        report = build(conn, YEAR, "ru")
        docx = write(conn, report, tmp_path / "report.docx")
        xlsx = write(conn, report, tmp_path / "report.xlsx")
    parser = _Visible()
    parser.feed(html(report))
    page = " ".join(parser.parts)
    assert "задержано" in report.summary and "Казахстан" in page and "января" in page
    assert _english(page, _data_names()) == []
    document = Document(str(docx))
    cells = [c.text for table in document.tables for row in table.rows for c in row.cells]
    words = " ".join([p.text for p in document.paragraphs] + cells)
    assert report.summary in words and "Казахстан" in words
    assert _english(_without_codes(words), _data_names()) == []
    sheets = " ".join(_sheet_texts(load_workbook(xlsx)))
    assert "Розыскное уведомление: Черновик" in sheets
    assert _english(sheets, _data_names()) == []
    for text in (page, _without_codes(words), sheets):  # no key shown instead of its text
        assert re.findall(r"\b[a-z]+_[a-z_]+\b", text) == []


def _without_codes(text: str) -> str:
    """The text without the API paths of the appendix (codes, as in <code> on the page)."""
    return " ".join(word for word in text.split() if not word.startswith("/statistics/"))


def _sheet_texts(book: object) -> list[str]:
    """Every text a reader of the spreadsheet sees, but the figures' codes (the sheets'
    names and the first column of the first sheet, as the API names them) and paths."""
    texts = []
    for number, sheet in enumerate(book.worksheets):  # type: ignore[attr-defined]
        for row in sheet.iter_rows(min_row=1, values_only=True):
            shown = row[1:] if number == 0 else row
            texts += [str(v) for v in shown if isinstance(v, str) and not v.startswith("/")]
    return texts


def test_the_english_report_speaks_english(demo: Engine) -> None:
    with demo.connect() as conn:
        report = build(conn, YEAR, "en")
    page = html(report)
    assert "persons were detained" in report.summary and "Kazakhstan" in page
    assert "January" in page and "Казахстан" not in page


def test_every_term_of_the_vocabularies_has_both_languages() -> None:
    """Each label in resources/reporting.yml is one text per language (an unquoted
    comma in a YAML flow mapping once cut a Russian label in two)."""
    for kind, terms in vocabulary().items():
        for key, term in terms.items():
            assert isinstance(term, dict) and {"en", "ru"} <= set(term), (kind, key)
            extra = set(term) - {"en", "ru", "notice_status", "unit"}
            assert not extra, (kind, key, extra)
            assert all(isinstance(term[lang], str) for lang in ("en", "ru")), (kind, key)
