"""Figures of the diffusion_rf paper's analogues: the spectrum of U with the Theorem 3.1 density (Fig. 4), the
train/test losses against τ with τ_gen and τ_mem marked (Fig. 5), τ_mem and τ_gen against n, and the memorized
fraction against τ/n for the score network (Fig. 2 left inset). NeurIPS sizes from :func:`figure_size`.
"""

from __future__ import annotations

from concurrent.futures import Executor

import numpy as np

from workbench.registry import FigureSpec, register
from workbench.style import figure_size

from ._diffusion_rf_runs import PAPER_GRID, WIDE_GRID, dynamics_run, score_net_run, spectrum_run


def spectrum(budget: str, executor: Executor):
    """Histogram of the off-peak eigenvalues (per p, per unit λ) and the theory density, slow and fast bulks."""
    import matplotlib.pyplot as plt

    point = spectrum_run(budget, executor)[8.0]
    ev, p = np.asarray(point["off_peak"]), point["p"]
    fig, axes = plt.subplots(1, 2, figsize=figure_size("full", ratio=0.36))
    for ax, name, log in ((axes[0], "slow", True), (axes[1], "fast", False)):
        grid, dens = np.asarray(point[f"{name}_grid"]), np.asarray(point[f"{name}_density"])
        bins = np.geomspace(grid[0], grid[-1], 60) if log else np.linspace(grid[0], grid[-1], 35)
        counts, edges = np.histogram(ev, bins=bins)
        ax.stairs(counts / p / np.diff(edges), edges, fill=True, color="#9ecae1", label=f"sampled U, d={point['d']}")
        ax.plot(grid, dens, color="#d62728", label="Theorem 3.1")
        ax.set_xscale("log" if log else "linear")
        ax.set_xlabel(r"$\lambda$")
    axes[0].set_yscale("log")
    axes[0].set_ylim(1e-3, 30.0)  # below, only the Lorentzian tail of the s_t² atom (width ε) shows
    weights = point["weights"]
    axes[0].set_ylabel(r"$\rho(\lambda)$")
    axes[0].set_title(
        rf"slow bulk $\rho_1$ ({weights['rho1']:.3f}); atom at $s_t^2$ ({weights['delta']:.4f})", fontsize=7
    )
    axes[1].set_title(rf"fast bulk $\rho_2$ ({weights['rho2']:.4f}); $\psi_p=64, \psi_n=8, t=0.01$", fontsize=7)
    axes[0].legend(loc="upper right", fontsize=6)
    return fig


def losses(budget: str, executor: Executor):
    """L_train (dashed) and L_test (solid) against τ on Fig. 5's grid, with τ_gen and τ_mem (theory) marked."""
    import matplotlib.pyplot as plt

    run = dynamics_run(budget, executor)
    psi_p, psi_ns = PAPER_GRID
    fig, ax = plt.subplots(figsize=figure_size("half", ratio=0.9))
    cmap = plt.get_cmap("viridis")
    for i, psi_n in enumerate(psi_ns):
        row, color = run[psi_p, psi_n, 0], cmap(i / max(1, len(psi_ns) - 1))
        ax.plot(row["tau"], row["test"], color=color, label=rf"$\psi_n={psi_n:g}$")
        ax.plot(row["tau"], row["train"], color=color, ls="--")
        ax.axvline(row["tau_mem_leading"], color=color, lw=0.6, ls=":")
    ax.axvline(run[psi_p, psi_ns[0], 0]["tau_gen_theory"], color="k", lw=0.6, ls=":")
    ax.set_xscale("log")
    ax.set_ylim(0.0, 2.0)
    ax.set_xlabel(r"$\tau$")
    ax.set_ylabel("loss (solid test, dashed train)")
    ax.legend(loc="lower left", fontsize=6)
    return fig


def tau_mem_vs_n(budget: str, executor: Executor):
    """τ_mem (half-rise of L_gen) and τ_gen against n on both grids, with the leading-order τ_mem."""
    import matplotlib.pyplot as plt

    run = dynamics_run(budget, executor)
    fig, ax = plt.subplots(figsize=figure_size("half", ratio=0.9))
    for (psi_p, psi_ns), marker, style in ((PAPER_GRID, "o", "-"), (WIDE_GRID, "s", "--")):
        rows = [run[psi_p, psi_n, 0] for psi_n in psi_ns]
        n = [r["n"] for r in rows]
        ax.plot(
            n, [r["tau_mem_emp"] for r in rows], marker, color="#d62728", label=rf"$\tau_{{mem}}$, $\psi_p={psi_p:g}$"
        )
        ax.plot(n, [r["tau_mem_leading"] for r in rows], style, color="#d62728", lw=0.6)
        ax.plot(
            n,
            [r["tau_gen_emp"] for r in rows],
            marker,
            color="#1f77b4",
            mfc="none",
            label=rf"$\tau_{{gen}}$, $\psi_p={psi_p:g}$",
        )
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("n")
    ax.set_ylabel(r"$\tau$ (lines: $\psi_p/(\Delta_t\lambda_{min})$, -- for $\psi_p=128$)")
    ax.legend(fontsize=6)
    return fig


def memorized_fraction(budget: str, executor: Executor):
    """f_mem against training steps / n for the score network at several n (collapse if τ_mem ∝ n)."""
    import matplotlib.pyplot as plt

    runs = score_net_run(budget, executor)
    fig, ax = plt.subplots(figsize=figure_size("half", ratio=0.9))
    if runs is None:
        ax.text(0.5, 0.5, "needs the torch extra", ha="center", va="center", transform=ax.transAxes)
        return fig
    cmap = plt.get_cmap("plasma")
    for i, (n, run) in enumerate(sorted(runs.items())):
        steps = np.asarray(run["steps"], dtype=float)
        ax.plot(steps / n, run["f_mem"], "o-", ms=2, color=cmap(i / max(1, len(runs) - 1)), label=f"n={n}")
    ax.set_xscale("log")
    ax.set_xlabel("training steps / n")
    ax.set_ylabel(r"$f_{mem}$ ($k = 1/3$)")
    ax.legend(fontsize=6)
    return fig


for _name, _caption, _make in (
    ("spectrum", "Spectrum of U: sampled Gaussian equivalent vs Theorem 3.1 (Fig. 4 analogue).", spectrum),
    ("losses", "Closed-form train/test losses with τ_gen and τ_mem (Fig. 5 analogue).", losses),
    ("tau_mem_vs_n", "τ_mem grows with n, τ_gen does not (Sect. 3).", tau_mem_vs_n),
    (
        "memorized_fraction",
        "Score network: memorized fraction against τ/n (Fig. 2 inset analogue).",
        memorized_fraction,
    ),
):
    register(FigureSpec("diffusion_rf", _name, _caption, _make))
