"""Gaps: per framework, the topics the report leaves out or only mentions, with severity and a concrete
suggestion in Chinese (what to disclose, which KPIs, which clause).

Severity:
    high    absent, and material: a key topic of the industry, a programme theme, or weighted above 1
    medium  absent otherwise, or only mentioned although material
    low     only mentioned
Topics the industry is not expected to report (``not_material``) are never gaps.
"""

from __future__ import annotations

from analyzer.rubrics.schema import Kpi, Topic
from analyzer.scoring.evidence import ReportEvidence
from analyzer.scoring.model import Gap, Severity

SEVERITY_ORDER: dict[Severity, int] = {"high": 0, "medium": 1, "low": 2}
_PROGRAMME = ("shanghai:themes", "shanghai:emphases")
_MAX_DESCRIPTION = 80
_MAX_KPIS = 4


def find_gaps(ev: ReportEvidence) -> list[Gap]:
    """Every weak material leaf topic of every framework, most severe first."""
    industry = ev.rubrics.industry(ev.industry.id)
    key = {leaf for ref in industry.key_topics for leaf in ev.rubrics.leaves(ref)}
    key |= {leaf for ref in _PROGRAMME for leaf in ev.rubrics.leaves(ref)}
    gaps = []
    for ref, cov in ev.coverage.items():
        topic = ev.rubrics.topic(ref)
        if topic.group or ref in ev.not_material or cov.level in ("described", "quantified"):
            continue
        if ref.startswith("shanghai:") and topic.parent == "aspects":
            continue  # review aspects are lenses on the whole report, not disclosures
        material = ref in key or topic.weight > 1
        severity = _severity(cov.level, material)
        kpis = ev.rubrics.kpis_for(ref)[:_MAX_KPIS]
        gaps.append(Gap(
            framework=cov.framework, topic=cov.topic, name=cov.name, severity=severity,
            suggestion=_suggestion(ev, ref, topic, cov.level, kpis), level=cov.level,
            key_for_industry=ref in key, kpis=tuple(_kpi_label(k) for k in kpis),
        ))
    order = _framework_order(ev)
    return sorted(gaps, key=lambda g: (SEVERITY_ORDER[g.severity], order.index(g.framework)))


def _framework_order(ev: ReportEvidence) -> list[str]:
    """The programme's own frameworks first (the completeness scope's order), then the rest."""
    first = [key.split(":", 1)[0] for key in ev.rubrics.scoring.completeness_scope]
    return list(dict.fromkeys([*first, *ev.rubrics.frameworks]))


def _severity(level: str, material: bool) -> Severity:
    if level == "none":
        return "high" if material else "medium"
    return "medium" if material else "low"


def _suggestion(ev: ReportEvidence, ref: str, topic: Topic, level: str, kpis: list[Kpi]) -> str:
    framework = ev.rubrics.frameworks[ref.split(":", 1)[0]]
    clause = topic.clause or topic.id
    what = _clip(topic.description)
    if level == "none":
        text = f"补充披露「{topic.name_zh}」：{what}"
    else:
        text = f"「{topic.name_zh}」目前仅被提及，建议成段说明管理方针、举措与成效：{what}"
    if kpis:
        text += "；建议披露指标：" + "、".join(_kpi_label(k) for k in kpis)
    return f"{text}（参照 {framework.name_zh.split('：')[0]} {clause}）"


def _kpi_label(kpi: Kpi) -> str:
    return f"{kpi.name_zh}（{kpi.unit}）" if kpi.unit else kpi.name_zh


def _clip(text: str) -> str:
    """The description up to a clause end within ``_MAX_DESCRIPTION`` characters."""
    text = " ".join(text.split())
    if len(text) <= _MAX_DESCRIPTION:
        return text.rstrip("。；;")
    cut = max(text.rfind(mark, 0, _MAX_DESCRIPTION) for mark in "。；;")
    return text[:cut] if cut > 20 else text[: _MAX_DESCRIPTION - 1] + "…"
