"""Webhooks: signed deliveries to a receiver on loopback, retried when it was down."""

from __future__ import annotations

import socket
import threading
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import ClassVar

import orjson
from sqlalchemy import Engine

from interlist.alerts import webhooks
from tests.alerts.kit import LISTED, national, register, setup
from tests.cooperation.kit import load

SECRET = "s3cret-of-kz-fiu-0123"


class Receiver(BaseHTTPRequestHandler):
    received: ClassVar[list[tuple[bytes, str]]] = []

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        Receiver.received.append((body, self.headers[webhooks.HEADER]))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        return


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_signed_and_retried_when_down(engine: Engine, tmp_path: Path) -> None:
    setup(engine)
    load(engine, national(tmp_path, LISTED, "2026-01-10"))
    port = _free_port()
    with engine.begin() as conn:
        webhooks.add(conn, "kz-fiu", f"http://127.0.0.1:{port}/hook", SECRET)
    register(
        engine, "kz-analyst", [{"id": "C-1", "name": "Arman Zhakupov", "birth_date": "1980-03-14"}]
    )
    down = webhooks.deliver_pending(engine)  # nobody listens yet
    assert down == {"delivered": 0, "retry": 1, "failed": 0}
    assert webhooks.deliver_pending(engine) == {"delivered": 0, "retry": 0, "failed": 0}  # backoff
    Receiver.received = []
    server = HTTPServer(("127.0.0.1", port), Receiver)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        later = datetime.now(UTC) + timedelta(seconds=11)
        assert webhooks.deliver_pending(engine, now=later)["delivered"] == 1
    finally:
        server.shutdown()
        server.server_close()
    body, header = Receiver.received[0]
    assert webhooks.verify(SECRET, body, header)
    assert not webhooks.verify("another-secret-xxxxxx", body, header)
    sent = orjson.loads(body)
    assert sent["event"] == "alert.opened" and sent["data"][0]["subject_id"] == "C-1"
    with engine.connect() as conn:
        log = webhooks.deliveries(conn, "kz-fiu")
    assert log[0]["status"] == "delivered" and log[0]["attempts"] == 2
    assert [entry["code"] for entry in log[0]["log"]] == [None, 204]


def test_signature_is_stripes_form() -> None:
    header = webhooks.sign("k" * 16, b'{"a":1}', 1700000000)
    import hashlib
    import hmac

    mac = hmac.new(b"k" * 16, b'1700000000.{"a":1}', hashlib.sha256).hexdigest()
    assert header == f"t=1700000000,v1={mac}"


def test_a_served_databank_sends_its_webhooks(tmp_path: Path) -> None:
    import time

    from fastapi.testclient import TestClient

    from interlist.api import create_app
    from interlist.settings import Settings
    from interlist.store import open_engine
    from tests.conftest import module_db_url

    Receiver.received = []
    port = _free_port()
    server = HTTPServer(("127.0.0.1", port), Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    with module_db_url(tmp_path) as url:
        engine = open_engine(url)
        setup(engine)
        load(engine, national(tmp_path, LISTED, "2026-01-10"))
        with engine.begin() as conn:
            webhooks.add(conn, "kz-fiu", f"http://127.0.0.1:{port}/hook", SECRET)
        app = create_app(Settings(home=tmp_path, database_url=url), deliver_seconds=0.1)
        with TestClient(app):
            register(engine, "kz-analyst", [{"id": "C-1", "name": "Arman Zhakupov",
                                             "birth_date": "1980-03-14"}])  # fmt: skip
            deadline = time.monotonic() + 30
            while not Receiver.received and time.monotonic() < deadline:
                time.sleep(0.1)
        with engine.connect() as conn:
            log = webhooks.deliveries(conn, "kz-fiu")
        engine.dispose()
    server.shutdown()
    server.server_close()
    assert len(Receiver.received) == 1 and log[0]["status"] == "delivered"
    assert orjson.loads(Receiver.received[0][0])["data"][0]["subject_id"] == "C-1"


def test_a_delivery_is_claimed_by_one_sender(engine: Engine, tmp_path: Path) -> None:
    setup(engine)
    load(engine, national(tmp_path, LISTED, "2026-01-10"))
    with engine.begin() as conn:
        webhooks.add(conn, "kz-fiu", "http://127.0.0.1:9/hook", SECRET)
    register(engine, "kz-analyst", [{"id": "C-1", "name": "Arman Zhakupov"}])
    with engine.connect() as conn:
        (delivery,) = [d["id"] for d in webhooks.deliveries(conn, "kz-fiu")]
    now = datetime.now(UTC) + timedelta(seconds=1)
    assert webhooks._claimed(engine, delivery, now)
    assert not webhooks._claimed(engine, delivery, now)  # a second sender skips it
