"""Request and response shapes of the HTTP API, the same as yente's.

An existing yente client sends ``EntityMatchQuery`` and reads
``EntityMatchResponse``, ``SearchResponse``, ``EntityResponse`` and
``DataCatalogModel`` unchanged. Field names, aliases (``schema``) and defaults
follow yente; ``explanations`` holds the matcher's explanation per feature.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

EntityProperties = dict[str, list[Any]]  # values: strings, or nested EntityResponse dicts
MAX_ID = 2**31 - 1  # a record number fits the databases' INTEGER (a larger one is a 422)
RecordNumber = Annotated[int, Field(ge=1, le=MAX_ID)]  # a record's number in a body


class ValidationIssue(BaseModel):
    """One way in which a request does not fit the document (FastAPI's shape)."""

    model_config = ConfigDict(extra="allow")  # FastAPI adds `input`, `ctx`, ...

    loc: list[str | int] = Field(..., examples=[["query", "limit"]])
    msg: str = Field(..., examples=["Input should be less than or equal to 500"])
    type: str = Field(..., examples=["less_than_equal"])


class ErrorResponse(BaseModel):
    """The one error shape of every endpoint: `detail` says what is wrong, as a sentence
    (yente's ErrorResponse), or, when the request does not fit this document (422), as
    the list of issues FastAPI finds, each naming where (`loc`) and what (`msg`)."""

    detail: str | list[ValidationIssue] = Field(..., examples=["Detailed error message"])


class StatusResponse(BaseModel):
    status: str = "ok"


class EntityResponse(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    id: str = Field(..., examples=["un-sc-6908555"])
    caption: str = Field(..., examples=["Osama bin Laden"])
    schema_: str = Field(..., examples=["Person"], alias="schema")
    properties: EntityProperties = Field(..., examples=[{"name": ["Osama bin Laden"]}])
    datasets: list[str] = Field([], examples=[["un_sc"]])
    referents: list[str] = Field([], examples=[["un-sc-6908555"]])
    target: bool = False
    first_seen: datetime | None = None
    last_seen: datetime | None = None
    last_change: datetime | None = None


class FeatureResult(BaseModel):
    """How one feature of the matcher scored, and on which values."""

    detail: str | None = None
    score: float
    query: str | None = None
    candidate: str | None = None


class RecognitionRef(BaseModel):
    """The decision that put a designation in force in a member state."""

    recognition_id: int
    from_state: str = Field(..., examples=["kz"])
    state: str = Field(..., examples=["uz"])
    date: str | None = Field(None, examples=["2026-03-03"])
    legal_act: str | None = Field(None, examples=["14/2026"])
    measures: list[str] = Field([], examples=[["asset_freeze"]])
    text: str = Field(..., examples=["recognised by uz on 2026-03-03, decision 14/2026"])


class ScoredEntityResponse(EntityResponse):
    score: float = 0.99
    features: dict[str, float] = {}
    match: bool = False
    explanations: dict[str, FeatureResult] = {}
    # Only when screening a member state's collection: the recognitions that put this
    # profile in force there (empty when it is in force through a whole list).
    recognitions: list[RecognitionRef] = []


class TotalSpec(BaseModel):
    value: int = Field(..., examples=[42])
    relation: str = Field("eq", examples=["eq"])


class EntityExample(BaseModel):
    """A query entity: an FtM schema and its properties (values as a string or a list)."""

    model_config = ConfigDict(populate_by_name=True)

    id: str | None = Field(None, examples=["my-entity-id"])
    schema_: str = Field(..., examples=["Person"], alias="schema")
    properties: dict[str, str | list[Any]] = Field(..., examples=[{"name": ["John Doe"]}])


class EntityMatchQuery(BaseModel):
    weights: dict[str, float] = Field({}, examples=[{"name_literal": 0.8}])
    config: dict[str, Any] = Field({}, examples=[{}])
    queries: dict[str, EntityExample]


class EntityMatches(BaseModel):
    status: int = Field(200, examples=[200])
    results: list[ScoredEntityResponse]
    total: TotalSpec
    query: EntityExample


class FeatureDoc(BaseModel):
    description: str | None = None
    coefficient: float
    url: str


class EntityMatchResponse(BaseModel):
    responses: dict[str, EntityMatches]
    matcher: dict[str, FeatureDoc]
    limit: int = Field(..., examples=[5])


class SearchFacetItem(BaseModel):
    name: str = Field(..., examples=["ru"])
    label: str = Field(..., examples=["Russia"])
    count: int = Field(1, examples=[42])


class SearchFacet(BaseModel):
    label: str = Field(..., examples=["Countries"])
    values: list[SearchFacetItem]


class SearchResponse(BaseModel):
    limit: int = Field(..., examples=[20])
    offset: int = Field(0, examples=[0])
    total: TotalSpec
    results: list[EntityResponse]
    facets: dict[str, SearchFacet]


class DatasetModel(BaseModel):
    name: str
    title: str
    summary: str | None = None
    url: str | None = None
    load: bool
    entities_url: str | None = None
    version: str
    index_version: str | None = None
    index_current: bool = False
    children: list[str]
    recognised: int | None = None  # a member state's collection: designations recognised


class DataCatalogModel(BaseModel):
    datasets: list[DatasetModel]
    current: list[str]
    outdated: list[str]
    index_stale: bool = False


class Algorithm(BaseModel):
    name: str
    description: str | None = None
    features: dict[str, FeatureDoc]


class AlgorithmResponse(BaseModel):
    algorithms: list[Algorithm]
    default: str
    best: str
