"""The embedding channel: topic prototypes, similarity, and the on-disk cache."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from analyzer.embed import quantize
from analyzer.embed.model import MAX_TOKENS, load_embedder
from analyzer.mapping import embedding
from analyzer.mapping.embedding import EmbeddingCache, Encoder, prototype_text, similarity, topic_prototypes
from analyzer.rubrics.loader import load_rubrics

pytestmark = pytest.mark.embeddings


@pytest.fixture(scope="module")
def encoder(tmp_path_factory: pytest.TempPathFactory) -> Encoder:
    pytest.importorskip("sentence_transformers", reason="sentence-transformers is not installed")
    return Encoder(tmp_path_factory.mktemp("cache") / "embeddings.sqlite")


def test_passages_land_near_their_topics(encoder: Encoder) -> None:
    rubrics = load_rubrics()
    refs = ["gri:305-1", "gri:404-1", "gri:418-1", "carbon:green_finance", "gri:413-1"]
    prototypes = topic_prototypes(encoder, rubrics, refs)
    texts = [
        "报告期内，公司范围一直接温室气体排放量为12.6万吨二氧化碳当量，同比下降5.2%。",
        "公司持续开展员工培训，全年人均培训时长52.3小时，培训覆盖率100%。",
        "我们严格保护客户个人信息，全年未发生客户隐私泄露事件。",
        "The bank's green loan balance reached RMB 69.1 billion, supporting clean energy projects.",
    ]
    scores = similarity(encoder.encode(texts, "passage"), prototypes)
    assert [refs[i] for i in scores.argmax(axis=1)] == refs[:3] + ["carbon:green_finance"]


def test_examples_draw_a_prototype_towards_how_reports_write(encoder: Encoder) -> None:
    rubrics = load_rubrics()
    assert rubrics.topic("gri:2-1").examples
    gri = rubrics.frameworks["gri"]
    gri = gri.model_copy(update={"topics": tuple(t.model_copy(update={"examples": ()}) for t in gri.topics)})
    bare = replace(rubrics, frameworks={**rubrics.frameworks, "gri": gri}, _topics={})
    profile = encoder.encode(["某某环境科技股份有限公司成立于2003年，总部设在杭州，是一家民营上市企业。"], "passage")
    with_examples = similarity(profile, topic_prototypes(encoder, rubrics, ["gri:2-1"]))[0, 0]
    without = similarity(profile, topic_prototypes(encoder, bare, ["gri:2-1"]))[0, 0]
    assert with_examples > without


def test_the_token_limit_never_cuts_a_topic_prototype() -> None:
    pytest.importorskip("sentence_transformers", reason="sentence-transformers is not installed")
    model, rubrics = load_embedder(), load_rubrics()
    texts = [prototype_text(rubrics, ref, language) for ref in rubrics.refs() for language in ("zh", "en")]
    texts += [example for ref in rubrics.refs() for example in rubrics.topic(ref).examples]
    prompt = model.prompts["query"]
    longest = max(len(model.tokenizer(prompt + text)["input_ids"]) for text in texts)
    assert longest <= MAX_TOKENS, f"a prototype text of {longest} tokens: raise MAX_TOKENS or shorten it"


def test_second_encode_comes_from_the_cache(encoder: Encoder, monkeypatch: pytest.MonkeyPatch) -> None:
    texts = ["公司建立健全安全生产责任制。", "全年安全生产投入4,120万元。"]
    first = encoder.encode(texts, "passage")

    def no_model() -> None:
        raise AssertionError("the model was called although every vector is cached")

    monkeypatch.setattr(embedding, "load_runner", no_model)
    again = encoder.encode(list(reversed(texts)) + texts, "passage")
    assert np.allclose(again[2:], first) and np.allclose(again[0], first[1])
    assert np.allclose(np.linalg.norm(first, axis=1), 1.0, atol=1e-4)


def test_cache_round_trip(tmp_path: Path) -> None:
    cache = EmbeddingCache(tmp_path / "c.sqlite")
    vectors = {"a": np.arange(4, dtype=np.float32), "b": np.ones(4, dtype=np.float32)}
    cache.put_many(vectors)
    again = EmbeddingCache(tmp_path / "c.sqlite").get_many(["a", "b", "c"])
    assert set(again) == {"a", "b"} and np.array_equal(again["a"], vectors["a"])


def test_encoding_reports_progress_on_what_is_not_cached(encoder: Encoder) -> None:
    texts = [f"第{i}号案例：公司开展员工技能培训{i}场次。" for i in range(70)]
    encoder.encode(texts[:10], prompt="passage")
    heard: list[tuple[int, int]] = []
    vectors = encoder.encode(texts, prompt="passage", progress=lambda done, total: heard.append((done, total)))
    assert vectors.shape[0] == 70
    assert heard == [(60, 60)]  # 60 new texts, fewer than one progress step
    heard.clear()
    encoder.encode([t + "。" for t in texts] * 2, prompt="passage", progress=lambda d, t: heard.append((d, t)))
    assert heard == [(64, 70), (70, 70)]


def test_vectors_of_another_precision_are_never_reused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(quantize.PRECISION_ENV, "fp32")
    fp32 = Encoder(tmp_path / "e.sqlite")
    fp32.cache.put_many({fp32._key("passage", "公司开展员工培训。"): np.ones(4, dtype=np.float32)})
    monkeypatch.setenv(quantize.PRECISION_ENV, "int8")
    int8 = Encoder(tmp_path / "e.sqlite")
    asked: list[list[str]] = []

    class Runner:
        def encode(self, texts: list[str], prompt_name: str) -> np.ndarray:
            asked.append(list(texts))
            return np.zeros((len(texts), 4), dtype=np.float32)

    monkeypatch.setattr(embedding, "load_runner", Runner)
    assert int8.name != fp32.name
    assert not int8.encode(["公司开展员工培训。"], "passage").any()  # encoded afresh, not the float32 vector
    assert asked == [["公司开展员工培训。"]]


def test_a_vector_does_not_depend_on_the_texts_encoded_with_it(tmp_path: Path) -> None:
    pytest.importorskip("sentence_transformers", reason="sentence-transformers is not installed")
    text = "公司全年开展安全生产培训120场次，覆盖员工8,600人次。"
    others = [
        "我们坚持绿色发展理念，持续推进节能减排，报告期内单位产值综合能耗同比下降3.1%，"
        "光伏装机容量达到12兆瓦，并在全部生产基地推行能源管理体系认证。" * 3,
        "Board oversight of climate risk is exercised through the Audit and ESG Committee.",
    ]
    alone = Encoder(tmp_path / "alone.sqlite").encode([text], "passage")[0]
    among = Encoder(tmp_path / "among.sqlite").encode([others[0], text, others[1]], "passage")[1]
    assert np.allclose(alone, among, atol=1e-6)  # the same vector, whatever the cache held before
