"""The notices pages: the centre reviews with the checklist and publishes, a state
sweeps an upload and screens one person, the issuing state acknowledges the hits; the
notice's timeline; in Russian too."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from interlist import notices
from interlist.notices import hits
from interlist.screening.storage import IndexHolder, ensure_index
from tests.cooperation.kit import actor, setup_states
from tests.notices.kit import CHECKLIST, make, move
from tests.web.site import make_web

PASSWORDS = {"kz-analyst": "pw-" + "kz" * 6, "uz-analyst": "pw-" + "uz" * 6,
             "centre-analyst": "pw-centre-123"}  # fmt: skip


def login(client: TestClient, name: str) -> str:
    client.cookies.clear()
    page = client.get("/web/login")
    token = page.text.split('name="csrf" value="')[1].split('"')[0]
    form = {"username": name, "password": PASSWORDS[name], "csrf": token, "next": "/web/"}
    assert client.post("/web/login", data=form, follow_redirects=False).status_code == 303
    return client.get("/web/notices/sweep").text.split('name="csrf" value="')[1].split('"')[0]


@pytest.fixture
def site(engine: Engine, db_url: str, tmp_path: Path) -> TestClient:
    setup_states(engine)
    rid = make(engine)["id"]
    move(engine, "kz-analyst", rid, "submitted")
    return make_web(engine, db_url, tmp_path).client


def test_review_sweep_acknowledge(site: TestClient, engine: Engine) -> None:
    csrf = login(site, "centre-analyst")
    queue = site.get("/web/notices")
    assert queue.status_code == 200 and "Tokhtarov Bauyrzhan Nurlanuly" in queue.text
    rid = int(queue.text.split('<td><a href="/web/notices/')[1].split('"')[0])
    page = site.get(f"/web/notices/{rid}")
    assert "Тохтаров Бауыржан Нурланович" in page.text
    assert 'id="check-not_political"' in page.text and 'id="move-published"' in page.text
    form = {"csrf": csrf, "to": "published", **{f"check_{k}": "on" for k in CHECKLIST}}
    half = {**form, "check_warrant_valid": ""}
    refused = site.post(f"/web/notices/{rid}/move", data=half)
    assert refused.status_code == 422 and "warrant_valid" in refused.text
    assert (
        site.post(f"/web/notices/{rid}/move", data=form, follow_redirects=False).status_code == 303
    )

    holder = site.app.state.holder  # type: ignore[attr-defined]
    ensure_index(engine, holder.path)
    site.app.state.holder = IndexHolder(holder.path)  # type: ignore[attr-defined]
    csrf = login(site, "uz-analyst")
    person = {"csrf": csrf, "name": "Toxtarov Bauirjan", "birth_date": "1987-03-14"}
    screened = site.post("/web/screen", data=person)
    assert "Wanted notice" in screened.text and "hit report" in screened.text
    assert "Tokhtarov" in site.get("/web/notices?view=published").text
    rows = "id,name,birth_date\nT-1,Toxtarov Bauirjan Nurlanovich,1987-03-14\nT-2,John Smith,1970\n"
    swept = site.post("/web/notices/sweep", data={"csrf": csrf, "kind": "border"},
                      files={"file": ("border.csv", rows.encode(), "text/csv")})  # fmt: skip
    assert swept.status_code == 200 and "T-1" in swept.text and "T-2" not in swept.text
    flag = {"csrf": csrf, "reason": "Refugee status"}
    assert (
        site.post(f"/web/notices/{rid}/flag", data=flag, follow_redirects=False).status_code == 303
    )

    login(site, "kz-analyst")
    waiting = site.get("/web/notices?view=hits")
    report = int(waiting.text.split('id="ack-')[1].split("-")[0])
    csrf = waiting.text.split('name="csrf" value="')[1].split('"')[0]
    ack = {"csrf": csrf, "outcome": "confirmed", "note": "Our man"}
    done = site.post(f"/web/hits/{report}/acknowledge", data=ack, follow_redirects=False)
    assert done.status_code == 303
    with engine.connect() as conn:
        assert hits.get(conn, report)["status"] == "confirmed"
        channels = {h["channel"] for h in hits.search(conn, None, notice=rid)}
        assert channels == {"web", "sweep"}
        assert notices.get(conn, rid, actor(engine, "kz-analyst"))["not_acting"][0]["state"] == "uz"
    site.cookies.set("interlist_lang", "ru")
    record = site.get(f"/web/notices/{rid}")
    assert "Опубликовано" in record.text and "centre-analyst" in record.text
    assert "Refugee status" in record.text
    assert f'id="wanted-{rid}"' in site.get(f"/web/entity/notices-{rid}").text
