"""Figures of the RLVR paper's analogues: pass@k curves (Fig. 2/7), pass@k across RL steps (Fig. 1 right),
accuracy histograms (Fig. 5), and the algorithm comparison (Fig. 8 top). Drawn from the shared experiment of
the first seed, in the workbench's NeurIPS style (sizes from :func:`workbench.style.figure_size`).
"""

from __future__ import annotations

from concurrent.futures import Executor

import numpy as np

from sims.rlvr import ALGORITHMS
from theory.passk import accuracy_histogram
from workbench.registry import FigureSpec, register
from workbench.style import figure_size

from ._rlvr_runs import rlvr_run

COLORS = {"base": "#404040", "grpo": "#d62728", "distilled": "#1f77b4"}
LABELS = {"grpo": "GRPO", "ppo": "PPO", "remax": "ReMax", "rloo": "RLOO", "reinforce_pp": "Reinforce++", "dapo": "DAPO"}


def _log2_axis(ax, ks: np.ndarray) -> None:
    ax.set_xscale("log", base=2)
    ax.set_xticks(ks[::2])
    ax.set_xticklabels([str(int(k)) for k in ks[::2]])
    ax.set_xlabel("k")
    ax.grid(True, alpha=0.3)


def passk_curves(budget: str, executor: Executor):
    """Exact pass@k (lines) and the unbiased estimate from n samples per problem (markers)."""
    import matplotlib.pyplot as plt

    run = rlvr_run(budget, executor).seeds[0]
    fig, ax = plt.subplots(figsize=figure_size("half", ratio=0.85))
    for model, label in (("base", "base"), ("grpo", "RL (GRPO)"), ("distilled", "distilled")):
        ax.plot(run.k_grid, run.curve(model), color=COLORS[model], label=label)
    for model in ("base", "grpo"):
        ax.plot(run.sampled_k_grid, run.sampled_curve(model), "o", color=COLORS[model], mfc="none", ms=3)
    _log2_axis(ax, run.k_grid)
    ax.set_ylabel("coverage (pass@k)")
    ax.set_title(f"toy RLVR, {run.base_p.size} problems", fontsize=8)
    ax.legend(loc="lower right")
    return fig


def passk_steps(budget: str, executor: Executor):
    """GRPO's exact pass@k curve at each evaluated training step (darker = later), base in black."""
    import matplotlib.pyplot as plt

    run = rlvr_run(budget, executor).seeds[0]
    steps = np.asarray(run.rl["grpo"]["steps_evaluated"])
    curves = np.asarray(run.rl["grpo"]["pass_at_k"])
    fig, ax = plt.subplots(figsize=figure_size("half", ratio=0.85))
    cmap = plt.get_cmap("Reds")
    for i, (step, curve) in enumerate(zip(steps, curves, strict=True)):
        if step == 0:
            ax.plot(run.k_grid, curve, color=COLORS["base"], label="base (step 0)")
        elif i in (1, len(steps) // 2, len(steps) - 1) or i % 3 == 0:
            ax.plot(run.k_grid, curve, color=cmap(0.3 + 0.7 * i / (len(steps) - 1)), label=f"step {step}")
    _log2_axis(ax, run.k_grid)
    ax.set_ylabel("pass@k")
    ax.legend(loc="lower right", ncol=2, fontsize=6)
    return fig


def accuracy_histograms(budget: str, executor: Executor):
    """Per-problem accuracy c/n of base and GRPO, with exactly-0 as its own bin (the paper's Fig. 5)."""
    import matplotlib.pyplot as plt

    run = rlvr_run(budget, executor).seeds[0]
    fig, ax = plt.subplots(figsize=figure_size("full", ratio=0.32))
    width = 0.4
    for shift, model, label in ((-width / 2, "base", "base"), (width / 2, "grpo", "RL (GRPO)")):
        hist = accuracy_histogram(run.n_samples, run.counts[model])
        x = np.arange(len(hist.labels))
        ax.bar(x + shift, hist.fractions, width=width, color=COLORS[model], label=label)
    ax.set_xticks(x)
    ax.set_xticklabels(hist.labels, fontsize=6)
    ax.set_xlabel(f"per-problem accuracy c/n (n = {run.n_samples})")
    ax.set_ylabel("fraction of problems")
    ax.legend()
    return fig


def algorithm_comparison(budget: str, executor: Executor):
    """pass@1 and pass@256 of the six algorithms beside the base; the gap to the base's pass@256 is ΔSE."""
    import matplotlib.pyplot as plt

    run = rlvr_run(budget, executor).seeds[0]
    fig, ax = plt.subplots(figsize=figure_size("full", ratio=0.35))
    x = np.arange(len(ALGORITHMS))
    pass1 = [run.value(a, 1) for a in ALGORITHMS]
    pass256 = [run.value(a, 256) for a in ALGORITHMS]
    ax.bar(x - 0.2, pass1, width=0.4, color="#ff9896", label="RL pass@1")
    ax.bar(x + 0.2, pass256, width=0.4, color="#d62728", label="RL pass@256")
    ax.axhline(run.value("base", 256), color=COLORS["base"], ls="--", label="base pass@256")
    ax.axhline(run.value("base", 1), color=COLORS["base"], ls=":", label="base pass@1")
    for xi, p1 in zip(x, pass1, strict=True):
        gap = 100 * (run.value("base", 256) - p1)
        ax.text(xi - 0.2, p1 + 0.02, f"ΔSE\n{gap:.1f}", ha="center", fontsize=6)
    ax.set_xticks(x)
    ax.set_xticklabels([LABELS[a] for a in ALGORITHMS])
    ax.set_ylim(0, 1.05)
    ax.set_ylabel("pass@k")
    ax.legend(ncol=4, loc="upper center", bbox_to_anchor=(0.5, 1.18), fontsize=6)
    return fig


for _name, _caption, _make in (
    ("passk_curves", "pass@k of base, RL (GRPO) and distilled policies (Fig. 2/7 analogue)", passk_curves),
    ("passk_steps", "GRPO's pass@k across training steps (Fig. 1 right / Table 3 analogue)", passk_steps),
    (
        "accuracy_histograms",
        "Per-problem accuracy histograms, base vs RL (Fig. 5 analogue)",
        accuracy_histograms,
    ),
    (
        "algorithm_comparison",
        "Six RL algorithms: pass@1, pass@256 and ΔSE (Fig. 8 top analogue)",
        algorithm_comparison,
    ),
):
    register(FigureSpec("rlvr", _name, _caption, _make))
