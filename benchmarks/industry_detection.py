"""Industry detection against the industry labels of the 2016 Chinese text reports.

    python benchmarks/industry_detection.py           # about 10 s
    python benchmarks/industry_detection.py --wrong   # also list every report detected wrongly

``shared/corpus/txt-zh-2016/_index.csv`` gives each report's industry (``industry_zh``, 25 labels); LABELS
maps them to ids of ``rubrics/industries.yaml``. A label may accept several ids: 其他制造业 is a catch-all
of manufacturing, so any manufacturing id counts as right for it (refining included); 金融 accepts the
three financial ids; 其他采矿业 (mining other than coal) mining or oil and gas (it holds oilfield
services). The default industry (``general``) is never right: every report here has a label.

Detection reads only the Document (metadata, title, text): each file is extracted under a neutral name, so
the company name in the file name cannot leak in. Printed: accuracy overall, per source (company name,
text vote, default) and per label; the commonest confusions; how often the text vote's first choice is
right by the strength of the vote (where MIN_VOTE comes from); and the time per report.
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analyzer.errors import InputError  # noqa: E402
from analyzer.extract import extract  # noqa: E402
from analyzer.rubrics.loader import load_rubrics  # noqa: E402
from analyzer.scoring.industry import MIN_VOTE, _vote, detect_industry  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "txt-zh-2016"
MANUFACTURING = {
    "machinery", "electronics", "automotive", "chemicals_materials", "metals", "textiles", "pharma_health",
    "food_beverage", "agriculture_paper", "oil_gas",
}
UTILITIES = {"power_utilities"}
LABELS: dict[str, set[str]] = {
    "金融": {"banking", "insurance", "capital_markets"},
    "其他制造业": MANUFACTURING,
    "交通运输及邮政": {"transport"},
    "房地产": {"real_estate"},
    "技术硬件和设备": {"electronics"},
    "电力": UTILITIES,
    "冶炼": {"metals"},
    "医药制造": {"pharma_health"},
    "食品饮料行业": {"food_beverage"},
    "批发零售": {"retail"},
    "汽车制造业": {"automotive"},
    "互联网和软件服务": {"internet_telecom"},
    "其他采矿业": {"mining", "oil_gas"},
    "煤炭开采": {"mining"},
    "建筑行业": {"construction"},
    "媒体": {"media_culture"},
    "纺织服装": {"textiles"},
    "农林牧渔": {"agriculture_paper"},
    "石油和天然气": {"oil_gas"},
    "环保、水利、环境和公共设施管理业": UTILITIES,
    "水利、环境和公共设施管理业": UTILITIES,
    "水务": UTILITIES,
    "文娱业": {"media_culture"},
    "通信服务业": {"internet_telecom"},
    "租赁和商务服务": {"capital_markets", "retail"},
}
BANDS = (0.0, 0.2, 0.4, 0.6, 0.8, 1.0, 1.5, 2.0, 3.0)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--wrong", action="store_true", help="list every report detected wrongly")
    args = parser.parse_args()
    index = CORPUS / "_index.csv"
    if not index.is_file():
        print(f"corpus not found: {index}")
        return 1
    rubrics = load_rubrics()
    voters = [i for i in rubrics.industries.industries if i.id != rubrics.industries.default]
    right, total, by_source, right_by_source = Counter(), Counter(), Counter(), Counter()
    confusions: Counter[tuple[str, str]] = Counter()
    bands: dict[float, list[bool]] = defaultdict(list)
    failed, seconds, slowest = [], [], (0.0, "")
    for row in csv.DictReader(index.open(encoding="utf-8")):
        label, accepted = row["industry_zh"], LABELS[row["industry_zh"]]
        try:
            doc = extract(CORPUS / row["file"], name="report.txt")
        except (InputError, ValueError) as exc:  # ValueError: a decoding failure of the extractor
            failed.append(f"{row['file']}: {type(exc).__name__}: {exc}")
            continue
        start = time.perf_counter()
        match = detect_industry(doc, rubrics)
        elapsed = time.perf_counter() - start
        seconds.append(elapsed)
        slowest = max(slowest, (elapsed, f"{row['file']} ({len(doc.text)} characters)"))
        ok = match.id in accepted
        total[label] += 1
        right[label] += ok
        by_source[match.source] += 1
        right_by_source[match.source] += ok
        if not ok:
            confusions[(label, match.id)] += 1
            if args.wrong:
                print(f"  {label} → {match.id} ({match.source}: {'; '.join(match.evidence)}) — {row['file']}")
        votes = _vote(doc, voters)
        first = max(votes, key=lambda k: votes[k][0])
        bands[max(b for b in BANDS if votes[first][0] >= b)].append(first in accepted)
    _report(right, total, by_source, right_by_source, confusions, bands)
    n = len(seconds)
    print(f"\ntime per report (detection only): mean {sum(seconds) / n * 1000:.1f} ms, "
          f"max {slowest[0] * 1000:.1f} ms ({slowest[1]})")
    if failed:
        print(f"\nnot extracted ({len(failed)}), left out of the figures:")
        print("\n".join(f"  {f}" for f in failed))
    return 0


def _report(
    right: Counter[str], total: Counter[str], by_source: Counter[str], right_by_source: Counter[str],
    confusions: Counter[tuple[str, str]], bands: dict[float, list[bool]],
) -> None:
    n, ok = sum(total.values()), sum(right.values())
    print(f"accuracy: {ok}/{n} = {ok / n:.1%}")
    for source, count in by_source.most_common():
        print(f"  by {source}: {right_by_source[source]}/{count} = {right_by_source[source] / count:.1%}")
    print("\nper label (accepted ids):")
    for label, count in total.most_common():
        ids = LABELS[label]
        accepted = "any manufacturing id" if ids is MANUFACTURING else ", ".join(sorted(ids))
        print(f"  {label:<18} {right[label]:>3}/{count:<3} {right[label] / count:6.1%}   ({accepted})")
    print("\ncommonest confusions (label → detected):")
    for (label, detected), count in confusions.most_common(15):
        print(f"  {count:>3}  {label} → {detected}")
    print(f"\ntext vote alone, first choice right by vote strength (MIN_VOTE = {MIN_VOTE}):")
    for low in sorted(bands):
        hits = bands[low]
        print(f"  ≥ {low:<4} {sum(hits):>3}/{len(hits):<3} {sum(hits) / len(hits):6.1%}")


if __name__ == "__main__":
    sys.exit(main())
