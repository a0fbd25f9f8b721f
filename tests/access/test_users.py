"""Agencies, users, Argon2 passwords, API tokens stored as hashes, the first admin."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, select

from interlist.access import audit, users
from interlist.errors import ConfigError, NotFoundError
from interlist.store import access_tables as at
from tests.clitools import interlist


def test_add_user_stores_an_argon2_hash(engine: Engine) -> None:
    with engine.begin() as conn:
        password = users.add_user(conn, "alice", "kz_fmc", "analyst")
        stored = conn.scalar(select(at.app_user.c.password_hash))
    assert len(password) >= 20
    assert stored.startswith("$argon2id$") and password not in stored
    with engine.begin() as conn:
        assert users.authenticate(conn, "alice", password) == users.User(
            1, "alice", "kz_fmc", "analyst", True
        )
        assert users.authenticate(conn, "alice", password + "x") is None
        assert users.authenticate(conn, "nobody", password) is None


def test_given_password_and_validation(engine: Engine) -> None:
    with engine.begin() as conn:
        assert users.add_user(conn, "bob", "a", "viewer", "correct horse battery") == (
            "correct horse battery"
        )
        with pytest.raises(ConfigError, match="exists"):
            users.add_user(conn, "bob", "a", "viewer")
        with pytest.raises(ConfigError, match="unknown role"):
            users.add_user(conn, "carol", "a", "superuser")
        with pytest.raises(ConfigError, match="12 characters"):
            users.add_user(conn, "carol", "a", "viewer", "short")


def test_roles_and_permissions(engine: Engine) -> None:
    with engine.begin() as conn:
        for name, role in [
            ("ad", "admin"),
            ("an", "analyst"),
            ("vi", "viewer"),
            ("ap", "api-client"),
        ]:
            users.add_user(conn, name, "a", role)
        found = {u.name: u for u in users.list_users(conn)}
    assert found["ad"].can("admin") and found["ad"].can("judge")
    assert found["an"].can("judge") and not found["an"].can("admin")
    assert found["vi"].can("search") and not found["vi"].can("judge")
    assert not found["vi"].can("admin")
    assert found["ap"].can("api") and not found["ap"].can("web")


def test_tokens_are_stored_only_as_hashes(engine: Engine) -> None:
    with engine.begin() as conn:
        users.add_user(conn, "alice", "a", "api-client")
        token = users.new_token(conn, "alice")
        stored = list(conn.execute(select(at.api_token)))
    assert token.startswith("il_") and len(token) > 40
    assert len(stored) == 1 and token not in str(stored[0])
    with engine.begin() as conn:
        assert users.user_for_token(conn, token).name == "alice"  # type: ignore[union-attr]
        assert users.user_for_token(conn, token[:-1]) is None
        assert users.revoke_tokens(conn, "alice") == 1
        assert users.user_for_token(conn, token) is None


def test_disabled_user_cannot_log_in_or_use_tokens(engine: Engine) -> None:
    with engine.begin() as conn:
        password = users.add_user(conn, "alice", "a", "analyst")
        token = users.new_token(conn, "alice")
        disabled = users.disable_user(conn, "alice")
        assert not disabled.active and disabled.permissions == frozenset()
        assert users.authenticate(conn, "alice", password) is None
        assert users.user_for_token(conn, token) is None
        with pytest.raises(ConfigError, match="disabled"):
            users.new_token(conn, "alice")
        with pytest.raises(NotFoundError):
            users.disable_user(conn, "nobody")


def test_first_admin_is_created_once(engine: Engine) -> None:
    name, password = users.ensure_first_admin(engine)
    assert name == "admin" and password
    with engine.begin() as conn:
        user = users.authenticate(conn, name, password)
    assert user is not None and user.role == "admin" and user.agency == "coordination"
    assert users.ensure_first_admin(engine) == ("admin", None)
    assert [e.action for e in audit.entries(engine)] == ["user_add"]


def test_cli_users_and_agencies(db_url: str, engine: Engine) -> None:
    added = interlist("users", "add", "alice", "--agency", "kz_fmc", "--role", "viewer", db=db_url)
    assert added.code == 0, added.stderr
    password = added.stdout.strip().splitlines()[-1].removeprefix("password: ")
    with engine.begin() as conn:
        assert users.authenticate(conn, "alice", password) is not None
    token_run = interlist("users", "token", "alice", db=db_url)
    token = token_run.stdout.strip().splitlines()[-1]
    with engine.begin() as conn:
        assert users.user_for_token(conn, token).name == "alice"  # type: ignore[union-attr]
    assert interlist("users", "disable", "alice", db=db_url).code == 0
    with engine.begin() as conn:
        assert users.user_for_token(conn, token) is None
    bad = interlist("users", "add", "bob", "--agency", "x", "--role", "boss", db=db_url)
    assert bad.code == 1 and "unknown role" in bad.stderr
    actions = [e.action for e in audit.entries(engine)]
    assert actions == ["user_add", "token_new", "user_disable"]
    assert audit.verify(engine).ok


def test_cli_password_from_stdin(db_url: str, engine: Engine) -> None:
    import subprocess
    import sys

    code = "from interlist.cli import main; main()"
    args = ["users", "add", "dana", "--agency", "a", "--role", "admin", "--password-stdin"]
    proc = subprocess.run(
        [sys.executable, "-c", code, *args, "--db", db_url],
        input="a long enough secret\n", capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert "a long enough secret" not in proc.stdout
    with engine.begin() as conn:
        assert users.authenticate(conn, "dana", "a long enough secret") is not None
