"""A draft GRI content index from the coverage of framework ``gri``: for every disclosure, its status and
the pages where the report covers it, grouped by GRI standard, for the enterprise to check and complete."""

from __future__ import annotations

from dataclasses import dataclass

from analyzer.analysis import Analysis
from analyzer.reports.view import pages_of, rubrics, section_text

STATUS = {"none": "未披露", "mentioned": "部分披露", "described": "已披露", "quantified": "已披露"}
NOT_MATERIAL = "不适用"  # a disclosure the report's industry is not expected to make


@dataclass(frozen=True)
class IndexRow:
    standard: str  # "GRI 305 排放"
    disclosure: str  # "305-1"
    name: str
    status: str  # 已披露 / 部分披露 / 未披露 / 不适用
    pages: str  # printed page numbers (else physical), in page order
    section: str  # the heading path of the best evidence


def draft_gri_index(analysis: Analysis) -> list[IndexRow]:
    """One row per GRI disclosure (groups left out), in the standard's order."""
    rs = rubrics()
    industry = rs.industry(analysis.score.industry.id)
    not_material = {leaf for ref in industry.not_material for leaf in rs.leaves(ref)}
    rows = []
    for cov in analysis.coverage:
        ref = f"{cov.framework}:{cov.topic}"
        if cov.framework != "gri" or rs.topic(ref).group:
            continue
        parent = rs.topic(ref).parent
        standard = f"{parent} {rs.topic(f'gri:{parent}').name_zh}" if parent else ""
        absent = ref in not_material and cov.level == "none"
        shown = cov.level != "none" and cov.evidence
        rows.append(IndexRow(
            standard=standard,
            disclosure=cov.topic,
            name=cov.name,
            status=NOT_MATERIAL if absent else STATUS[cov.level],
            pages=pages_of(cov.evidence) if shown else "",
            section=section_text(analysis, cov.evidence[0].section) if shown else "",
        ))
    return rows
