"""The scorer on real text: metamorphic tests on the Ping An report (remove a chapter, add a negative
disclosure, paste a chapter twice, drop the year columns), the scorecard's shape and its explanations,
gaps that respect the industry, and the scoring model's validation."""

from __future__ import annotations

import glob

import pytest

from analyzer.analysis import Analysis, analyze_document
from analyzer.document import Block, Document, Page
from analyzer.errors import RubricError
from analyzer.extract import extract
from analyzer.mapping.mapper import TopicMapper
from analyzer.rubrics.loader import load_rubrics
from analyzer.scoring.scorer import check_scoring_model
from tests import pdf_fixtures
from tests.corpus import corpus_path

pytestmark = pytest.mark.embeddings

# A negative disclosure as reports write it: an incident in the period, counted, with its consequence.
NEGATIVE = ("报告期内，本行发生一般生产安全事故1起，造成1名员工轻伤；本行受到监管部门行政处罚3起，罚款合计120万元，"
            "相关问题已全部完成整改，责任人已被追责。")


@pytest.fixture(scope="module")
def mapper() -> TopicMapper:
    pytest.importorskip("sentence_transformers", reason="sentence-transformers is not installed")
    return TopicMapper()


@pytest.fixture(scope="module")
def ping_an_doc() -> Document:
    corpus_path("pdf-zh")
    return extract(glob.glob(str(corpus_path("pdf-zh") / "*平安银行*"))[0])


@pytest.fixture(scope="module")
def ping_an(ping_an_doc: Document, mapper: TopicMapper) -> Analysis:
    return analyze_document(ping_an_doc, mapper)


@pytest.fixture(scope="module")
def sample(mapper: TopicMapper) -> Analysis:
    return analyze_document(extract(pdf_fixtures.SAMPLE_PDF), mapper)


def dimension(analysis: Analysis, dim_id: str) -> float:
    assert analysis.score is not None
    return next(d.score for d in analysis.score.dimensions if d.id == dim_id)


def chapter(doc: Document, word: str) -> list[Block]:
    return [b for b in doc.blocks if any(word in s for s in b.section) or (b.kind == "heading" and word in b.text)]


def without(doc: Document, blocks: list[Block]) -> Document:
    drop = {b.id for b in blocks}
    return doc.model_copy(update={"blocks": tuple(b for b in doc.blocks if b.id not in drop)})


def appended(doc: Document, blocks: list[Block]) -> Document:
    """The blocks again, on new pages at the end (as a chapter pasted twice would be)."""
    first = min(b.page or 1 for b in blocks)
    offset = doc.meta.pages + 1 - first
    pages = max(b.page or 1 for b in blocks) - first + 1
    copies = tuple(b.model_copy(update={"id": f"{b.id}-copy", "page": (b.page or first) + offset}) for b in blocks)
    new_pages = tuple(Page(number=doc.meta.pages + i + 1) for i in range(pages))
    meta = doc.meta.model_copy(update={"pages": doc.meta.pages + pages})
    return doc.model_copy(update={"meta": meta, "pages": doc.pages + new_pages, "blocks": doc.blocks + copies})


def test_scorecard_follows_the_contract_and_explains_every_dimension(ping_an: Analysis) -> None:
    score = ping_an.score
    assert score is not None and 0 <= score.total <= 100
    rubrics = load_rubrics()
    assert [d.id for d in score.dimensions] == [d.id for d in rubrics.scoring.dimensions]
    assert sum(d.weight for d in score.dimensions) == pytest.approx(100)
    assert score.total == pytest.approx(sum(d.score * d.weight for d in score.dimensions) / 100, abs=0.1)
    for dim in score.dimensions:
        assert dim.name and dim.explanation.startswith(next(d.checks for d in rubrics.scoring.dimensions
                                                            if d.id == dim.id))
        assert dim.score == pytest.approx(100 * sum(p.weight * p.value for p in dim.parts), abs=0.1)
    assert score.rating.endswith("星级") and 1 <= score.stars <= 5
    assert {a.id for a in score.aspects} == {a.id for a in rubrics.scoring.aspects}
    assert set(score.pillars) == {"environment", "social", "governance"}


def test_a_bank_is_scored_as_a_bank_and_not_marked_down_for_biodiversity(ping_an: Analysis) -> None:
    assert ping_an.score is not None and ping_an.score.industry.id == "banking"
    assert not any(g.topic.startswith("304-") for g in ping_an.gaps if g.framework == "gri")
    assert ping_an.gaps
    assert all(g.level == "none" for g in ping_an.gaps if g.severity == "high")
    assert all(g.level == "mentioned" and not g.key_for_industry for g in ping_an.gaps if g.severity == "low")
    assert all(g.suggestion.startswith(("补充披露", "「")) and "参照" in g.suggestion for g in ping_an.gaps)


def test_removing_the_environment_chapter_lowers_environment_coverage_and_the_total(
    ping_an_doc: Document, ping_an: Analysis, mapper: TopicMapper
) -> None:
    green = chapter(ping_an_doc, "绿色发展")
    assert len(green) > 30
    cut = analyze_document(without(ping_an_doc, green), mapper)
    assert cut.score is not None and ping_an.score is not None
    assert cut.score.pillars["environment"] < ping_an.score.pillars["environment"] - 5
    assert cut.score.total < ping_an.score.total


def test_a_real_negative_disclosure_raises_balance(ping_an_doc: Document, ping_an: Analysis, mapper: TopicMapper) -> None:
    anchor = chapter(ping_an_doc, "员工成长")[-1]
    block = Block(id="added-negative", kind="paragraph", text=NEGATIVE, page=anchor.page, section=anchor.section)
    blocks = list(ping_an_doc.blocks)
    blocks.insert(blocks.index(anchor) + 1, block)
    more = analyze_document(ping_an_doc.model_copy(update={"blocks": tuple(blocks)}), mapper)
    assert dimension(more, "balance") > dimension(ping_an, "balance")


def test_pasting_a_chapter_twice_does_not_raise_the_score(ping_an_doc: Document, ping_an: Analysis,
                                                          mapper: TopicMapper) -> None:
    twice = analyze_document(appended(ping_an_doc, chapter(ping_an_doc, "社会公益")), mapper)
    assert twice.score is not None and ping_an.score is not None
    assert twice.score.total <= ping_an.score.total
    assert dimension(twice, "readability") < dimension(ping_an, "readability")


def test_a_report_without_year_columns_is_less_comparable(sample: Analysis, mapper: TopicMapper) -> None:
    doc = extract(pdf_fixtures.SAMPLE_PDF)
    flat = doc.model_copy(update={"blocks": tuple(_latest_year_only(b) for b in doc.blocks)})
    assert dimension(analyze_document(flat, mapper), "comparability") < dimension(sample, "comparability")


def _latest_year_only(block: Block) -> Block:
    """A table with year columns reduced to its label, unit and last column, headed 数值."""
    if block.kind != "table" or not block.rows:
        return block
    header = block.rows[0]
    years = [i for i, cell in enumerate(header) if cell and cell.strip().rstrip("年").isdigit()]
    if len(years) < 2:
        return block
    keep = [i for i in range(len(header)) if i not in years[:-1]]
    rows = tuple(tuple(("数值" if r == 0 and i == years[-1] else row[i]) if i < len(row) else None for i in keep)
                 for r, row in enumerate(block.rows))
    return block.model_copy(update={"rows": rows, "text": " ".join(c or "" for row in rows for c in row)})


def test_the_sample_report_gets_advice_and_expert_questions(sample: Analysis) -> None:
    assert sample.advice and sample.advice[0].gain >= sample.advice[-1].gain
    assert all(a.text and a.dimension for a in sample.advice)
    assert sample.questions and all(q.basis for q in sample.questions)


def test_an_unknown_dimension_part_in_the_scoring_model_is_a_rubric_error() -> None:
    rubrics = load_rubrics()
    dim = rubrics.scoring.dimensions[0]
    broken_dim = dim.model_copy(update={"parts": {**dim.parts, "typo": 0.1}})
    scoring = rubrics.scoring.model_copy(update={"dimensions": (broken_dim, *rubrics.scoring.dimensions[1:])})
    broken = type(rubrics)(rubrics.directory, rubrics.frameworks, rubrics.crosswalk, rubrics.catalogue, scoring,
                           rubrics.industries)
    with pytest.raises(RubricError) as info:
        check_scoring_model(broken)
    assert "typo" in "\n".join(info.value.details)
