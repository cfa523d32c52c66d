"""Fixtures of the listening tests: loopback HTTP servers."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from http.server import ThreadingHTTPServer

import pytest

from listen.loopback import Loopback, start_server


@pytest.fixture
def loopback() -> Iterator[Callable[[], Loopback]]:
    """Start as many loopback servers as a test needs; all stop when it ends."""
    servers: list[ThreadingHTTPServer] = []
    yield lambda: start_server(servers)
    for server in servers:
        server.shutdown()
        server.server_close()
