"""The annual report written out: HTML, PDF (WeasyPrint renders the HTML template),
DOCX (python-docx, the same sections) and the companion Excel file listing every
record counted (openpyxl), each in the report's language. The output's suffix
chooses the format."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from sqlalchemy import Connection

from interlist import i18n
from interlist.errors import ConfigError
from interlist.reporting.annual import Report, Table, figure_name, html, state_name, unit_name
from interlist.reporting.figures import FIGURES, as_dict
from interlist.reporting.figures import figure as declared
from interlist.reporting.vocabulary import label

FORMATS = (".pdf", ".html", ".docx", ".xlsx")
RECORD_COLUMNS = ("source", "id", "state", "day", "kind", "place", "category", "quantity",
                  "unit", "record")  # fmt: skip


def write(conn: Connection, report: Report, output: Path) -> Path:
    suffix = output.suffix.lower()
    if suffix not in FORMATS:
        raise ConfigError(f"{output}: the report is written as {', '.join(FORMATS)}")
    if suffix == ".html":
        output.write_text(html(report), encoding="utf-8")
    elif suffix == ".pdf":
        from weasyprint import HTML

        HTML(string=html(report)).write_pdf(output)
    elif suffix == ".docx":
        write_docx(report, output)
    else:
        write_records(conn, report, output)
    return output


def write_docx(report: Report, output: Path) -> None:
    """The report's sections as a Word document: the same headings, paragraph and
    tables as the HTML and PDF (the charts are left to those)."""
    from docx import Document

    doc = Document()
    doc.add_paragraph(i18n.translator(report.lang)("rep_centre"))
    doc.add_heading(f"{report.title}, {report.year}", level=1)
    doc.add_paragraph(f"{i18n.translator(report.lang)('rep_period')}: {report.dates}")
    for section in report.sections:
        doc.add_heading(section.heading, level=2)
        if section.note:
            doc.add_paragraph(section.note)
        if section.text:
            doc.add_paragraph(section.text)
        elif section.table is not None:
            _docx_table(doc, section.table)
        else:
            doc.add_paragraph(i18n.translator(report.lang)("rep_none"))
    doc.save(str(output))


def _docx_table(doc: Any, table: Table) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    grid = doc.add_table(rows=1, cols=len(table.head))
    grid.style = "Table Grid"
    for cell, text in zip(grid.rows[0].cells, table.head, strict=True):
        cell.text = text
    for row in table.rows:
        cells = grid.add_row().cells
        for column, (cell, text) in enumerate(zip(cells, row, strict=True)):
            cell.text = text
            if column in table.numbers:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT


def write_records(conn: Connection, report: Report, output: Path) -> None:
    """One sheet per figure with the records it counts, and a first sheet of counts;
    headers and values in the report's language (codes stay codes: a figure's sheet
    is named by its code, as the API names it)."""
    from interlist.reporting.statistics import records

    t = i18n.translator(report.lang)
    book = Workbook()
    counts = book.active
    assert counts is not None
    counts.title = t("rep_sheet_figures")
    counts.append([t(f"rep_col_{c}") for c in ("figure", "label", "count", "records")])
    for fig in FIGURES:
        rows = records(conn, fig.name, report.period)
        counts.append([fig.name, figure_name(fig.name, report.lang), len(rows),
                       report.stats["links"][fig.name]])  # fmt: skip
        sheet = book.create_sheet(fig.name[:31])
        sheet.append([t(f"rep_col_{c}") for c in RECORD_COLUMNS])
        for row in rows:
            sheet.append([_cell(value) for value in record_row(row, report.lang)])
    book.save(str(output))


def record_row(row: dict[str, Any], lang: str) -> list[object]:
    """One record counted, as a spreadsheet row in `lang`: states, places, categories
    and units by their names, dates as dates."""
    t = i18n.translator(lang)
    shown: dict[str, object] = dict(row)
    shown["source"] = t(f"stats_source_{row['source']}")
    shown["state"] = state_name(row["state"], lang) if row.get("state") else ""
    shown["day"] = date.fromisoformat(row["day"])
    if row.get("quantity") is not None:
        shown["quantity"] = Decimal(row["quantity"])
    if row.get("place"):
        shown["place"] = label("places", row["place"], lang)
    if row.get("category"):
        shown["category"] = label("seizure_categories", row["category"], lang)
    if row.get("unit"):
        shown["unit"] = unit_name(row["unit"], lang, row.get("quantity"))
    shown["kind"] = kind_text(row["kind"], lang)
    return [shown.get(c) for c in RECORD_COLUMNS]


def kind_text(kind: str, lang: str) -> str:
    """What a counted record is, in `lang`: a result's kind, or the record's lifecycle
    and the status it entered ("notice.detained" → «Розыскное уведомление: Задержан»)."""
    from interlist.lifecycle.declaration import lifecycle

    if kind.startswith("result."):
        return label("result_kinds", kind.removeprefix("result."), lang)
    t = i18n.translator(lang)
    name, _, status = kind.partition(".")
    noun = t(f"rep_lc_{name}")
    if not status:
        return noun
    if status.startswith("overdue_"):
        return f"{noun}: {t('rep_overdue')}"
    return f"{noun}: {lifecycle(name).label(status, lang)}"


def _cell(value: object) -> object:
    """A value for a cell: text that a spreadsheet would take for a formula is quoted."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


__all__ = ["FORMATS", "as_dict", "declared", "kind_text", "record_row", "write", "write_docx",
           "write_records"]  # fmt: skip
