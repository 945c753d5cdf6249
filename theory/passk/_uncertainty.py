"""Uncertainty of pass@k: the exact variance of the per-problem estimator and the dataset standard error."""

from __future__ import annotations

import numpy as np
from scipy.special import gammaln, xlog1py, xlogy

from theory._validate import as_float_array, check_int

from ._estimator import pass_at_k, population_pass_at_k
from ._inputs import per_problem_counts


def _binomial_pmf(n: int, p: np.ndarray) -> np.ndarray:
    """Binomial(n, p) pmf at c = 0..n, shape p.shape + (n+1,), from logs with 0 * log 0 = 0.

    Written out because scipy's ``binom.pmf`` raises OverflowError for subnormal p (scipy 1.17).
    """
    c = np.arange(n + 1)
    log_comb = gammaln(n + 1) - gammaln(c + 1) - gammaln(n - c + 1)  # (n+1,)
    return np.exp(log_comb + xlogy(c, p[..., None]) + xlog1py(n - c, -p[..., None]))


def pass_at_k_variance(n: int, p: object, k: int) -> float | np.ndarray:
    """Exact variance of the unbiased estimator E(n, c, k) when c ~ Binomial(n, p).

    Var = sum_{c=0}^{n} Binom(c; n, p) * (E(n, c, k) - mu)^2  with  mu = 1 - (1 - p)^k.

    This equals sum_c pmf * E^2 - mu^2 because the estimator is unbiased (its binomial mean is exactly mu);
    the centred form is used because it cannot go negative through cancellation when the variance is tiny.
    Cost O(n) per value of p.

    Parameters
    ----------
    n : int
        Samples per problem, n >= 1.
    p : float or array
        Per-sample success probability in [0, 1].
    k : int
        Draw size, 1 <= k <= n.

    Returns
    -------
    float or ndarray
        Variance (in squared pass@k units) of the shape of ``p``; a Python float for scalar ``p``.
    """
    n = check_int("n", n, low=1)
    k = check_int("k", k, low=1, high=n)
    p_arr = as_float_array("p", p)
    mu = np.asarray(population_pass_at_k(p_arr, k))  # validates p in [0, 1]; shape of p
    c = np.arange(n + 1)
    estimates = np.asarray(pass_at_k(n, c, k))  # (n+1,): E(n, c, k) for every possible c
    pmf = _binomial_pmf(n, p_arr)  # (..., n+1)
    variance = np.sum(pmf * (estimates - mu[..., None]) ** 2, axis=-1)
    return float(variance) if variance.ndim == 0 else variance


def pass_at_k_stderr(n: object, c: object, k: int) -> float:
    """Standard error of the dataset pass@k, std(E_i, ddof=1) / sqrt(P), from the per-problem estimates.

    Problems are treated as an i.i.d. draw from a population of problems, so the spread of the E_i carries
    both the problem-to-problem variation and each estimate's own sampling noise. (For a fixed problem set
    only the second part matters; it is sum_i Var_i / P^2 with Var_i from :func:`pass_at_k_variance`.)

    Parameters
    ----------
    n : int or array of int, shape (P,)
        Samples per problem (shared or per problem).
    c : array of int, shape (P,)
        Correct samples per problem; needs P >= 2.
    k : int
        Draw size, 1 <= k <= min(n).
    """
    n_arr, c_arr = per_problem_counts(n, c)
    if c_arr.size < 2:
        raise ValueError(f"c must hold at least 2 problems for a standard error (ddof=1), got {c_arr.size}")
    k = check_int("k", k, low=1)
    per_problem = np.asarray(pass_at_k(n_arr, c_arr, k))  # (P,); raises if k > n for some problem
    return float(per_problem.std(ddof=1) / np.sqrt(per_problem.size))
