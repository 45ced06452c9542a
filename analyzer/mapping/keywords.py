"""The keyword channel: jieba with the rubric keywords as user dictionary, a BM25-style score per topic.

Each passage is tokenised (its section heading counted twice), reduced to the rubric's keyword
vocabulary, weighted by inverse document frequency over the report's passages, saturated (BM25 ``k1``)
and summed per topic, then squashed into 0..1 (one distinctive keyword ≈ 0.5, several → 1); the
thresholds that turn scores into coverage are calibrated on labelled data, not read off this scale.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from analyzer.rubrics.loader import RubricSet

_LATIN_WORD = re.compile(r"[a-z0-9][a-z0-9\-]*")
_APOSTROPHE = re.compile(r"['’‘]")
_HEADING_WEIGHT = 2
_K1 = 1.2
_HALF = 3.0  # the evidence mass (Σ idf × saturated tf) that scores 0.5

@dataclass(frozen=True)
class KeywordIndex:
    """The rubric's keyword vocabulary and which topics each keyword signals."""

    topics: tuple[str, ...]  # "framework:topic" refs, the columns of every score matrix
    vocabulary: dict[str, int]
    topic_terms: sparse.csr_matrix  # topics × terms, 1 where the term is a keyword of the topic
    max_phrase_words: int
    tokenizer: object  # jieba, with the Chinese keywords as user dictionary (loaded with the index)

    @classmethod
    def build(cls, rubrics: RubricSet) -> KeywordIndex:
        refs = tuple(r for r in rubrics.refs() if not rubrics.topic(r).group)
        vocabulary: dict[str, int] = {}
        rows, cols = [], []
        for i, ref in enumerate(refs):
            topic = rubrics.topic(ref)
            for term in {*topic.keywords.zh, *(_english(k) for k in topic.keywords.en)}:
                j = vocabulary.setdefault(term, len(vocabulary))
                rows.append(i)
                cols.append(j)
        matrix = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(refs), len(vocabulary)))
        longest = max((len(t.split()) for t in vocabulary), default=1)
        tokenizer = _tokenizer(tuple(t for t in vocabulary if not t.isascii()))
        return cls(refs, vocabulary, matrix, longest, tokenizer)

    def term_counts(self, texts: Sequence[str], headings: Sequence[str | None]) -> sparse.csr_matrix:
        """Passages × terms counts (heading terms counted twice)."""
        rows, cols, vals = [], [], []
        for i, (text, heading) in enumerate(zip(texts, headings)):
            counts: dict[int, int] = {}
            for source, weight in ((text, 1), (heading or "", _HEADING_WEIGHT)):
                for term in self._terms(source):
                    j = self.vocabulary.get(term)
                    if j is not None:
                        counts[j] = counts.get(j, 0) + weight
            rows += [i] * len(counts)
            cols += list(counts)
            vals += list(counts.values())
        return sparse.csr_matrix((vals, (rows, cols)), shape=(len(texts), len(self.vocabulary)), dtype=np.float64)

    def _terms(self, text: str) -> list[str]:
        lowered = _english(text)
        cut = self.tokenizer.lcut(lowered, HMM=False)  # type: ignore[attr-defined]
        terms = [w for w in cut if w.strip()]
        words = _LATIN_WORD.findall(lowered)
        terms += [w for w in words if "-" in w]  # jieba splits "non-compliance" at the hyphen
        for n in range(2, self.max_phrase_words + 1):
            terms += [" ".join(words[k : k + n]) for k in range(len(words) - n + 1)]
        return terms

    def scores(self, texts: Sequence[str], headings: Sequence[str | None]) -> np.ndarray:
        """Passages × topics keyword scores in 0..1."""
        counts = self.term_counts(texts, headings)
        if counts.shape[0] == 0:
            return np.zeros((0, len(self.topics)))
        df = np.asarray((counts > 0).sum(axis=0)).ravel()
        idf = np.log(1 + (counts.shape[0] - df + 0.5) / (df + 0.5))
        saturated = counts.copy()
        saturated.data = saturated.data * (_K1 + 1) / (saturated.data + _K1)
        weighted = saturated.multiply(idf).tocsr()
        raw = (weighted @ self.topic_terms.T).toarray()
        return raw / (raw + _HALF)


def _english(text: str) -> str:
    """Lower case, apostrophes as spaces ("chairman's statement" → "chairman s statement"), the same for
    keywords and report text."""
    return _APOSTROPHE.sub(" ", text.lower())


_TOKENIZERS: dict[int, object] = {}


def _tokenizer(words: tuple[str, ...]) -> object:
    """A jieba tokenizer of its own (the global one stays untouched) with ``words`` as user dictionary."""
    key = hash(words)
    if key not in _TOKENIZERS:
        import jieba

        jieba.setLogLevel(logging.WARNING)
        tokenizer = jieba.Tokenizer()
        for word in words:
            tokenizer.add_word(word, freq=1_000_000)
        _TOKENIZERS[key] = tokenizer
    return _TOKENIZERS[key]
