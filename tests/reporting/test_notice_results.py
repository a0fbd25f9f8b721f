"""Results about a wanted notice: recording one performs the notice's transition, and an
event recorded both as a transition and as a result is counted once."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import Engine

from interlist.errors import PermissionDeniedError
from interlist.notices import get
from interlist.reporting.figures import Period
from interlist.reporting.operations import ResultIn, add_results
from interlist.reporting.statistics import statistics
from tests.cooperation.kit import actor, setup_states
from tests.notices.kit import move, published


def result(engine: Engine, user: str, kind: str, notice: int, state: str, where: str | None = None):  # type: ignore[no-untyped-def]
    with engine.begin() as conn:
        given = ResultIn(kind, state, date.today(), where, notice)
        return add_results(conn, actor(engine, user), None, [given])[0]


def test_a_result_performs_the_notice_transition_and_counts_once(engine: Engine) -> None:
    setup_states(engine)
    notice = published(engine)["id"]
    located = result(engine, "uz-analyst", "wanted_identified", notice, "uz", "prison")
    assert located["event_id"] is not None
    with engine.connect() as conn:
        assert get(conn, notice)["status"] == "located"
    move(engine, "uz-analyst", notice, "detained", state="uz")
    detained = result(engine, "uz-analyst", "detained", notice, "uz")
    with pytest.raises(PermissionDeniedError):  # the issuing state records the surrender
        result(engine, "uz-analyst", "extradited", notice, "uz")
    today = date.today()
    with engine.connect() as conn:
        figures = statistics(conn, Period(date(today.year, 1, 1), today))["figures"]
    assert detained["event_id"] is not None
    assert figures["wanted_identified"] == 1 and figures["wanted_identified_prison"] == 1
    assert figures["detained"] == 1 and figures["notices_published"] == 1


def test_a_withdrawn_notice_puts_its_freezes_under_review(engine: Engine) -> None:
    from interlist.freezes import register
    from interlist.freezes.register import FreezeInput

    setup_states(engine)
    notice = published(engine)
    given = FreezeInput(notice["entity_id"], "Halyk Bank", "bank_account", "1000.00", "KZT",
                        date.today(), basis_kind="notice", basis_ref=str(notice["id"]))  # fmt: skip
    with engine.begin() as conn:
        frozen = register.record(conn, actor(engine, "kz-analyst"), given)
    move(engine, "kz-analyst", notice["id"], "withdrawn", note="Arrested at home")
    with engine.connect() as conn:
        found = register.get(conn, frozen["id"], actor(engine, "kz-analyst"))
    assert found["status"] == "review_required"
