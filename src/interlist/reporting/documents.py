"""The annual report written out: HTML, PDF (WeasyPrint renders the HTML template),
DOCX (python-docx) and the companion Excel file listing every record counted
(openpyxl). The output's suffix chooses the format."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from sqlalchemy import Connection

from interlist.errors import ConfigError
from interlist.reporting.annual import FUNNEL, Report, html, number
from interlist.reporting.figures import FIGURES, as_dict
from interlist.reporting.figures import figure as declared

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
    from docx import Document

    html_words = _words(report)
    doc = Document()
    doc.add_heading(f"{html_words['title']}, {report.year}", level=1)
    doc.add_paragraph(f"{html_words['period']}: {report.period.start} — {report.period.end}")
    doc.add_heading(html_words["results"], level=2)
    doc.add_paragraph(report.summary)
    doc.add_heading(html_words["figures"], level=2)
    table = doc.add_table(rows=0, cols=2)
    for fig in FIGURES:
        value = report.stats["figures"][fig.name]
        if isinstance(value, dict):
            continue
        cells = table.add_row().cells
        cells[0].text = fig.ru if report.lang == "ru" else fig.en
        cells[1].text = number(value, report.lang)
    doc.add_heading(html_words["seizures"], level=2)
    for key, item in report.stats["figures"]["seizures"].items():
        doc.add_paragraph(f"{key}: {number(item['quantity'], report.lang)} {item['unit']}")
    doc.add_heading(html_words["operations"], level=2)
    for op in report.operations:
        counts = ", ".join(
            f"{report.stats['labels'][k][report.lang]} {number(op['figures'][k], report.lang)}"
            for k in FUNNEL
        )
        doc.add_paragraph(
            f"{op['name']} ({op['kind_label']}, {op['start']} — {op['end']}): {counts}"
        )
    doc.save(str(output))


def _words(report: Report) -> dict[str, str]:
    from interlist.reporting.annual import _words as words

    return words(report.lang)


def write_records(conn: Connection, report: Report, output: Path) -> None:
    """One sheet per figure with the records it counts, and a first sheet of counts."""
    from interlist.reporting.statistics import records

    book = Workbook()
    counts = book.active
    assert counts is not None
    counts.title = "figures"
    counts.append(["figure", "label", "count", "records"])
    for fig in FIGURES:
        rows = records(conn, fig.name, report.period)
        label = fig.ru if report.lang == "ru" else fig.en
        counts.append([fig.name, label, len(rows), report.stats["links"][fig.name]])
        sheet = book.create_sheet(fig.name[:31])
        sheet.append(list(RECORD_COLUMNS))
        for row in rows:
            sheet.append([_cell(row.get(c)) for c in RECORD_COLUMNS])
    book.save(str(output))


def _cell(value: object) -> object:
    """A value for a cell: text that a spreadsheet would take for a formula is quoted."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


__all__ = ["FORMATS", "as_dict", "declared", "write", "write_docx", "write_records"]
