"""Figures of the superposition paper's analogues, drawn from the budget's runs (first seed) with the theory
beside every measurement: loss against width in both regimes (Fig. 1), row-norm histograms against γ
(Fig. 3a/5a), overlaps against 1/m (Fig. 5d/17), and the α_m phase map over (α, γ) (Fig. 5e/9b)."""

from __future__ import annotations

from concurrent.futures import Executor

import numpy as np

from theory.superposition import frequencies, weak_regime_loss, welch_bound
from workbench.registry import FigureSpec, register
from workbench.style import figure_size

from . import _superposition_paper as paper
from ._superposition_runs import PRESETS, STRONG_GAMMA, claim_runs, phase_runs

FAMILY_COLORS = {"exponential": "#1f77b4", "power": "#d62728", "linear": "#2ca02c"}


def _row(run: dict, key: str, gamma: float) -> np.ndarray:
    return np.asarray(run[key], dtype=float)[list(run["gammas"]).index(gamma)]


def _loglog(ax, xlabel: str, ylabel: str) -> None:
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.grid(True, which="both", alpha=0.25)


def loss_vs_width(budget: str, executor: Executor):
    """Left: weak regime (α = 1, γ > 0) with Eq. 4's ideal loss per family. Right: γ = -1 for three families."""
    import matplotlib.pyplot as plt

    runs, preset = claim_runs(budget, executor), PRESETS[budget]
    base = preset.base
    fig, (weak_ax, strong_ax) = plt.subplots(1, 2, figsize=figure_size("full", ratio=0.42))
    main = runs["main"][0]
    widths = np.asarray(main["widths"], dtype=float)
    fine = np.unique(np.geomspace(widths[0], widths[-1], 30).round().astype(int))
    for family, settings in paper.FAMILY_SETTINGS.items():
        p = frequencies(family, base.n, **settings)
        label = f"ideal, {family}" + (f" α={settings['alpha']:g}" if "alpha" in settings else "")
        weak_ax.plot(fine, weak_regime_loss(p, fine), color=FAMILY_COLORS[family], label=label)
    p1 = frequencies("power", base.n, alpha=1.0)
    weak_ax.plot(fine, weak_regime_loss(p1, fine), "k--", label="ideal, power α=1")
    for gamma, marker in zip(preset.weak_gammas, "os^", strict=False):
        weak_ax.plot(
            widths, _row(main, "test_loss", gamma), marker, color="k", mfc="none", label=f"trained γ={gamma:g}"
        )
    weak_ax.set_title("weak superposition", fontsize=8)
    for family in paper.FAMILY_SETTINGS:
        run = runs[f"family:{family}"][0]
        loss = _row(run, "test_loss", STRONG_GAMMA)
        label = family + (f" α={paper.FAMILY_SETTINGS[family]['alpha']:g}" if family == "power" else "")
        strong_ax.plot(widths, loss, "o-", color=FAMILY_COLORS[family], label=label)
    strong_ax.plot(widths, loss[0] * widths[0] / widths, "k:", label="∝ 1/m")
    strong_ax.set_title(f"strong superposition (γ = {STRONG_GAMMA:g})", fontsize=8)
    for ax, ylabel in ((weak_ax, "test loss (sum over features)"), (strong_ax, "")):
        _loglog(ax, "width m", ylabel)
        ax.legend(fontsize=5.5)
    fig.tight_layout()
    return fig


def norm_histograms(budget: str, executor: Executor):
    """Row norms ‖W_i‖ of the widest model for each γ of the main run (α = 1), with the 1/2 and 1 thresholds."""
    import matplotlib.pyplot as plt

    run = claim_runs(budget, executor)["main"][0]
    norms = np.asarray(run["row_norms"], dtype=float)[:, -1]  # (G, n) at the largest width
    fig, ax = plt.subplots(figsize=figure_size("half", ratio=0.85))
    bins = np.linspace(0.0, max(1.6, float(norms.max())), 40)
    for g, gamma in enumerate(run["gammas"]):
        ax.hist(norms[g], bins=bins, histtype="step", label=f"γ = {gamma:g}")
    for t in (0.5, 1.0):
        ax.axvline(t, color="0.5", ls=":")
    ax.set_yscale("log")
    ax.set_xlabel(f"row norm ‖W_i‖ (m = {run['widths'][-1]}, n = {run['config']['n']})")
    ax.set_ylabel("features")
    ax.legend(fontsize=6)
    return fig


def overlaps_vs_width(budget: str, executor: Executor):
    """Mean squared overlap at γ = -1 (rows with norm > 1, and all rows) against 1/m, with 1/m and κ²."""
    import matplotlib.pyplot as plt

    run = claim_runs(budget, executor)["main"][0]
    widths, n = np.asarray(run["widths"], dtype=float), run["config"]["n"]
    fig, ax = plt.subplots(figsize=figure_size("half", ratio=0.85))
    ax.plot(1 / widths, _row(run, "overlap_strong", STRONG_GAMMA), "o", label="rows with ‖W_i‖ > 1")
    ax.plot(1 / widths, _row(run, "overlap_all", STRONG_GAMMA), "s", mfc="none", label="all rows")
    ax.plot(1 / widths, 1 / widths, "k-", label="1/m (random)")
    ax.plot(1 / widths, [welch_bound(n, int(m)) ** 2 for m in widths], "k--", label="κ² (Welch, ν = n)")
    _loglog(ax, "1/m", "mean squared overlap")
    ax.legend(fontsize=6)
    return fig


def phase_map(budget: str, executor: Executor):
    """α_m fitted on all widths over the (α, γ) grid of the phase-map runs."""
    import matplotlib.pyplot as plt

    runs = phase_runs(budget, executor)
    alphas = sorted(float(k.split(":")[1]) for k in runs)
    gammas = runs[f"phase:{alphas[0]}"][0]["gammas"]
    grid = np.array([runs[f"phase:{a}"][0]["alpha_m"] for a in alphas])  # (A, G)
    fig, ax = plt.subplots(figsize=figure_size("half", ratio=0.95))
    image = ax.imshow(grid.T, origin="lower", aspect="auto", cmap="viridis", vmin=0.0, vmax=max(2.0, grid.max()))
    for i in range(len(alphas)):
        for j in range(len(gammas)):
            ax.text(i, j, f"{grid[i, j]:.2f}", ha="center", va="center", fontsize=5, color="w")
    ax.set_xticks(range(len(alphas)), [f"{a:g}" for a in alphas])
    ax.set_yticks(range(len(gammas)), [f"{g:g}" for g in gammas])
    ax.set_xlabel("data exponent α")
    ax.set_ylabel("weight decay γ")
    fig.colorbar(image, ax=ax, label="α_m")
    return fig


for _name, _caption, _make in (
    (
        "loss_vs_width",
        "Loss against width, weak (with Eq. 4) and strong regimes, three families (Fig. 1)",
        loss_vs_width,
    ),
    ("norm_histograms", "Row-norm histograms against γ at the largest width (Fig. 3a/5a)", norm_histograms),
    ("overlaps_vs_width", "Mean squared overlaps against 1/m with 1/m and κ² (Fig. 5d/17)", overlaps_vs_width),
    ("phase_map", "α_m over (α, γ) at the budget's reduced schedule (Fig. 5e/9b)", phase_map),
):
    register(FigureSpec("superposition", _name, _caption, _make))
