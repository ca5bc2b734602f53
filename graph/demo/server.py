"""A local stand-in for a government portal, for tests, benchmarks and ``budgetkg demo``:
serves a folder described by ``routes.json`` on 127.0.0.1 with what real portals do (ETag and
Last-Modified with 304 answers, Content-Disposition names, error statuses, a header charset
that lies, Hanweb's POSTed dataproxy) and logs every request with the bytes it sent.

Routes may also be endless (a key with ``{n}`` matches any number there, and ``{n}``/``{next}``
in its body become that number and the next: a 下一页 chain without end, a calendar) or slow
(``delay`` seconds before the answer: a download that times out)."""

from __future__ import annotations

import hashlib
import json
import re
import threading
import time
from dataclasses import dataclass
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote

LAST_MODIFIED = formatdate(1717200000, usegmt=True)  # fixed, so validators are stable


@dataclass
class LoggedRequest:
    method: str
    path: str
    status: int
    bytes_sent: int
    conditional: bool


class PortalServer:
    """``substitutions`` fill ``{name}`` placeholders in served text (e.g. another server's
    address for an off-domain link); ``overrides`` replace a route's bytes (a republished
    document)."""

    def __init__(self, folder: str | Path, host: str = "127.0.0.1", port: int = 0,
                 substitutions: dict[str, str] | None = None) -> None:
        self.folder = Path(folder)
        self.routes: dict = json.loads((self.folder / "routes.json").read_text(encoding="utf-8")) \
            if (self.folder / "routes.json").exists() else {}
        self.endless = [(re.compile(re.escape(key).replace(r"\{n\}", r"(\d+)") + "$"), route)
                        for key, route in self.routes.items() if "{n}" in key]
        self.substitutions = substitutions or {}
        self.overrides: dict[str, bytes] = {}
        self.log: list[LoggedRequest] = []
        self._lock = threading.Lock()
        self.httpd = ThreadingHTTPServer((host, port), self._handler())
        self.httpd.daemon_threads = True
        self.thread: threading.Thread | None = None

    @property
    def base(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> "PortalServer":
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def __enter__(self) -> "PortalServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def route_of(self, key: str) -> tuple[dict | None, int | None]:
        """The route serving a path, and the number an endless route matched."""
        route = self.routes.get(key) or self.routes.get(key.split("?", 1)[0] + "?*")
        if route is not None:
            return route, None
        for pattern, endless in self.endless:
            m = pattern.match(key)
            if m:
                return endless, int(m.group(1))
        return None, None

    def body_of(self, key: str, route: dict, number: int | None = None) -> bytes:
        if key in self.overrides:
            return self.overrides[key]
        if "file" in route:
            data = (self.folder / route["file"]).read_bytes()
        else:
            data = route.get("body", "").encode(route.get("encoding", "utf-8"))
        if number is not None:
            data = data.replace(b"{n}", str(number).encode()).replace(b"{next}", str(number + 1).encode())
        if route.get("substitute"):
            text = data.decode(route.get("encoding", "utf-8"))
            for name, value in self.substitutions.items():
                text = text.replace("{" + name + "}", value)
            data = text.encode(route.get("encoding", "utf-8"))
        return data

    def _handler(self):
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:
                pass

            def do_HEAD(self) -> None:
                self._serve(head=True)

            def do_GET(self) -> None:
                self._serve()

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                if length:
                    self.rfile.read(length)
                self._serve()

            def _serve(self, head: bool = False) -> None:
                key = unquote(self.path)
                route, number = server.route_of(key)
                conditional = bool(self.headers.get("If-None-Match") or self.headers.get("If-Modified-Since"))
                if route is None:
                    status, body, headers = 404, b"<html><body>404 Not Found</body></html>", {"Content-Type": "text/html"}
                else:
                    time.sleep(route.get("delay", 0))
                    body = server.body_of(key, route, number)
                    status = route.get("status", 200)
                    etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
                    headers = {"Content-Type": route.get("content_type", "text/html; charset=utf-8"),
                               "ETag": etag, "Last-Modified": LAST_MODIFIED, **route.get("headers", {})}
                    if status == 200 and self.headers.get("If-None-Match") == etag:
                        status, body = 304, b""
                headers["Content-Length"] = str(len(body))
                self.send_response(status)
                for name, value in headers.items():
                    if isinstance(value, list):  # raw header bytes given as a list of byte values
                        self._headers_buffer.append(name.encode("latin-1") + b": " + bytes(value) + b"\r\n")
                    else:
                        self.send_header(name, value)
                self.end_headers()
                sent = 0 if head else len(body)
                if not head:
                    self.wfile.write(body)
                with server._lock:
                    server.log.append(LoggedRequest(self.command, key, status, sent, conditional))

        return Handler
