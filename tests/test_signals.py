"""Disclosure signals: negation-aware incidents, targets, and the signal list of a real-style report."""

from __future__ import annotations

import pytest

from analyzer.extract import extract
from analyzer.indicators.signals import detect_signals, incident_kind
from analyzer.passages import split_passages
from tests.pdf_fixtures import SAMPLE_PDF

INCIDENTS = [
    "报告期内，公司发生一起轻伤损工事故，已完成整改。",
    "2023年，公司因废气超标排放被生态环境局罚款12万元。",
    "公司子公司涉及一起合同纠纷诉讼，目前尚在审理中。",
    "全年发生生产安全事故2起，造成1人死亡。",
    "公司收到监管部门出具的警示函并被通报批评。",
    "受原料价格影响，公司未能完成年度节能目标。",
    "本年度共召回问题产品3批次。",
    "公司未发生重大安全事故，但发生一起轻伤事故。",
    "In 2022 we recorded two fatalities at our mining operations.",
    "The company was fined USD 1.2 million for a permit violation.",
    "A chemical spill occurred at our plant in March.",
]
ZERO_CLAIMS = [
    "报告期内，公司未发生重大安全生产事故。",
    "公司全年无环境污染事故，未受到环保部门处罚。",
    "本年度未发生因违反反垄断法律法规而受到处罚的情况。",
    "公司不存在重大诉讼、仲裁事项。",
    "全年实现零死亡、零重伤。",
    "报告期内未发生数据泄漏事件。",
    "公司连续五年未发生产品召回。",
    "全年工伤事故0起。",
    "There were no fatalities in 2023.",
    "We had zero significant fines for non-compliance.",
]
NEITHER = [
    "公司严禁任何形式的违规行为，对违规者严肃追责。",
    "We have a policy on preventing accidents and injuries.",
    "公司持续完善安全生产管理体系。",
]


@pytest.mark.parametrize("sentence", INCIDENTS)
def test_an_admitted_incident_is_negative_disclosure(sentence: str) -> None:
    assert incident_kind(sentence) == "incident"


@pytest.mark.parametrize("sentence", ZERO_CLAIMS)
def test_a_denied_incident_is_a_zero_claim(sentence: str) -> None:
    assert incident_kind(sentence) == "zero_claim"


@pytest.mark.parametrize("sentence", NEITHER)
def test_a_policy_is_neither(sentence: str) -> None:
    assert incident_kind(sentence) is None


def test_the_sample_report_signals() -> None:
    doc = extract(SAMPLE_PDF)
    signals = detect_signals(doc, split_passages(doc))
    present = {k for k, s in signals.items() if s.present}
    assert present >= {
        "report_period", "report_scope", "materiality", "stakeholder_engagement", "governance_body",
        "leadership_statement", "case_studies", "feedback_form", "contact", "targets",
        "negative_disclosure", "zero_incident_claims", "content_index", "report_year",
    }
    assert "sdg" not in present  # the sample never mentions the SDGs
    assert any("轻伤损工事故" in e.text for e in signals["negative_disclosure"].evidence)
    assert all("2028" in e.text or "2060" in e.text for e in signals["targets"].evidence)
    assert signals["content_index"].detail == "GRI" and {e.page for e in signals["content_index"].evidence} <= {21, 22}
    assert signals["report_year"].detail == "2024"
