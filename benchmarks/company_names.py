"""The company name of the metadata (``doc.meta.company``) against the names of the 2016 Chinese reports.

    python benchmarks/company_names.py           # about 15 s for the texts, a few minutes for the PDFs
    python benchmarks/company_names.py --wrong   # also list every text report whose name is not exact
    python benchmarks/company_names.py --no-pdf  # the texts only

``shared/corpus/txt-zh-2016/_index.csv`` gives each report's company (``company_zh``), some with the
former name after it ("…股份有限公司（原…股份有限公司）"); either name counts. Each file is extracted under
a neutral name, so the name in the file name cannot leak in. A found name is

- exact: the same as the true name, up to whitespace, the width of brackets and the script (the
  traditional characters of a traditional-script report, folded by a small table below);
- partial: the same once both lose their legal form (股份有限公司, 集团, 公司 …) and one contains the
  other ("海螺水泥" for 安徽海螺水泥股份有限公司; "中国石化" is not one for 中国石油化工), or the same
  but for one character the text itself misprints (OCR: "金堆城钥业" for 金堆城钼业);
- wrong: any other name; missing: no name.

A few index entries carry the end of the industry label before the name ("业分众传媒…", "、造纸印刷山东…");
that prefix is dropped.

Then every PDF under ``shared/corpus/pdf-*`` with its title and company, to be read by eye.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analyzer.errors import InputError  # noqa: E402
from analyzer.extract import extract  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"
TEXTS = CORPUS / "txt-zh-2016"

_FORMER = re.compile(r"\s*[（(]\s*(?:原|前身)?([^（()）]*?(?:公司|集团|研究院))\s*[)）]\s*$")
_SUFFIX = re.compile(
    r"(?:[（(]集团[)）])?(?:(?:集团)?股份有限公司|有限责任公司|有限公司|股份公司|集团公司|集团|公司|銀行|银行"
    r"|控股|股份|(?:,?\s*(?:co\.?,?\s*)?(?:ltd\.?|limited|inc\.?|corp\.?|corporation|ag|plc|group|holdings)))+$",
    re.I,
)


_LABEL_SPILL = re.compile(r"^(?:、(?:造纸印刷|环保)|业(?=.{6}))")
# Traditional → simplified, for the characters of company names in the traditional-script reports.
_FOLD = str.maketrans(
    "國華銀業電氣爾濱藥礦團術務農貨與聯開發東廣場運輸險證產資實興達鐵鋼車機網絡長門陽寶廠際億豐匯環糧慶連鎮紡織齊碼灣臺號區遠遼"
    "蘇縣設計錢黃貿進雲馬鄭鵬龍鳳島輪創傳訊視聲體點療醫衛價層漢蘭責媒億藝畫寧遜滬貴陝廈澳門蘆續萬雙邁綠樂歐納壽險營團勝歷",
    "国华银业电气尔滨药矿团术务农货与联开发东广场运输险证产资实兴达铁钢车机网络长门阳宝厂际亿丰汇环粮庆连镇纺织齐码湾台号区远辽"
    "苏县设计钱黄贸进云马郑鹏龙凤岛轮创传讯视声体点疗医卫价层汉兰责媒亿艺画宁逊沪贵陕厦澳门芦续万双迈绿乐欧纳寿险营团胜历",
)


def _norm(name: str) -> str:
    """Whitespace out, brackets half-width, leading punctuation off, traditional characters folded."""
    name = re.sub(r"\s+", "", name).replace("（", "(").replace("）", ")").replace("産", "产")
    return name.lstrip("、，,.:：;；").translate(_FOLD)


def true_names(company_zh: str) -> list[str]:
    """The name of the index and, where it gives one, the former name in brackets after it."""
    names = []
    company_zh = _LABEL_SPILL.sub("", company_zh.strip())
    m = _FORMER.search(company_zh)
    if m:
        names.append(_norm(company_zh[: m.start()]))
        names.append(_norm(m.group(1)))
    else:
        names.append(_norm(company_zh))
    return [n for n in names if n]


def _core(name: str) -> str:
    name = _norm(name)
    while (stripped := _SUFFIX.sub("", name)) != name:
        name = stripped
    return name


def judge(found: str | None, company_zh: str) -> str:
    """exact / partial / wrong / missing (see the module's docstring)."""
    if not found:
        return "missing"
    truths = true_names(company_zh)
    got = _norm(found)
    if got in truths:
        return "exact"
    if any(len(got) == len(t) and sum(a != b for a, b in zip(got, t)) == 1 for t in truths):
        return "partial"
    core = _core(got)
    for truth in truths:
        tcore = _core(truth)
        if len(core) >= 2 and len(tcore) >= 2 and (core in tcore or tcore in core):
            return "partial"
    return "wrong"


def texts(show_wrong: bool) -> None:
    index = TEXTS / "_index.csv"
    if not index.is_file():
        print(f"corpus not found: {index}")
        return
    results: Counter[str] = Counter()
    failed, wrong = [], []
    started = time.perf_counter()
    for row in csv.DictReader(index.open(encoding="utf-8")):
        try:
            doc = extract(TEXTS / row["file"], name="report.txt")
        except (InputError, ValueError) as exc:
            failed.append(f"{row['file']}: {type(exc).__name__}: {exc}")
            continue
        verdict = judge(doc.meta.company, row["company_zh"])
        results[verdict] += 1
        if verdict != "exact":
            wrong.append(f"  {verdict:<8} {doc.meta.company!s:<36} ← {row['company_zh']}")
    elapsed = time.perf_counter() - started
    n = sum(results.values())
    print(f"txt-zh-2016: {n} reports, {elapsed:.1f} s ({elapsed / max(n, 1) * 1000:.0f} ms per report, "
          "extraction included)")
    for verdict in ("exact", "partial", "wrong", "missing"):
        print(f"  {verdict:<8} {results[verdict]:>4}  {results[verdict] / max(n, 1):6.1%}")
    print(f"  exact or partial: {results['exact'] + results['partial']}/{n}")
    if show_wrong:
        print("\nnot exact (found ← true):")
        print("\n".join(sorted(wrong)))
    if failed:
        print(f"\nnot extracted ({len(failed)}), left out of the figures:")
        print("\n".join(f"  {f}" for f in failed))


def pdfs() -> None:
    files = sorted(p for d in CORPUS.glob("pdf-*") for p in d.rglob("*") if p.suffix.lower() == ".pdf")
    if not files:
        print("no corpus PDFs found")
        return
    print(f"\nPDFs ({len(files)}): file → company | title")
    started = time.perf_counter()
    for path in files:
        try:
            doc = extract(path)
        except (InputError, ValueError) as exc:
            print(f"  {path.relative_to(CORPUS)}: {type(exc).__name__}")
            continue
        print(f"  {path.relative_to(CORPUS)}\n      → {doc.meta.company} | {doc.meta.title}", flush=True)
    print(f"PDFs: {time.perf_counter() - started:.0f} s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--wrong", action="store_true", help="list every text report whose name is not exact")
    parser.add_argument("--no-pdf", action="store_true", help="skip the PDFs")
    args = parser.parse_args()
    texts(args.wrong)
    if not args.no_pdf:
        pdfs()
    return 0


if __name__ == "__main__":
    sys.exit(main())
