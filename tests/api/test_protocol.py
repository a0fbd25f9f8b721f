"""The server's HTTP protocol switches Nagle's algorithm off on every TCP connection."""

from __future__ import annotations

import asyncio
import socket
from typing import Any

import uvicorn
from uvicorn.server import ServerState

from interlist.api.protocol import NoDelayH11Protocol


class FakeTransport(asyncio.Transport):
    def __init__(self, sock: socket.socket) -> None:
        super().__init__()
        self.sock = sock

    def get_extra_info(self, name: str, default: Any = None) -> Any:
        extra = {"socket": self.sock, "peername": ("127.0.0.1", 1), "sockname": ("127.0.0.1", 2)}
        return extra.get(name, default)

    def is_closing(self) -> bool:
        return False


async def _connect(sock: socket.socket) -> None:
    config = uvicorn.Config(app=lambda scope, receive, send: None)
    config.load()
    protocol = NoDelayH11Protocol(config=config, server_state=ServerState(), app_state={})
    protocol.connection_made(FakeTransport(sock))


def test_tcp_nodelay_is_set_on_accepted_connections() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM, 0) as sock:
        assert sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) == 0
        asyncio.run(_connect(sock))
        assert sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) != 0
