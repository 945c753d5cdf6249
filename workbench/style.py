"""Publication figure style: NeurIPS sizes, serif fonts without LaTeX, headless (Agg) rendering, atomic saves.

NeurIPS pages have a 5.5 in text width; a "half" figure (two side by side, with a gutter) is 2.65 in wide.
Heights default to the golden ratio of the width. Fonts are 8-9 pt to match the 10 pt body text once placed.
"""

from __future__ import annotations

import contextlib
import math
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import matplotlib

from theory._validate import check_choice, check_real
from workbench.store import atomic_write

__all__ = ["GOLDEN", "RC_PARAMS", "WIDTHS", "apply_style", "figure_size", "paper_style", "save_figure"]

#: Figure widths in inches: the full NeurIPS text width and one of two side-by-side panels.
WIDTHS: dict[str, float] = {"full": 5.5, "half": 2.65}

#: Height / width of a golden rectangle, 1/phi ~ 0.618.
GOLDEN = (math.sqrt(5.0) - 1.0) / 2.0

RC_PARAMS: dict[str, Any] = {
    "text.usetex": False,
    "font.family": "serif",
    # DejaVu Serif ships with matplotlib, so the figures look the same on every machine without a TeX install.
    "font.serif": ["DejaVu Serif", "STIXGeneral", "Times New Roman"],
    "mathtext.fontset": "stix",
    "font.size": 8.0,
    "axes.titlesize": 9.0,
    "axes.labelsize": 8.0,
    "legend.fontsize": 7.0,
    "xtick.labelsize": 7.0,
    "ytick.labelsize": 7.0,
    "axes.linewidth": 0.6,
    "lines.linewidth": 1.0,
    "lines.markersize": 3.0,
    "xtick.major.width": 0.6,
    "ytick.major.width": 0.6,
    "xtick.major.size": 2.5,
    "ytick.major.size": 2.5,
    "grid.linewidth": 0.4,
    "legend.frameon": False,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "figure.figsize": (WIDTHS["full"], WIDTHS["full"] * GOLDEN),
    "figure.dpi": 100,
    "savefig.dpi": 300,
    "savefig.bbox": "tight",
    "savefig.pad_inches": 0.02,
    "pdf.fonttype": 42,  # embed TrueType, which journals accept (Type 3 fonts are often rejected)
}


def _use_agg() -> None:
    # The workbench renders files only; Agg needs no display, so it works on CI and cluster nodes.
    matplotlib.use("Agg")


def apply_style() -> None:
    """Switch matplotlib to the Agg backend and set :data:`RC_PARAMS` globally."""
    _use_agg()
    matplotlib.rcParams.update(RC_PARAMS)


@contextlib.contextmanager
def paper_style() -> Iterator[None]:
    """Within the block, use the Agg backend and :data:`RC_PARAMS`; the previous rcParams come back after."""
    _use_agg()
    with matplotlib.rc_context(RC_PARAMS):
        yield


def figure_size(width: str = "full", ratio: float = GOLDEN) -> tuple[float, float]:
    """``(width, height)`` in inches, ``width`` "full" (5.5 in) or "half" (2.65 in); height = ratio * width.

    >>> figure_size("half", ratio=1.0)
    (2.65, 2.65)
    """
    check_choice("width", width, tuple(WIDTHS))
    ratio = check_real("ratio", ratio, low=0.0, low_open=True, high=4.0)
    return WIDTHS[width], round(WIDTHS[width] * ratio, 4)


def save_figure(fig: Any, path: str | os.PathLike, *, pdf: bool = False) -> list[Path]:
    """Save ``fig`` atomically to ``path`` as PNG (suffix set to ``.png``), and beside it as PDF if ``pdf``.

    Returns the written paths. The figure is left open (the caller owns it).
    """
    if not hasattr(fig, "savefig"):
        raise TypeError(f"fig must be a matplotlib Figure, got {type(fig).__name__}")
    png = Path(path).with_suffix(".png")
    formats = [("png", png)] + ([("pdf", png.with_suffix(".pdf"))] if pdf else [])
    for fmt, target in formats:
        atomic_write(target, lambda fh, fmt=fmt: fig.savefig(fh, format=fmt))
    return [target for _, target in formats]
