"""The empirical score (paper Eq. 5): the exact minimiser of the empirical denoising loss, which memorizes.

P_t^emp(x) = (1/n) Σ_ν N(x; e^{-t} x^ν, Δ_t I). By Tweedie, s_emp(x) = -(x - e^{-t} E[x0 | x]) / Δ_t with
E[x0 | x] = Σ_ν w_ν(x) x^ν and posterior weights w_ν ∝ exp(-||x - e^{-t} x^ν||² / (2Δ_t)) (a softmax, evaluated
with the log-sum-exp shift so that small Δ_t does not underflow).
"""

from __future__ import annotations

import math

import numpy as np
from scipy.special import softmax

from theory._validate import check_real

from ._equivalent import check_matrix

__all__ = ["empirical_score", "posterior_mean"]


def posterior_mean(x: object, train: object, t: float) -> np.ndarray:
    """E[x0 | x_t = x] under the empirical distribution: ``x`` (m, d), ``train`` (n, d) -> (m, d)."""
    train = check_matrix("train", train, (None, None))
    x = check_matrix("x", x, (None, train.shape[1]))
    t = check_real("t", t, low=0.0, low_open=True)
    decay, delta = math.exp(-t), -math.expm1(-2.0 * t)
    centres = decay * train  # (n, d)
    # ||x - c||² = ||x||² - 2 x·c + ||c||²; the ||x||² term cancels in the softmax over ν.
    logits = (x @ centres.T - 0.5 * np.einsum("ij,ij->i", centres, centres)[None, :]) / delta  # (m, n)
    return softmax(logits, axis=1) @ train


def empirical_score(x: object, train: object, t: float) -> np.ndarray:
    """s_emp(x) = -(x - e^{-t} E[x0 | x]) / Δ_t, shape (m, d) for ``x`` (m, d) and ``train`` (n, d)."""
    x_arr = check_matrix("x", x, (None, None))
    mean = posterior_mean(x_arr, train, t)
    return -(x_arr - math.exp(-t) * mean) / -math.expm1(-2.0 * t)
