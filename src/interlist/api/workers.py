"""Several server processes, each accepting connections on its own listening socket.

uvicorn's own workers share one listening socket, and whichever process wakes first
accepts. Under a burst of new keep-alive connections one process often takes them all
(measured: 32 of 32 connections of the load benchmark on one worker in two runs of
three) while the other idles, and throughput halves. Here every worker binds its own
socket with ``SO_REUSEPORT``: the kernel spreads new connections over the sockets by
a hash of their addresses, so each worker gets its share.

SIGINT or SIGTERM to the server stops every worker gracefully (exit code 0). A worker
that stops by itself (a crash) stops the whole server, with the worker's exit code:
the service manager that started the server decides whether to restart it.
"""

from __future__ import annotations

import multiprocessing
import signal
import socket
from multiprocessing.connection import wait
from typing import Any

import uvicorn

from interlist.errors import ConfigError


def reuse_port_socket(host: str, port: int) -> socket.socket:
    """A listening TCP socket on host:port that other sockets may share (SO_REUSEPORT)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        sock.bind((host, port))
        sock.listen(2048)
    except OSError as exc:
        sock.close()
        raise ConfigError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from exc
    sock.set_inheritable(True)
    return sock


def serve_workers(app: str, host: str, port: int, workers: int, **options: Any) -> int:
    """Run the ASGI app factory `app` ("module:function") in `workers` processes on
    host:port until one of them stops; returns that worker's exit code."""
    sockets = [reuse_port_socket(host, port) for _ in range(workers)]
    context = multiprocessing.get_context("spawn")
    processes = [
        context.Process(target=_worker, args=(app, sock, options), name=f"interlist-worker-{n}")
        for n, sock in enumerate(sockets, 1)
    ]
    for process in processes:
        process.start()
    for sock in sockets:  # each worker holds its own copy now
        sock.close()
    asked: list[int] = []  # the signal that asked the server to stop, if one did
    previous = {sig: signal.signal(sig, _stopper(processes, asked)) for sig in _SIGNALS}
    try:
        ended = wait([p.sentinel for p in processes])  # until the first worker ends
    finally:
        _stop(processes)
        for process in processes:
            process.join()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    if asked:
        return 0
    first = next(p for p in processes if p.sentinel in ended)
    return first.exitcode or 0


_SIGNALS = (signal.SIGINT, signal.SIGTERM)


def _stopper(processes: list[Any], asked: list[int]) -> Any:
    def handler(signum: int, _frame: Any) -> None:
        asked.append(signum)
        _stop(processes)

    return handler


def _stop(processes: list[Any]) -> None:
    for process in processes:
        if process.is_alive():
            process.terminate()  # SIGTERM: uvicorn finishes the requests in progress


def _worker(app: str, sock: socket.socket, options: dict[str, Any]) -> None:
    config = uvicorn.Config(app, factory=True, **options)
    uvicorn.Server(config).run(sockets=[sock])
