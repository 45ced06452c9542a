"""The radar chart of the seven dimension scores (matplotlib, Agg backend, imported lazily).

``radar_svg`` keeps text as text (the browser's fonts render the Chinese); ``radar_png`` draws the labels
with a CJK font found on the system, else with the English dimension names, so nothing renders as boxes.
"""

from __future__ import annotations

import io
import logging
import math
import warnings
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from analyzer.scoring.model import Score

log = logging.getLogger(__name__)

# Families preferred for Chinese, best first; any other font with a glyph for 中 comes after them.
CJK_FAMILIES = (
    "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Source Han Sans CN", "Noto Sans CJK JP",
    "Source Han Sans", "WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "SimHei", "Microsoft YaHei",
    "PingFang SC", "Hiragino Sans GB",
)
_FALLBACK = "DejaVu Sans"
_COLOR = "#1f6f8b"


@lru_cache(maxsize=1)
def cjk_font() -> str | None:
    """The family name of an installed font that has a glyph for 中, preferred families first."""
    from matplotlib import font_manager, ft2font

    def has_cjk(path: str) -> bool:
        try:
            return ft2font.FT2Font(path).get_char_index(ord("中")) != 0
        except (OSError, RuntimeError):
            return False

    fonts = {f.name: f.fname for f in font_manager.fontManager.ttflist}
    ranked = [n for n in CJK_FAMILIES if n in fonts] + sorted(n for n in fonts if n not in CJK_FAMILIES)
    return next((name for name in ranked if has_cjk(fonts[name])), None)


def radar_svg(score: Score) -> str:
    """The radar as an ``<svg>`` element for inline HTML, its text left as text."""
    svg = _render(score, [d.name for d in score.dimensions], cjk_font(), "svg").decode("utf-8")
    return svg[svg.index("<svg"):]


def radar_png(score: Score, dpi: int = 200) -> bytes:
    """The radar as PNG bytes, labelled in Chinese when a CJK font exists, else in English."""
    font = cjk_font()
    if font is None:
        log.warning("no CJK font found: the radar chart is labelled in English (install fonts-noto-cjk)")
    labels = [d.name if font else d.name_en for d in score.dimensions]
    return _render(score, labels, font, "png", dpi=dpi)


def _render(score: Score, labels: list[str], font: str | None, fmt: str, dpi: int = 100) -> bytes:
    """A polar figure, one axis per dimension, 0..100, the scores as a filled polygon, saved as ``fmt``."""
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    values = [d.score for d in score.dimensions]
    angles = [2 * math.pi * i / len(values) for i in range(len(values))]
    params = {
        "font.family": [font, _FALLBACK] if font else [_FALLBACK], "font.size": 11,
        "svg.fonttype": "none", "svg.hashsalt": "csr-analyzer",
    }
    with matplotlib.rc_context(params):  # fonts are resolved when drawing: save inside the context
        figure = Figure(figsize=(5.2, 5.2), layout="constrained")
        FigureCanvasAgg(figure)
        ax = figure.add_subplot(projection="polar")
        ax.set_theta_offset(math.pi / 2)
        ax.set_theta_direction(-1)
        ax.set_ylim(0, 100)
        ax.set_yticks([20, 40, 60, 80, 100], labels=["20", "40", "60", "80", "100"], fontsize=8, color="#888")
        ax.set_rlabel_position(180 / len(values))
        ax.set_xticks(angles, labels=[f"{name}\n{value:.0f}" for name, value in zip(labels, values)])
        ax.tick_params(axis="x", pad=10)
        closed = [*angles, angles[0]], [*values, values[0]]
        ax.plot(*closed, color=_COLOR, linewidth=2)
        ax.fill(*closed, color=_COLOR, alpha=0.25)
        ax.grid(color="#ccc", linewidth=0.8)
        ax.spines["polar"].set_color("#bbb")
        buffer = io.BytesIO()
        metadata = {"Date": None} if fmt == "svg" else {"Software": None}
        with warnings.catch_warnings():  # SVG text without a CJK font: the browser renders it, not matplotlib
            warnings.filterwarnings("ignore", message="Glyph .* missing from font")
            figure.savefig(buffer, format=fmt, dpi=dpi, metadata=metadata)
    return buffer.getvalue()
