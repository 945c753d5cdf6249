"""Policies over the paths of the toy environment: the base model, the RL policy and the distillation student.

* RL policy: ``logits[p, m] = base_logits[p, m] + w[strategy[p, m]]`` with one shared vector ``w`` of size
  S, and ``-inf`` outside the base support (``w = 0`` is the base model): it can never put mass outside it.
* Student: ``logits = base_logits + w[strategy] + u`` with extra per-(problem, path) capacity ``u`` of shape
  (P, M) and *no* support mask: SFT raises the probability of teacher paths wherever they are.

The log-linear form gives the score function in closed form (used by the trainer):
``∇_w log π(m | p) = onehot(strategy[p, m]) - E_{m' ~ π(·|p)}[onehot(strategy[p, m'])]``.
Public functions validate; the ``_``-prefixed ones are the trainer's unchecked fast path.
"""

from __future__ import annotations

import numpy as np

from theory._validate import as_float_array, as_int_array
from theory.passk import population_pass_at_k

from ._environment import ReasoningEnv, check_env
from ._rows import distribution_rows, log_softmax_rows, success_probability

__all__ = [
    "greedy_paths",
    "pass_at_k_curve",
    "policy_probs",
    "probability_correct",
    "strategy_marginals",
    "student_probs",
]


def _rows(env: ReasoningEnv, problems: object) -> np.ndarray:
    """Validated problem indices (all problems when ``problems`` is None)."""
    check_env(env)
    if problems is None:
        return np.arange(env.n_problems)
    idx = as_int_array("problems", problems, low=0)
    if idx.ndim != 1 or (idx.size and idx.max() >= env.n_problems):
        raise ValueError(f"problems must be a 1-D array of indices in [0, {env.n_problems}), got {problems!r}")
    return idx


def _weights(env: ReasoningEnv, w: object) -> np.ndarray:
    """Validated strategy weights, shape (S,)."""
    check_env(env)
    arr = as_float_array("w", w)
    if arr.shape != (env.n_strategies,):
        raise ValueError(f"w must have shape (n_strategies,) = ({env.n_strategies},), got {arr.shape}")
    return arr


def _policy_log_probs(env: ReasoningEnv, w: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """(B, M) log-probabilities of the RL policy on problems ``rows``; ``-inf`` outside the base support."""
    logits = env.base_logits[rows] + w[env.strategy[rows]]  # (B, M)
    return log_softmax_rows(np.where(env.support[rows], logits, -np.inf))


def _policy_p_correct(env: ReasoningEnv, w: np.ndarray) -> np.ndarray:
    """(P,) exact success probability of the RL policy on every problem."""
    return success_probability(np.exp(_policy_log_probs(env, w, np.arange(env.n_problems))), env.correct)


def _student_log_probs(env: ReasoningEnv, w: np.ndarray, u: np.ndarray) -> np.ndarray:
    """(P, M) log-probabilities of the unmasked student."""
    return log_softmax_rows(env.base_logits + w[env.strategy] + u)


def _strategy_marginals(probs: np.ndarray, strategy: np.ndarray, n_strategies: int) -> np.ndarray:
    """(B, S) mass per strategy, ``q[b, s] = Σ_{m: strategy[b, m] = s} probs[b, m]``, by one flat bincount."""
    b = probs.shape[0]
    flat = (np.arange(b)[:, None] * n_strategies + strategy).ravel()  # (B*M,): row-offset strategy ids
    return np.bincount(flat, weights=probs.ravel(), minlength=b * n_strategies).reshape(b, n_strategies)


def policy_probs(env: ReasoningEnv, w: object, problems: object = None) -> np.ndarray:
    """Probabilities (B, M) of the RL policy ``softmax(base_logits + w[strategy])`` on the base support.

    Parameters
    ----------
    env : ReasoningEnv
    w : array (S,)
        Strategy weights; zeros give the base model.
    problems : int array (B,) or None
        Problem indices (default: all P problems).

    Returns
    -------
    array (B, M)
        Rows sum to 1; exactly 0 outside ``env.support``.
    """
    return np.exp(_policy_log_probs(env, _weights(env, w), _rows(env, problems)))


def student_probs(env: ReasoningEnv, w: object, u: object) -> np.ndarray:
    """Probabilities (P, M) of the student ``softmax(base_logits + w[strategy] + u)`` over *all* paths.

    Parameters
    ----------
    env : ReasoningEnv
    w : array (S,)
    u : array (P, M)
        Per-path extra logits.
    """
    u_arr = as_float_array("u", u)
    if u_arr.shape != env.base_logits.shape:
        raise ValueError(f"u must have shape (P, M) = {env.base_logits.shape}, got {u_arr.shape}")
    return np.exp(_student_log_probs(env, _weights(env, w), u_arr))


def _probs_table(env: ReasoningEnv, probs: object) -> np.ndarray:
    """Validate a (P, M) table of per-problem distributions over the paths of ``env``."""
    check_env(env)
    arr = distribution_rows(probs)
    if arr.shape != env.base_logits.shape:
        raise ValueError(f"probs must have shape (P, M) = {env.base_logits.shape}, got {arr.shape}")
    return arr


def probability_correct(env: ReasoningEnv, probs: object) -> np.ndarray:
    """Exact per-problem success probability ``p_c[p] = Σ_m probs[p, m] · correct[p, m]``, shape (P,)."""
    return success_probability(_probs_table(env, probs), env.correct)


def pass_at_k_curve(p_correct: object, k_grid: object) -> np.ndarray:
    """Exact population pass@k averaged over problems: ``mean_p [1 - (1 - p_c[p]) ** k]`` for each k.

    Parameters
    ----------
    p_correct : array (P,) in [0, 1]
    k_grid : int array (K,), entries >= 1

    Returns
    -------
    array (K,)
    """
    p = as_float_array("p_correct", p_correct)
    k = as_int_array("k_grid", k_grid, low=1)
    if p.ndim != 1 or k.ndim != 1:
        raise ValueError(f"p_correct and k_grid must be 1-D, got shapes {p.shape} and {k.shape}")
    if p.size and (p.min() < 0.0 or p.max() > 1.0):
        raise ValueError(f"p_correct must lie in [0, 1], got values in [{p.min()}, {p.max()}]")
    return np.asarray(population_pass_at_k(p[:, None], k[None, :])).mean(axis=0)  # (P, K) -> (K,)


def strategy_marginals(env: ReasoningEnv, probs: object) -> np.ndarray:
    """Mass per strategy on each problem, ``q[p, s] = Σ_{m: strategy[p, m] = s} probs[p, m]``; (P, S)."""
    return _strategy_marginals(_probs_table(env, probs), env.strategy, env.n_strategies)


def greedy_paths(env: ReasoningEnv, w: object, problems: object = None) -> np.ndarray:
    """Greedy (most probable) path of the RL policy on each problem, shape (B,) int64; ties: lowest index."""
    rows = _rows(env, problems)
    return np.argmax(_policy_log_probs(env, _weights(env, w), rows), axis=1).astype(np.int64)
