"""KL divergence (exact and Schulman's sample estimators) and perplexity (paper §1.6 and §1.10)."""

from __future__ import annotations

import numpy as np

from theory._validate import as_float_array

__all__ = ["categorical_kl", "kl_estimators", "perplexity"]


def kl_estimators(logp: object, logp_ref: object) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Schulman's per-sample estimators of ``KL(π ‖ π_ref)`` for samples ``y ~ π``.

    With ``x = π_ref(y) / π(y)``, i.e. ``log x = logp_ref - logp``:

    * ``k1 = -log x``: unbiased, can be negative;
    * ``k2 = (log x)² / 2``: >= 0, biased (its mean is a second-order approximation of the KL);
    * ``k3 = x - 1 - log x``: >= 0 pointwise (``log x <= x - 1``) and unbiased, since ``E_π[x] = 1``. This is
      verl's ``low_var_kl`` and TRL's per-token KL.

    Parameters
    ----------
    logp, logp_ref : arrays, broadcastable, finite
        Log-probabilities of the same samples under π and π_ref.

    Returns
    -------
    k1, k2, k3 : arrays of the broadcast shape
    """
    lp = as_float_array("logp", logp)
    lr = as_float_array("logp_ref", logp_ref)
    try:
        lp, lr = np.broadcast_arrays(lp, lr)
    except ValueError as exc:
        raise ValueError(f"logp {lp.shape} and logp_ref {lr.shape} must broadcast together") from exc
    log_x = lr - lp
    # expm1 keeps k3 accurate (and >= 0) when x is close to 1, where x - 1 - log x cancels.
    return -log_x, 0.5 * log_x**2, np.expm1(log_x) - log_x


def _distribution(name: str, value: object) -> np.ndarray:
    """Validate a probability array whose last axis sums to 1 (to 1e-9)."""
    arr = as_float_array(name, value)
    if arr.ndim == 0 or arr.shape[-1] == 0:
        raise ValueError(f"{name} must have a non-empty last axis (the categories), got shape {arr.shape}")
    if np.any(arr < 0):
        raise ValueError(f"{name} must be >= 0, got minimum {arr.min()}")
    sums = arr.sum(axis=-1)
    if not np.allclose(sums, 1.0, rtol=0.0, atol=1e-9):
        raise ValueError(f"{name} must sum to 1 along the last axis, got sums in [{sums.min()}, {sums.max()}]")
    return arr


def categorical_kl(p: object, q: object) -> np.ndarray:
    """Exact ``KL(p ‖ q) = Σ_m p_m log(p_m / q_m)`` along the last axis.

    Terms with ``p_m = 0`` contribute 0; a category with ``p_m > 0 = q_m`` (p leaves the support of q) makes
    the divergence ``+inf``. Gibbs: ``KL >= 0`` with equality iff ``p = q``.

    Parameters
    ----------
    p, q : arrays (..., M), broadcastable, non-negative, each summing to 1 along the last axis

    Returns
    -------
    array (...)
    """
    pa = _distribution("p", p)
    qa = _distribution("q", q)
    if pa.shape[-1] != qa.shape[-1]:
        raise ValueError(f"p and q must have the same number of categories, got {pa.shape[-1]} and {qa.shape[-1]}")
    try:
        pa, qa = np.broadcast_arrays(pa, qa)
    except ValueError as exc:
        raise ValueError(f"p {pa.shape} and q {qa.shape} must broadcast together") from exc
    outside = np.any((pa > 0) & (qa == 0), axis=-1)
    both = (pa > 0) & (qa > 0)
    # Evaluate the log only where both are positive, so no log(0) is ever taken.
    terms = np.zeros_like(pa)
    terms[both] = pa[both] * (np.log(pa[both]) - np.log(qa[both]))
    kl = terms.sum(axis=-1)
    # Rounding can leave -1e-17 for p == q; Gibbs says 0.
    kl = np.maximum(kl, 0.0)
    return np.where(outside, np.inf, kl)


def perplexity(nll_per_token: object) -> np.ndarray | float:
    """Perplexity ``exp(mean_t NLL_t)`` over the last axis (paper §1.6, ``PPL_m(Y | x)``).

    Parameters
    ----------
    nll_per_token : array (..., T), entries in [0, inf]
        Per-token negative log-likelihoods in nats. ``+inf`` (a token the model gives probability 0, e.g.
        outside a top-p support) gives ``PPL = inf``; NaN is rejected.

    Returns
    -------
    array (...) or float
        ``>= 1``; a uniform V-token model gives exactly V.
    """
    nll = as_float_array("nll_per_token", nll_per_token, finite=False)
    if np.any(np.isnan(nll)):
        raise ValueError("nll_per_token must not contain NaN")
    if nll.ndim == 0 or nll.shape[-1] == 0:
        raise ValueError(f"nll_per_token must have a non-empty last axis (tokens), got shape {nll.shape}")
    if np.any(nll < 0):
        raise ValueError(f"nll_per_token must be >= 0 (nats), got minimum {nll.min()}")
    with np.errstate(over="ignore"):  # a mean NLL above ~709 nats overflows to inf, which is the right answer
        out = np.exp(nll.mean(axis=-1))
    return float(out) if out.ndim == 0 else out
