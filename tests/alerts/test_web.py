"""The alert pages: the queue side by side, keyboard decisions, four eyes, bulk clearing,
the subject upload, and the open-alert count on every page."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine

from interlist.alerts import decisions
from tests.alerts.kit import LISTED, national, register, setup
from tests.cooperation.kit import actor, load
from tests.web.site import make_web


def login(client, name: str, password: str) -> str:  # type: ignore[no-untyped-def]
    page = client.get("/web/login")
    token = page.text.split('name="csrf" value="')[1].split('"')[0]
    form = {"username": name, "password": password, "csrf": token, "next": "/web/"}
    assert client.post("/web/login", data=form, follow_redirects=False).status_code == 303
    return str(client.get("/web/monitoring").text.split('name="csrf" value="')[1].split('"')[0])


def test_queue_decisions_and_upload(engine: Engine, db_url: str, tmp_path: Path) -> None:
    setup(engine)
    load(engine, national(tmp_path, LISTED, "2026-01-10"))
    register(engine, "kz-analyst", [{"id": "C-1", "name": "Арман Жакупов"},
                                    {"id": "C-2", "name": "Daniiar Kasymov"},
                                    {"id": "C-3", "name": "Erlan Iskakov"}])  # fmt: skip
    client = make_web(engine, db_url, tmp_path).client
    csrf = login(client, "kz-analyst", "pw-" + "kz" * 6)
    page = client.get("/web/alerts")
    assert page.status_code == 200
    assert "Жакупов" in page.text or "Kasymov" in page.text
    assert 'data-key="f"' in page.text and 'data-key="c"' in page.text
    assert "ZHAKUPOV" in page.text or "KASYMOV" in page.text  # the listed side
    with engine.connect() as conn:
        opened = decisions.counts(conn, "kz-fiu")["open"]
    assert opened >= 3 and f">{opened}<" in client.get("/web/alerts/count").text
    assert 'hx-get="/web/alerts/count"' in client.get("/web/monitoring").text
    first = int(page.text.split('action="/web/alerts/')[1].split("/")[0])
    form = {"csrf": csrf, "decision": "confirmed", "reason": "same_person"}
    assert (
        client.post(f"/web/alerts/{first}/decide", data=form, follow_redirects=False).status_code
        == 303
    )
    own = client.post(f"/web/alerts/{first}/decide", data={"csrf": csrf, "decision": "approved"})
    assert own.status_code == 403 and "four eyes" in own.text
    with engine.connect() as conn:
        rest = [a["id"] for a in decisions.search(conn, actor(engine, "kz-analyst"), "open")]
    form = {"csrf": csrf, "reason": "common_name", "ids": [str(i) for i in rest]}
    assert client.post("/web/alerts/clear", data=form, follow_redirects=False).status_code == 303
    with engine.connect() as conn:
        assert decisions.counts(conn, "kz-fiu") == {"open": 1, "overdue": 0}  # the pending one
    files = {"file": ("c.csv", b"id,name\nC-9,Yerlan Iskakov\n", "text/csv")}
    upload = client.post("/web/monitoring/upload", data={"csrf": csrf}, files=files)
    assert upload.status_code == 200 and 'id="registered"' in upload.text
    home = client.get("/web/")
    assert "alerts awaiting your agency" in home.text
