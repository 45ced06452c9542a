"""The rubric mapper: the three channels of every passage × topic, fused into one probability.

    keyword     BM25 score of the rubric keywords (section heading counted twice)      0..1
    similarity  E5 cosine of the passage (its heading prefixed) to the topic's Chinese or English
                prototype (the higher), minus that prototype's cosine to the background
                (the mean report passage), minus the passage's mean of this over all topics
                (a text close to every topic, like a running title, stands out for none)  ≈ -0.04..0.07
    section     the mean similarity over the passage's section (passages under one heading): a
                section about a topic lifts its passages above strays elsewhere    ≈ -0.04..0.07
    classifier  probability of the LCY classes that map to the topic                   0..1
    irrelevant  probability of LCY's 无关文本 (same for every topic of a passage)        0..1
    unmapped    1 for a topic no LCY class maps to (GRI 2-1, digital topics …): its classifier
                channel is always 0, and this lets the fusion make up for it             0 or 1

A logistic regression over these features (``models/coverage_calibration.yaml``, fitted on labelled data by
``notebooks/calibrate_coverage.py``) turns them into the probability that the passage discloses the topic.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from analyzer.data_paths import data_directory, read_yaml
from analyzer.mapping.classifier import TopicClassifier, load_topic_map, topic_scores
from analyzer.mapping.embedding import EncodeProgress, Encoder, topic_prototypes
from analyzer.mapping.keywords import KeywordIndex
from analyzer.rubrics.loader import RubricSet, load_rubrics

CALIBRATION_FILE = "coverage_calibration.yaml"
FEATURES = ("keyword", "similarity", "section", "classifier", "irrelevant", "unmapped")
IRRELEVANT = "无关文本"
IRRELEVANT_CUTOFF = 0.5  # classify: a text this likely 无关文本 gets no topic
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Calibration:
    """Fusion weights and coverage thresholds, fitted on labelled data (see the file's own notes)."""

    weights: np.ndarray  # one per FEATURES entry
    bias: float
    background: np.ndarray  # mean passage embedding of a general report corpus
    evidence: float  # a passage at or above this probability is evidence
    mentioned: float  # topic score thresholds of the coverage levels
    described: float
    crosswalk_discount: float  # a partner's evidence counts at this fraction of its score
    metrics: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def load(cls, path: str | Path | None = None) -> Calibration:
        file = Path(path) if path is not None else data_directory("models", "analyzer.model_data") / CALIBRATION_FILE
        data = read_yaml(file)
        if tuple(data["features"]) != FEATURES:
            raise ValueError(f"{file}: features {data['features']} differ from {list(FEATURES)}")
        thresholds = data["thresholds"]
        return cls(
            weights=np.asarray(data["weights"], dtype=np.float64),
            bias=float(data["bias"]),
            background=np.asarray(data["background"], dtype=np.float32),
            evidence=float(thresholds["evidence"]),
            mentioned=float(thresholds["mentioned"]),
            described=float(thresholds["described"]),
            crosswalk_discount=float(data["crosswalk_discount"]),
            metrics=data.get("metrics") or {},
        )


@dataclass(frozen=True)
class Channels:
    """The channel scores of passages (rows) × topics (columns)."""

    keyword: np.ndarray
    similarity: np.ndarray
    section: np.ndarray
    classifier: np.ndarray
    irrelevant: np.ndarray  # one per passage
    unmapped: np.ndarray  # one per topic

    def features(self) -> np.ndarray:
        """(passages × topics) × FEATURES, row-major over passages."""
        rows, topics = self.keyword.shape
        return np.stack(
            [
                self.keyword, self.similarity, self.section, self.classifier,
                np.repeat(self.irrelevant[:, None], topics, axis=1),
                np.repeat(self.unmapped[None, :].astype(np.float64), rows, axis=0),
            ],
            axis=-1,
        ).reshape(rows * topics, len(FEATURES))


class TopicMapper:
    """Scores texts against every (non-group) topic of the rubrics."""

    def __init__(
        self,
        rubrics: RubricSet | None = None,
        encoder: Encoder | None = None,
        classifier: TopicClassifier | None = None,
        calibration: Calibration | None = None,
    ) -> None:
        self.rubrics = rubrics or load_rubrics()
        self.encoder = encoder or Encoder()
        self.classifier = classifier or TopicClassifier.load()
        self.calibration = calibration or Calibration.load()
        self.keywords = KeywordIndex.build(self.rubrics)
        self.refs = self.keywords.topics
        self._topic_map = load_topic_map()
        mapped = {ref for targets in self._topic_map.values() for ref in targets}
        self.unmapped = np.array([ref not in mapped for ref in self.refs])
        self._prototypes: tuple[np.ndarray, ...] = ()

    def prototypes(self) -> tuple[np.ndarray, ...]:
        """The Chinese and the English prototype vectors of every topic (topics × dims each)."""
        if not self._prototypes:
            self._prototypes = tuple(
                topic_prototypes(self.encoder, self.rubrics, self.refs, language) for language in ("zh", "en")
            )
        return self._prototypes

    def channels(
        self,
        texts: Sequence[str],
        headings: Sequence[str | None],
        sections: Sequence[str | None] | None = None,
        progress: EncodeProgress | None = None,
    ) -> Channels:
        """The channel scores of ``texts``; ``sections`` groups them (None: each text on its own)."""
        if not len(texts):
            empty = np.zeros((0, len(self.refs)))
            return Channels(empty, empty, empty, empty, np.zeros(0), self.unmapped)
        vectors = self.encoder.encode(embedding_texts(texts, headings), prompt="passage", progress=progress)
        return self.channels_for(texts, headings, vectors, self._class_probabilities(texts, vectors), sections)

    def channels_for(
        self,
        texts: Sequence[str],
        headings: Sequence[str | None],
        vectors: np.ndarray,
        proba: np.ndarray,
        sections: Sequence[str | None] | None = None,
    ) -> Channels:
        """The channels from precomputed passage embeddings and LCY class probabilities (calibration uses
        out-of-fold probabilities here)."""
        background = self.calibration.background
        similarity = np.max([vectors @ p.T - p @ background for p in self.prototypes()], axis=0)
        similarity -= similarity.mean(axis=1, keepdims=True)  # what sets the topic apart for this passage
        classes = self.classifier.classes
        irrelevant = proba[:, classes.index(IRRELEVANT)] if IRRELEVANT in classes else np.zeros(len(texts))
        return Channels(
            keyword=self.keywords.scores(texts, headings),
            similarity=similarity.astype(np.float64),
            section=section_means(similarity, sections).astype(np.float64),
            classifier=topic_scores(proba, classes, self._topic_map, self.refs),
            irrelevant=irrelevant,
            unmapped=self.unmapped,
        )

    def _class_probabilities(self, texts: Sequence[str], vectors: np.ndarray) -> np.ndarray:
        try:
            return self.classifier.predict_proba(texts, vectors)
        except ValueError as exc:  # another embedding model than the classifier was trained with
            log.warning("topic classifier skipped: %s", exc)
            return np.zeros((len(texts), len(self.classifier.classes)))

    def probabilities(self, channels: Channels) -> np.ndarray:
        """Passages × topics: the fused probability that the passage discloses the topic."""
        rows, topics = channels.keyword.shape
        logits = channels.features() @ self.calibration.weights + self.calibration.bias
        return (1.0 / (1.0 + np.exp(-logits))).reshape(rows, topics)

    def score(
        self,
        texts: Sequence[str],
        headings: Sequence[str | None] | None = None,
        sections: Sequence[str | None] | None = None,
        progress: EncodeProgress | None = None,
    ) -> np.ndarray:
        """Passages × topics fused probabilities, in ``self.refs`` column order."""
        return self.probabilities(self.channels(texts, headings or [None] * len(texts), sections, progress))

    def classify(
        self, texts: Sequence[str], framework: str | None = None, limit: int = 5
    ) -> list[list[tuple[str, float]]]:
        """For each text, its topics (refs) at or above the evidence threshold, best first; none for a text
        the classifier more likely than not calls 无关文本 (slogans, boilerplate)."""
        channels = self.channels(texts, [None] * len(texts))
        probabilities = self.probabilities(channels)
        keep = [j for j, ref in enumerate(self.refs) if framework is None or ref.split(":", 1)[0] == framework]
        results = []
        for row, irrelevant in zip(probabilities, channels.irrelevant):
            order = sorted(keep, key=lambda j: -row[j])[:limit]
            chosen = [(self.refs[j], float(row[j])) for j in order if row[j] >= self.calibration.evidence]
            results.append([] if irrelevant >= IRRELEVANT_CUTOFF else chosen)
        return results


def embedding_texts(texts: Sequence[str], headings: Sequence[str | None]) -> list[str]:
    """What the embedder reads: the passage with its heading in front (unless it already starts with it)."""
    return [f"{h}：{t}" if h and h not in t[: len(h) + 2] else t for t, h in zip(texts, headings)]


def section_means(scores: np.ndarray, sections: Sequence[str | None] | None) -> np.ndarray:
    """Each row replaced by the mean of the rows of its section (rows without a section stay as they are)."""
    if sections is None:
        return scores.copy()
    means = scores.copy()
    groups: dict[str, list[int]] = {}
    for i, key in enumerate(sections):
        if key:
            groups.setdefault(key, []).append(i)
    for rows in groups.values():
        means[rows] = scores[rows].mean(axis=0)
    return means
