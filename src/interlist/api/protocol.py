"""The HTTP protocol the server runs: uvicorn's h11 protocol with TCP_NODELAY set.

With several workers uvicorn binds its listening socket without naming the TCP
protocol, so asyncio does not switch Nagle's algorithm off for accepted
connections; small JSON answers then wait ~40 ms for the client's delayed ACK.
Setting TCP_NODELAY on each connection removes that wait.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket

from uvicorn.protocols.http.h11_impl import H11Protocol


class NoDelayH11Protocol(H11Protocol):
    """h11 HTTP/1.1 with Nagle's algorithm off on every connection."""

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        sock = transport.get_extra_info("socket")
        if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
            with contextlib.suppress(OSError):  # not TCP after all: nothing to switch off
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        super().connection_made(transport)  # type: ignore[arg-type]
