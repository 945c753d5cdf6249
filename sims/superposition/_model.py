"""The toy model y = ReLU(W Wᵀ x + b) of one width in plain float64 numpy: output, loss and gradients.

This is the readable statement of the model the batched trainer implements (and its test oracle). Losses use
the paper's convention, summed over features and averaged over samples: L = ⟨Σ_i imp_i (y_i - x_i)²⟩; the
gradients are those of the official code's ``nn.MSELoss``, L / n.
"""

from __future__ import annotations

import numpy as np

from theory._validate import as_float_array

__all__ = ["toy_gradients", "toy_loss", "toy_output"]


def _check(W: object, b: object, x: object) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    w = as_float_array("W", W)
    bias = as_float_array("b", b)
    xs = as_float_array("x", x)
    if w.ndim != 2:
        raise ValueError(f"W must be 2-D (n, m), got shape {w.shape}")
    n = w.shape[0]
    if bias.shape != (n,) or xs.ndim != 2 or xs.shape[1] != n:
        raise ValueError(f"b must have shape ({n},) and x shape (B, {n}), got {bias.shape} and {xs.shape}")
    return w, bias, xs


def toy_output(W: object, b: object, x: object) -> np.ndarray:
    """y = ReLU(x W Wᵀ + b) for a batch x (B, n), W (n, m), b (n,); shape (B, n)."""
    w, bias, xs = _check(W, b, x)
    return np.maximum((xs @ w) @ w.T + bias, 0.0)  # (B, m) @ (m, n)


def toy_loss(W: object, b: object, x: object, importance: object = None) -> float:
    """Paper-convention loss ⟨Σ_i imp_i (y_i - x_i)²⟩ over the batch (importance None: all ones)."""
    w, bias, xs = _check(W, b, x)
    imp = np.ones(w.shape[0]) if importance is None else as_float_array("importance", importance)
    r = toy_output(w, bias, xs) - xs
    return float(np.mean((r * r) @ imp))


def toy_gradients(W: object, b: object, x: object, importance: object = None) -> tuple[np.ndarray, np.ndarray]:
    """Gradients (dW (n, m), db (n,)) of the code's loss mean_{b,i} imp_i (y_i - x_i)².

    With a = x W Wᵀ + b, δ = 2 imp (ReLU(a) - x) [a > 0] / (B n) and h = x W:
    ∂/∂b = Σ_batch δ and ∂/∂W = xᵀ (δ W) + δᵀ h (W appears twice in x W Wᵀ).
    """
    w, bias, xs = _check(W, b, x)
    imp = np.ones(w.shape[0]) if importance is None else as_float_array("importance", importance)
    h = xs @ w  # (B, m)
    a = h @ w.T + bias  # (B, n)
    delta = 2.0 * imp * (np.maximum(a, 0.0) - xs) * (a > 0) / xs.size  # (B, n)
    return xs.T @ (delta @ w) + delta.T @ h, delta.sum(axis=0)
