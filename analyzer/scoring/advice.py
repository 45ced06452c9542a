"""Improvement advice for the enterprise's self-check, and questions an expert may put to it.

Advice comes from the measures with the most points left on the table (dimension weight × part weight ×
what is missing), so the first item is the one that improves the report most.
"""

from __future__ import annotations

from collections.abc import Sequence

from analyzer.indicators.series import Series
from analyzer.scoring.evidence import ReportEvidence, series_quote
from analyzer.scoring.model import Advice, Gap, Question, Score

MAX_ADVICE = 10
MAX_QUESTIONS = 10
SHORT_REPORT_CHARS = 1500  # less text than this is a cover page, a summary or an excerpt, not a report

_ADVICE: dict[str, str] = {
    "topics": "补齐国家标准与平台核心主题中未覆盖的议题：每个议题写明管理方针、主要举措与成效（见“议题缺口”）",
    "core_kpis": "补充通用核心指标（员工人数、培训时长、能耗、温室气体排放、用水、废弃物、纳税、公益捐赠等），并注明单位与年份",
    "industry_topics": "围绕所属行业的关键议题展开披露，说明管理方针、风险与绩效",
    "industry_kpis": "补充所属行业的关键绩效指标，给出近三年数据",
    "programme_themes": "对照上海发布平台九大核心主题及双碳、数字化转型逐项披露",
    "materiality_assessment": "开展实质性议题识别与评估，披露评估流程、利益相关方参与和议题矩阵",
    "negative_disclosure": "如实披露报告期内的负面信息（安全事故、环境处罚、诉讼、投诉、未达成的目标）及整改措施",
    "zero_incident_claims": "就安全事故、环境事件、违规处罚等风险事项作出明确说明，即使未发生也应说明",
    "incident_kpis": "披露事故、工伤、投诉、处罚等指标（包括为零的情况），体现信息的平衡性",
    "series_3y": "关键指标提供连续三年数据，便于读者比较趋势",
    "series_2y": "为更多指标补充上一年度数据",
    "consistency": "统一多年数据的统计口径与单位，对异常变化加以说明",
    "targets": "设定带年份和数值的量化目标（如“2025年单位产值能耗较2020年下降10%”），并报告进展",
    "structure": "增加目录与清晰的章节标题，便于读者查找",
    "data_tables": "以表格集中呈现关键绩效数据（关键绩效表）",
    "cases": "增加有数据、有成效的实践案例",
    "paragraphs": "拆分过长段落，使用小标题与要点列表",
    "originality": "删除重复的内容，避免同一段落多处出现",
    "signals": "完善报告过程要素：领导致辞、责任治理机构、利益相关方沟通、报告范围与期间、第三方鉴证、指标索引、意见反馈表与联系方式",
    "carbon": "披露双碳目标、温室气体排放（范围一、二、三）、减排路径与气候风险管理",
    "digital": "披露数字化转型战略、投入、数据安全与成效",
    "sdg": "将主要实践与联合国可持续发展目标（SDGs）对应",
}


def advise(score: Score) -> list[Advice]:
    """The measures with most points to gain, each with what to do."""
    items = []
    seen: set[str] = set()
    for dim in score.dimensions:
        for part in dim.parts:
            gain = dim.weight * part.weight * (1 - part.value)
            if gain < 0.25 or part.id in seen:
                continue
            seen.add(part.id)
            priority = 1 if gain >= 3 else 2 if gain >= 1.5 else 3
            items.append(Advice(priority=priority, dimension=dim.name, text=f"{_ADVICE[part.id]}（现状：{part.detail}）",
                                gain=round(gain, 1)))
    return sorted(items, key=lambda a: -a.gain)[:MAX_ADVICE]


def expert_questions(ev: ReportEvidence, gaps: Sequence[Gap]) -> list[Question]:
    """Questions on what the figures and omissions leave open, with the basis of each."""
    questions: list[Question] = []
    chars = sum(1 for c in ev.doc.text if not c.isspace())
    if chars < SHORT_REPORT_CHARS:
        questions.append(Question(
            text=f"提交的文件正文仅 {chars} 字，像是封面、摘要或节选，而非完整报告。能否提供完整的社会责任报告？",
            basis=f"完整性：正文不足 {SHORT_REPORT_CHARS} 字，各项得分不能反映企业的实际披露",
        ))
    questions += [q for s in ev.series for q in _series_questions(s)]
    negative = ev.signals.get("negative_disclosure")
    if negative is None or not negative.present:
        questions.append(Question(
            text="报告未披露任何负面事件。报告期内是否发生过安全事故、环境处罚、诉讼或重大投诉？如有，处理结果如何？",
            basis="平衡性：未识别到负面信息披露",
        ))
    assurance = ev.signals.get("assurance")
    if assurance is None or not assurance.present:
        questions.append(Question(text="报告数据未经第三方鉴证，关键数据由谁、如何核实？", basis="过程性：未识别到第三方鉴证"))
    industry = ev.rubrics.industry(ev.industry.id)
    for gap in [g for g in gaps if g.key_for_industry and g.level == "none" and g.framework != "shanghai"][:4]:
        questions.append(Question(
            text=f"作为{industry.name_zh}企业，报告未涉及「{gap.name}」。企业在这方面有哪些管理实践与数据？",
            basis=f"实质性：{gap.framework} {gap.topic} 为行业关键议题",
        ))
    return questions[:MAX_QUESTIONS]


def _series_questions(series: Series) -> list[Question]:
    quote = series_quote(series)
    texts = {
        "jump": f"「{series.name}」相邻年份变化超过十倍，是统计口径或单位变化，还是实际变化？请说明原因。",
        "total_mismatch": f"「{series.name}」的分项之和与合计不符，请核对数据。",
        "mixed_units": f"「{series.name}」各年度单位不一致，请统一口径。",
    }
    return [Question(text=texts[f], basis=f"可比性：{f}", evidence=(quote,)) for f in series.flags if f in texts]
