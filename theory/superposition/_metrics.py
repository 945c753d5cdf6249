"""How superposed a weight matrix is: row norms, φ_t, overlaps, ambiguity and feature dimensionality.

Every function takes any real matrix ``W`` of shape (n, m) whose row W_i represents feature (or token) i, so
the same analysis runs on a trained toy model and on a language model's embedding.

* ``φ_t = |{i : ‖W_i‖ > t}| / n`` (Eq. 3 with t = 1/2: represented; Eq. 9 with t = 1: strongly represented).
* Overlaps use normalised rows ŵ_i = W_i / (‖W_i‖ + 1e-9) (App. C.1's ε, so a zero row has zero overlaps)
  over the pairs i < j; the mean squared overlap is mean|cos|² + var|cos| (the paper's LLM formula).
* Ambiguity (App. D.5) is the spectral norm ‖W Wᵀ - diag(I_m, 0)‖₂.
* Feature dimensionality (Elhage et al. 2022): D_i = ‖W_i‖² / Σ_j (ŵ_i · W_j)².
"""

from __future__ import annotations

import dataclasses

import numpy as np
from scipy import linalg

from theory._validate import as_float_array, check_int, check_real

__all__ = [
    "NORM_EPS",
    "OverlapStats",
    "ambiguity",
    "feature_dimensionality",
    "overlap_stats",
    "represented_fraction",
    "row_norms",
]

#: Added to row norms before normalising, as the paper's LLM analysis does.
NORM_EPS = 1e-9


def _check_matrix(W: object, *, min_rows: int = 1) -> np.ndarray:
    arr = as_float_array("W", W)
    if arr.ndim != 2 or arr.shape[0] < min_rows or arr.shape[1] < 1:
        raise ValueError(f"W must be a 2-D (n, m) matrix with n >= {min_rows} rows and m >= 1, got {arr.shape}")
    return arr


def row_norms(W: object) -> np.ndarray:
    """‖W_i‖₂ for every row, shape (n,)."""
    return np.linalg.norm(_check_matrix(W), axis=1)


def represented_fraction(W: object, threshold: float = 0.5) -> float:
    """φ_t: the fraction of rows with norm strictly above ``threshold`` (1/2: φ_{1/2}; 1: φ_1)."""
    threshold = check_real("threshold", threshold, low=0.0)
    return float(np.mean(row_norms(W) > threshold))


@dataclasses.dataclass(frozen=True)
class OverlapStats:
    """Statistics of c_ij = ŵ_i · ŵ_j over the ``pairs`` i < j of the chosen rows.

    ``mean_sq`` = mean c² (= mean_abs² + std_abs²), ``var_sq`` = Var(c²) (compare with 2(m-1)/(m²(m+2)) for
    random vectors), ``max_abs`` = max |c| (Welch: >= κ).
    """

    pairs: int
    mean_abs: float
    std_abs: float
    mean_sq: float
    var_sq: float
    max_abs: float


def overlap_stats(W: object, rows: object = None, *, block_size: int = 2048) -> OverlapStats:
    """Overlap statistics of the rows of ``W`` (or of ``W[rows]``, a boolean mask or index array).

    Computed in row blocks of ``block_size`` so memory stays at ``block_size · n`` floats whatever n is; the
    sums are accumulated in float64. Needs at least two rows.
    """
    arr = _check_matrix(W)
    block = check_int("block_size", block_size, low=1)
    if rows is not None:
        arr = arr[np.asarray(rows)]
        if arr.ndim != 2:
            raise ValueError(f"rows must select a set of rows (mask or indices), got {np.asarray(rows)!r}")
    if arr.shape[0] < 2:
        raise ValueError(f"overlaps need at least 2 rows, got {arr.shape[0]}")
    unit = arr / (np.linalg.norm(arr, axis=1, keepdims=True) + NORM_EPS)  # (ν, m)
    nu = unit.shape[0]
    s1 = s2 = s4 = 0.0
    top = 0.0
    for start in range(0, nu - 1, block):
        stop = min(start + block, nu)
        c = unit[start:stop] @ unit[start:].T  # (b, ν - start): rows start..stop against rows start..ν
        # Keep j > i only: in local coordinates column j' = j - start must exceed row i' = i - start.
        c = c[np.triu_indices(stop - start, k=1, m=nu - start)]
        c2 = c * c
        s1 += float(np.abs(c).sum())
        s2 += float(c2.sum())
        s4 += float((c2 * c2).sum())
        top = max(top, float(np.abs(c).max()))
    pairs = nu * (nu - 1) // 2
    mean_abs, mean_sq = s1 / pairs, s2 / pairs
    return OverlapStats(
        pairs=pairs,
        mean_abs=mean_abs,
        std_abs=float(np.sqrt(max(mean_sq - mean_abs**2, 0.0))),
        mean_sq=mean_sq,
        var_sq=max(s4 / pairs - mean_sq**2, 0.0),
        max_abs=top,
    )


def ambiguity(W: object) -> float:
    """‖W Wᵀ - P‖₂ with P = diag(1, ..., 1, 0, ..., 0) (m ones): the distance from the ideal weak configuration.

    A = W Wᵀ - P is symmetric with range inside span(columns of W, e_1..e_m), so with Q an orthonormal basis of
    that span, A = Q (Qᵀ A Q) Qᵀ and ‖A‖₂ is the largest |eigenvalue| of the small (≤ 2m)² matrix Qᵀ A Q.
    """
    arr = _check_matrix(W)
    n, m = arr.shape
    if m > n:
        raise ValueError(f"W must have at least as many rows as columns (n >= m), got shape {arr.shape}")
    # An SVD-based orthonormal basis drops directions already spanned (W may be rank-deficient, even zero).
    q = linalg.orth(np.hstack([arr, np.eye(n, m)]))  # (n, k), m <= k <= 2m
    qw = q.T @ arr  # (k, m)
    small = qw @ qw.T - q[:m].T @ q[:m]  # Qᵀ W Wᵀ Q - Qᵀ P Q, (k, k)
    return float(np.max(np.abs(np.linalg.eigvalsh(small))))


def feature_dimensionality(W: object) -> np.ndarray:
    """D_i = ‖W_i‖² / Σ_j (ŵ_i · W_j)² for every row (n,); 1 for a feature with a dimension of its own.

    Rows of zero norm get D_i = 0 (they have no dimension at all).
    """
    arr = _check_matrix(W)
    norms = np.linalg.norm(arr, axis=1)
    unit = arr / (norms[:, None] + NORM_EPS)
    interference = ((unit @ arr.T) ** 2).sum(axis=1)  # Σ_j (ŵ_i · W_j)², includes j = i: ‖W_i‖²
    return np.where(norms > 0, norms**2 / np.where(interference > 0, interference, 1.0), 0.0)
