"""Disclosure signals of a few corpus reports, for reading by eye (a false-positive / false-negative review).

    python benchmarks/signal_review.py                          # the review set below
    python benchmarks/signal_review.py --all                    # every evidence quote, not just the first
    python benchmarks/signal_review.py --cache /tmp/docs        # keep extracted reports as JSON for re-runs
    python benchmarks/signal_review.py --jsonl /tmp/hits.jsonl  # also write every quote, one JSON per line
    python benchmarks/signal_review.py pdf-en/Bayer*            # corpus paths (globs) instead of the set

Per report: each signal present (+) or absent (-), its detail, and its first evidence quote with page and
printed page number (all quotes, up to three, with ``--all``).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analyzer.document import Document  # noqa: E402
from analyzer.extract import extract  # noqa: E402
from analyzer.indicators.signals import Signal, detect_signals  # noqa: E402
from analyzer.passages import split_passages  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"
REVIEW_SET = (
    "pdf-zh/*平安银行*",
    "pdf-zh/*江淮汽车*",
    "pdf-zh/*山西汾酒*",
    "pdf-en/Swisscom*",
    "pdf-en/Bayer*",
    "pdf-en/GlobalFoundries*",
    "pdf-zh-hant/*玉山銀行*",
    "txt-zh-2016/*中国国际航空*",
    "txt-zh-2016/*安徽海螺水泥*",
)
QUOTE_CHARS = 160


def _document(path: Path, cache: Path | None) -> Document:
    """The report's Document, from the cache folder when extracted before."""
    if cache is None:
        return extract(path)
    cached = cache / f"{hashlib.sha1(str(path).encode()).hexdigest()[:16]}.json"
    if cached.is_file():
        return Document.load(cached)
    doc = extract(path)
    cache.mkdir(parents=True, exist_ok=True)
    doc.save(cached)
    return doc


def _quote(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= QUOTE_CHARS else flat[: QUOTE_CHARS - 1] + "…"


def _print_signal(key: str, signal: Signal, every: bool) -> None:
    mark = "+" if signal.present else "-"
    print(f"  {mark} {key:<22} {signal.detail or ''}")
    for evidence in signal.evidence if every else signal.evidence[:1]:
        print(f"      p{evidence.page} [{evidence.page_label or '-'}] {_quote(evidence.text)}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("reports", nargs="*", help="corpus-relative globs (default: the review set)")
    parser.add_argument("--all", action="store_true", help="print every evidence quote")
    parser.add_argument("--cache", type=Path, help="folder for extracted Documents (JSON)")
    parser.add_argument("--jsonl", type=Path, help="write every quote as a JSON line")
    args = parser.parse_args()
    paths = [p for pattern in args.reports or REVIEW_SET for p in sorted(CORPUS.glob(pattern))]
    if not paths:
        print(f"no report found under {CORPUS}")
        return 1
    rows = []
    for path in paths:
        doc = _document(path, args.cache)
        signals = detect_signals(doc, split_passages(doc))
        meta = doc.meta
        print(f"\n== {path.relative_to(CORPUS)} ({meta.language}, {len(doc.pages)} pages, {meta.report_year})")
        for key, signal in signals.items():
            _print_signal(key, signal, args.all)
            rows.extend(
                {"report": path.name, "signal": key, "rank": n, "page": e.page, "text": e.text}
                for n, e in enumerate(signal.evidence)
            )
    if args.jsonl:
        lines = "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
        args.jsonl.write_text(lines, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
