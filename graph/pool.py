"""Reading off the reactor: documents are read and mapped in worker processes while Scrapy
keeps downloading; each result comes back on the reactor thread as a Deferred, and the store is
written there, by one process. With 0 workers the work runs inline (the crawling process reads
each document itself, as a benchmark baseline and where processes cannot be started).

The workers are ``crawler.workers.ReadingPool``'s: forked from a clean forkserver (never from
the process running Twisted's reactor and threads), each capped in memory and time per document
(``ReadLimits``); a document whose worker timed out or died fails alone, with its reason (a
``DocumentError`` in the Deferred's errback), and the pool replaces the worker."""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future

from twisted.internet.defer import Deferred, maybeDeferred

from crawler.read.limits import DEFAULT_LIMITS, ReadLimits
from crawler.workers import ReadingPool as Workers

logger = logging.getLogger(__name__)

# Scrapy bounds the items in flight itself (CONCURRENT_ITEMS); submitting never waits on the reactor
QUEUE_SIZE = 10_000


class ReadingPool:
    def __init__(self, workers: int | None = None, limits: ReadLimits = DEFAULT_LIMITS) -> None:
        self.workers = workers
        self.limits = limits
        self.pools: dict[Callable, Workers] = {}  # one per function run in workers

    def _pool(self, fn: Callable) -> Workers:
        if fn not in self.pools:
            self.pools[fn] = Workers(self.workers, self.limits, QUEUE_SIZE, read=fn, failed=None)
        return self.pools[fn]

    def warm_up(self, fn: Callable) -> None:
        """Start the workers for ``fn`` now (the forkserver imports the readers while the crawl
        walks the navigation)."""
        if self.workers != 0:
            self._pool(fn)

    def submit(self, fn: Callable, path, *args) -> Deferred:
        """``fn(path, *args, limits=…)`` in a worker; the Deferred fires on the reactor thread."""
        if self.workers == 0:
            return maybeDeferred(fn, path, *args, limits=self.limits)
        from twisted.internet import reactor

        result: Deferred = Deferred()
        future = self._pool(fn).submit(path, *args)
        future.add_done_callback(lambda f: reactor.callFromThread(self._settle, result, f))
        return result

    @staticmethod
    def _settle(result: Deferred, future: Future) -> None:
        error = future.exception()
        if error is not None:
            result.errback(error)
        else:
            result.callback(future.result())

    def close(self) -> None:
        for pool in self.pools.values():
            pool.close()
        self.pools.clear()
