"""Several server processes each accept on their own SO_REUSEPORT socket, so that
concurrent clients are spread over all of them, and the server stops as a whole."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from interlist.api.workers import reuse_port_socket, worker_sockets
from interlist.errors import ConfigError

ROOT = Path(__file__).resolve().parents[2]
SERVE = (
    "import sys; from interlist.api.workers import serve_workers; "
    "sys.exit(serve_workers('tests.api.pid_app:create', '127.0.0.1', int(sys.argv[1]), 2, "
    "log_level='warning'))"
)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _worker_pid(port: int, deadline: float) -> int:
    """The pid answering one new connection (retried while the workers start)."""
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
                sock.sendall(b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                data = b""
                while chunk := sock.recv(4096):
                    data += chunk
            return int(data.split(b"\r\n\r\n", 1)[1])
        except (OSError, ValueError, IndexError):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def test_sockets_share_a_port_and_a_taken_port_is_named() -> None:
    port = _free_port()
    first = reuse_port_socket("127.0.0.1", port)
    second = reuse_port_socket("127.0.0.1", port)
    try:
        assert first.getsockname() == second.getsockname()
        with socket.socket() as plain:  # bound without SO_REUSEPORT: nobody may share
            plain.bind(("127.0.0.1", 0))
            taken = plain.getsockname()[1]
            with pytest.raises(ConfigError, match=f"127.0.0.1:{taken}"):
                reuse_port_socket("127.0.0.1", taken)
    finally:
        first.close()
        second.close()


def test_connections_are_spread_over_workers_and_sigterm_stops_all() -> None:
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-c", SERVE, str(port)], cwd=ROOT)
    try:
        deadline = time.monotonic() + 60
        pids = {_worker_pid(port, deadline) for _ in range(32)}
        assert len(pids) == 2  # all 32 on one worker: one chance in 2**31
        assert server.pid not in pids
        server.send_signal(signal.SIGTERM)
        assert server.wait(timeout=30) == 0
        for pid in pids:
            with pytest.raises(ProcessLookupError):
                os.kill(pid, 0)
    finally:
        if server.poll() is None:
            server.kill()


def test_a_worker_that_fails_stops_the_server_with_its_code() -> None:
    serve = SERVE.replace("pid_app:create", "pid_app:broken")
    server = subprocess.run(
        [sys.executable, "-c", serve, str(_free_port())], cwd=ROOT, capture_output=True, timeout=60
    )
    assert server.returncode == 1  # uvicorn's exit code for an app that cannot load
    assert b"this worker cannot start" in server.stderr
    assert b"Traceback" in server.stderr and b"serve_workers" not in server.stderr


def test_a_port_another_server_listens_on_is_refused() -> None:
    port = _free_port()
    other = reuse_port_socket("127.0.0.1", port)  # even one that would share the port
    with other, pytest.raises(ConfigError, match=f"127.0.0.1:{port}"):
        worker_sockets("127.0.0.1", port, 2)


def test_port_zero_gives_every_worker_the_same_free_port() -> None:
    sockets = worker_sockets("127.0.0.1", 0, 3)
    try:
        ports = {sock.getsockname()[1] for sock in sockets}
        assert len(ports) == 1 and ports != {0}
    finally:
        for sock in sockets:
            sock.close()


def test_workers_stop_when_the_server_process_is_killed() -> None:
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-c", SERVE, str(port)], cwd=ROOT)
    try:
        pids = {_worker_pid(port, time.monotonic() + 60) for _ in range(16)}
        server.kill()  # SIGKILL: no chance to stop its workers
        server.wait(timeout=10)
        deadline = time.monotonic() + 30
        while pids and time.monotonic() < deadline:
            time.sleep(0.2)
            pids = {pid for pid in pids if _alive(pid)}
        assert not pids
    finally:
        if server.poll() is None:
            server.kill()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:
        with open(f"/proc/{pid}/stat") as fh:  # a zombie waiting for its reaper is gone too
            return fh.read().split(") ", 1)[1][0] != "Z"
    except FileNotFoundError:
        return False
