"""Scores on every corpus PDF and the 2016 text corpus: distribution, and the ten top and bottom reports
with their dimension scores.

    python benchmarks/score_corpus.py [--out DIR] [--only pdf|txt] [--limit N]

Each report's scorecard is saved as one JSON line in ``DIR/scores.jsonl`` as soon as it is done, so an
interrupted run resumes where it stopped; a report that cannot be read is listed with its error and the
run goes on.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from analyzer.analysis import analyze  # noqa: E402
from analyzer.errors import AnalyzerError  # noqa: E402
from analyzer.mapping.mapper import TopicMapper  # noqa: E402
from tests.corpus import CORPUS  # noqa: E402


def reports(only: str | None) -> list[Path]:
    pdfs = sorted(p for d in CORPUS.glob("pdf-*") for p in d.rglob("*") if p.suffix.lower() == ".pdf")
    texts = sorted((CORPUS / "txt-zh-2016").glob("*.txt"))
    return {"pdf": pdfs, "txt": texts}.get(only or "", pdfs + texts)


def run(paths: list[Path], out: Path) -> list[dict]:
    out.mkdir(parents=True, exist_ok=True)
    store = out / "scores.jsonl"
    done = {json.loads(line)["file"]: json.loads(line) for line in store.open(encoding="utf-8")} if store.exists() else {}
    mapper = TopicMapper()
    with store.open("a", encoding="utf-8") as sink:
        for n, path in enumerate(paths, 1):
            key = str(path.relative_to(CORPUS))
            if key in done:
                continue
            started = time.perf_counter()
            try:
                result = analyze(path, mapper)
            except AnalyzerError as exc:
                row = {"file": key, "error": exc.message}
            else:
                assert result.score is not None
                row = {
                    "file": key, "company": result.document.company, "year": result.document.report_year,
                    "pages": result.document.pages, "total": result.score.total, "rating": result.score.rating,
                    "industry": result.score.industry.id,
                    "dimensions": {d.id: d.score for d in result.score.dimensions},
                    "seconds": round(time.perf_counter() - started, 1),
                }
            done[key] = row
            sink.write(json.dumps(row, ensure_ascii=False) + "\n")
            sink.flush()
            print(f"[{n}/{len(paths)}] {row.get('total', 'ERROR')} {key}", file=sys.stderr)
    return [done[str(p.relative_to(CORPUS))] for p in paths if str(p.relative_to(CORPUS)) in done]


def report(rows: list[dict]) -> None:
    scored = [r for r in rows if "total" in r]
    failed = [r for r in rows if "error" in r]
    print(f"\n{len(scored)} reports scored, {len(failed)} unreadable")
    for r in failed:
        print(f"  unreadable: {r['file']}: {r['error']}")
    for group in ("pdf-", "txt-"):
        totals = [r["total"] for r in scored if r["file"].startswith(group)]
        if totals:
            q = statistics.quantiles(totals, n=4) if len(totals) > 3 else totals
            print(f"{group}*: n={len(totals)} mean {statistics.mean(totals):.1f} min {min(totals):.1f} "
                  f"quartiles {', '.join(f'{x:.1f}' for x in q)} max {max(totals):.1f}")
    ratings: dict[str, int] = {}
    for r in scored:
        ratings[r["rating"]] = ratings.get(r["rating"], 0) + 1
    print("ratings: " + ", ".join(f"{k} {v}" for k, v in sorted(ratings.items(), key=lambda kv: -kv[1])))
    dims = list(scored[0]["dimensions"]) if scored else []
    header = f"{'total':>5} " + " ".join(f"{d[:6]:>6}" for d in dims) + "  industry     report"
    ranked = sorted(scored, key=lambda r: -r["total"])
    for title, part in (("top 10", ranked[:10]), ("bottom 10", ranked[-10:])):
        print(f"\n{title}\n{header}")
        for r in part:
            print(f"{r['total']:5.1f} " + " ".join(f"{r['dimensions'][d]:6.1f}" for d in dims)
                  + f"  {r['industry']:<12} {r['file']}")
    seconds = [r["seconds"] for r in scored]
    if seconds:
        print(f"\ntime per report: median {statistics.median(seconds):.1f} s, max {max(seconds):.1f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=Path("benchmarks/.score_corpus"))
    parser.add_argument("--only", choices=["pdf", "txt"])
    parser.add_argument("--limit", type=int)
    args = parser.parse_args()
    if not CORPUS.exists():
        sys.exit(f"corpus not found at {CORPUS}")
    paths = reports(args.only)[: args.limit]
    report(run(paths, args.out))


if __name__ == "__main__":
    main()
