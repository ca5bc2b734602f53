"""Benchmarks (not collected by the test run): ``python -m tests.benchmarks.NAME``."""

from __future__ import annotations

from collections.abc import Callable


def run_as_budgetkg(main: Callable[[], object]) -> None:
    """Run a benchmark's ``main`` under the allocator the ``budgetkg`` program uses (jemalloc where
    installed, graph/allocator.py), saying which."""
    from graph.allocator import jemalloc_loaded, restart_with_jemalloc

    restart_with_jemalloc()
    print("allocator:", "jemalloc" if jemalloc_loaded() else "the C library's malloc", flush=True)
    main()
