"""numba kernels of the batched toy-model trainer: sparse gather/scatter, the fused residual, the AdamW step.

Shapes: K models trained together (same width m), B samples, n features. Every array is C-contiguous float32
(weights, activations) or int64 (sparse indices), scalars are float64, so each kernel compiles once. A batch
of inputs x (B, n) is stored as CSR: row b's active features are ``indices[indptr[b]:indptr[b+1]]`` with
values ``values[...]`` (about E per row, so gather/scatter cost O(B·E·m) instead of O(B·n·m)).
"""

from __future__ import annotations

import numpy as np
from numba import njit

__all__ = ["adamw_kernel", "gather_kernel", "residual_kernel", "scatter_kernel", "sparse_backward_kernel"]


@njit(cache=True, fastmath=True)
def gather_kernel(
    indptr: np.ndarray, indices: np.ndarray, values: np.ndarray, weights: np.ndarray
) -> np.ndarray:  # pragma: no cover - jitted
    """h[k, b, :] = Σ_j x[b, j] W[k, j, :], i.e. h = x W for each model, from the CSR rows; (K, B, m)."""
    n_models, _, m = weights.shape
    batch = indptr.size - 1
    out = np.zeros((n_models, batch, m), dtype=np.float32)
    for k in range(n_models):
        for b in range(batch):
            for t in range(indptr[b], indptr[b + 1]):
                j, v = indices[t], values[t]
                for c in range(m):
                    out[k, b, c] += v * weights[k, j, c]
    return out


@njit(cache=True, fastmath=True)
def scatter_kernel(
    indptr: np.ndarray, indices: np.ndarray, values: np.ndarray, grad_h: np.ndarray, out: np.ndarray
) -> None:  # pragma: no cover - jitted
    """out[k] += xᵀ grad_h[k] for each model, in place: out[k, j, :] += x[b, j] · grad_h[k, b, :]."""
    n_models, batch, m = grad_h.shape
    for k in range(n_models):
        for b in range(batch):
            for t in range(indptr[b], indptr[b + 1]):
                j, v = indices[t], values[t]
                for c in range(m):
                    out[k, j, c] += v * grad_h[k, b, c]


@njit(cache=True, fastmath=True)
def residual_kernel(
    z: np.ndarray,
    bias: np.ndarray,
    importance: np.ndarray,
    indptr: np.ndarray,
    indices: np.ndarray,
    values: np.ndarray,
    scale: float,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:  # pragma: no cover - jitted
    """Fused output, loss and output gradient; overwrites ``z`` (K, B, n) with δ = ∂loss/∂(pre-activation).

    On entry z = x W Wᵀ (no bias). With a = z + b, y = ReLU(a) and r = y - x:
    loss_k = Σ_{b,i} imp_i r², δ = scale · 2 imp_i r · [a > 0], grad_bias[k, i] = Σ_b δ[k, b, i].
    ``scale`` is the loss's normalisation (1/(B n) for the code's MSE). Returns (loss (K,) float64 without
    ``scale``, grad_bias (K, n) float32, active (K,) int64: the number of entries with a > 0, where δ may be
    non-zero).
    """
    n_models, batch, n = z.shape
    twice_scale = np.float32(2.0 * scale)  # float32 keeps the loop in single precision (SIMD-friendly)
    loss = np.zeros(n_models)
    active = np.zeros(n_models, dtype=np.int64)
    grad_bias = np.zeros((n_models, n), dtype=np.float32)
    target = np.zeros(n, dtype=np.float32)  # the dense row x[b], rebuilt from the CSR row each time
    acc = np.zeros(n)
    for k in range(n_models):
        acc[:] = 0.0
        total = 0.0
        count = 0
        for b in range(batch):
            for t in range(indptr[b], indptr[b + 1]):
                target[indices[t]] = values[t]
            for i in range(n):
                a = z[k, b, i] + bias[k, i]
                r = (a if a > 0.0 else np.float32(0.0)) - target[i]
                total += importance[i] * r * r
                d = twice_scale * importance[i] * r if a > 0.0 else np.float32(0.0)
                count += 1 if a > 0.0 else 0
                z[k, b, i] = d
                acc[i] += d
            for t in range(indptr[b], indptr[b + 1]):
                target[indices[t]] = 0.0
        loss[k] = total
        active[k] = count
        for i in range(n):
            grad_bias[k, i] = acc[i]
    return loss, grad_bias, active


@njit(cache=True, fastmath=True)
def sparse_backward_kernel(
    delta: np.ndarray,
    weights: np.ndarray,
    h: np.ndarray,
    models: np.ndarray,
    grad_h: np.ndarray,
    grad_w: np.ndarray,
) -> None:  # pragma: no cover - jitted
    """For each model k in ``models``: grad_h[k] = δ[k] W[k] and grad_w[k] = δ[k]ᵀ h[k], visiting non-zero δ only.

    δ (K, B, n) is zero wherever the pre-activation is negative, which after the first steps of training is
    90-99 % of the entries, so two O(nnz · m) loops beat two dense (B, n, m) matmuls. Outputs are overwritten.
    """
    _, batch, n = delta.shape
    m = weights.shape[2]
    for k in models:
        grad_h[k] = 0.0
        grad_w[k] = 0.0
        for b in range(batch):
            for i in range(n):
                d = delta[k, b, i]
                if d != 0.0:
                    for c in range(m):
                        grad_h[k, b, c] += d * weights[k, i, c]
                        grad_w[k, i, c] += d * h[k, b, c]


@njit(cache=True, fastmath=True)
def adamw_kernel(
    param: np.ndarray,
    grad: np.ndarray,
    exp_avg: np.ndarray,
    exp_avg_sq: np.ndarray,
    gammas: np.ndarray,
    lr: float,
    step: int,
    beta1: float,
    beta2: float,
    eps: float,
) -> None:  # pragma: no cover - jitted
    """One step of the paper's AdamW on K stacked (R, C) parameters, in place (``exp/adamw.py`` semantics).

    Per model k and row r, first the decoupled decay with the current lr (before the moment update):
    γ >= 0: w ← (1 - lr γ) w; γ < 0: w ← w + lr γ w (1 - 1/(‖w‖ + eps)), which moves ‖w‖ linearly toward 1.
    Then Adam with bias correction: w ← w - (lr / (1 - β1^t)) m / (sqrt(v) / sqrt(1 - β2^t) + eps).
    """
    n_models, rows, cols = param.shape
    # float32 arithmetic, as torch's optimiser does on float32 parameters (and 8-wide SIMD on AVX).
    b1, b2 = np.float32(beta1), np.float32(beta2)
    one = np.float32(1.0)
    eps32 = np.float32(eps)
    root_correction2 = np.float32(np.sqrt(1.0 - beta2**step))
    step_size = np.float32(lr / (1.0 - beta1**step))
    for k in range(n_models):
        gamma = gammas[k]
        for r in range(rows):
            if gamma >= 0.0:
                factor = np.float32(1.0 - lr * gamma)
            else:
                norm = 0.0
                for c in range(cols):
                    norm += param[k, r, c] * param[k, r, c]
                factor = np.float32(1.0 + lr * gamma * (1.0 - 1.0 / (np.sqrt(norm) + eps)))
            for c in range(cols):
                g = grad[k, r, c]
                m = b1 * exp_avg[k, r, c] + (one - b1) * g
                v = b2 * exp_avg_sq[k, r, c] + (one - b2) * g * g
                exp_avg[k, r, c] = m
                exp_avg_sq[k, r, c] = v
                param[k, r, c] = param[k, r, c] * factor - step_size * m / (np.sqrt(v) / root_correction2 + eps32)
