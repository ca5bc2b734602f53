"""Reading off the reactor: documents are read and mapped in worker processes while Scrapy
keeps downloading; each result comes back on the reactor thread as a Deferred, and the store is
written there, by one process. With 0 workers the work runs inline (the crawling process reads
each document itself, as a benchmark baseline and where processes cannot be started).

A small adapter over ``concurrent.futures.ProcessPoolExecutor`` (spawned workers: forking a
process that runs Twisted's reactor and threads is unsafe); a worker that dies takes only its
own document with it — the pool is started afresh for the next."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from importlib import import_module
from multiprocessing import get_context

from twisted.internet.defer import Deferred, maybeDeferred

logger = logging.getLogger(__name__)


class ReadingPool:
    def __init__(self, workers: int | None = None) -> None:
        self.workers = (os.cpu_count() or 1) if workers is None else workers
        self.executor: ProcessPoolExecutor | None = None

    def _executor(self) -> ProcessPoolExecutor:
        if self.executor is None:
            self.executor = ProcessPoolExecutor(self.workers, mp_context=get_context("spawn"))
        return self.executor

    def warm_up(self, module: str) -> None:
        """Start the workers now and have each import ``module``, so the first documents do not
        wait for processes to start (they start while the crawl walks the navigation)."""
        if self.workers:
            for _ in range(self.workers):
                self._executor().submit(import_module, module)

    def submit(self, fn: Callable, *args) -> Deferred:
        """``fn(*args)`` in a worker; the Deferred fires on the reactor thread."""
        if self.workers == 0:
            return maybeDeferred(fn, *args)
        from twisted.internet import reactor

        result: Deferred = Deferred()
        try:
            future = self._executor().submit(fn, *args)
        except BrokenProcessPool:
            self.restart()
            future = self._executor().submit(fn, *args)
        future.add_done_callback(lambda f: reactor.callFromThread(self._settle, result, f))
        return result

    def _settle(self, result: Deferred, future: Future) -> None:
        error = future.exception()
        if isinstance(error, BrokenProcessPool):
            logger.warning("a reading worker died; starting the pool afresh")
            self.restart()
        if error is not None:
            result.errback(error)
        else:
            result.callback(future.result())

    def restart(self) -> None:
        if self.executor is not None:
            self.executor.shutdown(wait=False, cancel_futures=True)
        self.executor = None

    def close(self) -> None:
        if self.executor is not None:
            self.executor.shutdown(wait=True)
            self.executor = None
