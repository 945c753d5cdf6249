"""The paper's AdamW with decoupled per-row weight decay or growth (Eq. 2, ``exp/adamw.py``), for K stacked
parameters trained together, each model with its own γ."""

from __future__ import annotations

import numpy as np

from theory._validate import as_float_array, check_real

from ._kernels import adamw_kernel

__all__ = ["BETAS", "EPS", "RowAdamW"]

#: torch's AdamW defaults, which the official optimiser keeps (AMSGrad off).
BETAS = (0.9, 0.999)
EPS = 1e-8


class RowAdamW:
    """AdamW state of K parameters stacked as a float32 (K, R, C) array, updated in place by :meth:`step`.

    Each step first applies the decay of model k to every row w of its (R, C) matrix with the current lr,
    γ_k >= 0: w ← (1 - lr γ_k) w; γ_k < 0: w ← w + lr γ_k w (1 - 1/(‖w‖ + eps)), i.e. gradient descent with step
    lr |γ_k| on ½(‖w‖ - 1)², so ‖w‖ - 1 shrinks by the factor (1 - lr |γ_k|) and the direction is kept; then
    the bias-corrected Adam update with betas (0.9, 0.999) and eps 1e-8. A bias vector is a (K, n, 1)
    parameter with γ = 0 (never decayed).
    """

    def __init__(self, param: np.ndarray, gammas: object) -> None:
        if not isinstance(param, np.ndarray) or param.dtype != np.float32 or param.ndim != 3:
            raise TypeError(f"param must be a float32 (K, R, C) numpy array, got {type(param).__name__}")
        if not param.flags.c_contiguous:
            raise ValueError("param must be C-contiguous (it is updated in place)")
        g = as_float_array("gammas", gammas)
        if g.shape != (param.shape[0],):
            raise ValueError(f"gammas must hold one γ per model, shape ({param.shape[0]},), got {g.shape}")
        if not np.all(np.isfinite(param)):
            raise ValueError("param must be finite, got NaN or inf")
        self.param = param
        self.gammas = np.ascontiguousarray(g)
        self.exp_avg = np.zeros_like(param)
        self.exp_avg_sq = np.zeros_like(param)
        self.steps_taken = 0

    def step(self, grad: np.ndarray, lr: float) -> None:
        """Apply one update with gradient ``grad`` (same shape as the parameter) at learning rate ``lr``."""
        lr = check_real("lr", lr, low=0.0)
        if float(np.max(np.abs(self.gammas))) * lr > 1.0:
            raise ValueError(f"lr * |gamma| must be <= 1 (else rows flip sign), got lr = {lr}")
        grad = np.ascontiguousarray(grad, dtype=np.float32)
        if grad.shape != self.param.shape:
            raise ValueError(f"grad must have the parameter's shape {self.param.shape}, got {grad.shape}")
        self.steps_taken += 1
        adamw_kernel(self.param, grad, self.exp_avg, self.exp_avg_sq, self.gammas, lr, self.steps_taken, *BETAS, EPS)
