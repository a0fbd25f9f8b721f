"""A wanted notice of Kazakhstan for the notices tests. The person is invented: any
likeness to a real person is chance."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Engine

from interlist import notices
from interlist.notices import Draft
from tests.cooperation.kit import actor

# As Kazakhstan writes him (Cyrillic and its own Latin); Uzbekistan writes him
# "Baurzhan Nurlanovich Tokhtarov" (see test_end_to_end).
SUBJECT = {
    "name": ["Тохтаров Бауыржан Нурланович", "Tokhtarov Bauyrzhan Nurlanuly"],
    "firstName": ["Бауыржан"],
    "lastName": ["Тохтаров"],
    "fatherName": ["Нурланович"],
    "birthDate": ["1987-03-14"],
    "birthPlace": ["Шымкент"],
    "nationality": ["kz"],
    "gender": ["male"],
    "passportNumber": ["N09876543"],
}
CHECKLIST = {"required_fields": True, "category_allowed": True, "penalty_threshold": True,
             "not_political": True, "warrant_valid": True}  # fmt: skip


def body() -> dict[str, Any]:
    """The API's request body of the notice."""
    return {
        "subject": {"schema": "Person", "properties": SUBJECT},
        "offence": {"category": "terrorism", "summary": "Recruited for a terrorist group",
                    "law": "Criminal Code art. 255", "max_penalty_years": 12,
                    "date": "2024-05-02", "place": "Шымкент"},
        "warrant": {"authority": "Shymkent city court", "reference": "2-1456/2024",
                    "date": "2024-06-01"},
        "action": "arrest",
        "flags": ["armed"],
    }  # fmt: skip


def the_draft(**changes: Any) -> Draft:
    values: dict[str, Any] = dict(
        subject=SUBJECT, category="terrorism", summary="Recruited for a terrorist group",
        law="Criminal Code art. 255", max_penalty_years=12,
        warrant_authority="Shymkent city court", warrant_reference="2-1456/2024",
        warrant_date=date(2024, 6, 1), action="arrest", warnings=["armed"],
    )  # fmt: skip
    values.update(changes)
    return Draft(**values)


def make(engine: Engine, user: str = "kz-analyst", **changes: Any) -> dict[str, Any]:
    with engine.begin() as conn:
        return notices.draft(conn, actor(engine, user), the_draft(**changes))


def move(engine: Engine, user: str, rid: int, to: str, **kw: Any) -> dict[str, Any]:
    with engine.begin() as conn:
        return notices.move(conn, actor(engine, user), rid, to, **kw)


def published(engine: Engine) -> dict[str, Any]:
    found = make(engine)
    move(engine, "kz-analyst", found["id"], "submitted")
    return move(engine, "centre-analyst", found["id"], "published", checklist=CHECKLIST)
