"""Who may use an embedded store at once: one writer, any number of readers, told plainly.

Oxigraph (RocksDB) lets one process open a store for writing, and reading it read-only while
another process writes is undefined behaviour. So beside ``STORE/oxigraph`` sits a lock file
(``STORE/oxigraph.lock``): a writer (ingest, crawl) holds it exclusively and writes who it is
into it; a reader (query, export, validate) holds it shared while it reads the live store.
While a writer holds it, readers read the writer's published snapshot instead: the writer
publishes one (Oxigraph's hard-link backup, cheap) when it starts and then every
``PUBLISH_INTERVAL`` seconds while it writes, so a query during a crawl answers from a state at
most that old. A second writer waits, saying for whom, and gives up with ``StoreBusy``.

Snapshots live in ``STORE/snapshots/NAME`` with a lock file ``NAME.lock``: whoever uses one
holds that lock (shared to read a published one; exclusive for the snapshot a ``serve`` owns),
and a snapshot is removed only by someone who can take its lock exclusively, i.e. when nobody
uses it. So no process ever removes another's snapshot."""

from __future__ import annotations

import fcntl
import os
import shutil
import sys
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

import pyoxigraph as ox

PUBLISH_INTERVAL = 30.0  # seconds between snapshots a writer publishes for readers
WAIT_STEP = 0.2


class StoreBusy(RuntimeError):
    """Another process writes the store (and did not finish within the wait)."""


def _stamp() -> str:
    return datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")


def _try_flock(fd: int, mode: int) -> bool:
    try:
        fcntl.flock(fd, mode | fcntl.LOCK_NB)
        return True
    except BlockingIOError:
        return False


class StoreLock:
    """The lock beside a live store (``oxigraph`` → ``oxigraph.lock``)."""

    def __init__(self, live: Path) -> None:
        self.live = live
        self.path = live.with_name(live.name + ".lock")
        self.fd: int | None = None
        self.mode: str | None = None  # "shared" | "exclusive"

    def _open(self) -> int:
        if self.fd is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        return self.fd

    def try_shared(self) -> bool:
        if _try_flock(self._open(), fcntl.LOCK_SH):
            self.mode = "shared"
            return True
        return False

    def try_exclusive(self) -> bool:
        if _try_flock(self._open(), fcntl.LOCK_EX):
            self.mode = "exclusive"
            os.ftruncate(self.fd, 0)
            command = " ".join(os.path.basename(a) if i == 0 else a for i, a in enumerate(sys.argv))[:120]
            os.pwrite(self.fd, f"pid {os.getpid()} ({command}) since {datetime.now().isoformat(timespec='seconds')}"
                      .encode("utf-8", "replace"), 0)
            return True
        return False

    def holder(self) -> str:
        """Who writes the store, as the writer said it (empty when readers hold it)."""
        try:
            return self.path.read_text(encoding="utf-8", errors="replace").strip()
        except OSError:
            return ""

    def acquire_exclusive(self, wait: float, on_wait: Callable[[str], None] | None) -> None:
        """Become the writer, waiting up to ``wait`` seconds (saying so once) for the one before."""
        deadline = time.monotonic() + wait
        told = False
        while not self.try_exclusive():
            who = self.busy_message()
            if time.monotonic() >= deadline:
                raise StoreBusy(f"{who}; try again when it is done" + ("" if wait else " (or wait for it: --wait SECONDS)"))
            if not told and on_wait is not None:
                on_wait(f"{who}: waiting up to {wait:g} s")
                told = True
            time.sleep(WAIT_STEP)

    def busy_message(self) -> str:
        holder = self.holder()
        if holder and not _try_flock_probe(self.path, fcntl.LOCK_SH):
            return f"the store {self.live.parent} is being written by {holder}"
        return f"the store {self.live.parent} is being read (a query, an export or an open Python session)"

    def release(self) -> None:
        if self.fd is not None:
            if self.mode == "exclusive":
                os.ftruncate(self.fd, 0)
            fcntl.flock(self.fd, fcntl.LOCK_UN)
            os.close(self.fd)
        self.fd = self.mode = None


def _try_flock_probe(path: Path, mode: int) -> bool:
    """Could a lock of ``mode`` be had on ``path`` right now? (taken and let go at once)"""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return True
    try:
        if _try_flock(fd, mode):
            fcntl.flock(fd, fcntl.LOCK_UN)
            return True
        return False
    finally:
        os.close(fd)


class Snapshots:
    """The snapshots of one store (``STORE/snapshots``), each guarded by ``NAME.lock``."""

    def __init__(self, live: Path) -> None:
        self.folder = live.parent / "snapshots"

    def create(self, source: ox.Store, kind: str) -> tuple[Path, int]:
        """A new snapshot of ``source`` named ``KIND-TIME-PID``, returned with its lock held
        exclusively (the caller owns it until it lets go)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        target = self.folder / f"{kind}-{_stamp()}-{os.getpid()}"
        fd = os.open(target.with_name(target.name + ".lock"), os.O_RDWR | os.O_CREAT, 0o644)
        fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            source.backup(str(target))
        except BaseException:
            self._remove(target, fd)
            raise
        return target, fd

    def publish(self, source: ox.Store) -> Path:
        """A writer's snapshot for readers; older unused ones are removed."""
        target, fd = self.create(source, "published")
        fcntl.flock(fd, fcntl.LOCK_UN)  # published: anyone may read it, and remove it when unused
        os.close(fd)
        self.prune("published", keep={target})
        return target

    def newest(self, kind: str) -> list[Path]:
        if not self.folder.is_dir():
            return []
        return sorted((p for p in self.folder.glob(f"{kind}-*") if p.is_dir()), reverse=True)

    def hold(self, snapshot: Path) -> int | None:
        """A shared hold on a snapshot (None when it is gone or being removed)."""
        lock = snapshot.with_name(snapshot.name + ".lock")
        try:
            fd = os.open(lock, os.O_RDWR)  # never create: a missing lock means it is being removed
        except OSError:
            return None
        if _try_flock(fd, fcntl.LOCK_SH):
            try:
                if os.fstat(fd).st_ino == os.stat(lock).st_ino and snapshot.is_dir():
                    return fd
            except OSError:
                pass
        os.close(fd)
        return None

    def hold_newest_published(self) -> tuple[Path, int] | None:
        for snapshot in self.newest("published"):
            fd = self.hold(snapshot)
            if fd is not None:
                return snapshot, fd
        return None

    def prune(self, kind: str, keep: set[Path] = frozenset()) -> None:
        """Remove the snapshots of ``kind`` that nobody uses (their lock is free), but ``keep``."""
        for snapshot in self.newest(kind):
            if snapshot in keep:
                continue
            lock = snapshot.with_name(snapshot.name + ".lock")
            try:
                fd = os.open(lock, os.O_RDWR)
            except OSError:
                continue
            if _try_flock(fd, fcntl.LOCK_EX):
                self._remove(snapshot, fd)
            else:
                os.close(fd)

    @staticmethod
    def _remove(snapshot: Path, fd: int) -> None:
        """Remove a snapshot whose lock ``fd`` is held exclusively, then its lock file."""
        shutil.rmtree(snapshot, ignore_errors=True)
        try:
            os.unlink(snapshot.with_name(snapshot.name + ".lock"))
        except OSError:
            pass
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)

    def release(self, snapshot: Path, fd: int, remove: bool = False) -> None:
        """Let go of a held snapshot; ``remove`` one we own (held exclusively)."""
        if remove:
            self._remove(snapshot, fd)
        else:
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)
