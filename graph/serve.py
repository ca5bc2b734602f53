"""``budgetkg serve``: the SPARQL 1.1 Protocol endpoint for analysts.

The endpoint is Oxigraph's own server (``oxigraph serve-read-only``: SPARQL 1.1 Protocol at
/sparql, content negotiation for JSON/XML/CSV/TSV results and Turtle/JSON-LD graphs, updates
and Graph Store writes refused with 403, a query timeout). It serves a snapshot of the store
(Oxigraph's hard-link backup), because a read-only opener beside a live writer is undefined
behaviour in Oxigraph: crawls keep writing the store while analysts query the snapshot.

Oxigraph reports a timeout inside an already-started 200 response and has no result cap, so
a thin guard in front buffers each answer: a cancelled query becomes a 500 that says so, an
answer over the size limit a 413 that asks for a LIMIT. Everything else passes through."""

from __future__ import annotations

import http.client
import shutil
import signal
import socket
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import pyoxigraph as ox

CANCELLED = b"The SPARQL operation has been cancelled"
_FORWARDED_HEADERS = ("Accept", "Content-Type")
_HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade", "proxy-authenticate",
               "proxy-authorization", "content-length"}


class ServeError(RuntimeError):
    pass


def snapshot(store_folder: Path) -> Path:
    """A consistent copy of the embedded store to serve (hard links, so cheap); older
    snapshots are removed."""
    live = store_folder / "oxigraph"
    if not live.exists():
        raise ServeError(f"no store at {live}: ingest or crawl something first")
    snapshots = store_folder / "snapshots"
    snapshots.mkdir(parents=True, exist_ok=True)
    for old in snapshots.iterdir():
        shutil.rmtree(old, ignore_errors=True)
    target = snapshots / datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
    try:
        store = ox.Store(str(live))
    except OSError as exc:
        raise ServeError(f"the store {live} is busy (a crawl or ingest holds it): {exc}") from exc
    try:
        store.backup(str(target))
    finally:
        del store
    return target


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def wait_for_port(host: str, port: int, seconds: float = 20.0) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            socket.create_connection((host, port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise ServeError(f"nothing listens on {host}:{port} after {seconds:.0f}s")


def start_oxigraph(location: Path, port: int, timeout_s: int) -> subprocess.Popen:
    binary = shutil.which("oxigraph")
    if binary is None:
        raise ServeError("the oxigraph server is not installed: pip install oxigraph")
    proc = subprocess.Popen([binary, "serve-read-only", "--location", str(location), "--bind", f"127.0.0.1:{port}",
                             "--timeout-s", str(timeout_s)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wait_for_port("127.0.0.1", port)
    return proc


class GuardApp:
    """WSGI: forward to the upstream Oxigraph server, check the whole answer before sending it."""

    def __init__(self, upstream_port: int, timeout_s: int, max_result_bytes: int) -> None:
        self.upstream_port = upstream_port
        self.timeout_s = timeout_s
        self.max_result_bytes = max_result_bytes

    def __call__(self, environ, start_response):
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length) if length else None
        path = environ.get("PATH_INFO", "/") + (f"?{environ['QUERY_STRING']}" if environ.get("QUERY_STRING") else "")
        headers = {h: environ[f"HTTP_{h.upper().replace('-', '_')}"] for h in _FORWARDED_HEADERS
                   if f"HTTP_{h.upper().replace('-', '_')}" in environ}
        if environ.get("CONTENT_TYPE"):
            headers["Content-Type"] = environ["CONTENT_TYPE"]
        conn = http.client.HTTPConnection("127.0.0.1", self.upstream_port, timeout=self.timeout_s + 30)
        try:
            conn.request(environ["REQUEST_METHOD"], path, body=body, headers=headers)
            response = conn.getresponse()
            data = response.read(self.max_result_bytes + 1)
            if len(data) > self.max_result_bytes:
                return self._error(start_response, "413 Content Too Large",
                                   f"the result is larger than {self.max_result_bytes} bytes: add a LIMIT to the query")
            if CANCELLED in data[-200:]:
                return self._error(start_response, "500 Internal Server Error",
                                   f"query timeout: the query ran longer than {self.timeout_s}s and was cancelled")
            out_headers = [(k, v) for k, v in response.getheaders() if k.lower() not in _HOP_BY_HOP]
            start_response(f"{response.status} {response.reason}", out_headers + [("Content-Length", str(len(data)))])
            return [data]
        finally:
            conn.close()

    @staticmethod
    def _error(start_response, status: str, message: str):
        data = message.encode("utf-8")
        start_response(status, [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(data)))])
        return [data]


class _ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args):  # one line per request on stderr, without the host lookup
        sys.stderr.write(f"{self.command} {self.path[:120]} → {args[1] if len(args) > 1 else ''}\n")


def _exit_on_sigterm(signum, frame):
    raise SystemExit(0)  # run the finally blocks: the upstream server must not outlive us


def serve(store_folder: Path, host: str, port: int, timeout_s: int, max_result_bytes: int) -> None:
    signal.signal(signal.SIGTERM, _exit_on_sigterm)
    location = snapshot(store_folder)
    upstream = start_oxigraph(location, free_port(), timeout_s)
    try:
        upstream_port = int(upstream.args[upstream.args.index("--bind") + 1].rsplit(":", 1)[1])
        app = GuardApp(upstream_port, timeout_s, max_result_bytes)
        with make_server(host, port, app, server_class=_ThreadingWSGIServer, handler_class=_QuietHandler) as httpd:
            print(f"SPARQL endpoint: http://{host}:{port}/sparql (read-only, snapshot {location.name}, "
                  f"timeout {timeout_s}s, results up to {max_result_bytes} bytes)", flush=True)
            httpd.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        upstream.terminate()
        upstream.wait(10)
