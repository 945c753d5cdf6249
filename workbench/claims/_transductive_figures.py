"""Figures of the transductive paper: M_tr and LD against d per family, mistakes forced by the paper's adversary and
the §2.4 heuristics at d = 12..20, the learners' mistakes, and the d/k + k trade-off. Drawn from the shared runs of
:mod:`._transductive_runs` in the workbench's NeurIPS style.
"""

from __future__ import annotations

import math
from collections import defaultdict
from concurrent.futures import Executor

import numpy as np

from theory.transductive import proof_implied_lower_bound, tradeoff
from workbench.registry import FigureSpec, register
from workbench.style import figure_size

from ._transductive_runs import PRESETS, gap_runs, learner_runs, tradeoff_runs, tree_runs

COLORS = {"ld": "#404040", "sqrt": "#7f7f7f", "alg2": "#d62728", "heur": "#1f77b4", "proof": "#2ca02c"}


def _reference_lines(ax, ds: np.ndarray) -> None:
    ax.plot(ds, ds, color=COLORS["ld"], ls="--", lw=0.8, label="LD = d")
    ax.plot(ds, np.sqrt(ds), color=COLORS["sqrt"], ls=":", lw=0.8, label=r"$\sqrt{d}$")


def dimensions_vs_d(budget: str, executor: Executor):
    """Exact M_tr against LD for the minimal tree class, Bernoulli(2^-√d) tree classes (mean and range), the
    products of C_lw (2d/3) and thresholds (M_tr = LD)."""
    import matplotlib.pyplot as plt

    runs = tree_runs(budget, executor)
    fig, ax = plt.subplots(figsize=figure_size("half", ratio=0.9))
    minimal = sorted((r["d"], r["mtr"]) for r in runs["minimal"])
    ax.plot(*zip(*minimal, strict=True), "s-", color=COLORS["ld"], ms=3, label="minimal tree class")
    by_d, unsolved = defaultdict(list), defaultdict(int)
    for r in runs["bernoulli"]:
        # Only exact values are plotted; classes whose search hit the node limit are counted in the label.
        if r["exact"]:
            by_d[r["d"]].append(r["mtr"])
        else:
            unsolved[r["d"]] += 1
    ds = sorted(by_d)
    means = [np.mean(by_d[d]) for d in ds]
    spread = [
        [m - min(by_d[d]) for d, m in zip(ds, means, strict=True)],
        [max(by_d[d]) - m for d, m in zip(ds, means, strict=True)],
    ]
    note = "; ".join(f"d={d}: {k} unsolved" for d, k in sorted(unsolved.items()))
    label = r"Bernoulli($2^{-\sqrt{d}}$)" + (f" ({note})" if note else "")
    ax.errorbar(ds, means, yerr=spread, fmt="o-", color=COLORS["alg2"], ms=3, capsize=2, label=label)
    # Powers of C_lw only (C_lw alone is (3, 2)); mixed products such as C_lw x thresholds are not on this curve.
    products = [(3, 2)] + [(r["ld"], r["mtr"]) for name, r in runs["products"].items() if "thresholds" not in name]
    ax.plot(*zip(*sorted(set(products)), strict=True), "^-", color=COLORS["heur"], ms=3, label=r"$C_{lw}^k$")
    grid = np.arange(1, max(max(ds), minimal[-1][0]) + 1)
    _reference_lines(ax, grid)
    ax.set_xlabel("Littlestone dimension d")
    ax.set_ylabel(r"exact $M_{tr}$")
    ax.legend(fontsize=6)
    ax.grid(True, alpha=0.3)
    return fig


def forced_vs_d(budget: str, executor: Executor):
    """Mistakes forced (exact value of the sequence) by Algorithm 2 and by the heuristics, the least any learner
    makes against Algorithm 1, and the proof-implied bound; LD = d and √d for reference."""
    import matplotlib.pyplot as plt

    rows = gap_runs(budget, executor)
    series = defaultdict(lambda: defaultdict(int))
    for r in rows:
        kind = "alg2" if r["config"]["sequence"] == "algorithm2" else "heur"
        key = (r["d"], r["seed"])
        series[kind][key] = max(series[kind][key], r["forced"])
        if kind == "alg2":
            series["alg1"][key] = max(series["alg1"][key], r["algorithm1_min"])
    ds = np.array(sorted({r["d"] for r in rows}))
    fig, ax = plt.subplots(figsize=figure_size("half", ratio=0.9))
    for kind, color, label in (
        ("alg2", COLORS["alg2"], "Algorithm 2 (optimal labels)"),
        ("alg1", "#ff9896", "Algorithm 2 + Algorithm 1"),
        ("heur", COLORS["heur"], "§2.4 heuristics"),
    ):
        best = [np.mean([v for (d, _), v in series[kind].items() if d == dd]) for dd in ds]
        ax.plot(ds, best, "o-", color=color, ms=3, label=label)
    ax.plot(
        ds, [proof_implied_lower_bound(int(d)) for d in ds], "s--", color=COLORS["proof"], ms=3, label="proof-implied"
    )
    _reference_lines(ax, ds)
    ax.set_xlabel("d (LD of the class)")
    ax.set_ylabel("mistakes forced")
    ax.legend(fontsize=5.5)
    ax.grid(True, alpha=0.3)
    return fig


def learner_mistakes(budget: str, executor: Executor):
    """Mistakes of the splitting-experts learner, Halving and the fixed-order optimal learner, against Algorithm 1
    (solid) and the optimal adversary (dashed), on Algorithm 2's sequence; mean over seeds."""
    import matplotlib.pyplot as plt

    rows = [r for r in learner_runs(budget, executor) if r["sequence"] == "algorithm2"]
    ds = np.array(sorted({r["d"] for r in rows}))
    fig, ax = plt.subplots(figsize=figure_size("half", ratio=0.9))
    for learner, color in (
        ("splitting", COLORS["alg2"]),
        ("halving", COLORS["heur"]),
        ("fixed_order", COLORS["proof"]),
    ):
        for adversary, ls in (("algorithm1", "-"), ("optimal", "--")):
            key = f"{learner}/{adversary}"
            mean = [np.mean([r["mistakes"][key] for r in rows if r["d"] == d]) for d in ds]
            ax.plot(ds, mean, "o" + ls, color=color, ms=3, label=key.replace("_", " "))
    _reference_lines(ax, ds)
    ax.set_xlabel("d")
    ax.set_ylabel("learner mistakes")
    ax.set_ylim(0, ds.max() + 1)
    ax.legend(fontsize=5, ncol=2, loc="upper left")
    ax.grid(True, alpha=0.3)
    return fig


def tradeoff_figure(budget: str, executor: Executor):
    """Best forced mistakes on Bernoulli(2^-k) tree classes at fixed d against k, beside d/k + k (min 2√d)."""
    import matplotlib.pyplot as plt

    rows = tradeoff_runs(budget, executor)
    d = PRESETS[budget].tradeoff_d
    best = defaultdict(lambda: defaultdict(int))
    for r in rows:
        best[r["k"]][r["seed"]] = max(best[r["k"]][r["seed"]], r["forced"])
    ks = np.array(sorted(best))
    fig, ax = plt.subplots(figsize=figure_size("half", ratio=0.9))
    ax.plot(
        ks, [np.mean(list(best[k].values())) for k in ks], "o-", color=COLORS["alg2"], ms=3, label="best sequence found"
    )
    fine = np.linspace(ks.min(), ks.max(), 200)
    ax.plot(fine, tradeoff(d, fine), color=COLORS["ld"], ls="--", lw=0.8, label="d/k + k")
    ax.axvline(math.sqrt(d), color=COLORS["sqrt"], ls=":", lw=0.8, label=r"$k = \sqrt{d}$")
    ax.set_xlabel(r"density exponent k (off-path bits Bernoulli($2^{-k}$))")
    ax.set_ylabel("mistakes forced")
    ax.set_title(f"d = {d}", fontsize=8)
    ax.legend(fontsize=6)
    ax.grid(True, alpha=0.3)
    return fig


for _name, _caption, _make in (
    ("dimensions_vs_d", "Exact M_tr against LD per family (minimal, Bernoulli tree classes, C_lw^k)", dimensions_vs_d),
    ("forced_vs_d", "Mistakes forced by Algorithm 2 and the §2.4 heuristics at d = 12..20, with √d and d", forced_vs_d),
    ("learner_mistakes", "Splitting-experts, Halving and fixed-order learners' mistakes against d", learner_mistakes),
    ("tradeoff", "The d/k + k trade-off: forced mistakes against the density exponent k", tradeoff_figure),
):
    register(FigureSpec("transductive", _name, _caption, _make))
