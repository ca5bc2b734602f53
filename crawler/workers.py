"""Documents read in worker processes, each within its budgets: ``ReadingPool``.

A hostile document (a span bomb, a zip bomb, a parser stuck in a loop) must cost that document
only. Each worker process caps its own address space (``RLIMIT_AS``) at ``max_memory_mb``, and
a document that takes longer than ``max_seconds`` has its worker killed and replaced (pebble's
process pool does both the killing and the replacing); either way the caller gets an
``IngestResult`` whose error says why ("took over 300 s", "needs more than 2048 MB"), never an
exception, and the other documents go on.

    with ReadingPool(jobs=2) as pool:
        for result in pool.map(paths):        # in the order given, a bounded number in flight
            ...
        future = pool.submit(path)            # or one at a time: a Future of an IngestResult

(``graph.pool`` hands the crawl's documents to one of these, its results back on the reactor.)

Workers are forked from a clean forkserver (never from a parent holding a store's threads) that
has imported the readers once. The parent only receives results: what it stores stays in the
one process that writes."""

from __future__ import annotations

import multiprocessing
import multiprocessing.forkserver
import os
import resource
import signal
import threading
from collections import deque
from concurrent.futures import Future
from pathlib import Path
from typing import Callable, Iterable, Iterator

from pebble import ProcessExpired, ProcessPool

from .errors import DocumentError, ReadTimeout, WorkerDied
from .ingest import IngestResult, ingest_file
from .read.limits import DEFAULT_LIMITS, MB, ReadLimits

# a worker is replaced after this many documents, so what a big document left behind in the
# worker's heap does not stay for the rest of a long crawl
TASKS_PER_WORKER = 200


def _cap_memory(limits: ReadLimits) -> None:
    """In each worker: an allocation past ``max_memory_mb`` fails (MemoryError) in this process
    instead of exhausting the machine."""
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    cap = limits.max_memory_mb * MB
    resource.setrlimit(resource.RLIMIT_AS, (cap if hard == resource.RLIM_INFINITY else min(cap, hard), hard))
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle


def _run(read: Callable, path: str, args: tuple, limits: ReadLimits):
    return read(path, *args, limits=limits)


def failed_result(path: str | Path, error: DocumentError) -> IngestResult:
    """An ``IngestResult`` for a document whose reading did not come back."""
    error.path = error.path or str(path)
    return IngestResult(str(path), error=error)


def _how_it_died(exc: ProcessExpired) -> str:
    code = getattr(exc, "exitcode", None)
    if isinstance(code, int) and code < 0:
        try:
            return f"killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"killed by signal {-code}"
    return f"exit status {code}"


class ReadingPool:
    """``jobs`` worker processes (default: one per CPU) reading documents within ``limits``;
    at most ``queue_size`` documents submitted and not yet done (``submit`` waits for room).

    What a worker does with a document is ``read(path, *args, limits=...)`` (by default
    ``ingest_file``; the graph's pool reads and maps, ``graph.load.read_and_map``); a document
    whose worker timed out or died comes back as ``failed(path, error)``, or, with ``failed``
    None, as the future's exception (a ``DocumentError`` saying why)."""

    def __init__(self, jobs: int | None = None, limits: ReadLimits = DEFAULT_LIMITS,
                 queue_size: int | None = None, read: Callable = ingest_file,
                 failed: Callable[[str | Path, DocumentError], object] | None = failed_result) -> None:
        self.jobs = max(1, jobs or os.cpu_count() or 1)
        self.limits = limits
        self.read = read
        self.failed = failed
        self.queue_size = queue_size or 2 * self.jobs
        self._room = threading.BoundedSemaphore(self.queue_size)
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["crawler.ingest", read.__module__])
        # the server imports the readers now, while the caller does its own work (opening a store)
        multiprocessing.forkserver.ensure_running()
        self._pool = ProcessPool(max_workers=self.jobs, max_tasks=TASKS_PER_WORKER, initializer=_cap_memory,
                                 initargs=(limits,), context=context)

    def submit(self, path: str | Path, *args) -> Future:
        """Read one document (``read(path, *args)``); the future's result is what ``read``
        returns, or ``failed(path, error)`` when the worker could not finish."""
        self._room.acquire()
        out: Future = Future()
        try:
            task = self._pool.schedule(_run, args=(self.read, str(path), args, self.limits),
                                       timeout=self.limits.max_seconds)
        except RuntimeError as exc:  # the pool cannot start workers: say so for this document
            self._room.release()
            error = DocumentError(f"could not be read: the worker pool failed ({exc})")
            error.code = "reader-failure"
            self._fail(out, path, error)
            return out
        except BaseException:
            self._room.release()
            raise
        task.add_done_callback(lambda done: self._settle(done, out, path))
        return out

    def _settle(self, task, out: Future, path: str | Path) -> None:
        self._room.release()
        try:
            out.set_result(task.result())
            return
        except TimeoutError:
            error = ReadTimeout(f"took over {self.limits.max_seconds:g} s to read; stopped (limit max_seconds)")
        except ProcessExpired as exc:
            error = WorkerDied(f"the process reading it died ({_how_it_died(exc)}): a reader crash, or it needs more "
                               f"than {self.limits.max_memory_mb:,} MB (limit max_memory_mb)")
        except BaseException as exc:  # the pool itself failed this task: report it for this document
            error = DocumentError(f"could not be read in a worker: {exc.__class__.__name__}: {exc}")
            error.code = "reader-failure"
        self._fail(out, path, error)

    def _fail(self, out: Future, path: str | Path, error: DocumentError) -> None:
        error.path = error.path or str(path)
        if self.failed is None:
            out.set_exception(error)
        else:
            out.set_result(self.failed(path, error))

    def map(self, jobs: Iterable) -> Iterator:
        """Results in the order of ``jobs`` (paths, or tuples ``(path, *args)``); no more than
        ``queue_size`` read ahead of the consumer, so a slow consumer holds a bounded number."""
        pending: deque[Future] = deque()
        for job in jobs:
            if len(pending) >= self.queue_size:
                yield pending.popleft().result()
            pending.append(self.submit(*(job if isinstance(job, tuple) else (job,))))
        while pending:
            yield pending.popleft().result()

    def close(self) -> None:
        self._pool.close()
        self._pool.join()

    def stop(self) -> None:
        """Kill the workers now (the documents in flight are abandoned)."""
        self._pool.stop()
        self._pool.join()

    def __enter__(self) -> "ReadingPool":
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            self.close()
        else:
            self.stop()
