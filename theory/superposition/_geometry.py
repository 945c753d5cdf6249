"""Geometry of strong superposition: random overlaps, the Welch bound, and the strong-regime predictions.

* Two independent uniform unit vectors in R^m have squared overlap (ŵ_i · ŵ_j)² ~ Beta(1/2, (m-1)/2), with
  mean 1/m and variance 2(m-1) / (m² (m+2)) ~ 2/m² (paper §3.2).
* Welch bound (Eq. 5): ν >= m unit vectors satisfy max_{i≠j} |w_i·w_j| >= κ and, more strongly,
  mean_{i≠j} (w_i·w_j)² >= κ², with κ² = (ν - m) / (m (ν - 1)); κ² → 1/m as ν → ∞. Equiangular tight frames
  attain both bounds (they need ν <= m(m+1)/2, the Gerzon bound).
* Strong superposition: loss from overlaps ∝ 1/m (α_m = 1); about min(n, m²/2) features are strongly
  represented (φ_1 ≈ min{1, m²/(2n)}); if the weakly represented rest dominates, L ∝ Σ_{i > m²/2} p_i, which
  gives α_m = 2(α - 1) for p_i ∝ i^(-α) (App. A.1).
"""

from __future__ import annotations

import math

import numpy as np
from scipy import stats

from theory._validate import as_int_array, check_int, check_real

from ._frequencies import _check_frequencies

__all__ = [
    "STRONG_EXPONENT",
    "overlap_distribution",
    "overlap_moments",
    "strong_fraction",
    "strong_skewed_exponent",
    "strong_tail_mass",
    "welch_bound",
]

#: α_m of the strong regime when the strongly represented features dominate the loss (overlaps ∝ 1/m).
STRONG_EXPONENT = 1.0


def welch_bound(nu: int, m: int) -> float:
    """κ = sqrt((ν - m) / (m (ν - 1))), the Welch lower bound on max |overlap| of ν unit vectors in R^m.

    Needs ν >= 2 and 1 <= m <= ν (for ν <= m orthonormal vectors exist and the bound is 0 at ν = m).

    >>> welch_bound(3, 2)  # three vectors in the plane: the Mercedes frame has |cos| = 1/2
    0.5
    """
    nu = check_int("nu", nu, low=2)
    m = check_int("m", m, low=1)
    if m > nu:
        raise ValueError(f"m must be <= nu (the bound is for nu >= m vectors in R^m), got m = {m} > nu = {nu}")
    return math.sqrt((nu - m) / (m * (nu - 1)))


def overlap_moments(m: int) -> tuple[float, float]:
    """Mean 1/m and variance 2(m-1)/(m²(m+2)) of the squared overlap of two random unit vectors in R^m."""
    m = check_int("m", m, low=1)
    return 1.0 / m, 2.0 * (m - 1) / (m * m * (m + 2))


def overlap_distribution(m: int) -> stats.rv_continuous:
    """The frozen Beta(1/2, (m-1)/2) law of the squared overlap of two random unit vectors in R^m (m >= 2)."""
    m = check_int("m", m, low=2)
    return stats.beta(0.5, (m - 1) / 2.0)


def strong_fraction(m: object, n: int) -> np.ndarray | float:
    """The predicted fraction of strongly represented features φ_1 ≈ min{1, m² / (2n)} (Eq. 9/15)."""
    n = check_int("n", n, low=1)
    widths = as_int_array("m", m, low=1)
    out = np.minimum(1.0, widths.astype(np.float64) ** 2 / (2.0 * n))
    return float(out) if out.ndim == 0 else out


def strong_skewed_exponent(alpha: float) -> float:
    """α_m = 2(α - 1): the exponent when the weakly represented features i > m²/2 dominate the loss."""
    alpha = check_real("alpha", alpha, low=0.0, high=20.0)
    return 2.0 * (alpha - 1.0)


def strong_tail_mass(p: object, m: object) -> np.ndarray | float:
    """Σ_{i > ⌊m²/2⌋} p_i: the frequency mass left to the weakly represented features at width m (App. A.1)."""
    probs = _check_frequencies(p)
    widths = as_int_array("m", m, low=1)
    kept = np.minimum(widths**2 // 2, probs.size)
    tail = np.concatenate([np.cumsum(probs[::-1])[::-1], [0.0]])
    out = tail[kept]
    return float(out) if out.ndim == 0 else out
