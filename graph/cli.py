"""The ``budgetkg`` command line (see ../shared/CONTRACTS.md for the contract)."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from crawler.ingest import IngestResult, document_paths, ingest_file

REPO = Path(__file__).resolve().parent.parent
DEMO_DOCUMENTS = REPO / "tests" / "fixtures" / "documents"


def store_dir(value: str | None) -> Path:
    return Path(value or os.environ.get("BUDGETKG_STORE") or "./data")


def save_records(store: Path, result: IngestResult) -> Path | None:
    """Records of one document, as JSON under the store (named by the file's sha256), written
    whole or not at all."""
    if result.records is None:
        return None
    folder = store / "records"
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{result.sha256}.json"
    tmp = target.with_suffix(".json.tmp")
    payload = {"path": result.path, "sha256": result.sha256, "records": result.records.to_dict()}
    tmp.write_text(json.dumps(payload, ensure_ascii=False, indent=1), encoding="utf-8")
    tmp.replace(target)
    return target


def cmd_ingest(args: argparse.Namespace) -> int:
    store = store_dir(args.store)
    paths = document_paths(args.paths)
    if not paths:
        print("no documents found in " + " ".join(args.paths), file=sys.stderr)
        return 1
    failed = 0
    for path in paths:
        if not path.exists():
            print(f"FAIL {path}: not-found: no such file")
            failed += 1
            continue
        result = ingest_file(path)
        print(result.summary())
        if result.ok:
            save_records(store, result)
        else:
            failed += 1
    return 1 if failed else 0


def cmd_demo(args: argparse.Namespace) -> int:
    store = store_dir(args.store)
    print(f"budgetkg demo: reading the bundled seed documents in {DEMO_DOCUMENTS}")
    status = 0
    for path in document_paths([DEMO_DOCUMENTS]):
        result = ingest_file(path)
        print(result.summary())
        if not result.ok:
            status = 1
            continue
        saved = save_records(store, result)
        t = result.records.totals
        print(f"     收入合计 {t.income_total} 支出合计 {t.expenditure_total} 基本 {t.basic_total} 项目 {t.project_total} (万元) → {saved}")
    return status


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="budgetkg", description="Chinese county budget disclosures → RDF knowledge graph")
    parser.add_argument("--store", help="store folder (default ./data or $BUDGETKG_STORE)")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("ingest", help="read local documents (files or folders)")
    p.add_argument("paths", nargs="+")
    p.add_argument("--store", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    p.set_defaults(func=cmd_ingest)
    p = sub.add_parser("demo", help="run the pipeline on the bundled demo documents")
    p.add_argument("--store", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    p.set_defaults(func=cmd_demo)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
