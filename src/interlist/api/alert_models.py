"""Request and response shapes of monitoring, alerts, cases and webhooks. Field names
are a contract with the agencies' systems: fields may be added, never renamed."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

from interlist.api.lifecycle_models import EventOut
from interlist.api.models import RecordNumber


class SubjectIn(BaseModel):
    """One subject with the screening columns; `id` is the agency's own."""

    id: str = Field(..., examples=["CUST-0001"])
    name: str = Field(..., examples=["Арман Жакупов"])
    schema_: str | None = Field(None, alias="schema", examples=["Person"])
    birth_date: str | None = Field(None, examples=["1980-03-14"])
    nationality: str | None = Field(None, examples=["kz"])
    id_number: str | None = None
    country: str | None = None

    def row(self) -> dict[str, Any]:
        data = self.model_dump(by_alias=True, exclude_none=True)
        return {k: v for k, v in data.items() if v != ""}


class SubjectsIn(BaseModel):
    subjects: list[SubjectIn]
    dataset: str | None = Field(None, examples=["kz"])  # the collection screened against


class RegisteredOut(BaseModel):
    agency: str
    registered: int
    updated: int
    unchanged: int
    bad: list[dict[str, Any]]
    alerts: int
    alert_ids: list[int] = []


class SubjectOut(BaseModel):
    subject_id: str
    agency: str
    dataset: str | None = None
    schema_: str = Field(..., alias="schema")
    name: str
    query: dict[str, Any]
    revision: int
    active: bool
    created_at: str
    updated_at: str
    history: list[dict[str, Any]] = []


class SubjectList(BaseModel):
    results: list[SubjectOut]


class AlertOut(BaseModel):
    id: int
    status: str = Field(..., examples=["open"])
    status_label: str | None = None
    agency: str
    subject_id: str  # the subject's id as the agency gave it
    subject_name: str | None = None
    subject_revision: int | None = None
    entity_id: str
    entity_version: int | None = None
    caption: str | None = None
    score: float
    explanation: Any = None
    entity_data: dict[str, list[str]] = {}
    cause: dict[str, Any] = {}  # the change that caused it
    changes: dict[str, Any] = {}  # what changed since the pair was cleared
    measures: list[str] = []
    freeze: bool = False  # a confirmed match on an asset freeze: for the freeze register
    decision: str | None = None
    reason: str | None = None
    decided_by: str | None = None
    case_id: int | None = None
    created_at: str | None = None
    due_at: str | None = None
    overdue: bool = False
    history: list[EventOut] = []
    allowed: list[str] = []  # the moves the caller may make now
    subject: dict[str, Any] | None = None


class AlertList(BaseModel):
    results: list[AlertOut]
    limit: int
    offset: int


class AlertCounts(BaseModel):
    open: int
    overdue: int


class AlertDecisionIn(BaseModel):
    decision: Literal["false_positive", "confirmed", "escalated"]
    reason: str = Field(..., examples=["different_birth_date"])
    note: str | None = None


class ApproveIn(BaseModel):
    approve: bool
    note: str | None = None


class ClearIn(BaseModel):
    ids: list[RecordNumber] = Field(..., min_length=1, max_length=1000)
    reason: str = Field(..., examples=["common_name"])
    note: str | None = None


class CaseOut(BaseModel):
    id: int
    status: str
    status_label: str | None = None
    agency: str
    subject_id: str
    assignee: str | None = None
    outcome: str | None = None
    created_at: str | None = None
    due_at: str | None = None
    history: list[EventOut] = []
    alerts: list[AlertOut] = []


class CaseList(BaseModel):
    results: list[CaseOut]


class CaseMoveIn(BaseModel):
    move: Literal["investigating", "noted", "closed"]
    note: str | None = None
    outcome: str | None = Field(None, examples=["no_match"])


class AssignIn(BaseModel):
    assignee: str


class WebhookIn(BaseModel):
    url: str = Field(..., examples=["https://bank.example/interlist-hook"])
    secret: str = Field(..., min_length=16)


class RemovedOut(BaseModel):
    agency: str
    removed: int
    withdrawn: int = Field(..., description="undecided alerts withdrawn with the subjects")


class WebhookOut(BaseModel):
    id: int
    agency: str
    url: str
    active: bool


class DeliveryOut(BaseModel):
    id: int
    webhook: int
    event: str = Field(..., examples=["alert.opened"])
    status: str = Field(..., examples=["pending", "delivered", "failed"])
    attempts: int
    last_code: int | None = None
    last_error: str | None = None
    log: list[Any] = []
    created_at: str | None = None
    delivered_at: str | None = None
    url: str
    agency: str


class DeliveryList(BaseModel):
    results: list[DeliveryOut]
