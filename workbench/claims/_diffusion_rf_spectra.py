"""Reading a sampled spectrum against the theory: eigenvalue counts per bulk, the off-peak KS distance, and the
support of the fast bulk (shared by the diffusion_rf claims and the spectrum figure)."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from theory.diffusion_rf import rf_coefficients, rho1_edges, rho2_edges

from ._diffusion_rf_runs import SPECTRUM_PSI_P, SPECTRUM_T

__all__ = ["bulk_support", "fraction_counts", "ks_off_peak", "theory_cdf"]

_SUPPORT_LEVEL = 1e-4  # the fast bulk's support is where the theory density exceeds this x its maximum


def _gap_threshold(psi_n: float) -> float:
    """A λ inside the gap between ρ1 and ρ2: the geometric mean of ρ1's upper and ρ2's lower leading-order edge."""
    c = rf_coefficients(SPECTRUM_T)
    return math.sqrt(rho1_edges(c, SPECTRUM_PSI_P, psi_n)[1] * rho2_edges(c, SPECTRUM_PSI_P)[0])


def fraction_counts(point: dict[str, Any]) -> dict[str, int]:
    """Eigenvalues of the full U at the peak (|λ - s_t²| <= 1e-9 λ_max), in ρ2 (above the gap) and in ρ1."""
    full = np.asarray(point["full"])
    peak = int(np.sum(np.abs(full - point["s2"]) <= 1e-9 * full.max()))
    fast = int(np.sum(full > _gap_threshold(point["psi_n"])))
    return {"delta": peak, "rho1": full.size - peak - fast, "rho2": fast}


def theory_cdf(point: dict[str, Any]) -> tuple[np.ndarray, np.ndarray]:
    """The off-peak theory CDF (trapezoid integral of the density over both grids, divided by 1 - delta weight)
    at the grid points; returns (grid (G,), cdf (G,))."""
    parts, total = [], 0.0
    for name in ("slow", "fast"):
        grid, dens = np.asarray(point[f"{name}_grid"]), np.asarray(point[f"{name}_density"])
        cum = np.concatenate([[0.0], np.cumsum(np.diff(grid) * 0.5 * (dens[1:] + dens[:-1]))])
        parts.append((grid, total + cum))
        total += float(cum[-1])
    grid = np.concatenate([g for g, _ in parts])
    return grid, np.concatenate([c for _, c in parts]) / (1.0 - point["weights"]["delta"])


def ks_off_peak(point: dict[str, Any]) -> dict[str, float]:
    """KS distance between the empirical CDF of the off-peak eigenvalues and :func:`theory_cdf`, and the theory
    and histogram densities at λ = 0.3 (the spec's spot check)."""
    grid, cdf = theory_cdf(point)
    ev = np.sort(np.asarray(point["off_peak"]))
    empirical = np.searchsorted(ev, grid, side="right") / ev.size
    slow, dens = np.asarray(point["slow_grid"]), np.asarray(point["slow_density"])
    window = (ev > 0.27) & (ev < 0.33)
    return {
        "ks": float(np.abs(empirical - cdf).max()),
        "theory_mass_off_peak": float(cdf[-1]),
        "rho_at_0.3_theory": float(np.interp(0.3, slow, dens)),
        "rho_at_0.3_histogram": float(window.sum() / point["p"] / 0.06),
    }


def bulk_support(point: dict[str, Any]) -> dict[str, list[float]]:
    """Edges of ρ2: the sampled top-d eigenvalues' range and where the theory density exceeds 1e-4 of its max."""
    ev = np.sort(np.asarray(point["off_peak"]))[-point["d"] :]
    grid, dens = np.asarray(point["fast_grid"]), np.asarray(point["fast_density"])
    inside = grid[dens > _SUPPORT_LEVEL * dens.max()]
    return {"empirical": [float(ev[0]), float(ev[-1])], "theory": [float(inside[0]), float(inside[-1])]}
