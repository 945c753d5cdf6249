"""Feature frequencies p_i of the toy data (paper Eq. 1, App. B) and the moments of x_i = u_i · v_i.

Each feature i is active with probability p_i (u_i ~ Bernoulli(p_i)) and then takes a value v_i ~ U(0, 2), so
⟨v⟩ = 1, ⟨v²⟩ = 4/3, ⟨x_i⟩ = p_i and Var(x_i) = (4/3) p_i - p_i². Features are ranked by frequency and the p_i
are normalised to sum to the activation density E (expected number of active features per sample).

Families (index i = 1..n for the power law; the official code's 0-based i for the other two):

==============  =================================  ===================================
``power``       p_i ∝ i^(-α)                       the paper's main family
``exponential`` p_i ∝ exp(-(i - 1) / scale)        code ``'exponential1'``, scale 400
``linear``      p_i ∝ (n - (i - 1)) / n            code ``'linear'``
``uniform``     p_i = E / n                        Anthropic's toy models (sparsity S = 1 - E/n)
==============  =================================  ===================================
"""

from __future__ import annotations

import numpy as np

from theory._validate import as_float_array, check_choice, check_int, check_real

__all__ = [
    "FAMILIES",
    "V_MEAN",
    "V_SECOND_MOMENT",
    "density_scan",
    "feature_variance",
    "frequencies",
    "max_density",
]

FAMILIES = ("power", "exponential", "linear", "uniform")

#: Moments of v ~ U(0, 2): ⟨v⟩ = 1 and ⟨v²⟩ = 4/3.
V_MEAN = 1.0
V_SECOND_MOMENT = 4.0 / 3.0


def _shape(family: str, n: int, alpha: float, scale: float) -> np.ndarray:
    """Un-normalised, non-increasing weights of a family, shape (n,), largest entry 1."""
    i = np.arange(n, dtype=np.float64)  # 0-based rank
    if family == "power":
        return (i + 1.0) ** (-alpha)
    if family == "exponential":
        return np.exp(-i / scale)
    if family == "linear":
        return (n - i) / n
    return np.ones(n)


def _checked(family: object, n: object, alpha: object, scale: object) -> tuple[str, int, float, float]:
    family = check_choice("family", family, FAMILIES)
    n = check_int("n", n, low=1)
    alpha = check_real("alpha", alpha, low=0.0, high=20.0)
    scale = check_real("scale", scale, low=0.0, low_open=True)
    return family, n, alpha, scale


def max_density(family: str, n: int, *, alpha: float = 1.0, scale: float = 400.0) -> float:
    """The largest activation density E the family allows: p_1 <= 1 means E <= Σ_i w_i / w_1.

    For the power law this is the generalised harmonic number H_{n,α} (H_1000 ≈ 7.485 at α = 1).
    """
    family, n, alpha, scale = _checked(family, n, alpha, scale)
    return float(_shape(family, n, alpha, scale).sum())


def frequencies(family: str, n: int, *, alpha: float = 1.0, density: float = 1.0, scale: float = 400.0) -> np.ndarray:
    """Feature frequencies p (n,), non-increasing, with Σ p = ``density`` (E) and every p_i in (0, 1].

    ``alpha`` is used by ``power`` only and ``scale`` by ``exponential`` only. Raises if E exceeds
    :func:`max_density`, since then p_1 would be above 1.

    >>> frequencies("power", 4, alpha=1.0, density=1.0).round(4).tolist()
    [0.48, 0.24, 0.16, 0.12]
    """
    family, n, alpha, scale = _checked(family, n, alpha, scale)
    density = check_real("density", density, low=0.0, low_open=True)
    weights = _shape(family, n, alpha, scale)
    limit = float(weights.sum())
    # A relative slack of 1e-12 lets density = max_density (p_1 = 1, as in the E scan's end point) through.
    if density > limit * (1.0 + 1e-12):
        raise ValueError(
            f"density (E) = {density} is larger than the {family} frequencies allow at n = {n}: p_1 <= 1 needs "
            f"E <= {limit:.6g}"
        )
    return np.minimum(weights * (density / limit), 1.0)


def density_scan(p: object, s: float) -> np.ndarray:
    """The paper's activation-density scan (App. B.2, exp-15): p ← p · (1 + s (1/p_1 - 1)), s in [0, 1].

    s = 0 leaves p unchanged; s = 1 sets p_1 = 1, so E grows from Σp to Σp / p_1 (H_1000 ≈ 7.49 at α = 1).
    """
    probs = _check_frequencies(p)
    s = check_real("s", s, low=0.0, high=1.0)
    return np.minimum(probs * (1.0 + s * (1.0 / probs[0] - 1.0)), 1.0)


def feature_variance(p: object) -> np.ndarray:
    """Var(x_i) = ⟨v²⟩ p_i - p_i² = (4/3) p_i - p_i² for each frequency: the loss of dropping feature i."""
    probs = _check_frequencies(p)
    return V_SECOND_MOMENT * probs - probs**2


def _check_frequencies(p: object) -> np.ndarray:
    """A 1-D array of frequencies in [0, 1], non-increasing (features are ranked by frequency)."""
    probs = as_float_array("p", p)
    if probs.ndim != 1 or probs.size == 0:
        raise ValueError(f"p must be a non-empty 1-D array of frequencies, got shape {probs.shape}")
    if probs.min() < 0.0 or probs.max() > 1.0:
        raise ValueError(f"p must lie in [0, 1], got values in [{probs.min()}, {probs.max()}]")
    if np.any(np.diff(probs) > 0):
        raise ValueError("p must be non-increasing (features ranked by frequency); sort it in decreasing order")
    return probs
