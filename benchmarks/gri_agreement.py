"""Agreement of our coverage evidence with the reports' own GRI content indexes.

    python benchmarks/gri_agreement.py                 # every corpus PDF with a GRI index, and the sample
    python benchmarks/gri_agreement.py --only Bayer

For each indexed disclosure (not omitted, mapped to a GRI 2021 topic, pointing at pages of the report or
at one of its sections; rows that point only at other documents such as the annual report, or answer in
the index itself, are left out) it checks whether one of our evidence passages for that topic lies within
±1 page of a page the index names, or under a section the index names. A disclosure we find no evidence
for counts as a miss. A management-approach row (3-3, 103-x) listed in a topic standard's block is
checked against our evidence for that standard (its ``subject``), not against the generic 3-3 evidence.
The index pages themselves are never evidence (passages.py marks them).
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analyzer.analysis import analyze_document  # noqa: E402
from analyzer.extract import extract  # noqa: E402
from analyzer.document import Document  # noqa: E402
from analyzer.mapping.coverage import SECTION_SEPARATOR, Evidence, section_key  # noqa: E402
from analyzer.mapping.gri_index import IndexEntry, physical_pages, read_gri_index  # noqa: E402
from analyzer.mapping.mapper import TopicMapper  # noqa: E402
from analyzer.passages import split_passages  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"
MIN_ENTRIES = 20
TARGET = 0.85
_NOT_WORD = re.compile(r"[\W_]+")
UNIVERSAL = re.compile(r"^gri:[23]-")  # GRI 2 and 3: the organisation and its reporting, not a topic
_PARTS = re.compile(r"[;；,，、/|\n]|\s[-–]\s|(?<=[^\x00-\x7f])[-–—](?=[^\x00-\x7f])")
_NUMBERING = re.compile(r"^(?:\d+(?:\.\d+)*\.?|[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|chapter\s*\d+)\s*", re.I)


def report_files() -> list[Path]:
    files = [ROOT / "samples" / "sample_report.pdf"]
    for folder in ("pdf-en", "pdf-zh"):
        files += sorted(p for p in (CORPUS / folder).glob("*") if p.suffix.lower() == ".pdf")
    return files


def load_or_extract(path: Path, cache: Path | None) -> Document:
    """The report's Document, kept as JSON in ``cache`` (when given) so that re-runs skip extraction."""
    saved = cache / f"{path.stem}.json" if cache else None
    if saved and saved.is_file():
        return Document.load(saved)
    doc = extract(path)
    if saved:
        saved.parent.mkdir(parents=True, exist_ok=True)
        doc.save(saved)
    return doc


def _norm(text: str) -> str:
    return _NOT_WORD.sub("", text.lower())


def section_match(names: tuple[str, ...], section: str | None) -> bool:
    """An index cell names the section (a heading path "A > B > C"): either contains the other."""
    path = _norm(section or "")
    heads = [_norm(_NUMBERING.sub("", h)) for h in (section or "").split(SECTION_SEPARATOR)]
    for cell in names:
        for part in (_norm(p) for p in _PARTS.split(cell)):
            if len(part) >= 4 and (part in path or any(len(h) >= 4 and h in part for h in heads)):
                return True
    return False


def agrees(entry: IndexEntry, pages: set[int], evidence: list[Evidence]) -> bool:
    return any(
        any(abs(e.page - p) <= 1 for p in pages) or section_match(entry.sections, e.section) for e in evidence
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", help="only files whose path contains this substring")
    parser.add_argument("--documents", type=Path, help="keep the extracted reports here (faster re-runs)")
    parser.add_argument("--misses", action="store_true", help="list each disagreeing row under its report")
    args = parser.parse_args(argv)
    mapper = TopicMapper()
    totals: dict[str, list[int]] = {"universal": [0, 0], "topic": [0, 0]}
    print(f"{'report':<52} {'indexed':>7} {'agree':>6} {'share':>6} {'univ.':>6} {'topic':>6} {'seconds':>7}")
    for path in report_files():
        if args.only and args.only not in str(path):
            continue
        doc = load_or_extract(path, args.documents)
        passages = split_passages(doc)
        sections = {key for p in passages if (key := section_key(p))}
        entries = [  # disclosures the index locates in this report: by its pages or by one of its sections
            e for e in read_gri_index(doc, mapper.rubrics)
            if e.topics and not e.omitted
            and (physical_pages(doc, e.page_labels) or any(section_match(e.sections, s) for s in sections))
        ]
        if len(entries) < MIN_ENTRIES:
            continue
        started = time.perf_counter()
        coverage = {f"{c.framework}:{c.topic}": list(c.evidence) for c in analyze_document(doc, mapper).coverage}
        seconds = time.perf_counter() - started
        counts: dict[str, list[int]] = {"universal": [0, 0], "topic": [0, 0]}
        misses = []
        for e in entries:
            refs = (e.subject,) if e.subject else e.topics
            kind = "universal" if UNIVERSAL.match(refs[0]) else "topic"
            evidence = [ev for ref in refs for ev in coverage.get(ref, [])]
            agreed = agrees(e, physical_pages(doc, e.page_labels), evidence)
            counts[kind][0] += 1
            counts[kind][1] += agreed
            if not agreed:
                misses.append(_miss(e, refs, doc, evidence))
        for kind, (n, hits) in counts.items():
            totals[kind][0] += n
            totals[kind][1] += hits
        print(f"{path.name[:52]:<52} {_row(counts)} {seconds:>7.1f}", flush=True)
        if args.misses:
            print("\n".join(misses))
    if any(n for n, _ in totals.values()):
        print(f"{'all':<52} {_row(totals)}   target {TARGET:.0%}")
    return 0


def _miss(entry: IndexEntry, refs: tuple[str, ...], doc: Document, evidence: list[Evidence]) -> str:
    """One disagreeing row: what the index says, and where our evidence is."""
    where = sorted(physical_pages(doc, entry.page_labels)) or [s[:40] for s in entry.sections]
    ours = [
        f"p{e.page} {(e.section or '').split(SECTION_SEPARATOR)[-1][:30]}{f' (via {e.via})' if e.via else ''}"
        for e in evidence
    ] or ["none"]
    return f"    {entry.code:<7} {','.join(refs):<22} index: {where}  ours: {'; '.join(ours)}"


def _row(counts: dict[str, list[int]]) -> str:
    n = sum(c[0] for c in counts.values())
    hits = sum(c[1] for c in counts.values())
    shares = [f"{c[1] / c[0]:>6.1%}" if c[0] else f"{'-':>6}" for c in counts.values()]
    return f"{n:>7} {hits:>6} {hits / n if n else 0:>6.1%} {' '.join(shares)}"

if __name__ == "__main__":
    raise SystemExit(main())
