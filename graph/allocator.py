"""The memory allocator the ``budgetkg`` program runs with: jemalloc where it is installed.

The store (Oxigraph, in Rust, through the C library's ``malloc``) allocates and frees a small
buffer for nearly every key it reads or writes. Under glibc's allocator that bookkeeping is about
a third of a bulk load's CPU time and a quarter of a national dump's (perf: ``_int_free``,
``unlink_chunk``); jemalloc does the same work in far less. ``tests/benchmarks/bench_graph.py``
runs both side by side; at 2,800 counties × 5 years: bulk loader 159k → 188k triples/s, national
kpis dump 206 → 151 s; functional_expenditure dump and units_by_functional_code about 1.1×.

A running process cannot change its allocator, so the program starts itself again, once, with
the library preloaded (what jemalloc's own ``jemalloc.sh`` wrapper does), before it imports
anything else. What it starts (reading workers, ``oxigraph serve``, LibreOffice) inherits it.
Nothing changes where the library is missing (Debian: ``apt-get install libjemalloc2``), where
``LD_PRELOAD`` already names it, or with ``BUDGETKG_ALLOCATOR=system``."""

from __future__ import annotations

import ctypes.util
import os
import sys

SETTING = "BUDGETKG_ALLOCATOR"  # "jemalloc" (the default) or "system"


def jemalloc_library() -> str | None:
    """The name the dynamic loader knows jemalloc by (``libjemalloc.so.2``), None if absent."""
    return ctypes.util.find_library("jemalloc") if sys.platform.startswith("linux") else None


def environment_with_jemalloc(environ: dict[str, str]) -> dict[str, str] | None:
    """``environ`` with jemalloc preloaded; None where it should stay as it is (asked not to,
    already preloaded, or not installed)."""
    if environ.get(SETTING, "jemalloc") != "jemalloc" or "jemalloc" in environ.get("LD_PRELOAD", ""):
        return None
    library = jemalloc_library()
    if library is None:
        return None
    preload = " ".join(part for part in (library, environ.get("LD_PRELOAD", "")) if part)
    return {**environ, "LD_PRELOAD": preload}


def restart_with_jemalloc() -> None:
    """Replace this process by the same command under jemalloc (returns only where it stays as
    it is). Call it first thing in a program's entry point, never inside a process that already
    holds a store or threads: ``exec`` keeps nothing of them."""
    environ = environment_with_jemalloc(dict(os.environ))
    if environ is None:
        return
    try:
        os.execve(sys.executable, [sys.executable, *sys.orig_argv[1:]], environ)
    except OSError:
        return  # e.g. the interpreter moved since it started: go on with the C library's allocator


def jemalloc_loaded() -> bool:
    """Whether this process allocates with jemalloc."""
    try:
        with open("/proc/self/maps", encoding="utf-8", errors="replace") as maps:
            return any("libjemalloc" in line for line in maps)
    except OSError:
        return False


def run() -> int:
    """The ``budgetkg`` console script."""
    restart_with_jemalloc()
    from .cli import main

    return main()
