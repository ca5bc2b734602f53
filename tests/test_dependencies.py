"""Dependencies run one way: graph → crawler. The crawler (fetch, read, recognise, extract)
knows nothing of RDF or stores; the graph side plugs its pipeline in by dotted path."""

import ast
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def imported_modules(path: Path) -> set[str]:
    """Every absolute module a file imports, at any depth (functions included)."""
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            out |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            out.add(node.module)
    return out


def test_no_crawler_module_imports_graph():
    files = sorted((REPO / "crawler").rglob("*.py"))
    assert len(files) > 30
    offenders = {str(f.relative_to(REPO)): sorted(m for m in imported_modules(f) if m == "graph" or m.startswith("graph."))
                 for f in files}
    assert {f: m for f, m in offenders.items() if m} == {}


def test_the_graph_pipeline_is_plugged_in_by_name():
    from crawler import settings

    assert settings.ITEM_PIPELINES == {"crawler.pipelines.DocumentFilesPipeline": 100, "graph.pipeline.GraphPipeline": 300}
