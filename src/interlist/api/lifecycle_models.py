"""Request and response shapes of the inter-state endpoints (states, recognitions,
lifecycles). Field names are a contract with the member states' systems: fields
may be added, never renamed or dropped."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, Field

from interlist.api.models import ErrorResponse
from interlist.cooperation.recognition import Request


def errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses` for these error statuses (each a `{"detail"}` body)."""
    return {code: {"model": ErrorResponse} for code in codes}


class MemberStateOut(BaseModel):
    code: str = Field(..., examples=["kz"])
    name: str = Field(..., examples=["Kazakhstan"])
    languages: list[str] = Field([], examples=[["ru", "kk"]])
    review_months: int = 6
    agencies: list[str] = []
    sources: list[str] = []


class StatesOut(BaseModel):
    results: list[MemberStateOut]


class RecognitionIn(BaseModel):
    entity_id: str = Field(..., examples=["kz-fiu-P-001"])
    to_state: str = Field(..., examples=["uz"])
    legal_basis: str = Field(
        ..., examples=["Law on countering the financing of terrorism, art. 12"]
    )
    reasons: str = Field(..., examples=["Collected funds for a listed terrorist organisation"])
    measures: list[str] = Field(["asset_freeze"], examples=[["asset_freeze", "travel_ban"]])
    respond_by: date | None = None

    def to_request(self) -> Request:
        return Request(self.entity_id, self.to_state, self.legal_basis, self.reasons,
                       list(self.measures), self.respond_by)  # fmt: skip


class RecognitionListIn(BaseModel):
    source: str = Field(..., examples=["kz_fiu"])
    to_states: list[str] = Field(..., examples=[["uz", "kg"]])
    legal_basis: str
    reasons: str
    measures: list[str] = ["asset_freeze"]
    respond_by: date | None = None

    def to_request(self) -> Request:
        return Request("", "", self.legal_basis, self.reasons, list(self.measures),
                       self.respond_by)  # fmt: skip


class DecisionIn(BaseModel):
    decision: Literal[
        "recognised", "refused", "info_requested", "revoked", "reviewed", "answered", "lapsed"
    ]
    ground: str | None = Field(None, examples=["insufficient_information"])
    legal_act: str | None = Field(None, examples=["14/2026"])
    note: str | None = None


class EventOut(BaseModel):
    seq: int
    transition: str
    from_status: str | None
    to_status: str
    actor: str
    agency: str
    state: str | None
    at: str
    note: str | None
    payload: dict[str, Any]


class RecognitionOut(BaseModel):
    id: int
    status: str = Field(..., examples=["requested"])
    status_label: str | None = None
    entity_id: str
    caption: str | None = None
    schema_: str | None = Field(None, alias="schema")
    source: str
    from_state: str
    to_state: str
    legal_basis: str
    reasons: str
    measures: list[str]
    respond_by: str | None = None
    legal_act: str | None = None
    ground: str | None = None
    decided_at: str | None = None
    created_at: str | None = None
    updated_at: str | None = None
    due_at: str | None = None
    due_kind: str | None = None
    overdue: bool = False
    history: list[EventOut] = []
    allowed: list[str] = []  # the decisions the caller may make now


class RecognitionList(BaseModel):
    results: list[RecognitionOut]
    limit: int
    offset: int


class LifecycleOut(BaseModel):
    name: str
    initial: str
    statuses: dict[str, dict[str, Any]]
    transitions: dict[str, dict[str, Any]]
    deadlines: dict[str, dict[str, Any]]


class RecognitionListOut(BaseModel):
    """How many recognition requests a whole national list opened, per state."""

    source: str
    from_state: str
    designations: int
    opened: int
    by_state: dict[str, int]
    skipped: dict[str, int] = Field({}, description="designations already requested or decided")
