"""Dynamic int8 quantisation of the embedder's linear layers, done in memory each time the model is loaded.

Every ``nn.Linear`` of the encoder (query, key, value, attention output, and the two feed-forward layers of
each of the 12 layers: about three quarters of the encoding time in float32) is replaced by an int8 one:

- weights: int8, symmetric, one scale per output row (``max |w| / 127``), computed from the float32 weights,
  so the same folder always gives the same int8 model;
- activations: quantised to uint8 at each call over that call's range (PyTorch's "dynamic" quantised linear,
  fbgemm / oneDNN kernels); the output and everything between the linear layers (attention, GELU, layer
  norms, pooling) stay float32.

The full 8-bit activation range needs a CPU with VNNI dot-product instructions (x86 ``avx512_vnni`` or
``avx_vnni``); elsewhere the kernels' int16 accumulation could saturate, so the 7-bit reduced range is used
and the precision is named ``int8r`` instead of ``int8`` (its vectors are a little further from float32, and
the cache keeps them apart). Because the activation range is taken over a whole call, a text encoded in a
batch would depend slightly on the other texts of its batch (cosine ≥ 0.996 between batchings), so the
encoder is called with one text at a time (``analyzer.mapping.embedding``).
"""

from __future__ import annotations

import os
import platform
import warnings
from functools import cache
from typing import Any

PRECISION_ENV = "CSR_ANALYZER_EMBEDDING_PRECISION"
PRECISIONS = ("int8", "fp32")
DEFAULT_PRECISION = "int8"
_VNNI_FLAGS = {"avx512_vnni", "avx_vnni"}


@cache
def cpu_has_vnni() -> bool:
    """Whether the CPU has VNNI (read from /proc/cpuinfo on x86 Linux; False anywhere else)."""
    if platform.machine().lower() not in {"x86_64", "amd64"}:
        return False
    try:
        with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as info:
            for line in info:
                if line.startswith("flags"):
                    return bool(_VNNI_FLAGS & set(line.split(":", 1)[1].split()))
    except OSError:
        pass
    return False


def precision() -> str:
    """The embedder's precision: ``int8`` (the default; ``int8r`` on a CPU without VNNI) or ``fp32``, from
    ``$CSR_ANALYZER_EMBEDDING_PRECISION``. The calibration and the classifier are fitted on int8 vectors."""
    asked = (os.environ.get(PRECISION_ENV) or DEFAULT_PRECISION).strip().lower()
    if asked not in PRECISIONS:
        raise ValueError(f"{PRECISION_ENV}={asked!r}: expected one of {', '.join(PRECISIONS)}")
    if asked == "int8" and not cpu_has_vnni():
        return "int8r"
    return asked


def quantize_linears(model: Any, reduce_range: bool) -> int:
    """Replace every ``nn.Linear`` inside ``model`` (a torch module, changed in place) by ``Int8Linear``;
    returns how many were replaced."""
    import torch

    linears = [(name, m) for name, m in model.named_modules() if isinstance(m, torch.nn.Linear)]
    for name, linear in linears:
        parent_name, _, attribute = name.rpartition(".")
        parent = model.get_submodule(parent_name) if parent_name else model
        setattr(parent, attribute, int8_linear().from_linear(linear, reduce_range))
    return len(linears)


def _int8_linear_class() -> type:
    import torch

    class Int8Linear(torch.nn.Module):
        """A linear layer with int8 weights (one scale per output row) and dynamically quantised inputs."""

        def __init__(self, packed: Any, in_features: int, out_features: int, reduce_range: bool) -> None:
            super().__init__()
            self.packed = packed
            self.in_features, self.out_features = in_features, out_features
            self.reduce_range = reduce_range

        @classmethod
        def from_linear(cls, linear: torch.nn.Linear, reduce_range: bool) -> Int8Linear:
            weight = linear.weight.detach().float()
            scales = (weight.abs().amax(dim=1).clamp(min=1e-12) / 127.0).double()
            zero_points = torch.zeros(weight.shape[0], dtype=torch.long)
            with warnings.catch_warnings():  # PyTorch 2.13 announces the quantised tensor type's retirement
                warnings.simplefilter("ignore", UserWarning)
                qweight = torch.quantize_per_channel(weight, scales, zero_points, 0, torch.qint8)
            bias = linear.bias.detach().float() if linear.bias is not None else None
            packed = torch.ops.quantized.linear_prepack(qweight, bias)
            return cls(packed, linear.in_features, linear.out_features, reduce_range)

        def forward(self, x: torch.Tensor) -> torch.Tensor:
            return torch.ops.quantized.linear_dynamic(x.float(), self.packed, reduce_range=self.reduce_range)

        def extra_repr(self) -> str:
            return f"in_features={self.in_features}, out_features={self.out_features}, int8"

    return Int8Linear


@cache
def int8_linear() -> type:
    """The ``Int8Linear`` module class (built on first use: importing this module does not import torch)."""
    return _int8_linear_class()
