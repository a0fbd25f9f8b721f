"""Issue 21's officer pages: review that says why a pair waits, the profile as one person,
the home page, administration in the web, and the small things (wrapping, country names)."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from sqlalchemy import select

from interlist.access import audit
from interlist.store.resolution_tables import judgement, suggestion
from tests.web.site import Web


def _actions(web: Web) -> list[str]:
    return [e.action for e in audit.entries(web.engine)]


def test_review_lists_both_sides_and_says_why(web: Web) -> None:
    web.login("ana")
    page = web.client.get("/web/review")
    assert page.status_code == 200
    # the best pair kz-2 / t-2 (0.91): names, lists and countries of both sides
    assert "kz_national" in page.text and "test_list" in page.text
    assert "Ivan Petrov" in page.text
    assert "another record of the same list" in page.text or "both records" in page.text
    # the pending list: names and lists, not only ids
    queue = page.text.split('class="facts queue"')[1]
    assert "Usama bin Laden" in queue and "Ivan Petrov" in queue and "test_list" in queue
    second = web.client.get("/web/review", params={"offset": 1})
    assert "below the automatic threshold (0.80)" in second.text
    assert 'id="review-warning"' not in second.text


def test_review_warns_on_a_high_score_with_a_different_birth_date(web: Web) -> None:
    with web.engine.begin() as conn:
        conn.execute(suggestion.insert().values(left_id="kz-1", right_id="t-1", score=0.97,
                     explanation=[], created_at=datetime.now(UTC)))  # fmt: skip
    web.login("ana")
    page = web.client.get("/web/review")
    assert 'id="review-warning"' in page.text and "birth date" in page.text
    assert "a strong fact differs" in page.text
    web.client.cookies.set("interlist_lang", "ru")
    russian = web.client.get("/web/review")
    assert "различается существенный признак" in russian.text and "дата рождения" in russian.text


def test_a_judgement_keeps_its_comment_and_the_audit_log_too(web: Web) -> None:
    csrf = web.login("ana")
    form = {"csrf": csrf, "left": "t-1", "right": "t-2", "verdict": "negative", "score": "0.5",
            "comment": "different fathers' names in the UN notice"}  # fmt: skip
    answer = web.client.post("/web/review/judge", data=form, follow_redirects=False)
    assert answer.status_code == 303
    with web.engine.connect() as conn:
        reason = conn.scalar(select(judgement.c.reason).where(judgement.c.left_id == "t-1"))
    assert reason == "different fathers' names in the UN notice"
    judged = next(e for e in audit.entries(web.engine) if e.action == "judge")
    assert judged.as_dict()["detail"]["comment"] == "different fathers' names in the UN notice"
    page = web.client.get("/web/review")
    assert 'name="comment"' in page.text
    assert re.search(r'name="verdict" value="positive"', page.text)
