"""The paper's decoupled weight decay or growth on the rows of W (Eq. 2), as a pure operator.

γ >= 0: W_i ← (1 - η γ) W_i. γ < 0: W_i ← W_i + η γ W_i (1 - 1/(‖W_i‖ + eps)), i.e. a gradient step of size η|γ|
on ½(‖W_i‖ - 1)²: the direction is kept and ‖W_i‖ - 1 shrinks by the factor (1 - η|γ|). ``eps`` (1e-8, the
optimiser's) keeps a zero row at zero. The training kernel in :mod:`sims.superposition` applies the same map
before each Adam update; this numpy form is its reference.
"""

from __future__ import annotations

import numpy as np

from theory._validate import as_float_array, check_real

__all__ = ["decay_rows"]


def decay_rows(W: object, lr: float, gamma: float, eps: float = 1e-8) -> np.ndarray:
    """Apply one decay (γ >= 0) or growth (γ < 0) step to every row of ``W`` (n, m); needs lr |γ| <= 1."""
    w = as_float_array("W", W)
    if w.ndim != 2:
        raise ValueError(f"W must be a 2-D (n, m) matrix, got shape {w.shape}")
    lr = check_real("lr", lr, low=0.0)
    gamma = check_real("gamma", gamma)
    eps = check_real("eps", eps, low=0.0, low_open=True)
    if lr * abs(gamma) > 1.0:
        raise ValueError(f"lr * |gamma| must be <= 1 (else rows flip sign), got {lr} * {abs(gamma)}")
    if gamma >= 0:
        return (1.0 - lr * gamma) * w
    norms = np.linalg.norm(w, axis=1, keepdims=True) + eps
    return w + lr * gamma * w * (1.0 - 1.0 / norms)
