"""Finite hypothesis classes as 0/1 matrices, their validation, and the classic constructors.

A class is a matrix H of shape (m, n): row h is a hypothesis, column x a point of the domain X = {0, ..., n-1},
and H[h, x] = h(x) ∈ {0, 1}. Rows may repeat (a multiset of functions; repeated rows change no dimension). Every
public function of :mod:`theory.transductive` takes such a matrix and checks it with :func:`check_class`.
"""

from __future__ import annotations

import itertools

import numpy as np

from theory._validate import check_int, check_real

__all__ = [
    "all_functions",
    "check_class",
    "check_order",
    "clw_class",
    "disjoint_product",
    "random_class",
    "singletons",
    "thresholds",
]

#: The 8-function class on 4 points with (VC, LD, M_tr) = (2, 3, 2) (spec §2.3): the smallest known strict gap.
CLW_ROWS = ("0000", "0001", "0010", "1000", "1011", "1100", "1101", "1111")


def check_class(H: object, name: str = "H") -> np.ndarray:
    """Return ``H`` as a C-contiguous uint8 matrix (m >= 1 hypotheses, n >= 1 points) of 0/1 entries, or raise.

    Accepts bool, integer or float arrays (floats must be exactly 0.0 or 1.0) and nested lists of equal lengths.
    """
    try:
        arr = np.asarray(H)
    except ValueError as exc:  # numpy refuses ragged nested lists
        raise ValueError(f"{name} must be a rectangular 0/1 matrix; got ragged rows ({exc})") from None
    if arr.dtype == object:
        raise TypeError(f"{name} must be a numeric 0/1 matrix, got an object array (ragged rows or mixed types?)")
    if arr.dtype.kind not in "biuf":
        raise TypeError(f"{name} must be a numeric 0/1 matrix, got dtype {arr.dtype}")
    if arr.ndim != 2:
        raise ValueError(f"{name} must be 2-D (hypotheses x points), got shape {arr.shape}")
    if arr.shape[0] == 0:
        raise ValueError(f"{name} must hold at least one hypothesis (row); the empty class has no mistake bound")
    if arr.shape[1] == 0:
        raise ValueError(f"{name} must have at least one point (column), got shape {arr.shape}")
    # Bools need no check and unsigned ints only their maximum (np.isin would sort the whole matrix).
    if arr.dtype.kind == "b":
        binary = True
    elif arr.dtype.kind == "u":
        binary = bool(arr.max() <= 1)
    else:
        binary = bool(((arr == 0) | (arr == 1)).all())
    if not binary:
        bad = arr[(arr != 0) & (arr != 1)].ravel()[0]
        raise ValueError(f"{name} must hold only 0 and 1, got the entry {bad!r}")
    return np.ascontiguousarray(arr, dtype=np.uint8)


def check_order(order: object, n_points: int, name: str = "order") -> np.ndarray:
    """Return a sequence of points as a C-contiguous int64 vector with entries in [0, n_points), or raise.

    Repeats are allowed (a repeated point never changes the game's value); the empty sequence is allowed.
    """
    arr = np.asarray(order)
    if arr.dtype == object or (arr.size and arr.dtype.kind not in "iu"):
        raise TypeError(f"{name} must be a sequence of integer point indices, got dtype {arr.dtype}")
    if arr.ndim != 1:
        raise ValueError(f"{name} must be 1-D (a sequence of points), got shape {arr.shape}")
    arr = arr.astype(np.int64)
    if arr.size and (arr.min() < 0 or arr.max() >= n_points):
        bad = int(arr[(arr < 0) | (arr >= n_points)][0])
        raise ValueError(f"{name} names point {bad}, but the class has only {n_points} points (0..{n_points - 1})")
    return np.ascontiguousarray(arr)


def thresholds(n: int) -> np.ndarray:
    """Thresholds 1[x >= t] on n points, t = 0..n: shape (n + 1, n). LD = M_tr = ⌊log2(n + 1)⌋, VC = 1."""
    n = check_int("n", n, low=1)
    t = np.arange(n + 1)[:, None]
    return (np.arange(n)[None, :] >= t).astype(np.uint8)


def singletons(n: int, with_zero: bool = False) -> np.ndarray:
    """Indicators 1[x = i] of the n points, shape (n, n), plus the all-zero function if ``with_zero``."""
    n = check_int("n", n, low=1)
    if n == 1 and not with_zero:
        raise ValueError("singletons(1) is a single function; use n >= 2 or with_zero=True")
    rows = np.eye(n, dtype=np.uint8)
    return np.vstack([np.zeros((1, n), dtype=np.uint8), rows]) if with_zero else rows


def all_functions(k: int) -> np.ndarray:
    """All 2^k functions on k points, shape (2^k, k), row i = binary digits of i (most significant first)."""
    k = check_int("k", k, low=1, high=20)
    return np.array(list(itertools.product((0, 1), repeat=k)), dtype=np.uint8)


def clw_class() -> np.ndarray:
    """The 8-function class C_lw on 4 points (spec §2.3), (VC, LD, M_tr) = (2, 3, 2)."""
    return np.array([[int(c) for c in row] for row in CLW_ROWS], dtype=np.uint8)


def disjoint_product(*classes: object) -> np.ndarray:
    """The class H1 × H2 × ... on the disjoint union of the domains: every combination of one row of each.

    Shape (Π m_i, Σ n_i); the points of class i come after those of classes 0..i-1. LD and M_tr add up
    (spec §4.1 item 6), which is the BKM97 (2/3)·d mechanism when applied to copies of C_lw.
    """
    if not classes:
        raise ValueError("disjoint_product needs at least one class")
    mats = [check_class(H, f"classes[{i}]") for i, H in enumerate(classes)]
    size = int(np.prod([m.shape[0] for m in mats], dtype=np.float64))
    if size > 2**20:
        raise ValueError(f"the product would have {size} hypotheses; at most 2^20 are allowed")
    result = mats[0]
    for mat in mats[1:]:
        # Row (i, j) of the product is row i of the left factor next to row j of the right one.
        left = np.repeat(result, mat.shape[0], axis=0)
        right = np.tile(mat, (result.shape[0], 1))
        result = np.hstack([left, right])
    return np.ascontiguousarray(result)


def random_class(m: int, n: int, p: float = 0.5, seed: int = 0) -> np.ndarray:
    """m i.i.d. Bernoulli(p) rows on n points from ``np.random.default_rng(seed)``, shape (m, n)."""
    m = check_int("m", m, low=1)
    n = check_int("n", n, low=1)
    p = check_real("p", p, low=0.0, high=1.0)
    seed = check_int("seed", seed, low=0)
    return (np.random.default_rng(seed).random((m, n)) < p).astype(np.uint8)
