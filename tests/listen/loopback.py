"""A real HTTP server on 127.0.0.1, in a thread, that plays recorded API answers in order."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


@dataclass
class Answer:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Loopback:
    """Routes are ``path`` or ``path?name=value`` (one query parameter that picks the page);
    each holds answers served in turn, the last one again once the others are used."""

    base: str = ""
    routes: dict[str, list[Answer]] = field(default_factory=dict)
    requests: list[str] = field(default_factory=list)
    picks: tuple[str, ...] = ("max_id", "cursor")

    def route(self, key: str, *answers: Answer) -> None:
        self.routes[key] = list(answers)

    def answer(self, target: str) -> Answer:
        self.requests.append(target)
        parts = urlsplit(target)
        query = parse_qs(parts.query)
        for name in self.picks:
            if name in query:
                key = f"{parts.path}?{name}={query[name][0]}"
                break
        else:
            key = parts.path
        answers = self.routes.get(key)
        if not answers:
            return Answer(404, b"not found")
        return answers.pop(0) if len(answers) > 1 else answers[0]


def _handler(loopback: Loopback) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            answer = loopback.answer(self.path)
            self.send_response(answer.status)
            for name, value in answer.headers.items():
                self.send_header(name, value.replace("{BASE}", loopback.base))
            body = answer.body.replace(b"{BASE}", loopback.base.encode())
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            return

    return Handler


def start_server(servers: list[ThreadingHTTPServer]) -> Loopback:
    loopback = Loopback()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(loopback))
    loopback.base = f"http://127.0.0.1:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    servers.append(server)
    return loopback
