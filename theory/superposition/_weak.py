"""The weak-superposition loss (paper Eq. 4 and Eq. 14) and the exponent its ideal configuration gives.

Weak superposition represents the top ``k = φ n`` features perfectly and orthogonally and drops the rest. With
the optimal biases (0 for represented features, b_i = ⟨x_i⟩ = p_i for dropped ones) the expected loss, summed
over features, is exactly

    L(k) = Σ_{i > k} Var(x_i) = Σ_{i > k} ((4/3) p_i - p_i²)  ≈  (4/3) Σ_{i > k} p_i.

For p_i ∝ i^(-α) normalised over 1..n, the integral approximation of the fraction Σ_{i>φn} p_i / Σ_i p_i is
(Eq. 14) ``(φ^(1-α) - 1) / (1 - n^(1-α)) · n^(1-α)`` for α ≠ 1 and ``-ln φ / ln n`` for α = 1. The ideal weak
configuration at width m has k = m, so L ∝ ∫_m^n i^(-α) di ∝ m^(-(α-1)) when n ≫ m: α_m = α - 1.
"""

from __future__ import annotations

import numpy as np
from scipy import special

from theory._validate import as_int_array, check_int, check_real
from theory.fitting import PowerLawFit, fit_power_law

from ._frequencies import _check_frequencies, feature_variance

__all__ = [
    "ideal_weak_exponent",
    "tail_exponent_infinite_n",
    "weak_fraction_integral",
    "weak_regime_loss",
    "weak_regime_loss_approx",
]


def _check_counts(name: str, m: object, n: int) -> np.ndarray:
    counts = as_int_array(name, m, low=0)
    if counts.size and counts.max() > n:
        raise ValueError(f"{name} must be <= n = {n} (there are only n features), got {counts.max()}")
    return counts


def weak_regime_loss(p: object, m: object) -> np.ndarray | float:
    """Exact expected loss (sum over features) when the top ``m`` features are perfectly represented.

    ``L = Σ_{i > m} ((4/3) p_i - p_i²)`` for non-increasing frequencies ``p`` (n,) and an integer count
    ``0 <= m <= n`` (or an array of counts; returns the same shape). With m = round(φ_{1/2} n) this is Eq. 4.
    """
    variance = feature_variance(p)
    counts = _check_counts("m", m, variance.size)
    # tail[k] = Σ_{i >= k} Var(x_i) (0-based), so the loss of the top-m configuration is tail[m].
    tail = np.concatenate([np.cumsum(variance[::-1])[::-1], [0.0]])
    out = tail[counts]
    return float(out) if out.ndim == 0 else out


def weak_regime_loss_approx(p: object, m: object) -> np.ndarray | float:
    """Eq. 4's approximation (4/3) Σ_{i > m} p_i (drops the p_i² term, which matters only for frequent features)."""
    probs = _check_frequencies(p)
    counts = _check_counts("m", m, probs.size)
    tail = np.concatenate([np.cumsum(probs[::-1])[::-1], [0.0]])
    out = (4.0 / 3.0) * tail[counts]
    return float(out) if out.ndim == 0 else out


def weak_fraction_integral(phi: float, n: int, alpha: float) -> float:
    """Eq. 14: the integral approximation of Σ_{i > φn} p_i / Σ_i p_i for p_i ∝ i^(-α) on 1..n.

    Equals ∫_{φn}^n i^(-α) di / ∫_1^n i^(-α) di; needs 1/n <= φ <= 1 (so that φn >= 1) and n >= 2.
    """
    n = check_int("n", n, low=2)
    phi = check_real("phi", phi, low=1.0 / n, high=1.0)
    alpha = check_real("alpha", alpha, low=0.0, high=20.0)
    if alpha == 1.0:
        return float(-np.log(phi) / np.log(n))
    a = 1.0 - alpha
    return float((phi**a - 1.0) / (1.0 - n**a) * n**a)


def ideal_weak_exponent(p: object, widths: object) -> PowerLawFit:
    """Fit L = C · m^k to the ideal weak loss :func:`weak_regime_loss` (k = m features kept) on ``widths``.

    This is the finite-size prediction to compare a measured α_m with (α_m = -k): on the paper's grid
    (n = 1000, m = 10..100) it gives 0.29 at α = 1 and 1.02 at α = 2 instead of α - 1.
    """
    probs = _check_frequencies(p)
    grid = _check_counts("widths", widths, probs.size - 1)  # m = n would leave no loss to fit
    if grid.ndim != 1 or grid.size < 3 or grid.min() < 1:
        raise ValueError(f"widths must be a 1-D grid of at least 3 widths >= 1, got {grid.tolist()}")
    return fit_power_law(grid, weak_regime_loss(probs, grid))


def tail_exponent_infinite_n(alpha: float, widths: object) -> PowerLawFit:
    """The n → ∞ limit of the ideal weak exponent: fit Σ_{i > m} i^(-α) = ζ(α, m + 1) on ``widths`` (α > 1).

    Frequencies normalised over infinitely many features make p_i² negligible against p_i, so the loss is
    proportional to the Hurwitz zeta tail; its local exponent tends to -(α - 1) as m grows.
    """
    alpha = check_real("alpha", alpha, low=1.0, low_open=True, high=20.0)
    grid = as_int_array("widths", widths, low=1)
    if grid.ndim != 1 or grid.size < 3:
        raise ValueError(f"widths must be a 1-D grid of at least 3 widths, got {grid.tolist()}")
    return fit_power_law(grid, special.zeta(alpha, grid + 1.0))
