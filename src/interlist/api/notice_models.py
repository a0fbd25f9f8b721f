"""Request and response shapes of the wanted notices endpoints (``/notices``,
``/hits``). Field names are a contract with the member states' systems: fields may be
added, never renamed or dropped. The subject uses FtM property names."""

from __future__ import annotations

from datetime import date as Date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from interlist.api.lifecycle_models import EventOut
from interlist.notices import Draft


class SubjectIn(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    schema_: Literal["Person"] = Field("Person", alias="schema")
    properties: dict[str, list[str] | str] = Field(
        ...,
        examples=[{"name": ["Тохтаров Бауыржан Нурланович", "Tokhtarov Bauyrzhan"],
                   "birthDate": ["1987-03-14"], "nationality": ["kz"],
                   "passportNumber": ["N09876543"]}],
    )  # fmt: skip


class OffenceIn(BaseModel):
    category: str = Field(..., examples=["terrorism"])
    summary: str = Field(..., examples=["Recruited for a terrorist group in 2024"])
    law: str = Field(..., examples=["Criminal Code art. 255"])
    max_penalty_years: int = Field(..., ge=0, le=999, examples=[12])
    date: str | None = Field(None, examples=["2024-05-02"])
    place: str | None = None


class WarrantIn(BaseModel):
    authority: str = Field(..., examples=["Shymkent city court"])
    reference: str = Field(..., examples=["2-1456/2024"])
    date: Date


class NoticeIn(BaseModel):
    subject: SubjectIn
    offence: OffenceIn
    warrant: WarrantIn
    action: Literal["arrest", "locate", "inform"] = "arrest"
    flags: list[str] = Field([], examples=[["armed", "escape_risk"]])
    marks: str | None = Field(None, title="Distinguishing marks")
    languages: list[str] = Field([], examples=[["ru", "kk"]])

    def to_draft(self) -> Draft:
        props = {k: v if isinstance(v, list) else [v] for k, v in self.subject.properties.items()}
        o, w = self.offence, self.warrant
        return Draft(
            props, o.category, o.summary, o.law, o.max_penalty_years, w.authority, w.reference,
            w.date, self.action, list(self.flags), o.date, o.place, self.marks,
            list(self.languages),
        )  # fmt: skip


class TransitionIn(BaseModel):
    to: str = Field(..., examples=["published"], title="The status (or transition) asked")
    note: str | None = None
    checklist: dict[str, bool] | None = Field(
        None, examples=[{"required_fields": True, "category_allowed": True,
                         "penalty_threshold": True, "not_political": True,
                         "warrant_valid": True}],
    )  # fmt: skip
    state: str | None = Field(None, examples=["uz"], title="Where (located, detained)")
    date: Date | None = None
    place: str | None = None


class FlagIn(BaseModel):
    reason: str | None = Field(None, examples=["The person has refugee status here"])
    lift: bool = False


class NoticeOut(BaseModel):
    id: int
    status: str = Field(..., examples=["draft"])
    status_label: str | None = None
    entity_id: str = Field(..., examples=["notices-12"])
    issuing_state: str
    issuing_agency: str
    subject: dict[str, Any]
    caption: str | None = None
    offence: dict[str, Any]
    warrant: dict[str, Any]
    action: str
    flags: list[str] = []
    marks: str | None = None
    languages: list[str] = []
    checklist: dict[str, bool] | None = None
    screened: bool = False
    published_at: str | None = None
    expires_at: str | None = None
    expiry_warning: bool = False
    created_at: str | None = None
    updated_at: str | None = None
    due_at: str | None = None
    due_kind: str | None = None
    overdue: bool = False
    history: list[EventOut] = []
    not_acting: list[dict[str, Any]] = []
    allowed: list[str] = []
    photos: list[dict[str, Any]] = []  # id, media_type, at: GET /notices/{id}/photos/{photo}


class NoticeList(BaseModel):
    results: list[NoticeOut]
    limit: int = 100
    offset: int = 0


class HitOut(BaseModel):
    id: int
    notice_id: int
    status: str = Field(..., examples=["open"])
    status_label: str | None = None
    entity_id: str
    issuing_state: str
    issuing_agency: str
    screened_by: str
    screened_agency: str
    screened_state: str | None = None
    channel: str = Field(..., examples=["sweep"])
    kind: str | None = None
    record: dict[str, Any]
    score: float
    explanation: Any = None
    note: str | None = None
    created_at: str | None = None
    due_at: str | None = None
    overdue: bool = False
    history: list[EventOut] = []


class HitList(BaseModel):
    results: list[HitOut]
    limit: int = 100
    offset: int = 0


class AcknowledgeIn(BaseModel):
    outcome: Literal["confirmed", "not_the_person"]
    note: str | None = None


class PhotoAdded(BaseModel):
    id: int
    notice_id: int
