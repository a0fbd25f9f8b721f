"""The states' annual report: the period, the operations and their results, the summary
paragraph written from the figures, the tables and the charts, in English or Russian.

:func:`build` computes the figures and lays the report out as sections (a heading, a
paragraph, a table, a chart), every word already in the report's language: the
headings and sentences from the message catalogue (resources/messages.yml, ``rep_*``),
the figures' names from their declaration, states, currencies, numbers, dates and
plural forms from CLDR (through Babel, :mod:`interlist.i18n`). One template
(resources/templates/annual_report.html) gives the HTML and, through WeasyPrint, the
PDF; python-docx writes the same sections as DOCX (:mod:`.documents`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from importlib import resources
from typing import Any

from jinja2 import Environment, select_autoescape
from sqlalchemy import Connection

from interlist import i18n
from interlist.reporting import charts
from interlist.reporting.figures import FIGURES, Period
from interlist.reporting.operations import operations
from interlist.reporting.statistics import statistics
from interlist.reporting.vocabulary import label

LANGUAGES = i18n.LANGUAGES
FUNNEL = ("wanted_identified", "detained", "extradited", "deported")
SEIZED = ("firearms", "ammunition", "explosives", "explosive_devices")
BY_STATE = ("detained", "wanted_identified", "financiers_identified", "extradited", "deported",
            "recognitions_recognised")  # fmt: skip
NO_STATE = "-"  # the statistics' key for records of no state


@dataclass
class Table:
    """A table as every format writes it: header, rows of text, and which columns hold
    numbers (right-aligned), names from the data, or codes (neither translated)."""

    head: list[str]
    rows: list[list[str]]
    numbers: frozenset[int] = frozenset()
    names: frozenset[int] = frozenset()
    codes: frozenset[int] = frozenset()


@dataclass
class Section:
    id: str
    heading: str
    text: str = ""
    table: Table | None = None
    chart: str = ""
    note: str = ""


@dataclass
class Report:
    """What the report says: the figures, the operations, and the sections written from them."""

    lang: str
    year: int
    stats: dict[str, Any]
    operations: list[dict[str, Any]]
    summary: str
    period: Period
    title: str = ""
    dates: str = ""
    sections: list[Section] = field(default_factory=list)


def number(value: Any, lang: str) -> str:
    return i18n.number(value, lang)


def build(conn: Connection, year: int, lang: str, state: str | None = None) -> Report:
    lang = i18n.language(lang)
    period = Period(date(year, 1, 1), date(year, 12, 31), state)
    stats = statistics(conn, period)
    ops = operations(conn, year)
    for op in ops:
        op["kind_label"] = label("operation_kinds", op["kind"], lang)
        within = Period(period.start, period.end, state, op["id"])
        op["figures"] = statistics(conn, within)["figures"]
    t = i18n.translator(lang)
    report = Report(lang, year, stats, ops, summary(stats, lang), period, t("rep_title"))
    report.dates = _span(period.start, period.end, lang, "long")
    if state:
        report.dates += " · " + i18n.country_name(state, lang)
    report.sections = sections(report)
    return report


def _span(start: Any, end: Any, lang: str, length: str = "medium") -> str:
    return (
        f"{i18n.date_text(start, lang, length=length)} — {i18n.date_text(end, lang, length=length)}"
    )


def seized(stats: dict[str, Any], category: str) -> Any:
    item = stats["figures"]["seizures"].get(category)
    return item["quantity"] if item else 0


def _count(value: Any) -> Decimal:
    return Decimal(str(value))


def summary(stats: dict[str, Any], lang: str) -> str:
    """The paragraph of results, written from the figures, each noun in the form its
    number takes in the language (CLDR's plural rules)."""
    t = i18n.translator(lang)
    f = stats["figures"]

    def n(key: str, value: Any) -> str:
        return t(key, count=_count(value))

    return t(
        "rep_summary",
        detained=n("rep_n_detained", f["detained"]),
        wanted=n("rep_n_wanted", f["wanted_identified"]),
        prison=number(f["wanted_identified_prison"], lang),
        border=number(f["wanted_identified_border"], lang),
        financiers=n("rep_n_financiers", f["financiers_identified"]),
        extradited=n("rep_n_extradited", f["extradited"]),
        deported=n("rep_n_deported", f["deported"]),
        firearms=n("rep_n_firearms", seized(stats, "firearms")),
        rounds=n("rep_n_rounds", seized(stats, "ammunition")),
        explosives=n("rep_n_explosives", seized(stats, "explosives")),
        devices=n("rep_n_devices", seized(stats, "explosive_devices")),
    )


def figure_name(name: str, lang: str) -> str:
    """A figure's name in `lang` (from its declaration)."""
    found = next(f for f in FIGURES if f.name == name)
    return found.ru if lang == "ru" else found.en


def state_name(code: str, lang: str) -> str:
    """A member state's name, or what stands for records of no state."""
    if code in (NO_STATE, "", None):
        return i18n.translator(lang)("rep_no_state")
    return i18n.country_name(code, lang)


def sections(report: Report) -> list[Section]:
    """The report's sections, in order, every word in the report's language."""
    t = i18n.translator(report.lang)
    return [
        Section("summary", t("rep_results"), text=report.summary),
        Section("operations", t("rep_operations"), table=_operations(report)),
        Section("figures", t("rep_figures"), table=_figures(report),
                chart=_funnel_chart(report)),
        Section("seizures", t("rep_seizures"), table=_seizures(report),
                chart=_seizure_chart(report)),
        Section("frozen", figure_name("frozen", report.lang), table=_frozen(report)),
        Section("by-state", t("rep_by_state"), table=_by_state(report),
                chart=_state_chart(report)),
        Section("appendix", t("rep_appendix"), note=t("rep_records_note"),
                table=_appendix(report)),
    ]  # fmt: skip


def _operations(report: Report) -> Table | None:
    lang, t = report.lang, i18n.translator(report.lang)
    if not report.operations:
        return None
    head = [t("rep_name"), t("rep_kind"), t("rep_dates"), t("rep_lead"), t("rep_participants"),
            figure_name("detained", lang), figure_name("wanted_identified", lang)]  # fmt: skip
    rows = [
        [op["name"], op["kind_label"], _span(op["start"], op["end"], lang),
         t("rep_centre") if op["lead"] == "centre" else state_name(op["lead"], lang),
         ", ".join(state_name(s, lang) for s in op["states"]),
         number(op["figures"]["detained"], lang), number(op["figures"]["wanted_identified"], lang)]
        for op in report.operations
    ]  # fmt: skip
    return Table(head, rows, numbers=frozenset({5, 6}), names=frozenset({0}))


def _figures(report: Report) -> Table:
    t = i18n.translator(report.lang)
    rows = [
        [figure_name(f.name, report.lang), number(report.stats["figures"][f.name], report.lang)]
        for f in FIGURES
        if not isinstance(report.stats["figures"][f.name], dict)
    ]
    return Table([t("rep_figure"), t("rep_count")], rows, numbers=frozenset({1}))


def quantity_text(quantity: Any, unit: str, lang: str) -> str:
    """A quantity with its unit in `lang`: "2 950 патронов", "6,5 кг", "4 800 000 казахских
    тенге" (a unit not in the vocabulary is a currency)."""
    return f"{number(quantity, lang)} {unit_name(unit, lang, quantity)}".strip()


def unit_name(unit: str | None, lang: str, quantity: Any = None) -> str:
    """A unit's name in `lang` (resources/reporting.yml), a currency's from CLDR."""
    if not unit:
        return ""
    known = label("units", unit, lang)
    if known == unit and unit.isupper():
        return i18n.currency_name(unit, lang, quantity)
    return known


def _seizures(report: Report) -> Table | None:
    lang, t = report.lang, i18n.translator(report.lang)
    found = report.stats["figures"]["seizures"]
    if not found:
        return None
    rows = [
        [label("seizure_categories", key.split(":")[0], lang),
         quantity_text(item["quantity"], item["unit"], lang)]
        for key, item in found.items()
    ]  # fmt: skip
    return Table([t("rep_what_seized"), t("rep_quantity")], rows, numbers=frozenset({1}))


def _frozen(report: Report) -> Table | None:
    lang, t = report.lang, i18n.translator(report.lang)
    found = report.stats["figures"]["frozen"]
    if not found:
        return None
    rows = [
        [f"{_capital(i18n.currency_name(code, lang))} ({code})", number(item["quantity"], lang)]
        for code, item in found.items()
    ]
    return Table([t("rep_currency"), t("rep_amount")], rows, numbers=frozenset({1}))


def _by_state(report: Report) -> Table:
    lang, t = report.lang, i18n.translator(report.lang)
    head = [t("rep_state")] + [figure_name(name, lang) for name in BY_STATE]
    rows = [
        [state_name(code, lang)] + [number(values.get(name, 0), lang) for name in BY_STATE]
        for code, values in report.stats["by_state"].items()
        if code != NO_STATE or any(values.get(name) for name in BY_STATE)  # no empty row
    ]
    return Table(head, rows, numbers=frozenset(range(1, len(head))))


def _appendix(report: Report) -> Table:
    t = i18n.translator(report.lang)
    rows = [
        [
            figure_name(f.name, report.lang),
            t(f"stats_about_{f.name}"),
            report.stats["links"][f.name],
        ]
        for f in FIGURES
    ]
    return Table([t("rep_figure"), t("rep_counted"), t("rep_records")], rows, codes=frozenset({2}))


def _shown(lang: str) -> Any:
    def shown(value: float) -> str:
        return number(value, lang)

    return shown


def _funnel_chart(report: Report) -> str:
    lang = report.lang
    funnel = [(figure_name(k, lang), float(report.stats["figures"][k])) for k in FUNNEL]
    title = i18n.translator(lang)("stats_funnel")
    return charts.bars(funnel, title=title, shown=_shown(lang))


def _seizure_chart(report: Report) -> str:
    bars = seizure_bars(report.stats, report.lang)
    if not bars:
        return ""
    title = i18n.translator(report.lang)("rep_seizures")
    return charts.bars(bars, title=title, shown=_shown(report.lang))


def _state_chart(report: Report) -> str:
    lang = report.lang
    bars = [(state_name(code, lang), float(v.get("detained", 0)))
            for code, v in report.stats["by_state"].items() if code != NO_STATE]  # fmt: skip
    return charts.bars(bars, title=figure_name("detained", lang), shown=_shown(lang))


def seizure_bars(stats: dict[str, Any], lang: str) -> list[tuple[str, float]]:
    """Seizures by category for a chart, each labelled with its unit; cash is left to
    the table (an amount of money on the same scale as rounds would flatten the rest)."""
    found = []
    for key, item in stats["figures"]["seizures"].items():
        category = key.split(":")[0]
        if category == "cash":
            continue
        unit = label("units", item["unit"], lang)
        name = label("seizure_categories", category, lang)
        found.append((f"{name}, {unit}" if unit else name, float(item["quantity"])))
    return found


def environment() -> Environment:
    return Environment(autoescape=select_autoescape(["html"]))


def html(report: Report) -> str:
    """The report as an HTML page (the PDF's source)."""
    text = resources.files("interlist").joinpath("resources/templates/annual_report.html")
    template = environment().from_string(text.read_text("utf-8"))
    return template.render(r=report, t=i18n.translator(report.lang))


def _capital(text: str) -> str:
    """The first letter in capitals, the rest as it is ("доллар США" → "Доллар США")."""
    return text[:1].upper() + text[1:]
