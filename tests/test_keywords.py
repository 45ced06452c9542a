"""The keyword channel on real-style report sentences."""

from __future__ import annotations

import numpy as np
import pytest

from analyzer.mapping.keywords import KeywordIndex
from analyzer.rubrics.loader import load_rubrics

SENTENCES = [
    ("2021年末，本行绿色信贷余额691.35亿元，同比增长204.6%，支持清洁能源和节能环保项目。", None, "carbon:green_finance"),
    ("公司持续开展员工培训，全年人均培训时长52.3小时，培训覆盖率100%。", "培训与发展", "gri:404-1"),
    ("报告期内公司范围一直接温室气体排放为12.6万吨二氧化碳当量。", "应对气候变化", "carbon:scope1"),
    ("公司制定反腐败制度，开展反腐败培训和廉洁教育，全员签署廉洁承诺书。", "合规与反腐败", "gri:205-2"),
    ("The company reduced its Scope 2 emissions by switching to renewable electricity.", None, "carbon:scope2"),
]
FILLER = ["公司召开年度股东大会。", "本报告由董事会办公室编制。", "欢迎各界提出宝贵意见。"] * 5


@pytest.fixture(scope="module")
def index() -> KeywordIndex:
    return KeywordIndex.build(load_rubrics())


def test_each_sentence_ranks_its_topic_high(index: KeywordIndex) -> None:
    texts = [s for s, _, _ in SENTENCES] + FILLER
    headings = [h for _, h, _ in SENTENCES] + [None] * len(FILLER)
    scores = index.scores(texts, headings)
    assert scores.shape == (len(texts), len(index.topics))
    assert ((scores >= 0) & (scores < 1)).all()
    for row, (_, _, expected) in zip(scores, SENTENCES):
        ranked = [index.topics[j] for j in np.argsort(-row)[:15]]
        assert expected in ranked, (expected, ranked)
        assert row[index.topics.index(expected)] > 0.3


def test_boilerplate_scores_nothing(index: KeywordIndex) -> None:
    scores = index.scores(["携手伙伴共筑美好社会", "更多信息详见公司网站"], [None, None])
    assert scores.max() < 0.2


def test_heading_counts(index: KeywordIndex) -> None:
    text = ["全年共组织活动12场，参与人数3,000人次。"] + FILLER
    plain = index.scores(text, [None] * len(text))[0]
    headed = index.scores(text, ["志愿服务与公益"] + [None] * len(FILLER))[0]
    assert headed.max() > plain.max()


def test_a_word_every_report_uses_is_no_company_profile(index: KeywordIndex) -> None:
    """"Operations" runs through every report: it must not make a passage a company profile (CASS-ESG
    P3, which lends its evidence to GRI 2-1 / 2-6); the profile's own wording does."""
    texts = ["We improved safety across our operations this year.",
             "Headquartered in Rotterdam, the Group runs 25 plants in 12 countries."] + FILLER
    scores = index.scores(texts, [None, "Who we are"] + [None] * len(FILLER))
    profile = index.topics.index("cass_esg:P3")
    assert scores[0, profile] == 0.0 and scores[1, profile] > 0.3
