"""Times read off loss curves: when memorization sets in, and when the score has generalized.

Both are first-crossing times of a level, interpolated linearly in log τ between the two grid points that
bracket it (so a grid of G points per decade resolves a time to about 1/G of a decade):

* τ_mem^emp: the first τ with L_gen(τ) >= ½ L_gen(τ_end), the middle of the rise of the generalization gap
  from its small fast-window value O(1/√ψ_n) to its τ → ∞ value (``fraction`` sets the ½);
* τ_gen^emp: the first τ with E_score(τ) - E_min <= 0.1 (E_score(0) - E_min), the end of the fast fall of the
  score error to its best value E_min (``fraction`` sets the 0.1).
"""

from __future__ import annotations

import math

import numpy as np

from theory._validate import check_real

from ._dynamics import LossCurves

__all__ = ["generalization_time", "memorization_time"]


def _first_crossing(tau: np.ndarray, values: np.ndarray, level: float, *, upward: bool) -> float:
    """First τ where ``values`` reaches ``level`` (from below if ``upward``), log-interpolated; NaN if never."""
    hit = values >= level if upward else values <= level
    if not hit.any():
        return math.nan
    i = int(np.argmax(hit))
    if i == 0:
        return float(tau[0])
    lo, hi = values[i - 1], values[i]
    frac = (level - lo) / (hi - lo)
    if tau[i - 1] <= 0.0:  # τ = 0 on the grid: interpolate linearly instead of in log τ
        return float(tau[i - 1] + frac * (tau[i] - tau[i - 1]))
    return float(math.exp(math.log(tau[i - 1]) + frac * (math.log(tau[i]) - math.log(tau[i - 1]))))


def _check(curves: LossCurves, fraction: float) -> float:
    if not isinstance(curves, LossCurves):
        raise TypeError(f"curves must be LossCurves, got {type(curves).__name__}")
    if curves.tau.size < 2 or np.any(np.diff(curves.tau) <= 0):
        raise ValueError("curves.tau must hold at least two increasing times")
    return check_real("fraction", fraction, low=0.0, low_open=True, high=1.0, high_open=True)


def memorization_time(curves: LossCurves, fraction: float = 0.5) -> float:
    """First τ with L_gen(τ) >= ``fraction`` x L_gen at the last τ of the grid (choose it ≫ τ_mem)."""
    fraction = _check(curves, fraction)
    gen = curves.gen
    return _first_crossing(curves.tau, gen, fraction * float(gen[-1]), upward=True)


def generalization_time(curves: LossCurves, fraction: float = 0.1) -> float:
    """First τ with E_score - E_min <= ``fraction`` (E_score(τ_0) - E_min), E_min the minimum on the grid."""
    fraction = _check(curves, fraction)
    score = curves.score
    best = float(score.min())
    return _first_crossing(curves.tau, score, best + fraction * (float(score[0]) - best), upward=False)
