"""The real corpus as the yardstick: read every document of one or more folders and report, per
document and in total, what came out and whether the document's own arithmetic holds.

    python -m tests.benchmarks.bench_corpus [FOLDER ...] [--jobs 2] [--json OUT.json] [--compare BEFORE.json]

Default folders: ../shared/real/cities-2026 and ../shared/real/jiangsu-provincial. Per document:
read or the reason not; unit, year, phase; totals found; functional rows found (the document's
primary functional table); and its arithmetic — 类 = Σ款 = Σ项 (hier), Σ类 = the table's 合计 or
本年支出合计 (sum), 基本 + 项目 = 合计 per row (b+p), 本年收入合计 = 本年支出合计 (i=e). With
--compare, a before → after table of the totals."""

from __future__ import annotations

import argparse
import json
from concurrent.futures import ProcessPoolExecutor
from decimal import Decimal
from pathlib import Path

from crawler.extract.arithmetic import functional_checks
from crawler.extract.records import TableTotals
from crawler.ingest import ingest_file

ROOT = Path(__file__).resolve().parents[2]

DEFAULT = [ROOT.parent / "shared" / "real" / "cities-2026", ROOT.parent / "shared" / "real" / "jiangsu-provincial"]
MARKS = {True: "ok", False: "FAIL", None: "-"}


def _verdict(checks) -> bool | None:
    return None if not checks else all(c.holds for c in checks)


def measure(path: str) -> dict:
    result = ingest_file(path)
    out: dict = {"doc": Path(path).name, "folder": Path(path).parent.name}
    if not result.ok:
        out["status"] = f"{result.error.code}: {result.error.args[0]}"
        return out
    r = result.records
    d, t = r.document, r.totals
    out.update(unit=d.unit_name, year=d.year, phase=d.phase,
               income=_s(t.income_total), expenditure=_s(t.expenditure_total), basic=_s(t.basic_total), project=_s(t.project_total),
               facts=r.fact_count)
    primary = [f for f in r.functional if f.primary]
    out["functional"] = len(primary)
    out["functional_from"] = primary[0].table_kind if primary else None  # a table's kind, or narrative
    out["status"] = "read" if r.fact_count or t.expenditure_total is not None else "no figures: " + (getattr(r, "empty_reason", None) or "nothing recognised")
    if primary:
        table = primary[0].source.table
        summary = next((s for s in r.tables if s.index == table), None)
        printed = getattr(summary, "totals", None)
        if printed is None or printed.total is None:
            printed = TableTotals(total=t.expenditure_total)
        checks = functional_checks(primary, printed, table)
        out["hier"] = _verdict([c for c in checks if c.rule == "functional-hierarchy"])
        out["sum"] = _verdict([c for c in checks if c.rule == "functional-total" and c.column == "total"])
        out["bp"] = _verdict([c for c in checks if c.rule == "basic-plus-project"])
        out["strategy"] = getattr(summary, "strategy", None)
    if t.income_total is not None and t.expenditure_total is not None:
        out["ie"] = t.income_total == t.expenditure_total
    return out


def _s(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def functional_holds(row: dict) -> bool:
    return bool(row.get("functional")) and row.get("hier") is not False and row.get("sum") is True


def summarise(rows: list[dict]) -> dict:
    read = [r for r in rows if r["status"] == "read"]
    # documents with functional tables (rows the running text states are not a table's)
    with_functional = [r for r in rows if r.get("functional") and r.get("functional_from", "table") != "narrative"]
    return {
        "documents": len(rows),
        "read": len(read),
        "not read (reason given)": len(rows) - len(read),
        "unit": sum(bool(r.get("unit")) for r in read),
        "year": sum(bool(r.get("year")) for r in read),
        "phase": sum(bool(r.get("phase")) for r in read),
        "expenditure total": sum(r.get("expenditure") is not None for r in read),
        "income total": sum(r.get("income") is not None for r in read),
        "basic+project totals": sum(r.get("basic") is not None and r.get("project") is not None for r in read),
        "with functional tables": len(with_functional),
        "functional rows from the text": sum(r.get("functional", 0) for r in rows if r.get("functional_from") == "narrative"),
        "functional rows": sum(r.get("functional", 0) for r in with_functional),
        "类=Σ款=Σ项 holds": sum(r.get("hier") is not False for r in with_functional),
        "Σ类=合计 holds": sum(r.get("sum") is True for r in with_functional),
        "functional arithmetic holds": sum(functional_holds(r) for r in with_functional),
        "基本+项目=合计 holds": sum(r.get("bp") is not False for r in with_functional),
        "收入=支出 holds": sum(r.get("ie") is True for r in read),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folders", nargs="*", type=Path, default=DEFAULT)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--json", type=Path, help="write the per-document rows here")
    parser.add_argument("--compare", type=Path, help="a --json file of an earlier run: print before → after")
    parser.add_argument("--quiet", action="store_true", help="totals only")
    args = parser.parse_args()
    files = sorted(str(p) for folder in args.folders for p in folder.iterdir() if p.is_file())
    with ProcessPoolExecutor(args.jobs) as pool:
        rows = list(pool.map(measure, files, chunksize=1))
    if not args.quiet:
        print(f"{'document':<60} {'status':<10} {'unit':<22} {'year':<5} {'phase':<6} {'expenditure':>14} {'func':>4} hier sum  b+p  i=e")
        for r in rows:
            status = r["status"] if r["status"] == "read" else r["status"][:60]
            print(f"{r['doc'][:60]:<60} {status:<10} {(r.get('unit') or '?')[:22]:<22} {str(r.get('year') or '?'):<5} "
                  f"{str(r.get('phase') or '?'):<6} {str(r.get('expenditure') or '-'):>14} {r.get('functional', 0):>4} "
                  f"{MARKS[r.get('hier')]:<4} {MARKS[r.get('sum')]:<4} {MARKS[r.get('bp')]:<4} {MARKS[r.get('ie')]:<4}")
    totals = summarise(rows)
    before = summarise(json.loads(args.compare.read_text(encoding="utf-8"))) if args.compare else None
    print()
    for key, value in totals.items():
        print(f"{key:<30} {before[key] if before else '':>6}{' → ' if before else ''}{value:>6}")
    if args.json:
        args.json.write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    from tests.benchmarks import run_as_budgetkg

    run_as_budgetkg(main)
