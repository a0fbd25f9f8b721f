"""The web pages through the app: login, search across scripts, profile, screening, batch,
review, sources, admin; every action audited."""

from __future__ import annotations

import re
import time

import pytest

from interlist.access import audit
from tests.web.site import Web


def _actions(web: Web) -> list[str]:
    return [e.action for e in audit.entries(web.engine)]


def test_pages_need_login(web: Web) -> None:
    for path in ("/web/", "/web/entity/t-1", "/web/screen", "/web/review", "/web/admin/audit"):
        answer = web.client.get(path, follow_redirects=False)
        assert answer.status_code == 303
        assert answer.headers["location"].startswith("/web/login?next=")
    htmx = web.client.get("/web/results?q=x", headers={"HX-Request": "true"})
    assert htmx.status_code == 401 and htmx.headers["hx-redirect"].startswith("/web/login")
    assert web.client.get("/", follow_redirects=False).headers["location"] == "/web/"


def test_login_sets_a_secure_cookie_and_is_audited(web: Web) -> None:
    page = web.client.get("/web/login")
    assert "Content-Security-Policy" in page.headers
    web.login("root")
    cookie = next(c for c in web.client.cookies.jar if c.name == "interlist_session")
    assert cookie.secure and cookie.has_nonstandard_attr("HttpOnly")
    assert _actions(web) == ["login"]


def test_wrong_password_fails_and_is_audited(web: Web) -> None:
    page = web.client.get("/web/login")
    token = page.text.split('name="csrf" value="')[1].split('"')[0]
    answer = web.client.post("/web/login", data={"username": "root", "password": "wrong password",
                             "csrf": token}, follow_redirects=True)  # fmt: skip
    assert answer.status_code == 401 and "Wrong user name" in answer.text
    assert _actions(web) == ["login_failed"]
    assert web.client.get("/web/", follow_redirects=False).status_code == 303


def test_login_without_csrf_is_refused(web: Web) -> None:
    answer = web.client.post("/web/login", data={"username": "root", "password": "x" * 20})
    assert answer.status_code == 403


def test_search_in_cyrillic_and_arabic(web: Web) -> None:
    web.login("vic")
    for name in ("Усама бен Ладен", "أسامة بن لادن", "Osama bin Ladin"):
        answer = web.client.get("/web/results", params={"q": name})
        assert answer.status_code == 200
        assert 'href="/web/entity/t-1"' in answer.text, name
    full = web.client.get("/web/", params={"q": "Ivan Petrov", "schema": "Person"})
    assert 'href="/web/entity/t-2"' in full.text
    searches = [e for e in audit.entries(web.engine) if e.action == "search"]
    assert len(searches) == 4 and searches[0].result_count == 1
    assert searches[0].as_dict()["detail"]["q"] == "Усама бен Ладен"


def test_search_filters(web: Web) -> None:
    web.login("ana")
    only_org = web.client.get("/web/results", params={"q": "Alfa", "schema": "Organization"})
    assert "/web/entity/t-3" in only_org.text
    by_country = web.client.get("/web/results", params={"q": "Usama bin Laden", "country": "ru"})
    assert "/web/entity/t-1" not in by_country.text
    by_source = web.client.get("/web/results", params={"q": "Ivan Petrov", "source": "kz_national"})
    assert "/web/entity/kz-2" in by_source.text and "/web/entity/t-2" not in by_source.text


def test_profile_shows_names_by_script_with_provenance(web: Web) -> None:
    web.login("vic")
    page = web.client.get("/web/entity/t-1")
    assert page.status_code == 200
    for text in ("Script: Cyrillic", "Script: Arabic", "Script: Latin", "Усама бен Ладен",
                 "1957-03-10", "A1234567", "TEST", "test_list", "Timeline of changes"):  # fmt: skip
        assert text in page.text, text
    assert web.client.get("/web/entity/nope").status_code == 404
    profiles = [e for e in audit.entries(web.engine) if e.action == "profile"]
    assert [(e.result_count, e.as_dict()["detail"]["id"]) for e in profiles] == [
        (1, "t-1"),
        (0, "nope"),
    ]


def test_screening_needs_csrf_and_explains(web: Web) -> None:
    csrf = web.login("vic")
    form = {"name": "Osama bin Ladin", "birth_date": "1957", "schema": "Person"}
    assert web.client.post("/web/screen", data=form).status_code == 403
    answer = web.client.post("/web/screen", data={**form, "csrf": csrf})
    assert answer.status_code == 200
    assert 'href="/web/entity/t-1"' in answer.text and "translit" in answer.text
    entry = next(e for e in audit.entries(web.engine) if e.action == "screen")
    assert entry.result_count == 1 and entry.as_dict()["detail"]["name"] == "Osama bin Ladin"


def _finished_panel(web: Web, job_id: str):  # type: ignore[no-untyped-def]
    """The batch job's panel once the job has ended (finished or failed), or after 30 s."""
    for _ in range(300):
        panel = web.client.get(f"/web/screen/batch/{job_id}")
        if 'hx-trigger="every 1s"' not in panel.text:
            return panel
        time.sleep(0.1)
    return panel


def test_batch_upload_and_download(web: Web) -> None:
    csrf = web.login("ana")
    data = "id,name,birth_date\n1,Usama bin Laden,1957-03-10\n2,Nobody Atall,\n3,,\n"
    answer = web.client.post("/web/screen/batch", data={"csrf": csrf},
                             files={"file": ("clients.csv", data, "text/csv")})  # fmt: skip
    assert answer.status_code == 200
    job_id = re.search(r'data-job="([0-9a-f]{32})"', answer.text).group(1)  # type: ignore[union-attr]
    panel = _finished_panel(web, job_id)
    assert "result.csv" in panel.text, panel.text
    result = web.client.get(f"/web/screen/batch/{job_id}/result.csv")
    assert result.status_code == 200 and "t-1" in result.text
    assert len(result.text.strip().splitlines()) >= 4
    assert [e.result_count for e in audit.entries(web.engine) if e.action == "screen_batch"] == [1]
    bad = web.client.post("/web/screen/batch", data={"csrf": csrf},
                          files={"file": ("x.exe", b"MZ", "application/octet-stream")})  # fmt: skip
    assert bad.status_code == 422


def test_batch_without_its_audit_entry_is_not_handed_out(
    web: Web, monkeypatch: pytest.MonkeyPatch
) -> None:
    from interlist.web import jobs

    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError("audit log unavailable")

    monkeypatch.setattr(jobs.audit, "record", refuse)
    csrf = web.login("ana")
    upload = {"file": ("c.csv", "id,name\n1,Usama bin Laden\n", "text/csv")}
    answer = web.client.post("/web/screen/batch", data={"csrf": csrf}, files=upload)
    job_id = re.search(r'data-job="([0-9a-f]{32})"', answer.text).group(1)  # type: ignore[union-attr]
    panel = _finished_panel(web, job_id)
    assert "the audit entry could not be written" in panel.text
    assert web.client.get(f"/web/screen/batch/{job_id}/result.csv").status_code == 409


def test_review_judgement_by_analyst_not_viewer(web: Web) -> None:
    viewer_csrf = web.login("vic")
    page = web.client.get("/web/review")
    assert "t-1" in page.text and "may look but not judge" in page.text
    assert 'id="judge-positive"' not in page.text
    form = {"left": "t-1", "right": "t-2", "verdict": "negative", "csrf": viewer_csrf}
    assert web.client.post("/web/review/judge", data=form).status_code == 403
    web.client.post("/web/logout", data={"csrf": viewer_csrf})
    form["csrf"] = web.login("rua")
    assert 'id="judge-positive"' in web.client.get("/web/review").text
    answer = web.client.post("/web/review/judge", data=form, follow_redirects=False)
    assert answer.status_code == 303
    judged = [e for e in audit.entries(web.engine) if e.action == "judge"]
    assert judged[0].as_dict()["detail"] == {"judgement": "negative", "left": "t-1", "right": "t-2"}
    assert "No suggestions are waiting" in web.client.get("/web/review").text


def test_admin_pages_for_admins_only(web: Web) -> None:
    web.login("vic")
    assert web.client.get("/web/admin/audit").status_code == 403
    assert web.client.get("/web/admin/users").status_code == 403
    web.client.cookies.clear()
    web.login("root")
    page = web.client.get("/web/admin/audit")
    assert page.status_code == 200 and "Chain intact" in page.text
    export = web.client.get("/web/admin/audit/export", params={"format": "csv"})
    assert export.status_code == 200 and export.text.startswith("seq,at,actor")
    assert "login" in export.text
    assert "kz_fmc" in web.client.get("/web/admin/users").text
    assert _actions(web)[-1] == "audit_export"


def test_sources_page(web: Web) -> None:
    web.login("ana")
    page = web.client.get("/web/sources")
    assert "test_list" in page.text and "kz_national" in page.text and "kz_fmc" in page.text


def test_language_switch(web: Web) -> None:
    web.login("vic")
    web.client.get("/web/lang/ru?next=/web/")
    page = web.client.get("/web/")
    assert 'lang="ru"' in page.text and "Поиск" in page.text and "Выйти" in page.text
    web.client.get("/web/lang/en?next=https://evil.example/")
    assert "Log out" in web.client.get("/web/").text


def test_logout_ends_the_session(web: Web) -> None:
    csrf = web.login("vic")
    sid = web.client.cookies.get("interlist_session")
    answer = web.client.post("/web/logout", data={"csrf": csrf}, follow_redirects=False)
    assert answer.status_code == 303
    web.client.cookies.set("interlist_session", sid or "", domain="testserver.local")
    assert web.client.get("/web/", follow_redirects=False).status_code == 303
    assert _actions(web)[-1] == "logout"


def _login_form(web: Web, name: str, password: str) -> dict[str, str]:
    page = web.client.get("/web/login")
    token = page.text.split('name="csrf" value="')[1].split('"')[0]
    return {"username": name, "password": password, "csrf": token}


def test_repeated_failed_logins_are_throttled(web: Web) -> None:
    """Five wrong passwords lock the account for that address; the page says so and
    for how long, in both languages; the lockout and every try are audited."""
    from interlist.web.pages import auth as pages_auth

    form = _login_form(web, "vic", "wrong password!")
    for _ in range(pages_auth.MAX_FAILURES - 1):
        assert "temporarily locked" not in web.client.post("/web/login", data=form).text
    locked = web.client.post("/web/login", data=form)
    assert locked.status_code == 401
    assert (
        "This account is temporarily locked" in locked.text and "try again in 15 min" in locked.text
    )
    good = {**form, "password": "a password long enough"}
    refused = web.client.post("/web/login", data=good)
    assert refused.status_code == 401 and "temporarily locked" in refused.text
    entries = [e.as_dict() for e in audit.entries(web.engine, actor="vic")]
    assert [e["action"] for e in entries] == ["login_failed"] * 5 + ["login_locked", "login_failed"]
    assert entries[5]["detail"] == {"user": "vic", "address": "testclient", "limit": "pair",
                                    "scope": "account", "seconds": 900}  # fmt: skip
    assert entries[-1]["detail"]["throttled"] is True and entries[-1]["detail"]["locked"] == "pair"
    web.client.cookies.set("interlist_lang", "ru", domain="testserver.local")
    russian = web.client.get("/web/login", params={"locked": "account", "minutes": 15})
    assert (
        "Учётная запись временно заблокирована" in russian.text and "через 15 мин" in russian.text
    )


def test_a_lockout_does_not_keep_the_owner_out(web: Web) -> None:
    """Wrong passwords from one address lock that address out of the account, not the
    owner at another address; a correct login is audited with its address."""
    from fastapi.testclient import TestClient

    attacker = TestClient(web.client.app, base_url="https://testserver", client=("203.0.113.9", 1))
    form = {**_login_form(Web(attacker, web.engine, web.settings), "vic", "wrong password!")}
    for _ in range(10):
        attacker.post("/web/login", data=form)
    assert "temporarily locked" in attacker.post("/web/login", data=form).text
    web.login("vic")  # the owner, from their own address (asserts 303)
    logins = audit.entries(web.engine, actor="vic", action="login")
    assert [e.as_dict()["detail"] for e in logins] == [{"address": "testclient"}]


def test_message_catalogue_has_both_languages() -> None:
    from interlist import i18n

    messages = i18n.catalogue()
    assert set(messages) == set(i18n.LANGUAGES)
    assert set(messages["en"]) == set(messages["ru"])
    assert i18n.translator("ru")("audit_ok", count=3) == "Цепочка цела: 3 записи."
    assert i18n.translator("xx")("logout") == "Log out"
