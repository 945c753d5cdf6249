"""Element-wise pass@k: the unbiased estimator, the biased plug-in, and the population value.

All three broadcast their arguments like numpy and return a Python float when every argument is a scalar.
"""

from __future__ import annotations

import numpy as np

from theory._validate import as_float_array, as_int_array

from ._inputs import broadcast_named, counts_and_draws, groups


def _hit_probability(log_miss: np.ndarray) -> float | np.ndarray:
    """1 - exp(log_miss) with full relative precision near 0; a 0-d result becomes a Python float.

    Written 0.0 - expm1 rather than -expm1 so that log_miss = 0 gives +0.0, not a negative zero.
    """
    hit = 0.0 - np.expm1(log_miss)
    return float(hit) if hit.ndim == 0 else hit


def _log_miss_product(n: int, k: int, c: np.ndarray) -> np.ndarray:
    """log q, q = C(n-c, k)/C(n, k) = prod_{i=n-c+1}^{n} (1 - k/i), for one (n, k) and each c with n - c >= k.

    One reverse cumulative sum over i = n, n-1, ... serves every c of the group: entry c holds the sum of the
    c factors i = n-c+1..n, added in the same order as the direct product, so nothing is lost to cancellation.
    """
    i = np.arange(n, n - int(c.max()), -1, dtype=np.float64)  # (c_max,): i = n .. n-c_max+1, all > k
    log_terms = np.log1p(-k / i)
    return np.concatenate(([0.0], np.cumsum(log_terms)))[c]


def pass_at_k(n: object, c: object, k: object) -> float | np.ndarray:
    """Unbiased pass@k estimator of Chen et al. (2021), element-wise.

    E(n, c, k) = 1 - C(n-c, k) / C(n, k) = 1 - prod_{i=n-c+1}^{n} (1 - k/i), and exactly 1 when n - c < k.
    The product is accumulated in log space, E = -expm1(sum_i log1p(-k/i)), which keeps every factor in (0, 1)
    and keeps full relative precision when E is close to 0.

    Parameters
    ----------
    n, c, k : int or array of int
        Samples drawn, correct samples, and draw size; they broadcast together. Whole-valued floats are
        accepted. Requires n >= 1, 0 <= c <= n and 1 <= k <= n (k > n raises instead of returning 1.0).

    Returns
    -------
    float or ndarray
        The estimate in [0, 1], of the broadcast shape; a Python float for scalar inputs.

    Examples
    --------
    >>> pass_at_k(10, 3, 1)
    0.3
    >>> round(pass_at_k(10, 3, 2), 12)  # 1 - C(7,2)/C(10,2) = 1 - 21/45
    0.533333333333
    """
    n_arr, c_arr, k_arr = counts_and_draws(n, c, k)

    n_flat, c_flat, k_flat = n_arr.ravel(), c_arr.ravel(), k_arr.ravel()
    log_q = np.full(n_flat.shape, -np.inf)  # -inf means q = 0, i.e. E = 1, the case n - c < k
    for n_value, n_idx in groups(n_flat):
        for k_value, sub in groups(k_flat[n_idx]):
            idx = n_idx[sub]
            finite = idx[n_value - c_flat[idx] >= k_value]
            if finite.size:
                log_q[finite] = _log_miss_product(n_value, k_value, c_flat[finite])
    return _hit_probability(log_q.reshape(n_arr.shape))


def plugin_pass_at_k(n: object, c: object, k: object) -> float | np.ndarray:
    """Biased plug-in estimate 1 - (1 - c/n)^k, element-wise, for comparison with :func:`pass_at_k`.

    It is the chance that k draws *with* replacement hit a correct sample; since every factor
    (n-c-j)/(n-j) <= (n-c)/n, it never exceeds the unbiased estimator (equality at k = 1, c = 0 or c = n),
    and it is biased low for 1 - (1-p)^k by Jensen. Same arguments, validation and shapes as :func:`pass_at_k`
    (k <= n is required so the two are always compared on the same footing).
    """
    n_arr, c_arr, k_arr = counts_and_draws(n, c, k)
    # c = n gives log1p(-1) = -inf and expm1(-inf) = -1, i.e. exactly 1: the warning is expected here.
    with np.errstate(divide="ignore"):
        log_miss = np.log1p(-c_arr / n_arr)
    return _hit_probability(k_arr * log_miss)


def population_pass_at_k(p: object, k: object) -> float | np.ndarray:
    """Exact pass@k of a problem solved with probability p per sample: 1 - (1 - p)^k, element-wise.

    Computed as -expm1(k * log1p(-p)) for full relative precision at small p; p = 1 gives exactly 1.

    Parameters
    ----------
    p : float or array
        Per-sample success probabilities in [0, 1].
    k : int or array of int
        Number of independent samples, k >= 1 (no upper limit: this is the population value).
    """
    p_arr = as_float_array("p", p)
    if p_arr.size and (p_arr.min() < 0.0 or p_arr.max() > 1.0):
        raise ValueError(f"p must lie in [0, 1], got values in [{p_arr.min()}, {p_arr.max()}]")
    k_arr = as_int_array("k", k, low=1)
    p_arr, k_arr = broadcast_named(p=p_arr, k=k_arr)
    # p = 1 gives log1p(-1) = -inf and the result exactly 1: the warning is expected, not an error.
    with np.errstate(divide="ignore"):
        log_miss = np.log1p(-p_arr)
    return _hit_probability(k_arr * log_miss)
