"""Several server processes, each accepting connections on its own listening socket.

uvicorn's own workers share one listening socket, and whichever process wakes first
accepts. Under a burst of new keep-alive connections one process often takes them all
(measured: 32 of 32 connections of the load benchmark on one worker in two runs of
three) while the other idles, and throughput halves. Here every worker binds its own
socket with ``SO_REUSEPORT``: the kernel spreads new connections over the sockets by
a hash of their addresses, so each worker gets its share.

The port must be free: ``SO_REUSEPORT`` would otherwise let a second server share it
silently. SIGINT, SIGTERM, SIGHUP or SIGQUIT to the server stops every worker
gracefully (exit code 0), and a worker whose server process is gone stops by itself.
A worker that stops by itself (a crash) stops the whole server, which exits with the
worker's exit code (1 if a signal killed it): the service manager that started the
server decides whether to restart it.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import socket
import threading
import time
from multiprocessing.connection import wait
from typing import Any

import uvicorn

from interlist.errors import ConfigError

_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT)
ORPHAN_CHECK_SECONDS = 1.0


def reuse_port_socket(host: str, port: int) -> socket.socket:
    """A listening TCP socket on host:port that other sockets may share (SO_REUSEPORT)."""
    sock = socket.socket(_family(host), socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        sock.bind((host, port))
        sock.listen(2048)
    except OSError as exc:
        sock.close()
        raise _cannot_listen(host, port, exc) from exc
    sock.set_inheritable(True)
    return sock


def worker_sockets(host: str, port: int, count: int) -> list[socket.socket]:
    """`count` sockets sharing host:port, once the port is known to be free (port 0: the
    first socket's free port)."""
    if port:
        _check_free(host, port)
    sockets = [reuse_port_socket(host, port)]
    port = sockets[0].getsockname()[1]
    try:
        sockets.extend(reuse_port_socket(host, port) for _ in range(count - 1))
    except ConfigError:
        for sock in sockets:
            sock.close()
        raise
    return sockets


def serve_workers(app: str, host: str, port: int, workers: int, **options: Any) -> int:
    """Run the ASGI app factory `app` ("module:function") in `workers` processes on
    host:port until one of them stops or the server is asked to stop; returns the exit
    code (see the module docstring)."""
    sockets = worker_sockets(host, port, workers)
    context = multiprocessing.get_context("spawn")
    processes: list[Any] = []
    asked: list[int] = []  # the signal that asked the server to stop, if one did
    previous = {sig: signal.signal(sig, _stopper(processes, asked)) for sig in _SIGNALS}
    try:
        for number, sock in enumerate(sockets, 1):
            process = context.Process(
                target=_worker, args=(app, sock, os.getpid(), options), name=f"worker-{number}"
            )
            process.start()
            processes.append(process)
            if asked:
                break
        for sock in sockets:  # each worker holds its own copy now
            sock.close()
        ended = [] if asked else wait([p.sentinel for p in processes])  # until one ends
    finally:
        for sock in sockets:
            sock.close()
        _stop(processes)
        for process in processes:
            process.join()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    if asked:
        return 0
    first = next(p for p in processes if p.sentinel in ended)
    code: int = first.exitcode or 0
    return code if code >= 0 else 1


def _family(host: str) -> socket.AddressFamily:
    return socket.AF_INET6 if ":" in host else socket.AF_INET


def _check_free(host: str, port: int) -> None:
    """A port some server listens on (with SO_REUSEPORT or not) is not free."""
    with socket.socket(_family(host), socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise _cannot_listen(host, port, exc) from exc


def _cannot_listen(host: str, port: int, exc: OSError) -> ConfigError:
    return ConfigError(f"cannot listen on {host}:{port}: {exc.strerror or exc}")


def _stopper(processes: list[Any], asked: list[int]) -> Any:
    def handler(signum: int, _frame: Any) -> None:
        asked.append(signum)
        _stop(processes)

    return handler


def _stop(processes: list[Any]) -> None:
    for process in processes:
        if process.is_alive():
            process.terminate()  # SIGTERM: uvicorn finishes the requests in progress


def _worker(app: str, sock: socket.socket, parent: int, options: dict[str, Any]) -> None:
    threading.Thread(target=_stop_when_orphaned, args=(parent,), daemon=True).start()
    config = uvicorn.Config(app, factory=True, **options)
    uvicorn.Server(config).run(sockets=[sock])


def _stop_when_orphaned(parent: int) -> None:
    """Stop this worker gracefully once its server process is gone (killed with
    SIGKILL, say), instead of serving on unsupervised."""
    while os.getppid() == parent:
        time.sleep(ORPHAN_CHECK_SECONDS)
    os.kill(os.getpid(), signal.SIGTERM)
