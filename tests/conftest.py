import json
import os
import sys
from functools import lru_cache
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent

FIXTURES = TESTS / "fixtures"
DOCUMENTS = FIXTURES / "documents"
RENDERINGS = FIXTURES / "renderings"
BAD = FIXTURES / "bad"
SEEDS = {
    "wenxian-2024-budget": "wenxian-2024-budget.pdf",
    "chengan-2023-budget": "chengan-2023-budget.docx",
    "neixiang-2024-final": "neixiang-2024-final.pdf",
    "lankao-2024-budget": "lankao-2024-budget.xlsx",
    "huailai-2024-budget": "huailai-2024-budget.docx",
}
# ../shared/real beside the repository (CI clones main with shared/ beside it)
REAL = Path(os.environ.get("BUDGETKG_REAL_DOCS", TESTS.parent.parent / "shared" / "real" / "jiangsu-provincial"))


@lru_cache(maxsize=None)
def records_of(path: str):
    from crawler.extract import extract
    from crawler.read import read

    return extract(read(path))


def expected_facts(seed: str) -> dict:
    return json.loads((DOCUMENTS / f"{seed}.facts.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def seed_records():
    return {seed: records_of(str(DOCUMENTS / name)) for seed, name in SEEDS.items()}


@pytest.fixture(scope="session")
def seed_store(tmp_path_factory):
    """The five seed fixtures ingested into an embedded store (read-only use by tests)."""
    from graph.load import load_document
    from graph.store import open_store
    from graph.store.base import load_vocabulary

    store = open_store(tmp_path_factory.mktemp("seed-store"))
    load_vocabulary(store)
    for name in SEEDS.values():
        result = load_document(store, DOCUMENTS / name)
        assert result.ok, result.summary()
    yield store
    store.close()


@pytest.fixture(scope="session")
def demo_run(tmp_path_factory):
    """``budgetkg demo`` run once for the session: (store folder, its completed process)."""
    import subprocess

    store = tmp_path_factory.mktemp("demo-store")
    result = subprocess.run([sys.executable, "-m", "graph.cli", "--store", str(store), "demo"],
                            capture_output=True, text=True, timeout=600, cwd=TESTS.parent)
    return store, result


@pytest.fixture(scope="module")
def portals():
    """The demo's three fixture portals on 127.0.0.1 and an off-domain host on 127.0.0.2."""
    from graph.demo import serve_portals

    with serve_portals() as servers:
        yield servers


def site_args(servers) -> list[str]:
    from graph.demo import PORTAL_KINDS, site_file

    args = []
    for name in PORTAL_KINDS:
        args += ["--site", f"{site_file(name)}@{servers[name].base}"]
    return args
