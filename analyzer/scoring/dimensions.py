"""The measures behind each rating dimension. Each reads the report evidence and returns a value in 0..1,
what it counted (Chinese) and the quotes it rests on; ``rubrics/scoring.yaml`` weights them.

Counts earn full credit at ``full_at`` and count distinct texts only, so pasting a chapter twice never
raises a score; repeated content lowers 可读性 instead (``originality``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from analyzer.indicators.series import Series
from analyzer.scoring.evidence import ReportEvidence, distinct_texts, series_quote
from analyzer.scoring.model import Quote

_FLAGS_BREAKING_COMPARISON = {"mixed_units", "jump", "total_mismatch"}
_WALL_OF_TEXT = 500  # characters of one paragraph
_MIN_REPEAT = 50  # a passage this long that appears twice is repeated content
_FIGURE = re.compile(r"\d")


@dataclass(frozen=True)
class Measure:
    value: float
    detail: str
    quotes: tuple[Quote, ...] = ()


MeasureFn = Callable[[ReportEvidence], Measure]


def _share(count: float, full: float) -> float:
    return max(0.0, min(1.0, count / full)) if full else 0.0


def _full(ev: ReportEvidence, key: str) -> float:
    return ev.rubrics.scoring.full_at[key]


def _pct(value: float) -> str:
    return f"{value * 100:.0f}%"


# 完整性 ----------------------------------------------------------------------------------------------


def topics(ev: ReportEvidence) -> Measure:
    scope = ev.rubrics.scoring.completeness_scope
    total = sum(scope.values())
    value, parts = 0.0, []
    for key, weight in scope.items():
        refs = ev.framework_refs(key)
        value += weight / total * ev.mean_credit(refs)
        done, of = ev.covered(refs)
        name = ev.rubrics.topic(key).name_zh if ":" in key else ev.rubrics.frameworks[key].name_zh.split("：")[0]
        parts.append(f"{name} {done}/{of}")
    return Measure(value, "已描述或量化的议题：" + "，".join(parts))


def _kpi_share(ev: ReportEvidence, wanted: tuple[str, ...], label: str) -> Measure:
    if not wanted:
        return Measure(1.0, f"无{label}要求")
    found = [k for k in wanted if k in ev.kpis_found]
    missing = [_kpi_name(ev, k) for k in wanted if k not in ev.kpis_found]
    detail = f"{label} {len(found)}/{len(wanted)} 项已披露"
    if missing:
        detail += "；缺少：" + "、".join(missing[:8]) + ("等" if len(missing) > 8 else "")
    quotes = tuple(_kpi_quote(ev, k) for k in found[:5])
    return Measure(len(found) / len(wanted), detail, quotes)


def core_kpis(ev: ReportEvidence) -> Measure:
    return _kpi_share(ev, ev.rubrics.scoring.core_kpis, "通用核心指标")


# 实质性 ----------------------------------------------------------------------------------------------


def industry_topics(ev: ReportEvidence) -> Measure:
    industry = ev.rubrics.industry(ev.industry.id)
    refs = industry.key_topics
    value = sum(ev.credit(r) for r in refs) / len(refs)
    weak = [ev.rubrics.topic(r).name_zh for r in refs if ev.coverage[r].level in ("none", "mentioned")]
    detail = f"{industry.name_zh}行业关键议题 {len(refs) - len(weak)}/{len(refs)} 项已描述或量化"
    if weak:
        detail += "；薄弱：" + "、".join(weak)
    quotes = tuple(q for q in (ev.topic_quote(r) for r in refs) if q)[:5]
    return Measure(value, detail, quotes)


def industry_kpis(ev: ReportEvidence) -> Measure:
    industry = ev.rubrics.industry(ev.industry.id)
    return _kpi_share(ev, industry.key_kpis, f"{industry.name_zh}行业关键指标")


def programme_themes(ev: ReportEvidence) -> Measure:
    refs = ["shanghai:themes", "shanghai:emphases"]
    done, of = ev.covered(refs)
    return Measure(ev.mean_credit(refs), f"上海发布平台核心主题与双碳、数字化 {done}/{of} 项已描述或量化")


def _signal_measure(ev: ReportEvidence, signal_id: str, yes: str, no: str) -> Measure:
    signal = ev.signals.get(signal_id)
    if signal is None or not signal.present:
        return Measure(0.0, no)
    return Measure(1.0, yes, tuple(ev.signal_quotes(signal_id, 2)))


def materiality_assessment(ev: ReportEvidence) -> Measure:
    return _signal_measure(ev, "materiality", "开展并披露了实质性议题评估", "未见实质性议题识别与评估")


# 平衡性 ----------------------------------------------------------------------------------------------


def negative_disclosure(ev: ReportEvidence) -> Measure:
    signal = ev.signals.get("negative_disclosure")
    if signal is None or not signal.present:
        return Measure(0.0, "未披露任何负面事件（事故、处罚、诉讼、投诉、未达成目标）")
    return Measure(min(1.0, 0.6 + 0.2 * (signal.count - 1)), f"披露了负面信息 {signal.count} 处",
                   tuple(ev.signal_quotes("negative_disclosure")))


def zero_incident_claims(ev: ReportEvidence) -> Measure:
    return _signal_measure(ev, "zero_incident_claims", "对事故、处罚等风险作出了明确说明（含零事故声明）",
                           "未就事故、处罚等风险作出任何说明")


def incident_kpis(ev: ReportEvidence) -> Measure:
    found = [k for k in ev.rubrics.scoring.incident_kpis if k in ev.kpis_found]
    names = "、".join(_kpi_name(ev, k) for k in found) or "无"
    return Measure(_share(len(found), _full(ev, "incident_kpis")), f"事故、投诉、处罚类指标 {len(found)} 项：{names}",
                   tuple(_kpi_quote(ev, k) for k in found[:3]))


# 可比性 ----------------------------------------------------------------------------------------------


def _multi_year(ev: ReportEvidence, years: int) -> list[Series]:
    return [s for s in ev.series if len(s.values) >= years]


def series_3y(ev: ReportEvidence) -> Measure:
    found = _multi_year(ev, 3)
    quotes = tuple(series_quote(s) for s in found[:4])
    return Measure(_share(len(found), _full(ev, "series_3y")), f"连续三年及以上的指标 {len(found)} 项", quotes)


def series_2y(ev: ReportEvidence) -> Measure:
    found = _multi_year(ev, 2)
    return Measure(_share(len(found), _full(ev, "series_2y")), f"两年及以上的指标 {len(found)} 项")


def consistency(ev: ReportEvidence) -> Measure:
    multi = _multi_year(ev, 2)
    if not multi:
        return Measure(0.0, "没有多年数据，无从比较")
    flagged = [s for s in multi if _FLAGS_BREAKING_COMPARISON & set(s.flags)]
    detail = f"多年指标 {len(multi)} 项中 {len(flagged)} 项口径存疑（单位不一、异常跳变或合计不符）"
    if flagged:
        detail += "：" + "、".join(s.name for s in flagged[:5])
    return Measure(1 - len(flagged) / len(multi), detail)


def targets(ev: ReportEvidence) -> Measure:
    signal = ev.signals.get("targets")
    count = signal.count if signal else 0
    return Measure(_share(count, _full(ev, "targets")), f"带年份与数值的量化目标 {count} 处",
                   tuple(ev.signal_quotes("targets", 2)))


# 可读性 ----------------------------------------------------------------------------------------------


def structure(ev: ReportEvidence) -> Measure:
    has_contents = any(p.role == "contents" for p in ev.passages)
    headings = distinct_texts(b.text for b in ev.doc.blocks if b.kind == "heading")
    pages = max(ev.doc.meta.pages, 1)
    density = len(headings) / pages * 10
    value = 0.4 * has_contents + 0.6 * _share(density, _full(ev, "headings_per_10_pages"))
    return Measure(value, f"{'有' if has_contents else '未识别到'}目录页；{len(headings)} 个章节标题（每十页 {density:.1f} 个）")


def data_tables(ev: ReportEvidence) -> Measure:
    tables = distinct_texts(t.text for t in ev.doc.tables if len(_FIGURE.findall(t.text)) >= 3)
    return Measure(_share(len(tables), _full(ev, "data_tables")), f"含数据的表格 {len(tables)} 个")


def cases(ev: ReportEvidence) -> Measure:
    signal = ev.signals.get("case_studies")
    count = signal.count if signal else 0
    return Measure(_share(count, _full(ev, "cases")), f"案例 {count} 处", tuple(ev.signal_quotes("case_studies", 2)))


def paragraphs(ev: ReportEvidence) -> Measure:
    lengths = [len(b.text) for b in ev.doc.blocks if b.kind == "paragraph" and len(b.text) >= 20]
    if not lengths:
        return Measure(0.0, "没有可读的正文段落")
    short = sum(1 for n in lengths if n <= _WALL_OF_TEXT)
    return Measure(short / len(lengths), f"{short}/{len(lengths)} 个段落不超过 {_WALL_OF_TEXT} 字")


def originality(ev: ReportEvidence) -> Measure:
    content = [p for p in ev.passages if p.role == "content" and len(p.text) >= _MIN_REPEAT]
    total = sum(len(p.text) for p in content)
    unique = sum(len(p.text) for p in ev.distinct_content(_MIN_REPEAT))
    repeated = 1 - unique / total if total else 0.0
    return Measure(max(0.0, 1 - 3 * repeated), f"重复段落占正文 {_pct(repeated)}")


# 过程性 ----------------------------------------------------------------------------------------------


def signals(ev: ReportEvidence) -> Measure:
    weights = ev.rubrics.scoring.process_signals
    present = [s for s in weights if (sig := ev.signals.get(s)) is not None and sig.present]
    missing = [ev.signals[s].name if s in ev.signals else s for s in weights if s not in present]
    value = sum(weights[s] for s in present) / sum(weights.values())
    detail = "具备：" + ("、".join(ev.signals[s].name for s in present) or "无")
    if missing:
        detail += "；缺少：" + "、".join(missing)
    quotes = tuple(q for s in present for q in ev.signal_quotes(s, 1))
    return Measure(value, detail, quotes)


# 创新性 ----------------------------------------------------------------------------------------------


def _framework_measure(ev: ReportEvidence, framework: str, label: str) -> Measure:
    refs = ev.framework_refs(framework)
    done, of = ev.covered(refs)
    best = sorted((r for r in ev.coverage if r.startswith(f"{framework}:")), key=lambda r: -ev.coverage[r].score)
    quotes = tuple(q for q in (ev.topic_quote(r) for r in best[:2]) if q)
    return Measure(ev.mean_credit(refs), f"{label}议题 {done}/{of} 项已描述或量化", quotes)


def carbon(ev: ReportEvidence) -> Measure:
    return _framework_measure(ev, "carbon", "双碳与气候")


def digital(ev: ReportEvidence) -> Measure:
    return _framework_measure(ev, "digital", "数字化转型")


def sdg(ev: ReportEvidence) -> Measure:
    return _signal_measure(ev, "sdg", "将实践与联合国可持续发展目标（SDGs）对应", "未与联合国可持续发展目标对应")


# ---------------------------------------------------------------------------------------------------

PARTS: dict[str, dict[str, tuple[str, MeasureFn]]] = {
    "completeness": {"topics": ("议题覆盖", topics), "core_kpis": ("核心指标", core_kpis)},
    "materiality": {
        "industry_topics": ("行业关键议题", industry_topics),
        "industry_kpis": ("行业关键指标", industry_kpis),
        "programme_themes": ("平台核心主题", programme_themes),
        "materiality_assessment": ("实质性评估", materiality_assessment),
    },
    "balance": {
        "negative_disclosure": ("负面信息", negative_disclosure),
        "zero_incident_claims": ("风险事项说明", zero_incident_claims),
        "incident_kpis": ("事故类指标", incident_kpis),
    },
    "comparability": {
        "series_3y": ("三年数据", series_3y),
        "series_2y": ("两年数据", series_2y),
        "consistency": ("口径一致", consistency),
        "targets": ("量化目标", targets),
    },
    "readability": {
        "structure": ("结构导航", structure),
        "data_tables": ("数据表格", data_tables),
        "cases": ("案例", cases),
        "paragraphs": ("段落长度", paragraphs),
        "originality": ("内容不重复", originality),
    },
    "process": {"signals": ("报告过程要素", signals)},
    "innovation": {
        "carbon": ("双碳", carbon),
        "digital": ("数字化转型", digital),
        "sdg": ("SDG 对应", sdg),
        "targets": ("前瞻目标", targets),
    },
}


def _kpi_name(ev: ReportEvidence, kpi_id: str) -> str:
    return next(k.name_zh for k in ev.rubrics.catalogue.kpis if k.id == kpi_id)


def _kpi_quote(ev: ReportEvidence, kpi_id: str) -> Quote:
    item = next(i for i in ev.indicators if i.kpi == kpi_id)
    return Quote(page=item.page, page_label=None, text=item.text, source=f"kpi:{kpi_id}")
