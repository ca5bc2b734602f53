"""The ``budgetkg`` program restarts itself under jemalloc where it is installed (graph/allocator.py):
a real child process, its arguments and exit status kept; the C library's malloc where asked."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from graph.allocator import environment_with_jemalloc, jemalloc_library

needs_jemalloc = pytest.mark.skipif(jemalloc_library() is None, reason="jemalloc is not installed (Debian: libjemalloc2)")

# what the console script does first, then a report of the process that goes on
CHILD = """
import sys
from graph.allocator import jemalloc_loaded, restart_with_jemalloc
restart_with_jemalloc()
print(jemalloc_loaded(), sys.argv[1:])
sys.exit(3)
"""


def child(**settings: str) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if key not in ("LD_PRELOAD", "BUDGETKG_ALLOCATOR")}
    return subprocess.run([sys.executable, "-c", CHILD, "query", "kpis", "--format", "csv"], capture_output=True,
                          text=True, env={**env, **settings}, timeout=60)


@needs_jemalloc
def test_the_program_goes_on_under_jemalloc_with_its_arguments_and_exit_status():
    out = child()
    assert out.returncode == 3, out.stderr
    assert out.stdout.split("\n")[0] == "True ['query', 'kpis', '--format', 'csv']"
    assert out.stderr == ""


def test_asked_for_the_system_allocator_it_does_not_restart():
    out = child(BUDGETKG_ALLOCATOR="system")
    assert out.returncode == 3, out.stderr
    assert out.stdout.split("\n")[0] == "False ['query', 'kpis', '--format', 'csv']"


@needs_jemalloc
def test_the_preload_keeps_what_was_there_and_is_added_once():
    env = environment_with_jemalloc({"LD_PRELOAD": "/opt/profiler.so", "PATH": "/bin"})
    assert env["LD_PRELOAD"].split() == [jemalloc_library(), "/opt/profiler.so"] and env["PATH"] == "/bin"
    assert environment_with_jemalloc(env) is None  # the restarted process does not restart again
    assert environment_with_jemalloc({"BUDGETKG_ALLOCATOR": "system"}) is None


def test_the_budgetkg_program_starts_through_the_allocator():
    project = tomllib.loads((Path(__file__).parents[1] / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["scripts"]["budgetkg"] == "graph.allocator:run"
