"""``budgetkg serve``: a SPARQL 1.1 Protocol endpoint an analyst can expose.

The query engine is Oxigraph's own server (``oxigraph serve-read-only``: SPARQL 1.1 Protocol,
content negotiation for JSON/XML/CSV/TSV results and Turtle/JSON-LD graphs, a query timeout,
the union of all graphs as default graph), run as a child process on a loopback port over a
snapshot of the store that this ``serve`` owns (``store.access``: a crawl keeps writing the
store, and no other process removes the snapshot while it is served).

In front of it, a guard (WSGI, served by waitress: a listen backlog and a bounded thread pool,
so 50 clients at once are all answered) is the only thing that listens outside:

- a query longer or deeper than the limits, or with ``SERVICE`` (the engine would fetch any
  URL), is refused before the engine sees it (``query_guard``); updates are refused;
- the Host header must name this server (DNS rebinding), a request from a foreign web page
  (its ``Origin``) is refused unless listed with ``--cors-origin``, which also answers CORS;
- answers stream through, counted: past ``--max-result-bytes`` the answer is cut (the client
  sees an incomplete response ending in the reason), and no answer is held whole in memory;
  answers that fit the first buffer are checked whole, so a cancelled query becomes a 500;
- a query still running past ``--timeout`` is stopped by killing the engine, which the
  supervisor restarts at once (Oxigraph does not cancel a running ORDER BY or COUNT itself);
  the supervisor also restarts an engine that dies for any other reason, and says so;
- the engine's output is read continuously into the log (a pipe left unread fills and hangs it);
- ``/`` is a query page that works offline (no CDN)."""

from __future__ import annotations

import http.client
import logging
import shutil
import signal
import socket
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlencode

import pyoxigraph as ox

from .query_guard import QueryLimits, QueryRefused, check_query
from .store.access import Snapshots, StoreLock

LOG = logging.getLogger("budgetkg.serve")
CANCELLED = b"The SPARQL operation has been cancelled"
PAGE = Path(__file__).resolve().parent / "static" / "query.html"
_HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade", "proxy-authenticate",
               "proxy-authorization", "content-length", "server", "date"}
_DATASET_PARAMETERS = ("default-graph-uri", "named-graph-uri")
_FORM = "application/x-www-form-urlencoded"


class ServeError(RuntimeError):
    pass


class AnswerCut(Exception):
    """Raised inside a streamed answer to end it without its last chunk: the client sees the
    answer is incomplete (the reason is in the text sent before)."""


@dataclass(frozen=True)
class ServeSettings:
    host: str = "127.0.0.1"
    port: int = 3030
    timeout_s: float = 30
    max_result_bytes: int = 64 * 2**20
    query: QueryLimits = QueryLimits()
    cors_origins: tuple[str, ...] = ()  # web pages (origins) that may query from a browser
    allowed_hosts: tuple[str, ...] = ()  # Host names besides this machine's (behind a proxy, a DNS name)
    threads: int = 16
    backlog: int = 1024
    union_default_graph: bool = True
    checked_whole_bytes: int = 256 * 1024  # answers up to this size are read whole before sending
    grace_s: float = 1.0  # past the timeout, how long the engine's own cancellation is awaited

    def hosts(self) -> set[str]:
        """Host names a client may use: this machine's names and addresses, and those allowed."""
        names = {self.host, "localhost", "127.0.0.1", "::1", socket.gethostname(), socket.getfqdn()}
        try:
            names |= set(socket.gethostbyname_ex(socket.gethostname())[2])
        except OSError:
            pass
        return {n.lower() for n in names | set(self.allowed_hosts) if n}


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def wait_for_port(host: str, port: int, seconds: float = 20.0, proc: subprocess.Popen | None = None) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline:
        if proc is not None and proc.poll() is not None:
            raise ServeError(f"the query engine exited at start (status {proc.returncode})")
        try:
            socket.create_connection((host, port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise ServeError(f"nothing listens on {host}:{port} after {seconds:.0f}s")


def take_snapshot(store_folder: Path) -> tuple[Path, int]:
    """This serve's own snapshot of the store, with its lock held (until ``release``)."""
    live = store_folder / "oxigraph"
    if not live.is_dir():
        raise ServeError(f"no store at {live}: ingest or crawl something first")
    snapshots = Snapshots(live)
    snapshots.prune("serve")  # left by serves that died; live ones hold their locks
    lock = StoreLock(live)
    held = None
    try:
        if lock.try_exclusive():  # nobody writes: open as the writer, so a killed writer's last writes are in
            source = ox.Store(str(live))
        elif lock.try_shared():
            source = ox.Store.read_only(str(live))
        else:  # a crawl or ingest writes: serve what it last published
            held = snapshots.hold_newest_published()
            if held is None:
                raise ServeError(f"{lock.busy_message()}, and it has published no snapshot yet; try again")
            source = ox.Store.read_only(str(held[0]))
        try:
            return snapshots.create(source, "serve")
        finally:
            del source
    finally:
        if held is not None:
            snapshots.release(*held)
        lock.release()


def _how_it_ended(code: int) -> str:
    if code < 0:
        try:
            return f"killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"killed by signal {-code}"
    return f"exit status {code}"


class Engine:
    """The Oxigraph child on a loopback port, supervised: restarted whenever it ends, its
    output drained into the log line by line."""

    def __init__(self, location: Path, settings: ServeSettings) -> None:
        binary = shutil.which("oxigraph")
        if binary is None:
            raise ServeError("the oxigraph server is not installed: pip install oxigraph")
        self.command = [binary, "serve-read-only", "--location", str(location), "--timeout-s",
                        str(max(1, round(settings.timeout_s)))]
        if settings.union_default_graph:
            self.command.append("--union-default-graph")
        self.ready = threading.Event()
        self.guard = threading.Lock()
        self.proc: subprocess.Popen | None = None
        self.port = 0
        self.generation = 0
        self.kill_reasons: dict[int, str] = {}  # generation → why we killed it (kept: tells retries apart)
        self.stopping = False
        self.restarts = 0

    def start(self) -> None:
        self._spawn()
        threading.Thread(target=self._watch, name="engine-watch", daemon=True).start()

    def _spawn(self) -> None:
        port = free_port()
        proc = subprocess.Popen(self.command + ["--bind", f"127.0.0.1:{port}"], stdin=subprocess.DEVNULL,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
        threading.Thread(target=self._drain, args=(proc,), name="engine-log", daemon=True).start()
        try:
            wait_for_port("127.0.0.1", port, proc=proc)
        except ServeError:
            proc.kill()
            raise
        with self.guard:
            self.proc, self.port = proc, port
            self.generation += 1
        self.ready.set()

    @staticmethod
    def _drain(proc: subprocess.Popen) -> None:
        for line in proc.stdout:
            LOG.warning("oxigraph: %s", line.decode("utf-8", "replace").rstrip())

    def _watch(self) -> None:
        while True:
            with self.guard:
                proc, generation = self.proc, self.generation
            code = proc.wait()
            if self.stopping:
                return
            self.ready.clear()
            reason = self.kill_reasons.get(generation)
            LOG.error("the query engine %s; restarting it", f"was stopped: {reason}" if reason
                      else f"died ({_how_it_ended(code)})")
            while not self.stopping:
                try:
                    self._spawn()
                    self.restarts += 1
                    LOG.warning("the query engine is back (restart %d)", self.restarts)
                    break
                except (ServeError, OSError) as exc:
                    LOG.error("the query engine did not restart: %s; trying again", exc)
                    time.sleep(1)

    def current(self, wait: float = 15.0) -> tuple[int, int]:
        """(port, generation) of the running engine, waiting for a restart to finish."""
        if not self.ready.wait(wait):
            raise ConnectionError("the query engine is restarting")
        with self.guard:
            return self.port, self.generation

    def kill(self, generation: int, reason: str) -> None:
        """Stop the engine of ``generation`` (not a newer one): the one way to stop a query."""
        with self.guard:
            if generation != self.generation or self.proc is None:
                return
            self.kill_reasons[generation] = reason
            self.ready.clear()
            self.proc.kill()

    def stop(self) -> None:
        self.stopping = True
        with self.guard:
            proc = self.proc
        if proc is not None and proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(5)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(5)


@dataclass
class _Request:
    method: str
    params: dict[str, list[str]] = field(default_factory=dict)
    accept: str = "application/sparql-results+json"


class GuardApp:
    """The WSGI application that answers outside: checks, forwards, streams."""

    def __init__(self, settings: ServeSettings, engine: Engine | None = None) -> None:
        self.settings = settings
        self.engine = engine
        self.hosts = settings.hosts()

    def __call__(self, environ, start_response):
        started = time.monotonic()
        status_seen = []

        def logged_start(status, headers, exc_info=None):
            status_seen.append(status)
            return start_response(status, headers, exc_info)

        try:
            return self._answer(environ, logged_start, started)
        except QueryRefused as exc:
            LOG.info("refused %s: %s", environ.get("REMOTE_ADDR"), exc)
            return self._text(logged_start, exc.status, str(exc), self._cors_headers(environ))
        finally:
            LOG.info("%s %s → %s in %.2fs", environ.get("REQUEST_METHOD"), environ.get("PATH_INFO"),
                     status_seen[0].split()[0] if status_seen else "-", time.monotonic() - started)

    # -- who may ask ---------------------------------------------------------------------------

    def _check_caller(self, environ) -> None:
        host = (environ.get("HTTP_HOST") or "").strip().lower()
        name = host[1:].split("]")[0] if host.startswith("[") else host.rsplit(":", 1)[0] if host.count(":") == 1 else host
        if name not in self.hosts:
            raise QueryRefused(f"Host {host or '(none)'} is not this endpoint's name (allow it with --allow-host)",
                               "421 Misdirected Request")
        origin = environ.get("HTTP_ORIGIN")
        if origin and not self._same_origin(environ, origin) and not self._allowed_origin(origin):
            raise QueryRefused(f"requests from web pages of {origin} are refused (allow them with --cors-origin)",
                               "403 Forbidden")

    @staticmethod
    def _same_origin(environ, origin: str) -> bool:
        host = environ.get("HTTP_HOST", "")
        return origin.lower() in (f"http://{host}".lower(), f"https://{host}".lower())

    def _allowed_origin(self, origin: str | None) -> bool:
        return bool(origin) and (origin in self.settings.cors_origins or "*" in self.settings.cors_origins)

    def _cors_headers(self, environ) -> list[tuple[str, str]]:
        origin = environ.get("HTTP_ORIGIN")
        if not self._allowed_origin(origin):
            return []
        return [("Access-Control-Allow-Origin", origin), ("Vary", "Origin")]

    # -- what is asked -------------------------------------------------------------------------

    def _answer(self, environ, start_response, started: float):
        self._check_caller(environ)
        method, path = environ["REQUEST_METHOD"], environ.get("PATH_INFO", "/")
        if method == "OPTIONS":
            headers = self._cors_headers(environ) + [("Access-Control-Allow-Methods", "GET, POST, OPTIONS"),
                                                     ("Access-Control-Allow-Headers", "Accept, Content-Type"),
                                                     ("Access-Control-Max-Age", "600")]
            start_response("204 No Content", headers)
            return []
        if path == "/" and method == "GET":
            return self._page(start_response)
        if path not in ("/sparql", "/query"):
            raise QueryRefused(f"nothing at {path}: the SPARQL endpoint is /sparql (read-only)", "404 Not Found")
        request = self._request(environ)
        if "update" in request.params:
            raise QueryRefused("this endpoint is read-only: updates are refused", "403 Forbidden")
        queries = request.params.get("query", [])
        if len(queries) != 1:
            raise QueryRefused("give one query (the query parameter, or the body of application/sparql-query)")
        check_query(queries[0], self.settings.query)
        return self._forward(environ, start_response, request, started)

    def _request(self, environ) -> _Request:
        method = environ["REQUEST_METHOD"]
        accept = environ.get("HTTP_ACCEPT") or "application/sparql-results+json"
        params = parse_qs(environ.get("QUERY_STRING", ""), keep_blank_values=True)
        if method == "GET":
            return _Request(method, params, accept)
        if method != "POST":
            raise QueryRefused(f"{method} is not a SPARQL query: use GET or POST", "405 Method Not Allowed")
        length = int(environ.get("CONTENT_LENGTH") or 0)
        if length > 3 * self.settings.query.max_bytes + 4096:  # room for the form's %XX encoding
            raise QueryRefused(f"the request body is {length:,} bytes, more than a query may be here",
                               "413 Content Too Large")
        body = environ["wsgi.input"].read(length) if length else b""
        kind = (environ.get("CONTENT_TYPE") or "").split(";")[0].strip().lower()
        if kind == _FORM:
            for name, values in parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True).items():
                params.setdefault(name, []).extend(values)
        elif kind == "application/sparql-query":
            params["query"] = params.get("query", []) + [body.decode("utf-8", "replace")]
        elif kind == "application/sparql-update":
            raise QueryRefused("this endpoint is read-only: updates are refused", "403 Forbidden")
        else:
            raise QueryRefused(f"a POST body of {kind or 'no type'} is no SPARQL query ({_FORM} or "
                               "application/sparql-query)", "415 Unsupported Media Type")
        return _Request(method, params, accept)

    # -- asking the engine ---------------------------------------------------------------------

    def _forward(self, environ, start_response, request: _Request, started: float):
        """The query, exactly as checked, to the engine; its answer back, counted."""
        body = urlencode([("query", request.params["query"][0])]
                         + [(name, value) for name in _DATASET_PARAMETERS for value in request.params.get(name, [])])
        headers = {"Accept": request.accept, "Content-Type": _FORM}
        deadline = started + self.settings.timeout_s + self.settings.grace_s
        for attempt in (1, 2):
            port, generation = self.engine.current()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=max(deadline - time.monotonic(), 0.01))
            try:
                conn.request("POST", "/query", body=body, headers=headers)
                response = conn.getresponse()
                first, complete = self._read_first(response, conn, deadline)
                break
            except (socket.timeout, TimeoutError):
                conn.close()
                self.engine.kill(generation, f"a query ran over {self.settings.timeout_s:g} s")
                return self._timeout(start_response, environ)
            except (OSError, http.client.HTTPException):
                conn.close()
                if attempt == 1 and generation in self.engine.kill_reasons:
                    continue  # another query's timeout stopped the engine under this one: ask again
                raise QueryRefused("the query engine stopped while answering (it is being restarted): try again",
                                   "502 Bad Gateway") from None
        out_headers = [(k, v) for k, v in response.getheaders()
                       if k.lower() not in _HOP_BY_HOP and not k.lower().startswith("access-control-")]
        out_headers += self._cors_headers(environ) + [("X-Content-Type-Options", "nosniff")]
        status = f"{response.status} {response.reason}"
        if complete:
            conn.close()
            if len(first) > self.settings.max_result_bytes:
                return self._too_large(start_response, environ)
            if CANCELLED in first[-300:]:
                # Oxigraph answers that it cancelled, but an ORDER BY or COUNT goes on computing
                self.engine.kill(generation, f"a query ran over {self.settings.timeout_s:g} s")
                return self._timeout(start_response, environ)
            start_response(status, out_headers + [("Content-Length", str(len(first)))])
            return [first]
        start_response(status, out_headers)
        return self._stream(first, response, conn, generation, deadline)

    def _read_first(self, response, conn, deadline: float) -> tuple[bytes, bool]:
        """Up to ``checked_whole_bytes`` of the answer; True when that is all of it."""
        limit = min(self.settings.checked_whole_bytes, self.settings.max_result_bytes + 1)
        parts, size = [], 0
        while size < limit:
            conn.sock.settimeout(max(deadline - time.monotonic(), 0.01))
            chunk = response.read1(limit - size)
            if not chunk:
                return b"".join(parts), True
            parts.append(chunk)
            size += len(chunk)
        return b"".join(parts), False

    def _stream(self, first: bytes, response, conn, generation: int, deadline: float):
        """The rest of a large answer as it comes, counted; cut (incomplete, with the reason as
        its last line) past the size limit or the deadline."""
        state = {"sent": len(first), "tail": first[-300:]}
        try:
            yield first
            while True:
                reason, chunk = self._next_chunk(response, conn, generation, deadline, state)
                if reason:
                    LOG.warning("answer cut: %s", reason)
                    yield f"\n# budgetkg: answer cut: {reason}\n".encode("utf-8")
                    raise AnswerCut(reason)
                if not chunk:
                    return
                yield chunk
        finally:
            conn.close()

    def _next_chunk(self, response, conn, generation: int, deadline: float, state: dict) -> tuple[str | None, bytes]:
        over = f"the query ran over {self.settings.timeout_s:g} s"
        if time.monotonic() > deadline:
            return over, b""
        try:
            conn.sock.settimeout(max(deadline - time.monotonic(), 0.01))
            chunk = response.read1(256 * 1024)
        except (socket.timeout, TimeoutError):
            self.engine.kill(generation, f"a query ran over {self.settings.timeout_s:g} s")
            return over, b""
        except (OSError, http.client.HTTPException):
            return "the query engine stopped while answering", b""
        if CANCELLED in state["tail"] + chunk:
            self.engine.kill(generation, f"a query ran over {self.settings.timeout_s:g} s")
            return over, b""
        state["sent"] += len(chunk)
        if state["sent"] > self.settings.max_result_bytes:
            return f"the answer is larger than {self.settings.max_result_bytes} bytes: add a LIMIT", b""
        state["tail"] = chunk[-300:]
        return None, chunk

    # -- plain answers -------------------------------------------------------------------------

    def _timeout(self, start_response, environ):
        return self._text(start_response, "500 Internal Server Error",
                          f"query timeout: the query ran longer than {self.settings.timeout_s:g}s and was stopped",
                          self._cors_headers(environ))

    def _too_large(self, start_response, environ):
        return self._text(start_response, "413 Content Too Large",
                          f"the result is larger than {self.settings.max_result_bytes} bytes: add a LIMIT to the query",
                          self._cors_headers(environ))

    @staticmethod
    def _text(start_response, status: str, message: str, extra: list[tuple[str, str]] = ()):
        data = (message + "\n").encode("utf-8")
        start_response(status, [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(data))),
                                *extra])
        return [data]

    @staticmethod
    def _page(start_response):
        data = PAGE.read_bytes()
        start_response("200 OK", [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(data))),
                                  ("Content-Security-Policy", "default-src 'none'; script-src 'unsafe-inline'; "
                                   "style-src 'unsafe-inline'; connect-src 'self'")])
        return [data]


class _NoCutTracebacks(logging.Filter):
    """An answer cut on purpose is logged once by the guard, not as waitress's traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.exc_info and isinstance(record.exc_info[1], AnswerCut))


def _listen(app: GuardApp, settings: ServeSettings):
    """The listening server, bound first: a taken port costs nothing and says so."""
    from waitress.server import create_server

    try:
        return create_server(app, host=settings.host, port=settings.port, threads=settings.threads,
                             backlog=settings.backlog, connection_limit=max(1000, settings.backlog),
                             channel_timeout=max(60, int(settings.timeout_s) * 2), asyncore_use_poll=True,
                             ident="budgetkg", clear_untrusted_proxy_headers=True,
                             # a slow reader holds its answer's thread, not the answer: at most this much
                             # waits per connection before the engine is read further
                             outbuf_high_watermark=2 * 2**20, outbuf_overflow=512 * 1024)
    except OSError as exc:
        raise ServeError(f"cannot listen on {settings.host}:{settings.port}: {exc.strerror or exc} "
                         "(another server there? choose another --port)") from None


def _exit_on_sigterm(signum, frame):
    raise SystemExit(0)  # run the finally blocks: the engine and the snapshot must not outlive us


def serve(store_folder: Path, settings: ServeSettings) -> None:
    logging.basicConfig(format="serve: %(message)s", level=logging.INFO)
    logging.getLogger("waitress").addFilter(_NoCutTracebacks())
    signal.signal(signal.SIGTERM, _exit_on_sigterm)
    app = GuardApp(settings)
    server = _listen(app, settings)
    snapshot = fd = engine = None
    try:
        snapshot, fd = take_snapshot(store_folder)
        app.engine = engine = Engine(snapshot, settings)
        engine.start()
        print(f"SPARQL endpoint: http://{settings.host}:{server.effective_port}/sparql (read-only, snapshot "
              f"{snapshot.name}, timeout {settings.timeout_s:g}s, results up to {settings.max_result_bytes} bytes, "
              f"{settings.threads} threads); query page: http://{settings.host}:{server.effective_port}/", flush=True)
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        if engine is not None:
            engine.stop()
        server.close()
        if snapshot is not None:
            Snapshots(store_folder / "oxigraph").release(snapshot, fd, remove=True)
