"""Row-wise helpers on (B, M) tables of per-problem logits or probabilities, shared by the whole package."""

from __future__ import annotations

import numpy as np

from theory._validate import as_float_array

__all__ = ["distribution_rows", "log_softmax_rows", "success_probability"]


def log_softmax_rows(logits: np.ndarray) -> np.ndarray:
    """Row-wise log-softmax of a (B, M) array; ``-inf`` entries (outside a support) stay ``-inf``."""
    # Every row has a finite max (its support is non-empty), so the shift never produces inf - inf.
    shifted = logits - logits.max(axis=1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))


def success_probability(probs: np.ndarray, correct: np.ndarray) -> np.ndarray:
    """(B,) ``Σ_m probs[b, m] · correct[b, m]``, capped at 1 (rounding can push the sum 1 ulp above it)."""
    return np.minimum((probs * correct).sum(axis=1), 1.0)


def distribution_rows(probs: object) -> np.ndarray:
    """Validate a 2-D array of non-negative rows that each sum to 1 (to 1e-9); return it as float64."""
    arr = as_float_array("probs", probs)
    if arr.ndim != 2 or arr.shape[1] == 0:
        raise ValueError(f"probs must be 2-D (rows, M >= 1), got shape {arr.shape}")
    if np.any(arr < 0) or not np.allclose(arr.sum(axis=1), 1.0, rtol=0.0, atol=1e-9):
        raise ValueError("probs must be non-negative with every row summing to 1")
    return arr
