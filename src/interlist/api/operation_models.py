"""Request and response shapes of operations, results and statistics (a contract:
fields may be added, never renamed or dropped)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, Field

from interlist.api.models import RecordNumber
from interlist.reporting.operations import OperationIn, ResultIn


class OperationBody(BaseModel):
    name: str = Field(..., examples=["Operation Steppe-2026"])
    kind: Literal["search", "financial", "border", "exercise", "other"]
    start: dt.date
    end: dt.date
    lead: str | None = Field(None, examples=["centre", "kz"])
    states: list[str] = Field([], examples=[["kz", "uz", "kg"]])
    description: str = ""

    def to_domain(self) -> OperationIn:
        return OperationIn(self.name, self.kind, self.start, self.end, self.lead,
                           list(self.states), self.description)  # fmt: skip


class ResultBody(BaseModel):
    kind: Literal["detained", "wanted_identified", "financier_identified", "extradited",
                  "deported", "seizure"]  # fmt: skip
    state: str = Field(..., examples=["uz"])
    date: dt.date
    where: str | None = Field(None, examples=["prison", "border"])
    notice_id: RecordNumber | None = None
    entity_id: str | None = None
    category: str | None = Field(None, examples=["firearms", "explosives", "cash"])
    quantity: Decimal | None = Field(None, examples=["12", "3.5"])
    unit: str | None = Field(None, examples=["count", "rounds", "kg", "KZT"])
    note: str | None = None

    def to_domain(self) -> ResultIn:
        return ResultIn(
            self.kind, self.state, self.date, self.where, self.notice_id, self.entity_id,
            self.category, self.quantity, self.unit, self.note,
        )  # fmt: skip


class StatisticsOut(BaseModel):
    period: dict[str, Any]
    figures: dict[str, Any]
    by_state: dict[str, dict[str, Any]]
    by_month: dict[str, dict[str, Any]]
    links: dict[str, str]
    labels: dict[str, dict[str, str]]


class OperationResultOut(BaseModel):
    """A reported result, as stored (dates ISO 8601, the quantity as exact text)."""

    id: int
    operation_id: int | None = None
    kind: str = Field(..., examples=["detained"])
    state: str = Field(..., examples=["uz"])
    date: dt.date
    place: str | None = None
    notice_id: int | None = None
    entity_id: str | None = None
    category: str | None = None
    quantity: str | None = Field(None, examples=["12", "3.5"])
    unit: str | None = None
    event_id: int | None = None
    note: str | None = None
    created_at: str
    created_by: str
    agency: str


class OperationSummary(BaseModel):
    id: int
    name: str
    kind: str
    start: dt.date
    end: dt.date
    lead: str
    states: list[str]
    description: str
    created_at: str
    created_by: str
    agency: str


class OperationOut(OperationSummary):
    results: list[OperationResultOut] = []


class OperationList(BaseModel):
    results: list[OperationSummary]


class RecordOut(BaseModel):
    """One record a figure counts."""

    source: str = Field(..., examples=["event", "result", "listing"])
    id: str
    state: str | None = None
    day: dt.date
    kind: str
    place: str | None = None
    category: str | None = None
    quantity: str | None = None
    unit: str | None = None
    record: int | None = None
    count: int = 1


class RecordsOut(BaseModel):
    figure: str = Field(..., examples=["detained"])
    count: int
    results: list[RecordOut]
