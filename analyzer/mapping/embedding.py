"""The embedding channel: passages and topic prototypes in one vector space, cached on disk.

Vectors are stored in SQLite keyed by a hash of (encoder, prompt, text), the encoder being the model
folder, its token limit and its precision (``embedder_name``: vectors of other encoders never mix), so
analysing a report a second time, or a report that shares boilerplate with earlier ones, encodes almost
nothing. Each text is encoded on its own (a batch of one): the int8 encoder quantises activations over each
call's range, so in a shared batch a text's vector would depend on its neighbours and on padding, hence on
what the cache already held. Alone, a text always gets the same vector; ``analyzer.embed.runner`` makes such calls fast.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from analyzer.embed.model import default_model_dir, embedder_name, load_runner
from analyzer.rubrics.loader import RubricSet
from analyzer.textnorm import is_cjk

_PROGRESS_STEP = 64  # texts encoded between two progress reports
EncodeProgress = Callable[[int, int], None]  # (texts encoded, texts to encode)
_DIM_DTYPE = np.float32


class EmbeddingCache:
    """A small key → float32 vector store in SQLite (safe to share between processes)."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(str(path), timeout=30)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("CREATE TABLE IF NOT EXISTS vectors (key TEXT PRIMARY KEY, vector BLOB NOT NULL)")

    def get_many(self, keys: Sequence[str]) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        for start in range(0, len(keys), 500):
            chunk = list(keys[start : start + 500])
            marks = ",".join("?" * len(chunk))
            for key, blob in self._db.execute(f"SELECT key, vector FROM vectors WHERE key IN ({marks})", chunk):
                found[key] = np.frombuffer(blob, dtype=_DIM_DTYPE)
        return found

    def put_many(self, items: dict[str, np.ndarray]) -> None:
        with self._db:
            self._db.executemany(
                "INSERT OR REPLACE INTO vectors VALUES (?, ?)",
                ((k, v.astype(_DIM_DTYPE).tobytes()) for k, v in items.items()),
            )


class Encoder:
    """Encodes texts with the project's embedder, through the cache."""

    def __init__(self, cache_path: Path | None = None) -> None:
        self.model_dir = default_model_dir()
        self.name = embedder_name()
        self.cache = EmbeddingCache(cache_path or self.model_dir.parent.parent / "embeddings.sqlite")

    def encode(self, texts: Sequence[str], prompt: str, progress: EncodeProgress | None = None) -> np.ndarray:
        """Unit vectors, one row per text; ``prompt`` is "query" (topics) or "passage" (report text).
        ``progress`` hears how many of the texts missing from the cache are encoded so far."""
        keys = [self._key(prompt, t) for t in texts]
        found = self.cache.get_many(sorted(set(keys)))
        missing = list({k: t for k, t in zip(keys, texts) if k not in found}.items())  # each text once
        if missing:
            runner = load_runner()
            for start in range(0, len(missing), _PROGRESS_STEP):
                chunk = missing[start : start + _PROGRESS_STEP]
                vectors = runner.encode([t for _, t in chunk], prompt)
                new = {k: np.asarray(v, dtype=_DIM_DTYPE) for (k, _), v in zip(chunk, vectors)}
                self.cache.put_many(new)
                found.update(new)
                if progress:
                    progress(start + len(chunk), len(missing))
        if not keys:
            return np.zeros((0, 0), dtype=_DIM_DTYPE)
        return np.vstack([found[k] for k in keys])

    def _key(self, prompt: str, text: str) -> str:
        return hashlib.sha1(f"{self.name}\x00{prompt}\x00{text}".encode()).hexdigest()


def prototype_text(rubrics: RubricSet, ref: str, language: str = "zh") -> str:
    """What a topic's prototype vector encodes: its Chinese names, description and keywords ("zh"), or
    its English name and keywords ("en"; English reports match these better)."""
    topic = rubrics.topic(ref)
    if language == "en":
        return f"{topic.name_en}: {', '.join(topic.keywords.en[:12])}"
    keywords = "、".join(topic.keywords.zh[:12])
    return f"{topic.name_zh}（{topic.name_en}）：{topic.description} 关键词：{keywords}"


def topic_prototypes(
    encoder: Encoder, rubrics: RubricSet, refs: Sequence[str], language: str = "zh"
) -> np.ndarray:
    """Topics × dims unit vectors (E5 "query" side): the topic's text, averaged with its example sentences
    in that language where the rubric gives some (a company profile reads unlike "organizational
    details")."""
    vectors = encoder.encode([prototype_text(rubrics, r, language) for r in refs], prompt="query")
    for i, ref in enumerate(refs):
        examples = [e for e in rubrics.topic(ref).examples if any(is_cjk(c) for c in e) == (language == "zh")]
        if examples:
            mean = np.vstack([vectors[i], encoder.encode(examples, prompt="query")]).mean(axis=0)
            vectors[i] = mean / np.linalg.norm(mean)
    return vectors


def similarity(passages: np.ndarray, prototypes: np.ndarray) -> np.ndarray:
    """Passages × topics cosine similarity (both sides are unit vectors)."""
    if passages.size == 0:
        return np.zeros((0, prototypes.shape[0]))
    return passages @ prototypes.T
