"""The shared computations behind the diffusion_rf claims and figures, per budget, cached per process.

* :func:`spectrum_run`: sampled Gaussian-equivalent spectra and the Theorem 3.1 density (Figs. 4, 14 setting);
* :func:`dynamics_run`: closed-form loss curves of sampled RF models over a grid of ψ_n (Fig. 5 setting), and
  the times τ_mem / τ_gen read off them;
* :func:`threshold_run`: L_gen and E_score at τ → ∞ over (ψ_p, ψ_n), locating n*(p);
* :func:`score_net_run`: the torch score network at several n (None when torch is missing).

Each point is submitted to the executor as a module-level function of plain values (picklable for a process
pool or Dask) and returns plain dicts.
"""

from __future__ import annotations

import dataclasses
from concurrent.futures import Executor
from typing import Any

import numpy as np
from tqdm.auto import tqdm

from sims.diffusion_rf import RFConfig, draw_instance, instance_modes, run_curves
from sims.torch_adapter import torch_available
from theory.diffusion_rf import (
    equivalent_features,
    equivalent_u,
    loss_curves,
    spectral_density,
    spectrum_weights,
)
from workbench.registry import check_budget

__all__ = ["PRESETS", "Preset", "dynamics_run", "score_net_run", "spectrum_run", "threshold_run"]


@dataclasses.dataclass(frozen=True)
class Preset:
    """Sizes of one budget. ``*_d`` are input dimensions (p = ψ_p d, n = ψ_n d); ``seeds`` are the dynamics
    claims' seeds; ``gd_d`` is the model of the closed-form-vs-GD check; ``net_*`` configure the score network
    (Adam steps, training-set sizes, DDIM samples per checkpoint, MLP width)."""

    spectrum_d: int
    dynamics_d: int
    threshold_d: int
    threshold_psi_p: tuple[float, ...]
    seeds: tuple[int, ...]
    gd_d: int
    net_steps: int
    net_sizes: tuple[int, ...]
    net_samples: int
    net_width: int


PRESETS: dict[str, Preset] = {
    "smoke": Preset(
        spectrum_d=8,
        dynamics_d=8,
        threshold_d=4,
        threshold_psi_p=(4.0, 8.0),
        seeds=(0,),
        gd_d=4,
        net_steps=200,
        net_sizes=(8, 16),
        net_samples=50,
        net_width=16,
    ),
    "quick": Preset(
        spectrum_d=50,
        dynamics_d=32,
        threshold_d=24,
        threshold_psi_p=(8.0, 16.0, 32.0),
        seeds=(0, 1),
        gd_d=8,
        net_steps=40_000,
        net_sizes=(16, 32, 64),
        net_samples=300,
        net_width=64,
    ),
    "full": Preset(
        spectrum_d=100,
        dynamics_d=100,
        threshold_d=48,
        threshold_psi_p=(8.0, 16.0, 32.0, 64.0),
        seeds=(0, 1, 2, 3, 4),
        gd_d=16,
        net_steps=200_000,
        net_sizes=(16, 32, 64, 128, 256),
        net_samples=1000,
        net_width=64,
    ),
}

SPECTRUM_T, SPECTRUM_PSI_P, SPECTRUM_PSI_N = 0.01, 64.0, (8.0, 32.0)  # Fig. 4 / Fig. 14
DYNAMICS_T = 0.1  # Fig. 5
PAPER_GRID = (64.0, (4.0, 8.0, 16.0, 32.0))  # Fig. 5: ψ_p and the ψ_n values
WIDE_GRID = (128.0, (2.0, 4.0, 8.0, 16.0))  # ψ_p/ψ_n >= 8: the p ≫ n regime of the τ_mem ∝ n statement
THRESHOLD_RATIOS = tuple(2.0 ** (k / 2) for k in range(-6, 7))  # ψ_n/ψ_p from 1/8 to 8


def spectrum_point(d: int, psi_n: float, seed: int, full: bool) -> dict[str, Any]:
    """Eigenvalues of one Gaussian-equivalent U (the n + d off the peak, by the dual Gram; with ``full`` also all
    p of U by eigvalsh, for an honest count of the peak) and the Theorem 3.1 density on two grids."""
    cfg = RFConfig(d=d, psi_p=SPECTRUM_PSI_P, psi_n=psi_n, t=SPECTRUM_T)
    inst = draw_instance(cfg, seed)
    feats = equivalent_features(inst.w, inst.x, inst.omega, inst.coeffs)  # (p, n + d)
    off_peak = np.linalg.eigvalsh(feats.T @ feats) + inst.coeffs.s2  # (n + d,): U's eigenvalues off s_t²
    c = inst.coeffs
    everything = np.linalg.eigvalsh(equivalent_u(inst.w, inst.x, inst.omega, c)).tolist() if full else None
    # Two grids: log-spaced over the slow bulk (from just above the atom), linear over the fast bulk.
    slow = np.geomspace(1.02 * c.s2, 1.3 * (c.s2 + c.v2 * (1 + np.sqrt(SPECTRUM_PSI_P / psi_n)) ** 2), 700)
    fast = np.linspace(3.0, 70.0, 700)  # covers ρ2 at ψ_p = 64, t = 0.01 for every ψ_n (about [10, 45] or less)
    return {
        "psi_n": psi_n,
        "p": cfg.p,
        "n": cfg.n,
        "d": d,
        "s2": c.s2,
        "off_peak": off_peak.tolist(),
        "slow_grid": slow.tolist(),
        # A small ε keeps the Lorentzian tail of the s_t² atom out of the slow grid's integral (< 1e-5).
        "slow_density": spectral_density(slow, c, SPECTRUM_PSI_P, psi_n, eps=1e-9).tolist(),
        "fast_grid": fast.tolist(),
        "fast_density": spectral_density(fast, c, SPECTRUM_PSI_P, psi_n, eps=1e-9).tolist(),
        "full": everything,
        "weights": dataclasses.asdict(spectrum_weights(SPECTRUM_PSI_P, psi_n)),
    }


def dynamics_point(d: int, psi_p: float, psi_n: float, seed: int) -> dict[str, Any]:
    """Closed-form curves of one sampled Gaussian-equivalent model at t = 0.1 (:func:`run_curves`)."""
    return run_curves(RFConfig(d=d, psi_p=psi_p, psi_n=psi_n, t=DYNAMICS_T), seed)


def threshold_point(d: int, psi_p: float, psi_n: float, seed: int) -> dict[str, Any]:
    """L_gen, L_train and E_score of one sampled model at τ → ∞ (the minimum-norm interpolating read-out)."""
    inst = draw_instance(RFConfig(d=d, psi_p=psi_p, psi_n=psi_n, t=DYNAMICS_T), seed)
    end = loss_curves(instance_modes(inst), [1e15])
    return {
        "psi_p": psi_p,
        "psi_n": psi_n,
        "gen": float(end.gen[0]),
        "train": float(end.train[0]),
        "score": float(end.score[0]),
        "trivial_score": 1.0 / inst.coeffs.gamma**2,
    }


_CACHE: dict[tuple[str, str], Any] = {}


def _cached(kind: str, budget: str, compute) -> Any:
    check_budget(budget)
    if (kind, budget) not in _CACHE:
        _CACHE[kind, budget] = compute()
    return _CACHE[kind, budget]


def _gather(executor: Executor, tasks: dict, label: str) -> dict:
    futures = {key: executor.submit(fn, *args) for key, (fn, args) in tasks.items()}
    return {key: f.result() for key, f in tqdm(futures.items(), desc=label, leave=False)}


def spectrum_run(budget: str, executor: Executor) -> dict[float, dict[str, Any]]:
    """ψ_n -> :func:`spectrum_point` at the budget's d, seed 0."""
    d = PRESETS[check_budget(budget)].spectrum_d
    # The full p x p eigendecomposition (the costly part) only where the fractions are checked (ψ_n = 8).
    tasks = {psi_n: (spectrum_point, (d, psi_n, 0, psi_n == 8.0)) for psi_n in SPECTRUM_PSI_N}
    return _cached("spectrum", budget, lambda: _gather(executor, tasks, f"diffusion_rf spectra ({budget})"))


def dynamics_run(budget: str, executor: Executor) -> dict[tuple[float, float, int], dict[str, Any]]:
    """(ψ_p, ψ_n, seed) -> :func:`dynamics_point` on the paper's grid and the ψ_p/ψ_n >= 8 grid."""
    preset = PRESETS[check_budget(budget)]
    tasks = {
        (psi_p, psi_n, seed): (dynamics_point, (preset.dynamics_d, psi_p, psi_n, seed))
        for psi_p, grid in (PAPER_GRID, WIDE_GRID)
        for psi_n in grid
        for seed in preset.seeds
    }
    return _cached("dynamics", budget, lambda: _gather(executor, tasks, f"diffusion_rf dynamics ({budget})"))


def threshold_run(budget: str, executor: Executor) -> dict[tuple[float, float], dict[str, Any]]:
    """(ψ_p, ψ_n) -> :func:`threshold_point`, ψ_n = ψ_p x 2^{k/2}, k = -6..6, seed 0."""
    preset = PRESETS[check_budget(budget)]
    tasks = {
        (psi_p, psi_p * ratio): (threshold_point, (preset.threshold_d, psi_p, psi_p * ratio, 0))
        for psi_p in preset.threshold_psi_p
        for ratio in THRESHOLD_RATIOS
    }
    return _cached("threshold", budget, lambda: _gather(executor, tasks, f"diffusion_rf n* ({budget})"))


def score_net_task(config: dict, seed: int) -> dict[str, Any]:
    """One torch training run from a plain dict (runs on a worker)."""
    from sims.diffusion_rf import ScoreNetConfig, train_score_net

    return train_score_net(ScoreNetConfig.from_dict(config), seed)


def _net_config(preset: Preset, n: int) -> dict[str, Any]:
    return {
        "dataset": "mixture",
        "n_train": n,
        "width": preset.net_width,
        "steps": preset.net_steps,
        "n_samples": preset.net_samples,
        "checkpoints": min(14, preset.net_steps // 20),
    }


def score_net_run(budget: str, executor: Executor) -> dict[int, dict[str, Any]] | None:
    """n -> torch score-network run on the two-Gaussian mixture (SM B); ``None`` without torch."""
    if not torch_available():
        return None
    preset = PRESETS[check_budget(budget)]

    def compute() -> dict:
        tasks = {n: (score_net_task, (_net_config(preset, n), 0)) for n in preset.net_sizes}
        return _gather(executor, tasks, f"diffusion_rf score nets ({budget})")

    return _cached("score_net", budget, compute)
