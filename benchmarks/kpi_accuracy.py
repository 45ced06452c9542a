"""Precision and recall of the table KPI readers against values labelled by hand (``kpi_gold.yaml``): ruled
tables, and a table printed without ruling lines (Swisscom p. 50), of which only rows the catalogue names are
read, so that its value recall is bounded by the catalogue's coverage.

    python benchmarks/kpi_accuracy.py

A value read on the labelled pages counts as right when a gold row has the same year, value and unit and
its name appears in ours (ours may add the column's title, e.g. "（人均）"). Each gold row matches once.
Catalogue matches are scored apart: a KPI id we give is right when it is the id of the gold row the value
matched; recall is over the gold rows that have an id.
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analyzer.extract import extract  # noqa: E402
from analyzer.indicators.kpis import KpiReader  # noqa: E402
from analyzer.rubrics.loader import load_rubrics  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"
GOLD = Path(__file__).with_name("kpi_gold.yaml")


def main() -> int:
    reader = KpiReader(load_rubrics())
    totals = [0, 0, 0]  # right, ours, gold
    names = [0, 0, 0]  # right KPI ids, ids we gave, gold ids
    for report in yaml.safe_load(GOLD.read_text(encoding="utf-8"))["reports"]:
        path = CORPUS / report["file"]
        if not path.is_file():
            print(f"skipped (not found): {path}")
            continue
        pages = set(report["pages"])
        ours = [i for i in reader.read_tables(extract(path)) if i.page in pages]
        gold = [tuple(row) for row in report["values"]]
        unmatched = list(gold)
        right = right_ids = 0
        for item in ours:
            hit = next(
                (g for g in unmatched
                 if g[1] == item.year and abs(g[2] - item.value) < 1e-6 and g[3] == item.unit and g[0] in item.name),
                None,
            )
            if hit is not None:
                unmatched.remove(hit)
                right += 1
            if item.kpi and hit is not None and hit[4] == item.kpi:
                right_ids += 1
            elif item.kpi:
                print(f"   wrong KPI: {item.name} {item.year} → {item.kpi} (gold {hit[4] if hit else '?'})")
        totals = [totals[0] + right, totals[1] + len(ours), totals[2] + len(gold)]
        given, labelled_ids = sum(1 for i in ours if i.kpi), sum(1 for g in gold if g[4])
        names = [names[0] + right_ids, names[1] + given, names[2] + labelled_ids]
        print(f"{path.name}: pages {sorted(pages)}: {right} right of {len(ours)} read, {len(gold)} labelled "
              f"(precision {right / max(len(ours), 1):.3f}, recall {right / len(gold):.3f}); "
              f"KPI ids: {right_ids} right of {given} given, {labelled_ids} labelled")
        for row in unmatched:
            print(f"   missed: {row}")
    right, read, labelled = totals
    print(f"all: precision {right / max(read, 1):.3f}, recall {right / max(labelled, 1):.3f}")
    print(f"KPI ids: precision {names[0] / max(names[1], 1):.3f}, recall {names[0] / max(names[2], 1):.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
