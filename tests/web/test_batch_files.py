"""The web batch on files as offices write them and on bad ones: the encoding and the
delimiter detected and shown, every refused upload explained (422) in the user's
language, a job on a file that fails to read ends with its reason on the panel and in
the audit log (never 0% forever), a running job can be cancelled, both result files."""

from __future__ import annotations

import re
import time
from io import BytesIO
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from interlist.access import audit
from tests.web.site import Web

ROWS = "id;name;birth_date\r\nc1;Усама бен Ладен;10.03.1957\r\nc2;=1+1;\r\n"


def _upload(web: Web, csrf: str, name: str, data: bytes) -> Any:
    return web.client.post("/web/screen/batch", data={"csrf": csrf},
                           files={"file": (name, data, "application/octet-stream")})  # fmt: skip


def _job_id(answer: Any) -> str:
    found = re.search(r'data-job="([0-9a-f]{32})"', answer.text)
    assert found, answer.text
    return found.group(1)


def _ended(web: Web, job_id: str) -> str:
    """The job's panel once it has ended (or after 20 s)."""
    for _ in range(200):
        panel = web.client.get(f"/web/screen/batch/{job_id}").text
        if 'data-status="running"' not in panel:
            return panel
        time.sleep(0.1)
    return panel


@pytest.mark.parametrize(
    ("data", "said"),
    [(ROWS.encode("cp1251"), "Windows-1251"), (ROWS.encode("utf-16"), "UTF-16 LE with BOM")],
    ids=["windows-1251", "utf-16"],
)
def test_files_as_excel_writes_them_screen(web: Web, data: bytes, said: str) -> None:
    csrf = web.login("ana")
    answer = _upload(web, csrf, "clients.csv", data)
    assert answer.status_code == 200 and said in answer.text and "semicolon" in answer.text
    job_id = _job_id(answer)
    panel = _ended(web, job_id)
    assert 'data-status="finished"' in panel, panel
    table = panel.split('id="batch-table"', 1)[1]  # the results as a table, not only counts
    assert "Усама бен Ладен" in table and 'href="/web/entity/t-1"' in table
    result = web.client.get(f"/web/screen/batch/{job_id}/result.csv")
    assert result.content.startswith(b"\xef\xbb\xbf")
    lines = result.content.decode("utf-8-sig").splitlines()
    assert "Усама бен Ладен" in lines[1] and "t-1" in lines[1] and ",'=1+1," in lines[2]
    hits = web.client.get(f"/web/screen/batch/{job_id}/hits.csv")
    assert hits.status_code == 200
    assert hits.content.decode("utf-8-sig").splitlines()[1].startswith("1,c1,Усама бен Ладен,1,")
    workbook = web.client.get(f"/web/screen/batch/{job_id}/result.xlsx")
    assert workbook.status_code == 200
    sheet = load_workbook(BytesIO(workbook.content)).active
    assert sheet is not None and sheet["C2"].value == "Усама бен Ладен"


def _xlsx() -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["id", "name"])
    sheet.append(["1", "Ivan Petrov"])
    out = BytesIO()
    book.save(out)
    return out.getvalue()


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
BAD_UPLOADS = {  # file name, content, English message, Russian message
    "png": ("photo.png", PNG, "expected a file ending in one of .csv", "ожидается файл"),
    "empty": ("clients.csv", b"", "the file is empty", "файл пуст"),
    "blank": ("clients.csv", b" \n\n", "the file is empty", "файл пуст"),
    "extension": ("clients.exe", b"MZ\x90\x00", "expected a file ending", "ожидается файл"),
    "binary": ("photo.csv", PNG, "photo.csv: this is not a text file", "это не текстовый файл"),
    "xlsx": ("book.xlsx", b"PK\x03\x04" + b"\x00" * 200, "not a readable Excel workbook",
             "книга Excel повреждена"),
    "text-as-xlsx": ("book.xlsx", b"id,name\n1,Ivan\n", "not a readable Excel workbook",
                     "книга Excel повреждена"),
}  # fmt: skip


@pytest.mark.parametrize("kind", sorted(BAD_UPLOADS))
def test_every_refused_upload_is_explained_in_the_users_language(web: Web, kind: str) -> None:
    name, data, english, russian = BAD_UPLOADS[kind]
    csrf = web.login("ana")
    answer = _upload(web, csrf, name, data)
    assert answer.status_code == 422
    assert 'id="batch-error"' in answer.text and english in answer.text, answer.text
    web.client.get("/web/lang/ru")
    answer = _upload(web, web.csrf(), name, data)
    assert answer.status_code == 422 and russian in answer.text, answer.text
    assert "Пакетная проверка не удалась" in answer.text


def test_a_workbook_that_fails_to_read_ends_the_job(web: Web) -> None:
    import zipfile

    broken = BytesIO()
    with zipfile.ZipFile(BytesIO(_xlsx())) as good, zipfile.ZipFile(broken, "w") as bad:
        for item in good.infolist():
            body = good.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                body = body[: len(body) // 2]  # the sheet cut in the middle of its XML
            bad.writestr(item.filename, body)
    csrf = web.login("ana")
    answer = _upload(web, csrf, "book.xlsx", broken.getvalue())
    panel = _ended(web, _job_id(answer))
    assert 'data-status="failed"' in panel, panel
    assert "book.xlsx" in panel and "not a readable Excel workbook" in panel
    entry = next(e for e in audit.entries(web.engine) if e.action == "screen_batch")
    detail = entry.as_dict()["detail"]
    assert detail["status"] == "failed" and "not a readable Excel workbook" in detail["error"]


def test_a_running_job_can_be_cancelled(web: Web, monkeypatch: pytest.MonkeyPatch) -> None:
    from interlist.web import jobs

    def slow_batch(*args: Any, **kwargs: Any) -> None:
        progress = args[6]
        for _ in range(300):  # a long file: a chunk every 0.05 s
            time.sleep(0.05)
            progress(500)
        raise AssertionError("not cancelled")

    monkeypatch.setattr(jobs, "run_batch", slow_batch)
    csrf = web.login("ana")
    job_id = _job_id(_upload(web, csrf, "c.csv", b"id,name\n1,Ivan Petrov\n"))
    assert 'id="batch-cancel"' in web.client.get(f"/web/screen/batch/{job_id}").text
    cancel = web.client.post(f"/web/screen/batch/{job_id}/cancel", data={"csrf": csrf})
    assert cancel.status_code == 200
    panel = _ended(web, job_id)
    assert 'data-status="cancelled"' in panel and "Cancelled after" in panel, panel
    assert web.client.get(f"/web/screen/batch/{job_id}/result.csv").status_code == 409
    entry = next(e for e in audit.entries(web.engine) if e.action == "screen_batch")
    assert entry.as_dict()["detail"]["status"] == "cancelled"
    other = web.client.post(f"/web/screen/batch/{job_id}/cancel", data={})
    assert other.status_code == 403  # without the form's token


def test_template_download(web: Web) -> None:
    web.login("ana")
    page = web.client.get("/web/screen")
    assert 'href="/web/screen/template.csv"' in page.text
    template = web.client.get("/web/screen/template.csv")
    assert template.status_code == 200
    header = template.content.decode("utf-8-sig").splitlines()[0]
    assert header == "id,name,schema,birth_date,nationality,id_number,country"


def test_bytes_of_another_encoding_later_end_the_job_with_the_line(web: Web) -> None:
    head = b"id,name\n" + b"".join("%d,Иван Петров\n".encode() % i for i in range(8000))
    data = head + "9,Иван\n".encode("cp1251")  # past the 64 KB the encoding is detected from
    web.login("ana")
    web.client.get("/web/lang/ru")
    panel = _ended(web, _job_id(_upload(web, web.csrf(), "clients.csv", data)))
    assert 'data-status="failed"' in panel, panel
    assert "clients.csv, строка 8002: байты, недопустимые в кодировке UTF-8" in panel, panel
    entry = next(e for e in audit.entries(web.engine) if e.action == "screen_batch")
    assert "line 8002" in entry.as_dict()["detail"]["error"]
