"""Gaps, measures and advice on hand-made evidence (no embedding model): severity follows materiality, an
industry's not-material topics are never gaps, counts ignore repeated text."""

from __future__ import annotations

import pytest

from analyzer.document import Block, Document, DocumentMeta, Page
from analyzer.indicators.signals import Signal, SignalEvidence
from analyzer.mapping.coverage import Evidence, TopicCoverage
from analyzer.passages import split_passages
from analyzer.rubrics.loader import RubricSet, load_rubrics
from analyzer.scoring.advice import advise, expert_questions
from analyzer.scoring.dimensions import negative_disclosure, originality
from analyzer.scoring.evidence import ReportEvidence
from analyzer.scoring.gaps import find_gaps
from analyzer.scoring.industry import detect_industry
from analyzer.scoring.scorer import score_report

PARAGRAPH = "公司坚持绿色发展理念，持续推进节能减排，全年综合能源消耗量下降5%，单位产值碳排放强度同比下降8%。"


@pytest.fixture(scope="module")
def rubrics() -> RubricSet:
    return load_rubrics()


def document(*texts: str, company: str = "沪明银行股份有限公司") -> Document:
    blocks = tuple(Block(id=f"p{i + 1}-b0", kind="paragraph", text=t, page=i + 1) for i, t in enumerate(texts))
    pages = tuple(Page(number=i + 1) for i in range(len(texts)))
    meta = DocumentMeta(file="t.pdf", sha256="0" * 64, format="pdf", pages=len(texts), language="zh",
                        company=company, report_year=2024)
    return Document(meta=meta, pages=pages, blocks=blocks)


def coverage(rubrics: RubricSet, levels: dict[str, str]) -> dict[str, TopicCoverage]:
    """Every topic at ``none`` except those given; a described topic cites page 1."""
    out = {}
    for ref in rubrics.refs():
        framework, topic = ref.split(":", 1)
        level = levels.get(ref, "none")
        evidence = () if level == "none" else (Evidence(page=1, page_label="1", section=None, text=PARAGRAPH,
                                                         score=0.8, passage="P1", quantified=True),)
        out[ref] = TopicCoverage(framework=framework, topic=topic, name=rubrics.topic(ref).name_zh, level=level,
                                 score=0.8 if evidence else 0.0, evidence=evidence)
    return out


def evidence(rubrics: RubricSet, doc: Document, levels: dict[str, str] | None = None,
             signals: dict[str, Signal] | None = None) -> ReportEvidence:
    return ReportEvidence(
        doc=doc, passages=split_passages(doc), coverage=coverage(rubrics, levels or {}), indicators=(), series=(),
        signals=signals or {}, industry=detect_industry(doc, rubrics), rubrics=rubrics,
    )


def test_a_bank_gets_no_biodiversity_gap_and_its_key_topics_are_severe(rubrics: RubricSet) -> None:
    ev = evidence(rubrics, document(PARAGRAPH), {"gri:404-1": "mentioned"})
    assert ev.industry.id == "banking"
    gaps = {f"{g.framework}:{g.topic}": g for g in find_gaps(ev)}
    assert not any(ref.startswith("gri:304-") for ref in gaps)
    key = rubrics.leaves("carbon:green_finance")[0]
    assert gaps[key].severity == "high" and gaps[key].key_for_industry
    assert gaps["gri:404-1"].severity == "low" and gaps["gri:404-1"].suggestion.startswith("「")
    order = [g.severity for g in gaps.values()]
    assert order == sorted(order, key=["high", "medium", "low"].index)


def test_a_described_topic_is_no_gap(rubrics: RubricSet) -> None:
    ev = evidence(rubrics, document(PARAGRAPH), {"gri:302-1": "described", "gri:305-1": "quantified"})
    refs = {f"{g.framework}:{g.topic}" for g in find_gaps(ev)}
    assert "gri:302-1" not in refs and "gri:305-1" not in refs and "gri:302-4" in refs


def test_negative_disclosure_credit_grows_with_distinct_incidents(rubrics: RubricSet) -> None:
    def signals(n: int) -> dict[str, Signal]:
        quotes = tuple(SignalEvidence(page=1, page_label="1", text=f"发生一般安全事故{i + 1}起") for i in range(min(n, 3)))
        return {"negative_disclosure": Signal(name="负面信息披露", name_en="negative", present=n > 0,
                                              evidence=quotes, count=n)}

    values = [negative_disclosure(evidence(rubrics, document(PARAGRAPH), signals=signals(n))).value for n in range(4)]
    assert values == [0.0, 0.6, 0.8, 1.0]


def test_repeated_paragraphs_lower_originality_and_never_raise_the_score(rubrics: RubricSet) -> None:
    texts = [PARAGRAPH, "员工培训覆盖率达到100%，人均培训时长52小时，开展安全生产培训120场次，覆盖员工3,000人次。"]
    once = evidence(rubrics, document(*texts))
    twice = evidence(rubrics, document(*texts, *texts))
    assert originality(once).value == 1.0 and originality(twice).value < 0.5
    assert score_report(twice).total <= score_report(once).total


def test_advice_is_ranked_by_what_it_can_gain_and_questions_name_their_basis(rubrics: RubricSet) -> None:
    ev = evidence(rubrics, document(PARAGRAPH))
    score = score_report(ev)
    advice = advise(score)
    assert advice and [a.gain for a in advice] == sorted((a.gain for a in advice), reverse=True)
    assert advice[0].priority == 1
    questions = expert_questions(ev, find_gaps(ev))
    assert any("负面" in q.text for q in questions) and any("鉴证" in q.text for q in questions)
    assert all(q.basis for q in questions)


def test_a_document_too_short_to_be_a_report_is_questioned_first(rubrics: RubricSet) -> None:
    cover = evidence(rubrics, document("沪明银行股份有限公司 2024年社会责任报告 地址：上海市浦东新区"))
    first = expert_questions(cover, find_gaps(cover))[0]
    assert "封面" in first.text and "完整性" in first.basis
    report = evidence(rubrics, document(*[PARAGRAPH] * 40))  # about 2,000 characters
    assert not any("封面" in q.text for q in expert_questions(report, find_gaps(report)))
