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


def _admin_form(web: Web, path: str, csrf: str, **fields: str) -> str:
    answer = web.client.post(f"/web/admin/{path}", data={"csrf": csrf, **fields})
    assert answer.status_code in (200, 422), answer.text
    return answer.text


def test_admins_manage_users_tokens_and_agencies_and_each_is_audited(web: Web) -> None:
    from interlist.access import users
    from interlist.cooperation import add_state

    with web.engine.begin() as conn:
        add_state(conn, "kz", "Kazakhstan", ["kk", "ru"], 6)
    csrf = web.login("root")
    page = _admin_form(web, "users/add", csrf, name="dina", agency="kz_afm", role="analyst")
    password = re.search(r'id="admin-secret">[^<]*<code class="name">([^<]+)<', page).group(1)  # type: ignore[union-attr]
    with web.engine.connect() as conn:
        assert users.authenticate(conn, "dina", password) is not None
    page = _admin_form(web, "users/token", csrf, name="dina")
    token = re.search(r'<code class="name">([^<]+)<', page).group(1)  # type: ignore[union-attr]
    with web.engine.connect() as conn:
        assert users.user_for_token(conn, token).name == "dina"  # type: ignore[union-attr]
    assert token not in web.client.get("/web/admin/users").text  # shown once
    assert "are revoked" in _admin_form(web, "users/revoke", csrf, name="dina")
    with web.engine.connect() as conn:
        assert users.user_for_token(conn, token) is None
    _admin_form(web, "agencies/add", csrf, name="kz_police", title="Police", place="state",
                state="kz")  # fmt: skip
    _admin_form(web, "agencies/place", csrf, name="kz_afm", place="centre")
    _admin_form(web, "users/disable", csrf, name="dina")
    with web.engine.connect() as conn:
        placed = {a["name"]: (a["state"], a["centre"]) for a in users.agencies(conn)}
        assert not users.get_user(conn, "dina").active
    assert placed["kz_police"] == ("kz", False) and placed["kz_afm"] == (None, True)
    done = [e for e in _actions(web) if e.startswith(("user_", "token_", "agency_"))]
    assert done == ["user_add", "token_new", "token_revoke", "agency_add", "agency_place",
                    "user_disable"]  # fmt: skip


def test_bad_admin_input_changes_nothing_and_says_why(web: Web) -> None:
    csrf = web.login("root")
    before = len(_actions(web))
    form = {"csrf": csrf, "name": "ana", "agency": "x", "role": "viewer"}
    answer = web.client.post("/web/admin/users/add", data=form)
    assert answer.status_code == 422 and "exists already" in answer.text
    form = {"csrf": csrf, "name": "kz_fmc", "place": "state", "state": "zz"}
    answer = web.client.post("/web/admin/agencies/place", data=form)
    assert answer.status_code == 422 and "zz" in answer.text
    assert len(_actions(web)) == before


def test_administration_is_for_admins_only_and_needs_csrf(web: Web) -> None:
    csrf = web.login("ana")
    assert web.client.get("/web/admin/users").status_code == 403
    form = {"csrf": csrf, "name": "x2", "agency": "kz_fmc", "role": "admin"}
    assert web.client.post("/web/admin/users/add", data=form).status_code == 403
    root = Web(web.client, web.engine, web.settings)
    root.login("root")
    assert (
        web.client.post("/web/admin/users/add", data={**form, "csrf": "forged"}).status_code == 403
    )
    assert web.client.post("/web/admin/users/token", data={"name": "ana"}).status_code == 403
    assert "user_add" not in _actions(web) and "token_new" not in _actions(web)


def test_the_country_filter_takes_names_and_codes_in_both_languages(web: Web) -> None:
    web.login("ana")
    for typed in ("Saudi Arabia", "SA", "sa", "Саудовская Аравия", "саудовская аравия"):
        found = web.client.get("/web/results", params={"q": "Usama bin Laden", "country": typed})
        assert "/web/entity/t-1" in found.text, typed
    for typed in ("Russia", "RU", "ru", "Россия"):
        found = web.client.get("/web/results", params={"q": "Usama bin Laden", "country": typed})
        assert "/web/entity/t-1" not in found.text, typed


def test_long_names_wrap_instead_of_widening_the_page(web: Web) -> None:
    css = web.client.get("/web/static/style.css").text
    rules = [line.split("{")[0] for line in css.splitlines() if "overflow-wrap: anywhere" in line]
    wrapped = {part.strip() for rule in rules for part in rule.split(",")}
    assert {"td", "th", ".name", "h1", ".tag"} <= wrapped


def test_sources_count_parties_as_ingest_does(web: Web) -> None:
    from datetime import date

    from interlist.store.ingest import load
    from tests.factory import parsed, person

    web.login("root")
    changed = person("t-2", "Ivan Petrov", alias="Иван Петров", birthDate="1966")
    result = load(web.engine, parsed(changed, person("t-9", "Anna Novak"),
                                     published=date(2026, 11, 1)), "h3", "test")  # fmt: skip
    moved = result.target_counts()
    page = web.client.get("/web/sources").text
    assert "designated parties" in page
    row = page.split(f'id="ver-{result.version_id}"')[1].split("</tr>")[0]
    counts = dict(re.findall(r'data-count="(\w+)">([\d\s,\xa0]+)<', row))
    shown = {k: int(re.sub(r"\D", "", v)) for k, v in counts.items()}
    parties = len(result.targets - set(result.delisted))
    assert shown["parties"] == parties == 2
    assert (shown["added"], shown["changed"], shown["delisted"]) == (
        moved["added"], moved["changed"], moved["delisted"]) == (1, 1, 2)  # fmt: skip


def test_home_page_ages_lists_flags_stale_ones_and_counts(web: Web) -> None:
    from datetime import date, timedelta

    from interlist.store.ingest import load
    from interlist.web.home import stale_after
    from tests.factory import parsed, person

    old = date.today() - timedelta(days=45)
    load(web.engine, parsed(person("t-2", "Ivan Petrov"), published=old), "h9", "test")
    web.login("ana")
    page = web.client.get("/web/").text
    row = page.split('id="age-test_list"')[1].split("</tr>")[0]
    assert old.isoformat() in row and "45 days" in row and "older than 30 days" in row
    fresh = page.split('id="age-kz_national"')[1].split("</tr>")[0]
    assert "stale" not in fresh and "no publication date" in fresh
    assert "2 lists loaded" in page and "stale lists: 1" in page
    assert "xref pairs to review" in page  # the analyst's open work
    assert stale_after("un_sc", 30) == 14 and stale_after("kz_national", 30) == 30
    web.client.cookies.set("interlist_lang", "ru")
    russian = web.client.get("/web/").text
    assert "устарел: старше 30 дней" in russian and "Текущее положение" in russian


def test_home_page_says_what_changed_since_the_last_login(web: Web) -> None:
    from interlist.store.ingest import load
    from tests.factory import parsed, person

    web.login("vic")
    assert "first visit" in web.client.get("/web/").text
    web.login("vic")
    assert "no list version was loaded" in web.client.get("/web/").text
    result = load(web.engine, parsed(person("t-2", "Ivan Petrov"), person("t-8", "Olga Sidorova")),
                  "h8", "test")  # fmt: skip
    web.login("vic")
    since = web.client.get("/web/").text.split('id="home-since"')[1].split("</div>")[0]
    assert f"test_list v{result.version_id}" in since
    assert "parties added: 1" in since and "parties delisted: 2" in since


def _section(page: str, name: str) -> str:
    return page.split(f'<section id="{name}">')[1].split("</section>")[0]


def test_the_profile_reads_as_one_person(web: Web) -> None:
    from datetime import date

    from interlist.sources.helpers import make_identification
    from interlist.store.ingest import load
    from tests.factory import parsed, person

    csrf = web.login("ana")
    form = {"csrf": csrf, "left": "kz-2", "right": "t-2", "verdict": "positive", "score": "0.91"}
    assert web.client.post("/web/review/judge", data=form).status_code == 200
    # a new version of the test list: Ivan Petrov's alias is gone, a passport is given
    ivan = person("t-2", "Ivan Petrov", birthDate="1965")
    again = parsed(ivan, published=date(2026, 11, 20))
    again.entities.append(make_identification(ivan, "P-777", country="ru", passport=True))
    load(web.engine, again, "h5", "test")
    page = web.client.get("/web/entity/t-2").text
    names = _section(page, "names")
    assert names.count(">Ivan Petrov<") == 1  # both lists name him: once, with both sources
    latin = names.split(">Ivan Petrov<")[1].split("</li>")[0]
    assert "kz_national" in latin and "test_list" in latin
    dates = _section(page, "dates")
    assert dates.count("<td>1965</td>") == 1 and "kz_national" in dates and "test_list" in dates
    # the timeline: in publication order, the change in words, publication and load apart
    timeline = _section(page, "timeline")
    assert "alias removed: Иван Петров" in timeline and "birth date added: 1965" in timeline
    rows = timeline.split("<tr>")[2:]
    assert "v1" in rows[0] and "v3" in rows[-1]  # never before the version it changes
    assert rows[-1].startswith('<td><time datetime="2026-11-20">')  # published, then loaded
    assert 'published <time datetime="2026-11-20">' in page  # the list's own date, named so
    # no empty columns: the passport has no dates, the sanctions no authority
    docs = _section(page, "documents")
    assert "P-777" in docs and "<th>Dates</th>" not in docs and "<th>Number</th>" in docs
    assert "<th>Authority</th>" not in _section(page, "sanctions")
    web.client.cookies.set("interlist_lang", "ru")
    russian = _section(web.client.get("/web/entity/t-2").text, "timeline")
    assert "удалено: псевдоним — Иван Петров" in russian


def test_staleness_settings_are_checked() -> None:
    import pytest

    from interlist.errors import ConfigError, SourceError
    from interlist.settings import Settings
    from interlist.sources.official import _declared

    item = {"source": "x", "folder": "x", "file": "x.csv", "title": "X", "publisher": "P",
            "url": "https://example.org/x.csv"}  # fmt: skip
    assert _declared({**item, "stale_after_days": 7}).stale_after_days == 7
    with pytest.raises(SourceError, match="stale_after_days"):
        _declared({**item, "stale_after_days": "weekly"})
    with pytest.MonkeyPatch.context() as mp, pytest.raises(ConfigError, match="STALE_DAYS"):
        mp.setenv("INTERLIST_STALE_DAYS", "a month")
        Settings.from_env()
