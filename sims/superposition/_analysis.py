"""Measurements of trained toy models (App. D): φ_{1/2}, φ_1, overlaps, ambiguity, the weak-regime theory at the
measured φ, and α_m fits; :func:`run_sweep` is the sweepable experiment (train, then measure, as JSON)."""

from __future__ import annotations

from typing import Any

import numpy as np

from sims._config import jsonable
from theory.fitting import fit_power_law
from theory.superposition import (
    ambiguity,
    overlap_moments,
    overlap_stats,
    represented_fraction,
    row_norms,
    weak_regime_loss,
)

from ._config import ToyConfig
from ._train import TrainedModels, train_models

__all__ = ["measure_models", "run_sweep"]


def _strong_rows_stats(w: np.ndarray, m: int) -> tuple[float, float]:
    """Mean squared overlap of the rows with norm > 1 and their Var(c²) / the random-vector value (NaN if < 2)."""
    strong = row_norms(w) > 1.0
    if strong.sum() < 2:
        return float("nan"), float("nan")
    stats = overlap_stats(w, strong)
    random_var = overlap_moments(m)[1]
    return stats.mean_sq, stats.var_sq / random_var if random_var > 0 else float("nan")


def measure_models(trained: TrainedModels) -> dict[str, Any]:
    """Every per-model measurement of a :class:`TrainedModels`, arrays indexed (γ, m) unless stated.

    Returns a dict of: ``gammas`` (G,), ``widths`` (M,), ``test_loss``/``test_loss_se``, ``phi_half``,
    ``phi_one``, ``overlap_all`` (mean squared overlap over all rows), ``overlap_strong`` (rows with norm > 1),
    ``overlap_strong_var_ratio`` (Var(c²) of those rows / 2(m-1)/(m²(m+2))), ``ambiguity``, ``weak_theory``
    (Eq. 4 exact at k = round(φ_{1/2} n)), ``row_norms`` (G, M, n), ``alpha_m``/``alpha_m_se``/``r_squared``
    (G,) from a fit of L ∝ m^(-α_m) over all widths, and ``loss_trace``/``trace_steps``.
    """
    config = ToyConfig.from_dict(trained.config)
    p = config.frequencies()
    gammas, widths = np.asarray(config.gammas), np.asarray(config.widths)
    shape = (gammas.size, widths.size)
    out = {name: np.full(shape, np.nan) for name in ("phi_half", "phi_one", "overlap_all", "overlap_strong")}
    out.update({name: np.full(shape, np.nan) for name in ("overlap_strong_var_ratio", "ambiguity", "weak_theory")})
    norms = np.empty((*shape, config.n))
    for j, m in enumerate(widths):
        for g in range(gammas.size):
            w = trained.weights[j][g].astype(np.float64)
            norms[g, j] = row_norms(w)
            out["phi_half"][g, j] = represented_fraction(w, 0.5)
            out["phi_one"][g, j] = represented_fraction(w, 1.0)
            out["overlap_all"][g, j] = overlap_stats(w).mean_sq
            out["overlap_strong"][g, j], out["overlap_strong_var_ratio"][g, j] = _strong_rows_stats(w, int(m))
            out["ambiguity"][g, j] = ambiguity(w)
            out["weak_theory"][g, j] = weak_regime_loss(p, int(round(out["phi_half"][g, j] * config.n)))
    fits = [fit_power_law(widths, trained.test_loss[g]) for g in range(gammas.size)] if widths.size >= 3 else []
    return {
        "gammas": gammas,
        "widths": widths,
        "test_loss": trained.test_loss,
        "test_loss_se": trained.test_loss_se,
        **out,
        "row_norms": norms,
        "alpha_m": np.array([-f.exponent for f in fits]),
        "alpha_m_se": np.array([f.stderr for f in fits]),
        "r_squared": np.array([f.r_squared for f in fits]),
        "loss_trace": trained.loss_trace,
        "trace_steps": trained.trace_steps,
    }


def run_sweep(config: ToyConfig, seed: int) -> dict[str, Any]:
    """Train every (γ, m) model of ``config`` from ``seed`` and return :func:`measure_models` as JSON values,
    with the resolved ``config``, ``seed`` and training ``seconds`` (weights are not returned)."""
    trained = train_models(config, seed)
    return jsonable({"config": trained.config, "seed": seed, "seconds": trained.seconds, **measure_models(trained)})
