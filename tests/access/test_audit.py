"""The audit log: hash-chained, append-only; any edit or deletion is found and named."""

from __future__ import annotations

import itertools
import threading
import time
from typing import Any

import pytest
from sqlalchemy import Engine, text

from interlist.access import audit
from interlist.store.db import is_postgres
from tests.clitools import interlist


def _fill(engine: Engine, n: int = 6) -> None:
    for i in range(n):
        detail = {"q": f"Иван Петров {i}", "filters": {"schema": "Person"}}
        audit.record(engine, f"user{i % 2}", "kz_fmc", "search", detail, i * 3)


def _tamper(engine: Engine, sql: str) -> None:
    """Change the log as an attacker with full database rights would: triggers first."""
    with engine.begin() as conn:
        if is_postgres(conn):
            conn.execute(text("DROP TRIGGER audit_log_append_only ON audit_log"))
        else:
            conn.execute(text("DROP TRIGGER audit_log_no_update"))
            conn.execute(text("DROP TRIGGER audit_log_no_delete"))
        conn.execute(text(sql))


def test_intact_chain_verifies(engine: Engine) -> None:
    _fill(engine)
    verdict = audit.verify(engine)
    assert verdict.ok and verdict.entries == 6
    items = audit.entries(engine)
    assert [e.seq for e in items] == [1, 2, 3, 4, 5, 6]
    assert items[0].prev_hash == audit.GENESIS
    assert all(b.prev_hash == a.hash for a, b in itertools.pairwise(items))
    assert items[2].as_dict()["detail"]["q"] == "Иван Петров 2"


def test_empty_log_verifies(engine: Engine) -> None:
    assert audit.verify(engine).ok and audit.verify(engine).entries == 0


@pytest.mark.parametrize(
    "statement",
    ["UPDATE audit_log SET result_count = 0 WHERE seq = 2", "DELETE FROM audit_log WHERE seq = 2"],
)
def test_database_refuses_changes(engine: Engine, statement: str) -> None:
    _fill(engine, 3)
    with pytest.raises(Exception, match="append-only"), engine.begin() as conn:
        conn.execute(text(statement))
    assert audit.verify(engine).ok


@pytest.mark.parametrize(
    "assignment",
    [
        "actor = 'someone_else'",
        "agency = 'other'",
        "action = 'profile'",
        "at = '2020-01-01T00:00:00.000000Z'",
        'detail = \'{"q":"Somebody Else"}\'',
        "result_count = 99",
        "result_count = NULL",
        "hash = '" + "a" * 64 + "'",
        "prev_hash = '" + "b" * 64 + "'",
    ],
)
def test_any_edit_names_the_entry(engine: Engine, assignment: str) -> None:
    _fill(engine)
    _tamper(engine, f"UPDATE audit_log SET {assignment} WHERE seq = 3")
    verdict = audit.verify(engine)
    assert not verdict.ok
    assert verdict.first_bad == 3
    assert verdict.entries == 2


@pytest.mark.parametrize(("deleted", "first_bad"), [(1, 1), (4, 4), (6, 6)])
def test_any_deletion_names_the_entry(engine: Engine, deleted: int, first_bad: int) -> None:
    _fill(engine)
    _tamper(engine, f"DELETE FROM audit_log WHERE seq = {deleted}")
    verdict = audit.verify(engine)
    assert verdict.first_bad == first_bad
    assert "missing" in verdict.reason


def test_deleting_the_newest_entries_is_found(engine: Engine) -> None:
    _fill(engine)
    _tamper(engine, "DELETE FROM audit_log WHERE seq >= 5")
    verdict = audit.verify(engine)
    assert verdict.first_bad == 5
    assert "5 to 6" in verdict.reason


def test_a_rehashed_forgery_breaks_the_next_link(engine: Engine) -> None:
    _fill(engine)
    e = audit.entries(engine)[2]
    forged = audit.entry_hash(3, e.at, "ghost", e.agency, e.action, e.detail, 0, e.prev_hash)
    _tamper(engine, f"UPDATE audit_log SET actor='ghost', result_count=0, hash='{forged}' "
                    "WHERE seq = 3")  # fmt: skip
    verdict = audit.verify(engine)
    assert verdict.first_bad == 4
    assert "does not link" in verdict.reason


def test_an_entry_appended_behind_the_logs_back_is_found(engine: Engine) -> None:
    _fill(engine, 2)
    last = audit.entries(engine)[-1]
    with engine.begin() as conn:
        conn.execute(
            text("INSERT INTO audit_log VALUES (3, :at, 'x', 'y', 'search', '{}', 1, :p, :h)"),
            {"at": last.at, "p": last.hash, "h": "c" * 64},
        )
    verdict = audit.verify(engine)
    assert verdict.first_bad == 3


def test_concurrent_writers_keep_one_chain(engine: Engine) -> None:
    def work(who: str) -> None:
        for i in range(15):
            audit.record(engine, who, "a", "search", {"i": i}, i)

    threads = [threading.Thread(target=work, args=(f"w{n}",)) for n in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    verdict = audit.verify(engine)
    assert verdict.ok and verdict.entries == 45


def test_export_keeps_hashes(engine: Engine) -> None:
    _fill(engine, 3)
    items = audit.entries(engine, actor="user1")
    assert [e.seq for e in items] == [2]
    lines = audit.export_jsonl(audit.entries(engine)).splitlines()
    assert len(lines) == 3 and b'"hash"' in lines[0]
    csv_text = audit.export_csv(audit.entries(engine))
    assert csv_text.splitlines()[0].startswith("seq,at,actor,agency,action,detail")
    assert len(csv_text.splitlines()) == 4


def test_cli_verify_fails_naming_the_entry(db_url: str, engine: Engine) -> None:
    _fill(engine, 4)
    ok = interlist("audit", "verify", db=db_url)
    assert ok.code == 0 and "4 entries" in ok.stdout
    _tamper(engine, "UPDATE audit_log SET detail = '{}' WHERE seq = 2")
    bad = interlist("audit", "verify", db=db_url)
    assert bad.code == 1
    assert "entry 2" in bad.stderr
    exported = interlist("audit", "export", "--format", "csv", db=db_url)
    assert exported.code == 0 and len(exported.stdout.splitlines()) == 5


def test_buffered_writer_keeps_the_chain(engine: Engine) -> None:
    from interlist.access.audit_buffer import AuditBuffer

    buffer = AuditBuffer(engine, interval=0.01)
    for i in range(30):
        buffer.add("bank", "b", "api_match", {"q": i}, i % 3)
    buffer.close()
    items = audit.entries(engine)
    assert [e.as_dict()["detail"]["q"] for e in items] == list(range(30))
    assert all(a.at <= b.at for a, b in itertools.pairwise(items))
    assert audit.verify(engine).ok


def test_buffered_flush_waits_for_a_write_in_progress(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An entry the background thread is writing is stored when flush() returns."""
    from interlist.access import audit_buffer
    from interlist.access.audit_buffer import AuditBuffer

    started, release = threading.Event(), threading.Event()

    def slow_append(*args: Any, **kwargs: Any) -> None:
        started.set()
        release.wait(5)
        audit.append_many(*args, **kwargs)

    monkeypatch.setattr(audit_buffer, "append_many", slow_append)
    buffer = AuditBuffer(engine, interval=0.01)
    buffer.add("bank", "b", "api_match", {"q": 1}, 1)
    assert started.wait(5)  # the thread has taken the entry and is writing it
    threading.Timer(0.2, release.set).start()
    buffer.flush()
    assert [e.as_dict()["detail"]["q"] for e in audit.entries(engine)] == [1]
    buffer.close()


def test_buffered_batch_that_fails_is_queued_again(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    from interlist.access import audit_buffer
    from interlist.access.audit_buffer import AuditBuffer

    def failing_append(*args: Any, **kwargs: Any) -> None:
        raise OSError("disk full")

    buffer = AuditBuffer(engine, interval=3600)
    buffer.add("bank", "b", "api_match", {"q": 1}, 1)
    monkeypatch.setattr(audit_buffer, "append_many", failing_append)
    with pytest.raises(OSError):
        buffer.flush()
    monkeypatch.setattr(audit_buffer, "append_many", audit.append_many)
    assert buffer.flush() == 1
    assert [e.as_dict()["detail"]["q"] for e in audit.entries(engine)] == [1]
    buffer.close()


def test_buffered_writer_backs_off_while_the_database_refuses(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A database that refuses entries is retried ever more slowly, not every interval,
    and the entries are written once it accepts them."""
    from interlist.access import audit_buffer
    from interlist.access.audit_buffer import AuditBuffer

    attempts: list[float] = []

    def refusing_append(*args: Any, **kwargs: Any) -> None:
        attempts.append(time.monotonic())
        raise OSError("database down")

    monkeypatch.setattr(audit_buffer, "append_many", refusing_append)
    buffer = AuditBuffer(engine, interval=0.01)
    buffer.add("bank", "b", "api_match", {"q": 1}, 1)
    time.sleep(0.5)
    assert 2 <= len(attempts) <= 7  # 0.01, 0.02, 0.04 ... s apart, not 50 tries
    monkeypatch.setattr(audit_buffer, "append_many", audit.append_many)
    buffer.close()
    assert [e.as_dict()["detail"]["q"] for e in audit.entries(engine)] == [1]


def test_entries_appended_together_chain_as_if_appended_one_by_one(engine: Engine) -> None:
    """The buffered writer appends a batch with one read and one write of the head: the
    entries, their order and their hashes are those of appending them one at a time."""
    batch: list[audit.Pending] = [
        ("bank", "b", "api_match", {"q": i}, i, f"2026-12-02T17:00:0{i}.000000Z") for i in range(5)
    ]
    with engine.begin() as conn:
        audit.append(conn, "admin", "-", "login", {}, None, when="2026-12-02T16:59:00.000000Z")
        assert audit.append_many(conn, batch) == 6
        assert audit.append_many(conn, []) == 6  # nothing to append: the head stays
    stored = list(audit.entries(engine))
    assert [e.seq for e in stored] == [1, 2, 3, 4, 5, 6]
    assert [e.as_dict()["detail"].get("q") for e in stored[1:]] == [0, 1, 2, 3, 4]
    for before, entry in itertools.pairwise(stored):
        assert entry.prev_hash == before.hash
        fields = {k: v for k, v in entry.__dict__.items() if k != "hash"}
        assert entry.hash == audit.entry_hash(**fields)
    assert audit.verify(engine).ok and audit.verify(engine).entries == 6
