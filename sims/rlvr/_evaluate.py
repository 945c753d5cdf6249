"""Sampling-based evaluation of a policy table: the paper's pass@k protocol, and NLL under the base model.

Exact population pass@k needs no sampling (:func:`sims.rlvr.pass_at_k_curve`); these functions reproduce what
the paper measures from n samples per problem (Appendix A.2 estimator; §4.1 perplexity analysis).
"""

from __future__ import annotations

import numpy as np

from theory._validate import as_int_array, check_int
from theory.passk import pass_at_k

from ._environment import ReasoningEnv, check_env
from ._policy import _policy_log_probs, _probs_table
from ._sampling import _count_correct_kernel, _inverse_cdf_kernel

__all__ = ["nll_under_base", "sampled_pass_at_k_curve"]


def sampled_pass_at_k_curve(
    env: ReasoningEnv, probs: object, *, n_samples: int, k_grid: object, seed: int
) -> np.ndarray:
    """Unbiased pass@k of Chen et al. from ``n_samples`` paths per problem, averaged over problems.

    ``c_p`` correct paths among ``n`` drawn from ``probs[p]`` give ``1 - C(n - c_p, k) / C(n, k)``
    (``theory.passk.pass_at_k``); its expectation is the exact :func:`sims.rlvr.pass_at_k_curve`.

    Parameters
    ----------
    env : ReasoningEnv
    probs : array (P, M)
    n_samples : int >= max(k_grid)
    k_grid : int array (K,)
    seed : int >= 0
        Seeds the uniforms of the inverse-CDF sampler.

    Returns
    -------
    array (K,)
    """
    check_env(env)
    table = np.ascontiguousarray(_probs_table(env, probs))
    n = check_int("n_samples", n_samples, low=1)
    k = as_int_array("k_grid", k_grid, low=1)
    if k.ndim != 1 or k.size == 0 or k.max() > n:
        raise ValueError(f"k_grid must be a non-empty 1-D array with every k <= n_samples = {n}, got {k_grid!r}")
    seed = check_int("seed", seed, low=0)
    uniforms = np.random.default_rng(seed).random((env.n_problems, n))
    correct = _count_correct_kernel(table, env.correct.astype(np.int64), uniforms)  # (P,)
    return np.asarray(pass_at_k(n, correct[:, None], k[None, :])).mean(axis=0)  # (P, K) -> (K,)


def nll_under_base(env: ReasoningEnv, probs: object, *, n_samples: int, seed: int) -> np.ndarray:
    """Per-token NLL under the base model of ``n_samples`` paths drawn from ``probs`` on every problem.

    A path y of problem p is ``lengths[p, y]`` tokens long and its exact base log-probability is
    ``log π_base(y | p)``; its per-token NLL is ``-log π_base(y | p) / lengths[p, y]`` nats, so
    ``theory.rlvr.perplexity`` of a single entry is its ``PPL_Base``. A path outside the base top-p support
    has base probability exactly 0 and NLL ``+inf`` (RL policies never produce one; an unmasked student can).

    Parameters
    ----------
    env : ReasoningEnv
    probs : array (P, M)
        The sampling policy (e.g. :func:`sims.rlvr.policy_probs` of trained ``w``, or the base itself).
    n_samples : int >= 1
    seed : int >= 0
        Seeds the uniforms of the inverse-CDF sampler.

    Returns
    -------
    float64 array (P, n_samples), entries in ``[0, inf]``
    """
    check_env(env)
    table = np.ascontiguousarray(_probs_table(env, probs))
    n_samples = check_int("n_samples", n_samples, low=1)
    seed = check_int("seed", seed, low=0)
    uniforms = np.random.default_rng(seed).random((env.n_problems, n_samples))
    paths = _inverse_cdf_kernel(table, uniforms)  # (P, n)
    rows = np.arange(env.n_problems)
    base_log_probs = _policy_log_probs(env, np.zeros(env.n_strategies), rows)  # (P, M), -inf off-support
    log_p = np.take_along_axis(base_log_probs, paths, axis=1)  # (P, n)
    return -log_p / np.take_along_axis(env.lengths, paths, axis=1)
