"""A small HTTP load generator for /match on loopback: keep-alive connections, requests
prepared in advance, and a fixed duration so that it always stops by itself.

``latency`` sends requests one after another on one connection; ``throughput`` keeps
``clients`` connections busy for ``seconds`` and counts answers and errors.
"""

from __future__ import annotations

import asyncio
import socket
import statistics
import time

import orjson


def _requests(host: str, port: int, names: list[str]) -> list[bytes]:
    out = []
    for name in names:
        body = orjson.dumps(
            {"queries": {"q": {"schema": "Person", "properties": {"name": [name]}}}}
        )
        head = (
            f"POST /match/default HTTP/1.1\r\nHost: {host}:{port}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
        )
        out.append(head.encode() + body)
    return out


def _read_response(sock_file) -> int:  # type: ignore[no-untyped-def]
    status = int(sock_file.readline().split()[1])
    length = 0
    while (line := sock_file.readline()) not in (b"\r\n", b""):
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":")[1])
    sock_file.read(length)
    return status


def latency(host: str, port: int, names: list[str], requests: int = 1000) -> dict[str, float]:
    """Per-request latency from one client (ms): p50, p99, mean; errors counted."""
    prepared = _requests(host, port, names)
    times, errors = [], 0
    with socket.create_connection((host, port)) as sock:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        reader = sock.makefile("rb")
        for i in range(requests + 50):
            started = time.perf_counter()
            sock.sendall(prepared[i % len(prepared)])
            status = _read_response(reader)
            if i >= 50:  # the first requests warm the server up
                times.append((time.perf_counter() - started) * 1e3)
                errors += status != 200
    times.sort()
    return {
        "p50": times[len(times) // 2],
        "p99": times[int(len(times) * 0.99) - 1],
        "mean": statistics.fmean(times),
        "errors": errors,
    }


async def _client(host: str, port: int, prepared: list[bytes], start: int, deadline: float,
                  counts: dict[str, int]) -> None:  # fmt: skip
    reader, writer = await asyncio.open_connection(host, port)
    i = start
    try:
        while time.perf_counter() < deadline:
            writer.write(prepared[i % len(prepared)])
            i += 1
            status = int((await reader.readline()).split()[1])
            length = 0
            while (line := await reader.readline()) not in (b"\r\n", b""):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            await reader.readexactly(length)
            counts["ok" if status == 200 else "errors"] += 1
    except (OSError, asyncio.IncompleteReadError, IndexError, ValueError):
        counts["errors"] += 1
    finally:
        writer.close()


async def _run(host: str, port: int, names: list[str], clients: int, seconds: float) -> dict:
    prepared = _requests(host, port, names)
    counts = {"ok": 0, "errors": 0}
    started = time.perf_counter()
    deadline = started + seconds
    tasks = [_client(host, port, prepared, i * 37, deadline, counts) for i in range(clients)]
    await asyncio.gather(*tasks)
    elapsed = time.perf_counter() - started
    return {"rps": counts["ok"] / elapsed, "errors": counts["errors"], "requests": counts["ok"]}


def throughput(host: str, port: int, names: list[str], clients: int = 32,
               seconds: float = 15.0) -> dict:  # fmt: skip
    """Requests per second with `clients` concurrent keep-alive connections."""
    return asyncio.run(_run(host, port, names, clients, seconds))


def wait_ready(host: str, port: int, timeout: float = 300.0) -> None:
    """Wait until GET /readyz answers 200 (the server has loaded its index)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection((host, port), timeout=2) as sock:
                sock.sendall(f"GET /readyz HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
                if _read_response(sock.makefile("rb")) == 200:
                    return
        except OSError:
            pass
        time.sleep(0.5)
    raise TimeoutError(f"server on {host}:{port} not ready after {timeout}s")
