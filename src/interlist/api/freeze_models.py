"""Request and response shapes of the asset-freeze register (``/freezes``). Field names
are a contract with the member states' systems: fields may be added, never renamed.
Amounts travel as decimal strings (``"12500.00"``): a JSON number is refused."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from interlist.api.lifecycle_models import EventOut
from interlist.freezes.licences import Licence
from interlist.freezes.register import FreezeInput

Amount = Field(..., examples=["12500.00"], description="A decimal string, never a number.")


class BasisIn(BaseModel):
    kind: Literal["listing", "recognition", "notice"]
    ref: str = Field(..., examples=["un_sc"], description="Source name, recognition id or "
                     "notice reference.")  # fmt: skip


class FreezeIn(BaseModel):
    entity_id: str = Field(..., examples=["un-sc-6908555"])
    state: str | None = Field(None, examples=["kz"], description="Default: the caller's.")
    institution: str = Field(..., examples=["Halyk Bank"])
    asset_type: str = Field(..., examples=["bank_account"])
    identifier: str | None = Field(None, examples=["KZ86125KZT5004100100"])
    amount: str = Amount
    currency: str = Field(..., examples=["KZT"])
    frozen_on: dt.date
    valued_on: dt.date | None = None
    reported_on: dt.date | None = None
    basis: BasisIn | None = None
    note: str | None = None

    def to_input(self) -> FreezeInput:
        data = self.model_dump(exclude={"basis"})
        kind, ref = (self.basis.kind, self.basis.ref) if self.basis else (None, None)
        return FreezeInput(**data, basis_kind=kind, basis_ref=ref)


class LicenceIn(BaseModel):
    ground: str = Field(..., examples=["rent"])
    amount: str = Amount
    currency: str = Field(..., examples=["KZT"])
    granted_on: dt.date
    committee_notified_on: dt.date | None = None
    granted_by: str | None = Field(None, examples=["Ministry of Finance, order 12"])
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None
    note: str | None = None

    def to_licence(self) -> Licence:
        return Licence(**self.model_dump())


class FreezeTransitionIn(BaseModel):
    to: Literal["seized", "confiscated", "unfrozen", "frozen", "review_required"]
    act: str = Field(..., examples=["Court decision 2-1234/2026"])
    date: dt.date
    note: str | None = None


class BasisOut(BaseModel):
    kind: str
    ref: str


class LicenceOut(BaseModel):
    id: int
    ground: str
    category: str | None = None
    amount: str
    currency: str
    granted_on: str
    granted_by: str | None = None
    valid_from: str | None = None
    valid_until: str | None = None
    committee_notified: bool = False
    committee_notified_on: str | None = None
    note: str | None = None
    actor: str
    agency: str


class FreezeOut(BaseModel):
    id: int
    status: str = Field(..., examples=["frozen"])
    status_label: str | None = None
    entity_id: str
    caption: str | None = None
    schema_: str | None = Field(None, alias="schema")
    state: str
    agency: str
    institution: str
    asset_type: str
    identifier: str | None = Field(None, description="Masked except for the recording agency.")
    identifier_masked: bool = False
    amount: str
    currency: str
    released: str
    balance: str
    valued_on: str | None = None
    frozen_on: str
    reported_on: str | None = None
    basis: BasisOut
    programme: str | None = None
    note: str | None = None
    needs_review: bool = False
    due_at: str | None = None
    due_kind: str | None = None
    overdue: bool = False
    created_at: str | None = None
    updated_at: str | None = None
    history: list[EventOut] = []
    licences: list[LicenceOut] = []
    allowed: list[str] = []  # the statuses the caller may move it to now, and "licence"


class FreezeList(BaseModel):
    results: list[FreezeOut]
    limit: int
    offset: int


class TotalOut(BaseModel):
    model_config = ConfigDict(extra="allow")  # the `by` columns: state, institution...

    currency: str
    frozen: str = Field(..., description="The balance still frozen at the date.")
    count: int
    seized: str = "0"
    seized_count: int = 0
    released: str = "0"


class SummaryOut(BaseModel):
    state: str | None
    at: str
    by: list[str] = []
    totals: list[TotalOut]
