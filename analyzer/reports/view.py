"""What the HTML page and the Word report show, computed once from an ``Analysis``: Chinese labels, page
references, the coverage matrix, the KPI table, gaps per framework and the quotes behind the scores."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from analyzer.analysis import Analysis
from analyzer.mapping.coverage import LEVELS, SECTION_SEPARATOR, Evidence
from analyzer.rubrics.loader import RubricSet, load_rubrics
from analyzer.rubrics.schema import Topic
from analyzer.scoring.gaps import SEVERITY_ORDER
from analyzer.scoring.industry import IndustryMatch
from analyzer.scoring.model import Gap

Audience = Literal["expert", "enterprise"]
AUDIENCES: tuple[Audience, ...] = ("expert", "enterprise")

LEVEL_NAMES = {"none": "未披露", "mentioned": "提及", "described": "已描述", "quantified": "已量化"}
INDUSTRY_SOURCES = {
    "given": "用户指定", "company_name": "依据公司名称", "text": "依据报告文本关键词", "default": "未能识别，按综合行业",
}
SERIES_FLAGS = {"few_years": "不足三年", "mixed_units": "单位不一", "jump": "异常跳变", "total_mismatch": "合计不符"}
FRAMEWORK_SHORT = {
    "gri": "GRI", "iso26000": "ISO 26000", "gbt36000": "GB/T 36000", "cass_esg": "CASS-ESG", "carbon": "双碳",
    "digital": "数字化转型", "shanghai": "上海核心主题", "sse2024": "上交所指引",
}
PRIORITIES = {1: "优先", 2: "其次", 3: "可选"}
PILLARS = {"environment": "环境（E）", "social": "社会（S）", "governance": "治理（G）"}
MAX_QUOTE = 240
_SLUG = re.compile(r"[a-z][a-z0-9_]*")


@dataclass(frozen=True)
class CoverageRow:
    topic: str
    name: str
    level: str
    pages: str  # page labels of the evidence, where the topic counts as covered
    group: bool
    depth: int  # 0 for a top-level topic


@dataclass(frozen=True)
class FrameworkView:
    id: str
    name: str
    coded: bool  # topic ids are codes ("305-1", "6.5.5") worth showing, not slugs ("scope1")
    rows: tuple[CoverageRow, ...]
    counts: dict[str, int]  # level → leaf topics
    gaps: tuple[Gap, ...]  # most severe first


@dataclass(frozen=True)
class KpiRow:
    name: str
    unit: str
    values: tuple[str, ...]  # one per year of the table, "" where the report gives none
    flags: str
    pages: str


@dataclass(frozen=True)
class QuoteRow:
    dimension: str
    source: str
    page: str
    section: str
    text: str


def rubrics() -> RubricSet:
    """The rubrics the analysis was made with (cached by the loader)."""
    return load_rubrics()


def title(audience: Audience) -> str:
    return "社会责任报告预审报告" if audience == "expert" else "社会责任报告自评报告"


def subtitle(analysis: Analysis) -> str:
    """"沪明新材料股份有限公司 · 2024年社会责任报告", else the file name."""
    meta = analysis.document
    return " · ".join(x for x in (meta.company, meta.title) if x) or meta.file


def industry_text(match: IndustryMatch) -> str:
    """How the industry was found: "银行（公司名称含「银行」；置信度 0.90）", "汽车及零部件（依据报告文本
    关键词：汽车×7、新能源汽车×5；置信度 0.49）", "银行（用户指定）"."""
    if match.source == "given":
        return f"{match.name}（{INDUSTRY_SOURCES['given']}）"
    how = INDUSTRY_SOURCES[match.source]
    if match.source == "text":
        how = f"{how}：{'、'.join(match.evidence)}"
    elif match.evidence:
        how = "；".join(match.evidence)
    return f"{match.name}（{how}；置信度 {match.confidence:.2f}）"


def page_short(page: int | None, label: str | None) -> str:
    """The printed page number, else the physical one."""
    return label or (str(page) if page is not None else "")


def page_long(page: int | None, label: str | None) -> str:
    """"第 13 页（PDF 第 15 页）" when the printed number differs from the physical page."""
    if page is None:
        return f"第 {label} 页" if label else ""
    if label and label != str(page):
        return f"第 {label} 页（PDF 第 {page} 页）"
    return f"第 {page} 页"


def pages_of(evidence: tuple[Evidence, ...]) -> str:
    """The evidence's page numbers in page order, each once."""
    ordered = sorted(evidence, key=lambda e: e.page)
    return ", ".join(dict.fromkeys(page_short(e.page, e.page_label) for e in ordered))


def number(value: float) -> str:
    """3,862 / 12.35 / 0.0123 / 128.6万 / 38.62亿 / 3.9391万亿: large values in 万, 亿 and 万亿, as Chinese
    reports write them."""
    for threshold, divisor, word, decimals in ((1e12, 1e12, "万亿", 4), (1e8, 1e8, "亿", 4), (1e6, 1e4, "万", 2)):
        if abs(value) >= threshold:
            return _decimal(value / divisor, decimals) + word
    return _decimal(value, 2 if abs(value) >= 1 else 4)


def _decimal(value: float, decimals: int) -> str:
    text = f"{value:,.{decimals}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def clip(text: str, limit: int = MAX_QUOTE) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def section_text(analysis: Analysis, section: str | None) -> str:
    """A heading path without the report's own title in front."""
    if not section:
        return ""
    parts = section.split(SECTION_SEPARATOR)
    if len(parts) > 1 and parts[0] == analysis.document.title:
        parts = parts[1:]
    return SECTION_SEPARATOR.join(parts)


def frameworks(analysis: Analysis) -> list[FrameworkView]:
    """Per framework, in rubric order: the coverage matrix (groups followed by their topics), counts of
    the leaf topics by level, and the gaps."""
    rs = rubrics()
    views = []
    for fw_id in dict.fromkeys(c.framework for c in analysis.coverage):
        found = {c.topic: c for c in analysis.coverage if c.framework == fw_id}
        rows = []
        for topic, depth in _tree(rs, fw_id, None, 0):
            if (c := found.get(topic.id)) is not None:
                pages = pages_of(c.evidence) if c.level != "none" else ""
                rows.append(CoverageRow(c.topic, c.name, c.level, pages, topic.group, depth))
        counts = Counter(r.level for r in rows if not r.group)
        gaps = sorted((g for g in analysis.gaps if g.framework == fw_id),
                      key=lambda g: SEVERITY_ORDER[g.severity])
        views.append(FrameworkView(
            id=fw_id, name=rs.frameworks[fw_id].name_zh, coded=any(map(is_code, found)),
            rows=tuple(rows), counts={lv: counts[lv] for lv in LEVELS}, gaps=tuple(gaps),
        ))
    return views


def _tree(rs: RubricSet, framework: str, parent: str | None, depth: int) -> Iterator[tuple[Topic, int]]:
    for topic in rs.children(framework, parent):
        yield topic, depth
        yield from _tree(rs, framework, topic.id, depth + 1)


def is_code(topic: str) -> bool:
    """A topic id worth showing ("305-1", "6.5.5", "G3"), not a slug ("scope1", "green_finance")."""
    return not _SLUG.fullmatch(topic)


def severity_names() -> dict[str, str]:
    return dict(rubrics().scoring.severity)


def top_gaps(analysis: Analysis, count: int = 3) -> list[Gap]:
    """The most severe gaps, industry-key topics first, framework order kept."""
    order = list(dict.fromkeys(c.framework for c in analysis.coverage))
    return sorted(
        analysis.gaps,
        key=lambda g: (SEVERITY_ORDER[g.severity], not g.key_for_industry, order.index(g.framework)),
    )[:count]


def kpi_table(analysis: Analysis) -> tuple[tuple[int, ...], list[KpiRow]]:
    """The series as one table: the years of all series as columns."""
    years = tuple(sorted({y for s in analysis.series for y in s.values}))
    rows = [
        KpiRow(
            name=s.name,
            unit=s.unit,
            values=tuple(number(s.values[y]) if y in s.values else "" for y in years),
            flags="、".join(SERIES_FLAGS.get(f, f) for f in s.flags),
            pages=", ".join(str(p) for p in s.pages),
        )
        for s in analysis.series
    ]
    return years, rows


def quotes(analysis: Analysis) -> list[QuoteRow]:
    """The quotes each dimension's score rests on, with page, section (where the coverage knows it) and
    what they show."""
    sections = {e.text: e.section for c in analysis.coverage for e in c.evidence}
    return [
        QuoteRow(
            dimension=dim.name,
            source=source_name(analysis, q.source),
            page=page_long(q.page, q.page_label),
            section=section_text(analysis, sections.get(q.text)),
            text=clip(q.text),
        )
        for dim in analysis.score.dimensions
        for q in dim.evidence
    ]


def source_name(analysis: Analysis, source: str) -> str:
    """"signal:assurance" → "第三方鉴证", "gri:404-1" → "每名员工…（GRI 404-1）", "kpi:ghg_total" → the
    KPI's name."""
    kind, _, key = source.partition(":")
    if kind == "signal" and key in analysis.signals:
        return analysis.signals[key].name
    if kind == "kpi":
        return next((s.name for s in analysis.series if s.kpi == key), key)
    topic = next((c for c in analysis.coverage if c.framework == kind and c.topic == key), None)
    if topic is None:
        return source
    where = FRAMEWORK_SHORT.get(kind, kind)
    return f"{topic.name}（{where} {key}）" if is_code(key) else f"{topic.name}（{where}）"
