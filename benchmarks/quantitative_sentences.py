"""Quantitative-vs-qualitative sentence detection against the LCY labels (定量文本 / 定性文本).

    python benchmarks/quantitative_sentences.py

A sentence counts as quantitative when ``analyzer.indicators.quantities.is_quantitative`` says so (a
number with a unit, a bare number stated as a level or amount, or a zero-incident claim). Prints accuracy, precision and recall of "quantitative" (LCY's 无关文本 rows are left out).
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analyzer.indicators.quantities import is_quantitative, unit_spellings  # noqa: E402
from analyzer.rubrics.loader import load_rubrics  # noqa: E402

DATA = ROOT.parent / "shared" / "corpus" / "labels" / "lcy-esg" / "esgdata.csv"
TARGET = 0.90


def main() -> int:
    if not DATA.is_file():
        print(f"the LCY labels are not there: {DATA}", file=sys.stderr)
        return 2
    units = unit_spellings(load_rubrics())
    with DATA.open(encoding="utf-8-sig", newline="") as handle:
        rows = [r for r in csv.DictReader(handle) if r["quality"] in {"定量文本", "定性文本"}]
    found = [is_quantitative(r["sentences"], units) for r in rows]
    truth = [r["quality"] == "定量文本" for r in rows]
    hits = sum(f and t for f, t in zip(found, truth))
    accuracy = sum(f == t for f, t in zip(found, truth)) / len(rows)
    print(f"sentences {len(rows)} (quantitative {sum(truth)}, qualitative {len(rows) - sum(truth)})")
    print(f"accuracy  {accuracy:.3f}   (target {TARGET:.2f})")
    print(f"precision {hits / max(sum(found), 1):.3f}   recall {hits / max(sum(truth), 1):.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
