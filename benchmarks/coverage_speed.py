"""Speed and memory of the coverage stage against extraction, on one report (default: the corpus's
84-page Ping An 2021 CSR report; any file with ``--report``).

    python benchmarks/coverage_speed.py
    python benchmarks/coverage_speed.py --report samples/sample_report.pdf
    python benchmarks/coverage_speed.py --precision fp32      # the float32 encoder, for comparison

Prints, in one fresh process (the embedding model already converted):
    extraction   ``extract(path)``
    model load   loading the embedder (and tracing its graph), classifier and rubrics, topic prototypes
                 (cached after first use)
    cold         coverage with an empty passage cache (every passage encoded)
    warm         the same again (every passage vector read from the cache)
    peak RSS     of the whole process
and where the cold time goes (encoding vs. the rest). Targets of issue 4: cold ≤ extraction,
warm ≤ 10% of extraction, peak ≤ 1.5 GB.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analyzer.embed.model import embedder_name, load_runner  # noqa: E402
from analyzer.embed.quantize import PRECISION_ENV, PRECISIONS  # noqa: E402
from analyzer.extract import extract  # noqa: E402
from analyzer.mapping.coverage import assess, evidence_candidates  # noqa: E402
from analyzer.mapping.embedding import Encoder  # noqa: E402
from analyzer.mapping.mapper import TopicMapper, embedding_texts  # noqa: E402
from analyzer.passages import split_passages  # noqa: E402

DEFAULT = ROOT.parent / "shared" / "corpus" / "pdf-zh" / "平安银行：2021年社会责任报告.PDF"


def clock(action):  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    result = action()
    return result, time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--report", type=Path, default=DEFAULT)
    parser.add_argument("--precision", choices=PRECISIONS,
                        help=f"the encoder's precision (default: ${PRECISION_ENV}, else int8)")
    args = parser.parse_args(argv)
    if args.precision:
        os.environ[PRECISION_ENV] = args.precision
    if not args.report.is_file():
        print(f"no such report: {args.report}", file=sys.stderr)
        return 2

    doc, extraction = clock(lambda: extract(args.report))
    with tempfile.TemporaryDirectory() as tmp:
        encoder = Encoder(Path(tmp) / "passages.sqlite")
        shared = Encoder()  # the prototypes come from the user's cache, as in any run after the first

        def load() -> TopicMapper:
            runner = load_runner()
            runner.graph("passage")
            mapper = TopicMapper(encoder=shared)
            mapper.prototypes()
            mapper.encoder = encoder
            return mapper

        mapper, loading = clock(load)
        passages = split_passages(doc)
        candidates = evidence_candidates(passages)
        texts = embedding_texts([p.text for p in candidates], [p.heading for p in candidates])
        _, cold = clock(lambda: assess(mapper, passages))
        _, warm = clock(lambda: assess(mapper, passages))
        scratch = Encoder(Path(tmp) / "again.sqlite")
        _, encoding = clock(lambda: scratch.encode(texts, prompt="passage"))
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    chars = sum(len(t) for t in texts)
    print(f"encoder      {embedder_name()}")
    print(f"report       {args.report.name}: {doc.meta.pages} pages, {len(texts)} passages, {chars} characters")
    print(f"extraction   {extraction:7.2f} s")
    print(f"model load   {loading:7.2f} s   (embedder and its graph, classifier, rubrics, cached prototypes)")
    print(f"cold         {cold:7.2f} s   = {cold / extraction:5.2f} × extraction   (target ≤ 1)")
    print(f"warm         {warm:7.2f} s   = {warm / extraction:5.1%} of extraction (target ≤ 10%)")
    print(f"peak RSS     {peak_mb:7.0f} MB  (target ≤ 1536 MB)")
    print(f"cold split   encoding {encoding:.2f} s ({encoding / cold:.0%}), the rest {max(cold - encoding, 0):.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
