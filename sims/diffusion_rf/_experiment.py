"""The RF experiment as a pure function of (config, seed): closed-form loss curves and the times read off them.

This is what ``workbench sweep`` maps over a grid (registered as ``diffusion_rf.rf_curves``) and what the
claims' dynamics runs call per grid point.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from theory._validate import check_int
from theory.diffusion_rf import generalization_time, loss_curves, memorization_time, tau_gen, tau_mem

from ._model import RFConfig, draw_instance, instance_modes

__all__ = ["run_curves"]


def run_curves(config: RFConfig, seed: int, *, points: int = 401) -> dict[str, Any]:
    """Draw the Gaussian-equivalent model of ``config`` from ``seed`` and return its closed-form curves on
    ``points`` log-spaced τ from 1e-2 to 1000 x the leading-order τ_mem, with τ_mem/τ_gen (empirical: half-rise
    of L_gen, 90% of the E_score drop; theory: leading order, finite size, and ψ_p/(Δ_t λ̄2))."""
    points = check_int("points", points, low=2)
    inst = draw_instance(config, seed)
    modes = instance_modes(inst)
    c = inst.coeffs
    lead = tau_mem(c, config.psi_p, config.psi_n)
    tau = np.geomspace(1e-2, 1e3 * lead, points)
    curves = loss_curves(modes, tau)
    return {
        "psi_p": config.psi_p,
        "psi_n": config.psi_n,
        "n": config.n,
        "seed": seed,
        "tau": tau.tolist(),
        "train": curves.train.tolist(),
        "test": curves.test.tolist(),
        "score": curves.score.tolist(),
        "tau_mem_emp": memorization_time(curves),
        "tau_gen_emp": generalization_time(curves),
        "tau_mem_leading": lead,
        "tau_mem_finite": tau_mem(c, config.psi_p, config.psi_n, modes.weighted_lambda_min),
        "tau_gen_theory": tau_gen(c, config.psi_p),
    }
