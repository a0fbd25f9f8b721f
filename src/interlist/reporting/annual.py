"""The states' annual report: the period, the operations and their results, the summary
paragraph written from the figures, the tables and the charts, in English or Russian.

One template (resources/templates/annual_report.html) gives the HTML and, through
WeasyPrint, the PDF; python-docx writes the same content as DOCX; the companion
spreadsheet lists every record each figure counts. Numbers are formatted for the
language (3,798 / 3 798) with Babel.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from importlib import resources
from typing import Any

from babel.numbers import format_decimal
from babel.plural import PluralRule
from jinja2 import Environment, select_autoescape
from sqlalchemy import Connection

from interlist.reporting import charts
from interlist.reporting.figures import FIGURES, Period
from interlist.reporting.operations import operations
from interlist.reporting.statistics import statistics
from interlist.reporting.vocabulary import label, vocabulary

LANGUAGES = ("en", "ru")
RU_PLURAL = PluralRule({"one": "n mod 10 is 1 and n mod 100 is not 11",
                        "few": "n mod 10 in 2..4 and n mod 100 not in 12..14"})  # fmt: skip
RU_NOUNS = {
    "person": ("лицо", "лица", "лиц"),
    "wanted": ("разыскиваемое лицо", "разыскиваемых лица", "разыскиваемых лиц"),
    "unit": ("единица", "единицы", "единиц"),
    "round": ("патрон", "патрона", "патронов"),
    "device": ("взрывное устройство", "взрывных устройства", "взрывных устройств"),
}
FUNNEL = ("wanted_identified", "detained", "extradited", "deported")
SEIZED = ("firearms", "ammunition", "explosives", "explosive_devices")


@dataclass
class Report:
    """What the report says: the figures, the operations, the sentences, the charts."""

    lang: str
    year: int
    stats: dict[str, Any]
    operations: list[dict[str, Any]]
    summary: str
    charts: dict[str, str]
    period: Period


def number(value: Any, lang: str) -> str:
    return format_decimal(value, locale="ru" if lang == "ru" else "en")


def plural(n: Any, forms: tuple[str, str, str]) -> str:
    """The Russian form of a noun for `n` (one, few, many)."""
    kind = RU_PLURAL(int(n)) if float(n).is_integer() else "few"
    return forms[{"one": 0, "few": 1}.get(kind, 2)]


def build(conn: Connection, year: int, lang: str, state: str | None = None) -> Report:
    period = Period(_jan(year), _dec(year), state)
    stats = statistics(conn, period)
    ops = operations(conn, year)
    for op in ops:
        op["kind_label"] = label("operation_kinds", op["kind"], lang)
        within = Period(period.start, period.end, state, op["id"])
        op["figures"] = statistics(conn, within)["figures"]
    return Report(lang, year, stats, ops, summary(stats, lang), _charts(stats, lang), period)


def _jan(year: int) -> date:
    return date(year, 1, 1)


def _dec(year: int) -> date:
    return date(year, 12, 31)


def seized(stats: dict[str, Any], category: str) -> Any:
    item = stats["figures"]["seizures"].get(category)
    return item["quantity"] if item else 0


def summary(stats: dict[str, Any], lang: str) -> str:
    """The paragraph of results, written from the figures."""
    f = stats["figures"]
    n = {k: number(v, lang) for k, v in f.items() if not isinstance(v, dict)}
    s = {c: number(seized(stats, c), lang) for c in SEIZED}
    if lang == "ru":

        def w(value: Any, noun: str) -> str:
            return f"{number(value, lang)} {plural(value, RU_NOUNS[noun])}"

        seizes = {c: seized(stats, c) for c in SEIZED}
        return (
            f"В результате проведённой работы задержано {w(f['detained'], 'person')}, "
            f"установлено {w(f['wanted_identified'], 'wanted')}, из них "
            f"{n['wanted_identified_prison']} — в исправительных учреждениях и "
            f"{n['wanted_identified_border']} — на пунктах пропуска через государственную "
            f"границу; выявлено {w(f['financiers_identified'], 'person')}, финансирующих "
            f"терроризм; экстрадировано {n['extradited']} и выдворено "
            f"{w(f['deported'], 'person')}. Всего изъято {w(seizes['firearms'], 'unit')} "
            f"огнестрельного оружия, {w(seizes['ammunition'], 'round')}, "
            f"{s['explosives']} кг взрывчатых веществ и "
            f"{w(seizes['explosive_devices'], 'device')}."
        )
    return (
        f"As a result of this work, {n['detained']} persons were detained and "
        f"{n['wanted_identified']} wanted persons were identified, "
        f"{n['wanted_identified_prison']} of them in prison institutions and "
        f"{n['wanted_identified_border']} at border crossings; {n['financiers_identified']} "
        f"persons financing terrorism were identified; {n['extradited']} persons were "
        f"extradited and {n['deported']} deported. A total of {s['firearms']} firearms, "
        f"{s['ammunition']} rounds of ammunition, {s['explosives']} kg of explosives and "
        f"{s['explosive_devices']} explosive devices were seized."
    )


def _charts(stats: dict[str, Any], lang: str) -> dict[str, str]:
    labels = stats["labels"]
    funnel = [(labels[k][lang], float(stats["figures"][k])) for k in FUNNEL]
    seizures = seizure_bars(stats, lang)
    by_state = [(code, float(v.get("detained", 0))) for code, v in stats["by_state"].items()]

    def shown(value: float) -> str:
        return number(value, lang)

    return {
        "funnel": charts.bars(funnel, title=labels["wanted_identified"][lang], shown=shown),
        "seizures": charts.bars(seizures, title=labels["seizures"][lang], shown=shown),
        "detained_by_state": charts.bars(by_state, title=labels["detained"][lang], shown=shown),
    }


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
    env = Environment(autoescape=select_autoescape(["html"]))
    env.filters["n"] = number
    return env


def html(report: Report) -> str:
    """The report as an HTML page (the PDF's source)."""
    text = resources.files("interlist").joinpath("resources/templates/annual_report.html")
    template = environment().from_string(text.read_text("utf-8"))
    return template.render(r=report, figures=FIGURES, t=_words(report.lang), labels=vocabulary())


def _words(lang: str) -> dict[str, str]:
    ru = lang == "ru"
    return {
        "title": "Отчёт о результатах совместной работы государств-участников" if ru
        else "Report on the results of the member states' joint work",
        "centre": "Координационный центр" if ru else "Coordinating centre",
        "period": "Отчётный период" if ru else "Period",
        "operations": "Совместные операции" if ru else "Coordinated operations",
        "results": "Результаты" if ru else "Results",
        "figures": "Показатели" if ru else "Figures",
        "by_state": "По государствам" if ru else "By state",
        "state": "Государство" if ru else "State",
        "name": "Наименование" if ru else "Name",
        "kind": "Вид" if ru else "Kind",
        "lead": "Руководство" if ru else "Lead",
        "participants": "Участники" if ru else "Participants",
        "seizures": "Изъятия" if ru else "Seizures",
        "quantity": "Количество" if ru else "Quantity",
        "appendix": "Приложение: записи, на которых основаны показатели" if ru
        else "Appendix: the records behind the figures",
        "records_note": "Каждая запись перечислена в сопроводительной таблице Excel." if ru
        else "Each record is listed in the companion Excel file.",
        "total": "Всего" if ru else "Total",
        "none": "нет" if ru else "none",
    }  # fmt: skip
