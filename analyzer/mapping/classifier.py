"""The supervised topic classifier: LCY ESG topics of a sentence, from its text and its E5 embedding.

Reads the artefact written by ``scripts/train_topic_classifier.py`` (``models/topic_classifier.npz``,
plain arrays, no pickle) and reproduces the trained scikit-learn pipeline with numpy and scipy:

    [character n-gram TF-IDF (lower-cased, sublinear tf, idf, l2) | weight × passage embedding]
    → linear SVM scores (one per class) → softmax(inverse temperature × scores)

The embeddings must come from the model the artefact was trained with (``embedding_model`` in its
metadata; multilingual-e5-small with the ``passage`` prompt, L2-normalised).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp

from analyzer.data_paths import data_directory, read_yaml

ARTEFACT = "topic_classifier.npz"
_WHITE_SPACES = re.compile(r"\s\s+")  # scikit-learn's whitespace normalisation before char n-grams


def default_directory() -> Path:
    """The ``models/`` folder of the checkout, else the models shipped with the package."""
    return data_directory("models", "analyzer.model_data")


@dataclass(frozen=True)
class TopicClassifier:
    """A trained topic classifier; ``classes`` are the LCY topic labels, in column order."""

    classes: tuple[str, ...]
    vocabulary: dict[str, int]
    idf: np.ndarray
    ngram_range: tuple[int, int]
    text_coef: np.ndarray  # (n_classes, n_terms)
    embedding_coef: np.ndarray  # (n_classes, embedding dimension)
    embedding_weight: float
    intercept: np.ndarray
    inverse_temperature: float
    metadata: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def load(cls, path: str | Path | None = None) -> TopicClassifier:
        """Load the artefact: a ``.npz`` file, or a folder holding ``topic_classifier.npz``
        (default: ``default_directory()``)."""
        file = Path(path) if path is not None else default_directory()
        if file.is_dir():
            file = file / ARTEFACT
        if not file.is_file():
            raise FileNotFoundError(
                f"topic classifier artefact not found: {file} (scripts/train_topic_classifier.py writes it)"
            )
        with np.load(file, allow_pickle=False) as z:
            terms = [str(t) for t in z["vocabulary"]]
            coef = z["coef"].astype(np.float64)
            n_terms = len(terms)
            return cls(
                classes=tuple(str(c) for c in z["classes"]),
                vocabulary={t: i for i, t in enumerate(terms)},
                idf=z["idf"].astype(np.float64),
                ngram_range=(int(z["ngram_range"][0]), int(z["ngram_range"][1])),
                text_coef=coef[:, :n_terms],
                embedding_coef=coef[:, n_terms:],
                embedding_weight=float(z["embedding_weight"]),
                intercept=z["intercept"].astype(np.float64),
                inverse_temperature=float(z["inverse_temperature"]),
                metadata=json.loads(str(z["metadata"])),
            )

    def ngrams(self, text: str) -> list[str]:
        """The character n-grams of a text, as scikit-learn's ``analyzer="char"`` makes them."""
        doc = _WHITE_SPACES.sub(" ", text.lower())
        low, high = self.ngram_range
        return [doc[i : i + n] for n in range(low, min(high, len(doc)) + 1) for i in range(len(doc) - n + 1)]

    def tfidf(self, texts: Sequence[str]) -> sp.csr_matrix:
        """The TF-IDF rows of ``texts``: sublinear tf × idf, each row scaled to unit length."""
        indptr, indices, values = [0], [], []
        for text in texts:
            counts = Counter(j for g in self.ngrams(text) if (j := self.vocabulary.get(g)) is not None)
            cols = sorted(counts)
            indices += cols
            values += [counts[j] for j in cols]
            indptr.append(len(indices))
        tf = 1.0 + np.log(np.asarray(values, dtype=np.float64))
        data = tf * self.idf[np.asarray(indices, dtype=np.intp)]
        matrix = sp.csr_matrix((data, indices, indptr), shape=(len(texts), len(self.vocabulary)))
        norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
        norms[norms == 0] = 1.0
        return sp.csr_matrix(sp.diags(1.0 / norms) @ matrix)

    def decision_function(self, texts: Sequence[str], embeddings: np.ndarray) -> np.ndarray:
        """The linear SVM scores, shape (n, n_classes)."""
        vectors = np.asarray(embeddings, dtype=np.float64).reshape(len(texts), -1)
        if vectors.shape[1] != self.embedding_coef.shape[1]:
            expected = self.embedding_coef.shape[1]
            raise ValueError(f"embeddings of dimension {vectors.shape[1]}, the classifier expects {expected}")
        text_part = np.asarray(self.tfidf(texts) @ self.text_coef.T)
        return text_part + self.embedding_weight * vectors @ self.embedding_coef.T + self.intercept

    def predict_proba(self, texts: Sequence[str], embeddings: np.ndarray) -> np.ndarray:
        """Class probabilities, shape (n, n_classes), columns in the order of ``classes``."""
        logits = self.inverse_temperature * self.decision_function(texts, embeddings)
        logits -= logits.max(axis=1, keepdims=True)
        proba = np.exp(logits)
        return proba / proba.sum(axis=1, keepdims=True)


def load_topic_map(path: str | Path | None = None) -> dict[str, tuple[str, ...]]:
    """LCY label → rubric topic refs (``lcy_topic_map.yaml``; 无关文本 maps to nothing)."""
    file = Path(path) if path is not None else default_directory() / "lcy_topic_map.yaml"
    data = read_yaml(file) or {}
    return {str(label): tuple(targets or ()) for label, targets in data.items()}


def topic_scores(
    proba: np.ndarray, classes: Sequence[str], topic_map: dict[str, tuple[str, ...]], refs: Sequence[str]
) -> np.ndarray:
    """Rows × ``refs``: for each topic, the highest probability of an LCY class that maps to it."""
    column = {ref: j for j, ref in enumerate(refs)}
    scores = np.zeros((proba.shape[0], len(refs)))
    for i, label in enumerate(classes):
        for ref in topic_map.get(label, ()):
            j = column.get(ref)
            if j is not None:
                np.maximum(scores[:, j], proba[:, i], out=scores[:, j])
    return scores
