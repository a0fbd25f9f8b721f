"""A year of operations and results entered through the API gives statistics equal to
what was entered, by state and in total; an event recorded both as a notice's
transition and as a result counts once; each figure opens to exactly its records;
the annual report holds the figures in both languages (PDF read back, DOCX, XLSX)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from interlist.access import users
from interlist.api import create_app
from interlist.reporting.annual import build
from interlist.reporting.documents import write
from interlist.settings import Settings
from interlist.store import lifecycle_tables as lt
from tests.cooperation.kit import setup_states

SEIZED = [("kz", "firearms", "12", None), ("uz", "firearms", "3", None),
          ("kz", "ammunition", "1500", None), ("kg", "explosives", "4.5", None),
          ("uz", "explosive_devices", "2", None), ("kz", "cash", "250000", "KZT")]  # fmt: skip


@dataclass
class Site:
    engine: Engine
    client: TestClient
    tokens: dict[str, str]

    def post(self, user: str, path: str, body: dict) -> dict:  # type: ignore[type-arg]
        answer = self.client.post(
            path, json=body, headers={"Authorization": f"Bearer {self.tokens[user]}"}
        )
        assert answer.status_code == 201, answer.text
        return answer.json()  # type: ignore[no-any-return]

    def get(self, path: str, **params: str) -> dict:  # type: ignore[type-arg]
        headers = {"Authorization": f"Bearer {self.tokens['centre-analyst']}"}
        answer = self.client.get(path, params=params, headers=headers)
        assert answer.status_code == 200, answer.text
        return answer.json()  # type: ignore[no-any-return]


@pytest.fixture
def site(engine: Engine, db_url: str, tmp_path: Path) -> Iterator[Site]:
    setup_states(engine)
    with engine.begin() as conn:
        names = ("kz-analyst", "uz-analyst", "kg-analyst", "centre-analyst", "uz-viewer")
        tokens = {name: users.new_token(conn, name) for name in names}
    settings = Settings(home=tmp_path, database_url=db_url)
    with TestClient(create_app(settings), base_url="https://testserver") as client:
        yield Site(engine, client, tokens)


def enter_a_year(site: Site) -> dict[str, int]:
    body = {"name": "Steppe-2026", "kind": "search", "start": "2026-03-01",
            "end": "2026-03-31", "states": ["kz", "uz", "kg"]}  # fmt: skip
    op = site.post("centre-analyst", "/operations", body)
    for state, user, count, where in (("kz", "kz-analyst", 3, "prison"),
                                      ("uz", "uz-analyst", 2, "border"),
                                      ("kg", "kg-analyst", 1, None)):  # fmt: skip
        for n in range(count):
            site.post(
                user,
                f"/operations/{op['id']}/results",
                {"kind": "detained", "state": state, "date": f"2026-03-{n + 2:02d}"},
            )
            site.post(user, f"/operations/{op['id']}/results",
                      {"kind": "wanted_identified", "state": state, "date": "2026-03-10",
                       "where": where})  # fmt: skip
    site.post("uz-analyst", "/results", {"kind": "financier_identified", "state": "uz",
                                         "date": "2026-06-01"})  # fmt: skip
    site.post("kz-analyst", "/results", {"kind": "extradited", "state": "kz", "date": "2026-07-01"})
    for state, category, quantity, unit in SEIZED:
        site.post(f"{state}-analyst", f"/operations/{op['id']}/results",
                  {"kind": "seizure", "state": state, "date": "2026-03-20", "category": category,
                   "quantity": quantity, "unit": unit})  # fmt: skip
    site.post("kz-analyst", "/results", {"kind": "detained", "state": "kz", "date": "2025-12-31"})
    return {"operation": op["id"]}


def test_statistics_equal_what_was_entered(site: Site) -> None:
    made = enter_a_year(site)
    stats = site.get("/statistics", **{"from": "2026-01-01", "to": "2026-12-31"})
    figures = stats["figures"]
    assert figures["detained"] == 6 and figures["wanted_identified"] == 6
    assert figures["wanted_identified_prison"] == 3 and figures["wanted_identified_border"] == 2
    assert figures["financiers_identified"] == 1 and figures["extradited"] == 1
    assert figures["seizures"] == {
        "ammunition": {"quantity": 1500, "unit": "rounds"},
        "cash": {"quantity": 250000, "unit": "KZT"},
        "explosive_devices": {"quantity": 2, "unit": "count"},
        "explosives": {"quantity": "4.5", "unit": "kg"},
        "firearms": {"quantity": 15, "unit": "count"},
    }
    assert {k: v["detained"] for k, v in stats["by_state"].items() if "detained" in v} == {
        "kg": 1, "kz": 3, "uz": 2}  # fmt: skip
    assert stats["by_month"]["2026-03"]["detained"] == 6
    only_kz = site.get("/statistics", **{"from": "2026-01-01", "to": "2026-12-31", "state": "kz"})
    assert only_kz["figures"]["detained"] == 3
    in_op = site.get("/statistics", **{"from": "2026-01-01", "to": "2026-12-31",
                                        "operation": str(made["operation"])})  # fmt: skip
    assert in_op["figures"]["extradited"] == 0 and in_op["figures"]["detained"] == 6
    for name, value in figures.items():
        listed = site.client.get(stats["links"][name], headers={
            "Authorization": f"Bearer {site.tokens['centre-analyst']}"}).json()  # fmt: skip
        expected = value if isinstance(value, int) else {"seizures": len(SEIZED)}.get(name, 0)
        assert listed["count"] == expected, name


def test_a_result_that_is_a_notice_event_counts_once(site: Site) -> None:
    now = datetime(2026, 5, 5, tzinfo=UTC)
    with site.engine.begin() as conn:  # a wanted notice detained in uz (its own lifecycle)
        rid = conn.execute(lt.lc_record.insert().values(kind="notice", status="detained", seq=2,
                           created_at=now, updated_at=now)).inserted_primary_key[0]  # fmt: skip
        for seq, status in ((1, "draft"), (2, "detained")):
            conn.execute(
                lt.lc_event.insert().values(
                    record_id=rid,
                    seq=seq,
                    transition=status,
                    from_status=None,
                    to_status=status,
                    actor="uz-analyst",
                    agency="uz-fiu",
                    state="uz",
                    at=now,
                    note=None,
                    payload={},
                )
            )
    site.post("uz-analyst", "/results", {"kind": "detained", "state": "uz", "date": "2026-05-05",
                                         "notice_id": rid})  # fmt: skip
    stats = site.get("/statistics", **{"from": "2026-01-01", "to": "2026-12-31"})
    assert stats["figures"]["detained"] == 1


def test_permissions_and_validation(site: Site) -> None:
    headers = {"Authorization": f"Bearer {site.tokens['kz-analyst']}"}
    other = site.client.post("/results", json={"kind": "detained", "state": "uz",
                             "date": "2026-01-02"}, headers=headers)  # fmt: skip
    assert other.status_code == 403
    as_viewer = {"Authorization": f"Bearer {site.tokens['uz-viewer']}"}
    viewer = site.client.post("/results", json={"kind": "detained", "state": "uz",
                              "date": "2026-01-02"}, headers=as_viewer)  # fmt: skip
    assert viewer.status_code == 403
    bad = site.client.post("/results", json={"kind": "seizure", "state": "kz",
                           "date": "2026-01-02", "category": "firearms", "quantity": "-1"},
                           headers=headers)  # fmt: skip
    assert bad.status_code == 422 and "quantity" in bad.text
    cash = site.client.post("/results", json={"kind": "seizure", "state": "kz",
                            "date": "2026-01-02", "category": "cash", "quantity": "5"},
                            headers=headers)  # fmt: skip
    assert cash.status_code == 422 and "currency" in cash.text


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_annual_report_holds_the_figures(site: Site, tmp_path: Path, lang: str) -> None:
    from docx import Document
    from openpyxl import load_workbook
    from pypdf import PdfReader

    enter_a_year(site)
    with site.engine.connect() as conn:
        report = build(conn, 2026, lang)
        pdf = write(conn, report, tmp_path / "report.pdf")
        docx = write(conn, report, tmp_path / "report.docx")
        xlsx = write(conn, report, tmp_path / "report.xlsx")
    text = " ".join(page.extract_text() for page in PdfReader(pdf).pages)
    text = " ".join(text.split()).replace("\xa0", " ")
    if lang == "ru":
        assert "задержано 6 лиц" in text and "установлено 6 разыскиваемых лиц" in text
        assert "1 500 патронов" in text and "15 единиц огнестрельного оружия" in text
    else:
        assert "6 persons were detained" in text and "1,500 rounds of ammunition" in text
        assert "15 firearms" in text and "4.5 kg of explosives" in text
    paragraphs = " ".join(p.text for p in Document(str(docx)).paragraphs).replace("\xa0", " ")
    assert report.summary.replace("\xa0", " ") in paragraphs
    sheet = load_workbook(xlsx).worksheets[0]
    counts = {row[0]: row[2] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert counts["detained"] == 6 and counts["seizures"] == len(SEIZED)


def test_the_dashboard_links_each_figure_to_its_records(site: Site) -> None:
    made = enter_a_year(site)
    page = site.client.get("/web/login")
    token = page.text.split('name="csrf" value="')[1].split('"')[0]
    form = {"username": "centre-analyst", "password": "pw-centre-123", "csrf": token,
            "next": "/web/"}  # fmt: skip
    site.client.post("/web/login", data=form, follow_redirects=False)
    board = site.client.get("/web/statistics", params={"from": "2026-01-01", "to": "2026-12-31"})
    assert board.status_code == 200 and "<svg" in board.text
    for name, count in re.findall(r'id="fig-(\w+)">([\d,]+)<', board.text):
        link = board.text.split(f'id="fig-{name}">')[0].rsplit('href="', 1)[1].split('"')[0]
        listed = site.client.get(link.replace("&amp;", "&"))
        assert listed.status_code == 200
        assert listed.text.count('<tr><td><time datetime="20') == int(count.replace(",", "")), name
    pdf = site.client.get("/web/statistics/report", params={"year": 2026, "lang": "ru"})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    docx = site.client.get("/web/statistics/report",
                           params={"year": 2026, "lang": "en", "kind": "docx"})  # fmt: skip
    assert docx.status_code == 200 and docx.content.startswith(b"PK")
    operation = site.client.get(f"/web/operations/{made['operation']}")
    assert operation.status_code == 200 and "Steppe-2026" in operation.text
    assert operation.text.count('id="result-form"') == 1
    csrf = operation.text.split('name="csrf" value="')[1].split('"')[0]
    form = {"csrf": csrf, "kind": "seizure", "state": "kz", "date": "2026-03-30",
            "category": "firearms", "quantity": "2"}  # fmt: skip
    done = site.client.post(f"/web/operations/{made['operation']}/results", data=form,
                            follow_redirects=False)  # fmt: skip
    assert done.status_code == 303
    bad = site.client.post(f"/web/operations/{made['operation']}/results",
                           data={**form, "quantity": "-3"})  # fmt: skip
    assert bad.status_code == 422 and "quantity" in bad.text
    after = site.get("/statistics", **{"from": "2026-01-01", "to": "2026-12-31"})
    assert after["figures"]["seizures"]["firearms"]["quantity"] == 17
    site.client.get("/web/lang/ru")
    russian = site.client.get("/web/statistics", params={"from": "2026-01-01", "to": "2026-12-31"})
    assert "Результаты совместной работы" in russian.text and "Задержано лиц" in russian.text


def test_a_machine_account_reads_no_operations(site: Site) -> None:
    with site.engine.begin() as conn:
        users.add_user(conn, "kz-bank", "kz-fiu", "api-client", "pw-bank-0123456")
        bank = {"Authorization": f"Bearer {users.new_token(conn, 'kz-bank')}"}
    viewer = {"Authorization": f"Bearer {site.tokens['uz-viewer']}"}
    for path in ("/operations", "/statistics", "/statistics/records?figure=detained"):
        assert site.client.get(path, headers=bank).status_code == 403, path
        assert site.client.get(path, headers=viewer).status_code == 200, path
