"""Two small derivations of the paper: the Chinchilla width exponent (App. D.7) and the cross-entropy
expansion in the overlaps (App. A.2).

Chinchilla: N ∝ m^a (a = 2.52 ± 0.03 from the Chinchilla model table) and L ∝ N^(-α_N) (α_N = 0.35 ± 0.02,
Besiroglu et al. 2024) give L ∝ m^(-a α_N), so α_m = a α_N = 0.882, with first-order error propagation
σ² = (α_N σ_a)² + (a σ_N)², i.e. ± 0.051 (the paper quotes ± 0.06).

Cross-entropy: with the last hidden state W_i / ‖W_i‖ and logits W_j · h, the loss of token i is
f(ε) = log(1 + Σ_{j≠i} exp(ε_j - s)) with ε_j = W_i · W_j / ‖W_i‖ and s = ‖W_i‖. Around ε = 0, with
S = 1 + (n-1) e^(-s): f = log S + (e^(-s)/S) Σ ε_j + (e^(-s)/(2S)) Σ ε_j² - (e^(-2s)/(2S²)) (Σ ε_j)² + O(ε³).
"""

from __future__ import annotations

import math

import numpy as np

from theory._validate import as_float_array, check_real

__all__ = ["chinchilla_width_exponent", "overlap_cross_entropy", "overlap_cross_entropy_expansion"]


def chinchilla_width_exponent(
    width_exponent: float = 2.52,
    width_exponent_se: float = 0.03,
    alpha_n: float = 0.35,
    alpha_n_se: float = 0.02,
) -> tuple[float, float]:
    """α_m = a · α_N and its first-order standard error sqrt((α_N σ_a)² + (a σ_N)²); defaults: App. D.7.

    >>> tuple(round(v, 4) for v in chinchilla_width_exponent())
    (0.882, 0.0515)
    """
    a = check_real("width_exponent", width_exponent, low=0.0, low_open=True)
    sa = check_real("width_exponent_se", width_exponent_se, low=0.0)
    b = check_real("alpha_n", alpha_n, low=0.0, low_open=True)
    sb = check_real("alpha_n_se", alpha_n_se, low=0.0)
    return a * b, math.hypot(b * sa, a * sb)


def _check_overlaps(overlaps: object, norm: float) -> tuple[np.ndarray, float]:
    eps = as_float_array("overlaps", overlaps)
    if eps.ndim != 1 or eps.size == 0:
        raise ValueError(f"overlaps must be a non-empty 1-D array (one per other token), got shape {eps.shape}")
    return eps, check_real("norm", norm, low=0.0)


def overlap_cross_entropy(overlaps: object, norm: float) -> float:
    """Exact f(ε) = log(1 + Σ_j exp(ε_j - s)) for overlaps ε (n-1,) and row norm s (computed stably)."""
    eps, s = _check_overlaps(overlaps, norm)
    return float(np.logaddexp(0.0, np.logaddexp.reduce(eps - s)))


def overlap_cross_entropy_expansion(overlaps: object, norm: float) -> dict[str, float]:
    """The terms of f(ε) up to second order: ``constant`` log S, ``linear``, ``quadratic``, and ``leading``.

    ``leading`` = ½ e^(-s) Σ ε_j² is Eq. 12-13's m-dependent part: the quadratic term to leading order in
    e^(-s) (S → 1, and the (Σ ε)² term is O(e^(-2s))).
    """
    eps, s = _check_overlaps(overlaps, norm)
    q = math.exp(-s)
    big_s = 1.0 + eps.size * q
    total, squares = float(eps.sum()), float(eps @ eps)
    return {
        "constant": math.log(big_s),
        "linear": q / big_s * total,
        "quadratic": q / (2.0 * big_s) * squares - q * q / (2.0 * big_s**2) * total**2,
        "leading": 0.5 * q * squares,
    }
