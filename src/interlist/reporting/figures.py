"""Every figure of the statistics, declared once: what it counts, from which records.

A figure is a query that yields the records it counts (:class:`Ref`): a lifecycle
event (a notice located, a recognition decided...), an operation result, a
designation. Counts, totals by state and by month, the dashboard, the annual
report and its companion spreadsheet are all made from these lists, so each
number opens to exactly the records behind it. A result that stands for a
notice's event (it keeps the event's id) is counted with the event, never twice.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, func, select

from interlist.store import lifecycle_tables as lt
from interlist.store import operation_tables as ot
from interlist.store import tables as t


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # inclusive
    state: str | None = None
    operation: int | None = None
    grouped: bool = False  # results read as counts per kind, state, month and place

    def moments(self) -> tuple[datetime, datetime]:
        begin = datetime.combine(self.start, time.min, tzinfo=UTC)
        return begin, datetime.combine(self.end + timedelta(days=1), time.min, tzinfo=UTC)


@dataclass(frozen=True)
class Ref:
    """One record a figure counts."""

    source: str  # "event", "result" or "listing"
    id: str
    state: str | None
    day: date
    kind: str  # what it is: the lifecycle and status, or the result's kind
    place: str | None = None
    category: str | None = None
    quantity: Decimal | None = None
    unit: str | None = None
    record: int | None = None  # the lifecycle record (notice, recognition...) it belongs to
    count: int = 1  # how many records it stands for (a group of results: see Period.grouped)


@dataclass(frozen=True)
class Figure:
    name: str
    en: str
    ru: str
    query: Callable[[Connection, Period], list[Ref]]
    about: str  # what is counted, for docs/statistics.md and the tooltips


def _day(value: datetime) -> date:
    return (value if value.tzinfo else value.replace(tzinfo=UTC)).date()


def events(kind: str, statuses: tuple[str, ...], opening: bool = False) -> Callable[..., list[Ref]]:
    """The events of `kind` records entering one of `statuses` in the period (or the
    events that opened such records)."""

    def query(conn: Connection, period: Period) -> list[Ref]:
        e, r = lt.lc_event.c, lt.lc_record.c
        begin, end = period.moments()
        q = (
            select(e.id, e.record_id, e.state, e.at, e.to_status, e.payload)
            .join(lt.lc_record, r.id == e.record_id)
            .where(r.kind == kind, e.at >= begin, e.at < end)
        )
        q = q.where(e.seq == 1) if opening else q.where(e.to_status.in_(statuses), e.seq > 1)
        if period.operation is not None:
            linked = select(ot.operation_result.c.event_id).where(
                ot.operation_result.c.operation_id == period.operation,
                ot.operation_result.c.event_id.is_not(None),
            )
            q = q.where(e.id.in_(linked))
        refs = []
        for row in conn.execute(q):
            payload = row.payload or {}
            place = payload.get("where") or payload.get("place")
            place = place if place in PLACES else None
            refs.append(Ref("event", str(row.id), row.state, _day(row.at),
                            f"{kind}.{row.to_status}", place, record=row.record_id))  # fmt: skip
        return _in_state(refs, period)

    return query


def results(kind: str) -> Callable[..., list[Ref]]:
    """The operation results of `kind` in the period that stand for no event."""

    def query(conn: Connection, period: Period) -> list[Ref]:
        return _in_state(_all_results(conn, period).get(kind, []), period)

    return query


def _all_results(conn: Connection, period: Period) -> dict[str, list[Ref]]:
    """Every result of the period that stands for no event, by kind: read once per
    computation (see :func:`fresh`); as counts per state, month, place and category
    when the period is `grouped` (the statistics), one by one otherwise (the records)."""
    cache = conn.info.setdefault(CACHE, {})
    key = ("results", period)
    if key not in cache:
        rows = _grouped_results(conn, period) if period.grouped else _each_result(conn, period)
        grouped: dict[str, list[Ref]] = {}
        for ref in rows:
            grouped.setdefault(ref.kind.removeprefix("result."), []).append(ref)
        cache[key] = grouped
    found: dict[str, list[Ref]] = cache[key]
    return found


def _result_filter(period: Period) -> list[Any]:
    c = ot.operation_result.c
    where = [c.date >= period.start, c.date <= period.end, c.event_id.is_(None)]
    if period.operation is not None:
        where.append(c.operation_id == period.operation)
    return where


def _each_result(conn: Connection, period: Period) -> list[Ref]:
    c = ot.operation_result.c
    q = select(c.id, c.kind, c.state, c.date, c.place, c.category, c.quantity, c.unit,
               c.notice_id).where(*_result_filter(period))  # fmt: skip
    return [
        Ref("result", str(row.id), row.state, row.date, f"result.{row.kind}", row.place,
            row.category, row.quantity, row.unit, row.notice_id)
        for row in conn.execute(q)
    ]  # fmt: skip


def _grouped_results(conn: Connection, period: Period) -> list[Ref]:
    c = ot.operation_result.c
    month = (func.to_char(c.date, "YYYY-MM") if conn.dialect.name == "postgresql"
             else func.substr(c.date, 1, 7)).label("month")  # fmt: skip
    columns = (c.kind, c.state, month, c.place, c.category, c.unit)
    q = select(*columns, func.count(), func.sum(c.quantity)).where(*_result_filter(period))
    refs = []
    for kind, state, ym, place, category, unit, count, total in conn.execute(q.group_by(*columns)):
        day = date(int(ym[:4]), int(ym[5:7]), 1)
        quantity = None if total is None else Decimal(str(total))
        refs.append(Ref("results", f"{kind}/{state}/{ym}", state, day, f"result.{kind}", place,
                        category, quantity, unit, count=int(count)))  # fmt: skip
    return refs


CACHE = "interlist.reporting"


def fresh(conn: Connection) -> Connection:
    """Forget what an earlier computation read on this connection."""
    conn.info.pop(CACHE, None)
    return conn


def either(*queries: Callable[..., list[Ref]]) -> Callable[..., list[Ref]]:
    def query(conn: Connection, period: Period) -> list[Ref]:
        return [ref for q in queries for ref in q(conn, period)]

    return query


def where(place: str, inner: Callable[..., list[Ref]]) -> Callable[..., list[Ref]]:
    def query(conn: Connection, period: Period) -> list[Ref]:
        return [ref for ref in inner(conn, period) if ref.place == place]

    return query


def designations(conn: Connection, period: Period) -> list[Ref]:
    """Designated parties of member states' national lists first listed in the period."""
    if period.operation is not None:
        return []
    c, s, v, e = t.listing.c, t.source.c, t.source_version.c, t.entity.c
    q = (
        select(c.entity_id, s.state, v.publisher_date, v.loaded_at)
        .join(t.source, s.name == c.source)
        .join(t.source_version, v.id == c.first_version)
        .join(t.entity, e.id == c.entity_id)
        .where(s.state.is_not(None), e.target.is_(True))
    )
    refs = []
    for row in conn.execute(q):
        day = row.publisher_date or _day(row.loaded_at)
        if period.start <= day <= period.end:
            refs.append(Ref("listing", row.entity_id, row.state, day, "designation"))
    return _in_state(refs, period)


def overdue_recognitions(conn: Connection, period: Period) -> list[Ref]:
    """Recognition requests whose response or review fell due in the period and that
    are still waiting (state: the state that must act)."""
    if period.operation is not None:
        return []
    r, g = lt.lc_record.c, lt.recognition.c
    begin, end = period.moments()
    now = datetime.now(UTC)
    q = (
        select(r.id, r.due_at, r.due_kind, g.to_state)
        .join(lt.recognition, g.record_id == r.id)
        .where(r.kind == "recognition", r.due_at >= begin, r.due_at < min(end, now))
    )
    refs = [
        Ref("record", str(row.id), row.to_state, _day(row.due_at),
            f"recognition.overdue_{row.due_kind}", record=row.id)
        for row in conn.execute(q)
    ]  # fmt: skip
    return _in_state(refs, period)


def frozen(conn: Connection, period: Period) -> list[Ref]:
    """Assets frozen in the period: the value when frozen, by currency (never converted)."""
    from interlist.store import freeze_tables as ft

    if period.operation is not None:
        return []
    c = ft.freeze.c
    q = select(c.record_id, c.state, c.frozen_on, c.amount, c.currency).where(
        c.frozen_on >= period.start, c.frozen_on <= period.end
    )
    refs = [
        Ref("event", str(row.record_id), row.state, row.frozen_on, "freeze.frozen", None,
            row.currency, Decimal(str(row.amount)), row.currency, row.record_id)
        for row in conn.execute(q)
    ]  # fmt: skip
    return _in_state(refs, period)


PLACES = ("prison", "border", "residence", "other")


def _in_state(refs: list[Ref], period: Period) -> list[Ref]:
    return [ref for ref in refs if ref.state == period.state] if period.state else refs


NOTICE_OUTCOMES = {"detained": "detained", "wanted_identified": "located",
                   "extradited": "extradited", "deported": "deported"}  # fmt: skip


def _outcome(name: str) -> Callable[..., list[Ref]]:
    inner = either(events("notice", (NOTICE_OUTCOMES[name],)), results(name))

    def query(conn: Connection, period: Period) -> list[Ref]:
        cache = conn.info.setdefault(CACHE, {})
        key = ("outcome", name, period)
        if key not in cache:
            cache[key] = inner(conn, period)
        found: list[Ref] = cache[key]
        return found

    return query


FIGURES: list[Figure] = [
    Figure("detained", "Persons detained", "Задержано лиц", _outcome("detained"),
           "wanted notices recorded `detained`, and results of kind `detained` that stand for "
           "no such record"),
    Figure("wanted_identified", "Wanted persons identified", "Установлено разыскиваемых лиц",
           _outcome("wanted_identified"),
           "wanted notices recorded `located`, and results of kind `wanted_identified`"),
    Figure("wanted_identified_prison", "of them in prison institutions",
           "из них в исправительных учреждениях", where("prison", _outcome("wanted_identified")),
           "the wanted persons identified whose place is `prison`"),
    Figure("wanted_identified_border", "of them at border crossings",
           "из них на пунктах пропуска", where("border", _outcome("wanted_identified")),
           "the wanted persons identified whose place is `border`"),
    Figure("financiers_identified", "Financiers of terrorism identified",
           "Выявлено лиц, финансирующих терроризм", results("financier_identified"),
           "results of kind `financier_identified`"),
    Figure("extradited", "Extradited", "Экстрадировано", _outcome("extradited"),
           "wanted notices recorded `extradited`, and results of kind `extradited`"),
    Figure("deported", "Deported", "Выдворено (депортировано)", _outcome("deported"),
           "wanted notices recorded `deported`, and results of kind `deported`"),
    Figure("notices_issued", "Wanted notices issued", "Выставлено розыскных уведомлений",
           events("notice", (), opening=True), "wanted notices opened (drafted) in the period"),
    Figure("notices_published", "Wanted notices published", "Опубликовано розыскных уведомлений",
           events("notice", ("published",)), "wanted notices the centre published"),
    Figure("notices_refused", "Wanted notices refused", "Отклонено розыскных уведомлений",
           events("notice", ("refused",)), "wanted notices the centre refused"),
    Figure("notices_withdrawn", "Wanted notices withdrawn", "Отозвано розыскных уведомлений",
           events("notice", ("withdrawn",)), "wanted notices their state withdrew"),
    Figure("recognitions_requested", "Recognitions requested", "Направлено запросов о признании",
           events("recognition", (), opening=True), "recognition requests made"),
    Figure("recognitions_recognised", "Designations recognised", "Признано включений",
           events("recognition", ("recognised",)),
           "recognition requests decided `recognised` (state: the recognising state)"),
    Figure("recognitions_refused", "Recognitions refused", "Отказано в признании",
           events("recognition", ("refused",)), "recognition requests decided `refused`"),
    Figure("recognitions_overdue", "Recognitions overdue", "Просрочено запросов о признании",
           overdue_recognitions,
           "recognition requests whose answer or review fell due in the period and is still "
           "awaited (state: the state that must act)"),
    Figure("designations", "National designations", "Включено в национальные перечни",
           designations, "designated parties first listed on a member state's national list"),
    Figure("alerts_raised", "Alerts raised", "Сформировано оповещений",
           events("alert", (), opening=True), "alerts opened by monitoring"),
    Figure("alerts_confirmed", "Alerts confirmed", "Подтверждено совпадений",
           events("alert", ("confirmed",)),
           "alerts confirmed (after the second person's approval)"),
    Figure("alerts_cleared", "Alerts cleared as false positives", "Снято ложных совпадений",
           events("alert", ("false_positive",)), "alerts decided `false_positive`"),
    Figure("seizures", "Seizures", "Изъятия", results("seizure"),
           "results of kind `seizure`, summed by category and unit"),
    Figure("frozen", "Value frozen", "Заморожено активов", frozen,
           "freezes recorded with a freezing date in the period: their value when frozen, "
           "summed by currency (no currency is converted)"),
]  # fmt: skip
BY_NAME = {f.name: f for f in FIGURES}


def figure(name: str) -> Figure:
    from interlist.errors import InvalidInputError

    found = BY_NAME.get(name)
    if found is None:
        raise InvalidInputError(f"unknown figure (known: {', '.join(BY_NAME)})", "figure")
    return found


def as_dict(ref: Ref) -> dict[str, Any]:
    data = dict(ref.__dict__)
    data["day"] = ref.day.isoformat()
    data["quantity"] = None if ref.quantity is None else format(ref.quantity.normalize(), "f")
    return data
