"""The shipped topic classifier: numpy reimplementation vs scikit-learn, behaviour, topic map, model card.

Nothing is trained here: the tests read ``models/topic_classifier.npz`` and the reference rows that
``scripts/train_topic_classifier.py`` computed with scikit-learn (``data/topic_classifier_reference.json``).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest
import yaml
from sklearn.feature_extraction.text import TfidfVectorizer

from analyzer.mapping.classifier import TopicClassifier, default_directory
from analyzer.rubrics.loader import load_rubrics

REFERENCE = Path(__file__).parent / "data" / "topic_classifier_reference.json"
ENVIRONMENT = {
    "碳排放", "应对气候变化", "水资源", "生物多样性", "土地利用", "原材料", "能源与资源消耗", "废弃物管理",
    "绿色金融", "清洁技术", "绿色建筑", "环境政策", "可持续认证", "环境处罚",
}


@pytest.fixture(scope="module")
def clf() -> TopicClassifier:
    return TopicClassifier.load()


@pytest.fixture(scope="module")
def reference() -> dict:
    return json.loads(REFERENCE.read_text(encoding="utf-8"))


def _top(clf: TopicClassifier, reference: dict, probe: str) -> str:
    i = reference["probes"][probe]
    proba = clf.predict_proba([reference["texts"][i]], np.array([reference["embeddings"][i]]))
    return clf.classes[int(proba.argmax())]


def test_loads_from_the_checkout(clf: TopicClassifier) -> None:
    assert default_directory() == Path(__file__).resolve().parents[1] / "models"
    assert len(clf.classes) == 37 and "无关文本" in clf.classes
    assert clf.text_coef.shape == (37, len(clf.vocabulary)) and clf.embedding_coef.shape == (37, 384)


def test_matches_scikit_learn(clf: TopicClassifier, reference: dict) -> None:
    texts, vectors = reference["texts"], np.array(reference["embeddings"])
    assert list(clf.classes) == reference["classes"]
    np.testing.assert_allclose(clf.decision_function(texts, vectors), reference["decision"], rtol=0, atol=1e-6)
    np.testing.assert_allclose(clf.predict_proba(texts, vectors), reference["proba"], rtol=0, atol=1e-6)


def test_tfidf_matches_scikit_learn_on_awkward_text(clf: TopicClassifier) -> None:
    terms = sorted(clf.vocabulary, key=clf.vocabulary.__getitem__)
    sk = TfidfVectorizer(analyzer="char", ngram_range=clf.ngram_range, sublinear_tf=True, vocabulary=terms)
    sk.fit(["x"])
    sk.idf_ = clf.idf
    texts = ["", "   ", "ESG  Report\t\t2024 碳排放\n\n下降", "公司公司公司，员工员工。", "ＡＢＣ ﬁ ☃"]
    np.testing.assert_allclose(clf.tfidf(texts).toarray(), sk.transform(texts).toarray(), rtol=0, atol=1e-12)


def test_probabilities_are_a_distribution(clf: TopicClassifier, reference: dict) -> None:
    texts = [*reference["texts"], ""]
    vectors = np.vstack([reference["embeddings"], np.zeros(384)])
    proba = clf.predict_proba(texts, vectors)
    assert proba.shape == (len(texts), 37)
    assert (proba >= 0).all()
    np.testing.assert_allclose(proba.sum(axis=1), 1.0, atol=1e-12)


def test_rejects_embeddings_of_another_model(clf: TopicClassifier) -> None:
    with pytest.raises(ValueError, match="dimension 768"):
        clf.predict_proba(["公司节能减排"], np.zeros((1, 768)))


def test_an_emissions_sentence_is_environmental(clf: TopicClassifier, reference: dict) -> None:
    assert _top(clf, reference, "environment") in ENVIRONMENT


def test_a_slogan_is_irrelevant(clf: TopicClassifier, reference: dict) -> None:
    assert _top(clf, reference, "slogan") == "无关文本"


def test_employee_training_reaches_gri_404_and_iso_647(clf: TopicClassifier, reference: dict) -> None:
    topic = _top(clf, reference, "training")
    targets = yaml.safe_load((default_directory() / "lcy_topic_map.yaml").read_text(encoding="utf-8"))[topic]
    assert {"gri:404-1", "iso26000:6.4.7"} <= set(targets)


def test_topic_map_covers_every_class_with_existing_topics(clf: TopicClassifier) -> None:
    mapping = yaml.safe_load((default_directory() / "lcy_topic_map.yaml").read_text(encoding="utf-8"))
    assert set(mapping) == set(clf.classes)
    assert mapping["无关文本"] == []
    refs = set(load_rubrics().refs())
    for topic, targets in mapping.items():
        if topic == "无关文本":
            continue
        assert targets, f"{topic} maps to nothing"
        assert len(targets) == len(set(targets)), f"{topic}: a target listed twice"
        assert set(targets) <= refs, f"{topic}: unknown rubric topics {set(targets) - refs}"


def test_model_card_reports_the_artefacts_own_metrics(clf: TopicClassifier) -> None:
    card = (default_directory() / "topic_classifier.md").read_text(encoding="utf-8")
    reported = re.search(r"mean macro-F1 of \*\*([0-9.]+)\*\*.*?it (meets|does \*\*not\*\* meet)", card, re.S)
    assert reported, "the model card states no mean macro-F1"
    mean = clf.metadata["cv_macro_f1_mean"]
    assert float(reported.group(1)) == pytest.approx(mean, abs=5e-5)
    assert np.mean(clf.metadata["cv_macro_f1_folds"]) == pytest.approx(mean)
    assert (reported.group(2) == "meets") == (mean >= 0.85)
