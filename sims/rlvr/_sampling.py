"""Sampling paths by inverse CDF from per-problem probability rows (numba), with uniforms drawn by numpy.

The uniforms come from a seeded ``np.random.Generator`` and are passed in, so the kernels are deterministic
and can be checked index-for-index against a pure-Python oracle. Rule (both kernels): with row ``π`` and
uniform ``u``, the sample is the first ``m`` with ``cumsum(π)[m] > u · Σ π``; scaling by the row total keeps
rounding in the cumulative sum from ever running past the last entry, and a zero-probability entry can never
be chosen.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from theory._validate import as_float_array

__all__ = ["count_correct", "sample_paths"]


@njit(cache=True)
def _inverse_cdf_kernel(probs: np.ndarray, uniforms: np.ndarray) -> np.ndarray:  # pragma: no cover - jitted
    b, m = probs.shape
    g = uniforms.shape[1]
    out = np.empty((b, g), dtype=np.int64)
    cdf = np.empty(m, dtype=np.float64)
    for i in range(b):
        acc = 0.0
        for j in range(m):
            acc += probs[i, j]
            cdf[j] = acc
        for k in range(g):
            target = uniforms[i, k] * acc
            # Binary search for the first j with cdf[j] > target (cdf is non-decreasing).
            lo, hi = 0, m - 1
            while lo < hi:
                mid = (lo + hi) // 2
                if cdf[mid] > target:
                    hi = mid
                else:
                    lo = mid + 1
            out[i, k] = lo
    return out


@njit(cache=True)
def _count_correct_kernel(
    probs: np.ndarray, correct: np.ndarray, uniforms: np.ndarray
) -> np.ndarray:  # pragma: no cover - jitted
    counts = np.zeros(probs.shape[0], dtype=np.int64)
    paths = _inverse_cdf_kernel(probs, uniforms)
    for i in range(paths.shape[0]):
        for k in range(paths.shape[1]):
            counts[i] += correct[i, paths[i, k]]
    return counts


def _check_probs_uniforms(probs: object, uniforms: object) -> tuple[np.ndarray, np.ndarray]:
    p = as_float_array("probs", probs)
    u = as_float_array("uniforms", uniforms)
    if p.ndim != 2 or p.shape[1] == 0:
        raise ValueError(f"probs must be 2-D (rows, M >= 1), got shape {p.shape}")
    if u.ndim != 2 or u.shape[0] != p.shape[0]:
        raise ValueError(f"uniforms must be 2-D with {p.shape[0]} rows (one per probs row), got shape {u.shape}")
    if np.any(p < 0) or np.any(p.sum(axis=1) <= 0):
        raise ValueError("probs must be non-negative with a positive total in every row")
    if u.size and (u.min() < 0.0 or u.max() >= 1.0):
        raise ValueError(f"uniforms must lie in [0, 1), got values in [{u.min()}, {u.max()}]")
    return np.ascontiguousarray(p), np.ascontiguousarray(u)


def sample_paths(probs: object, uniforms: object) -> np.ndarray:
    """Inverse-CDF samples: ``out[i, k]`` is the path drawn from ``probs[i]`` with uniform ``uniforms[i, k]``.

    Parameters
    ----------
    probs : array (B, M), non-negative, rows with positive total (need not be normalised)
    uniforms : array (B, G) in [0, 1), e.g. ``np.random.default_rng(seed).random((B, G))``

    Returns
    -------
    int64 array (B, G)
    """
    p, u = _check_probs_uniforms(probs, uniforms)
    return _inverse_cdf_kernel(p, u)


def count_correct(probs: object, correct: object, uniforms: object) -> np.ndarray:
    """Number of correct paths among ``uniforms.shape[1]`` inverse-CDF samples from each row, shape (B,)
    int64.

    This is the ``c_i`` of the unbiased pass@k estimator (``theory.passk.pass_at_k(n, c, k)``), computed
    without materialising anything but the (B, n) sample indices.

    Parameters
    ----------
    probs : array (B, M)
    correct : bool or 0/1 array (B, M)
    uniforms : array (B, n) in [0, 1)
    """
    p, u = _check_probs_uniforms(probs, uniforms)
    c = np.asarray(correct)
    if c.shape != p.shape or not (c.dtype == bool or np.isin(c, (0, 1)).all()):
        raise ValueError(f"correct must be a bool (or 0/1) array of shape {p.shape}, got {c.dtype} {c.shape}")
    return _count_correct_kernel(p, np.ascontiguousarray(c, dtype=np.int64), u)
