"""RL training of the shared strategy weights ``w`` on the toy environment, for all six algorithms.

One step: draw B prompts, sample G paths per prompt from ``π_old`` (inverse CDF, numba), score them with the
verifier, form the algorithm's advantage, then ``ppo_epochs`` ascent steps on the aggregated clipped surrogate
(minus ``kl_coef`` times the k3 KL estimate against the base policy). Everything is vectorised over the batch.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np

from sims._config import Result
from theory._validate import check_int
from theory.rlvr import aggregation_weights, clipped_surrogate

from ._algorithms import RLConfig, advantages, overlong_penalty
from ._environment import ReasoningEnv, check_env
from ._optim import Optimizer
from ._policy import _policy_log_probs, _policy_p_correct, _strategy_marginals, pass_at_k_curve
from ._sampling import _inverse_cdf_kernel

__all__ = ["RLResult", "train_rl"]


@dataclasses.dataclass
class RLResult(Result):
    """Outcome of :func:`train_rl`.

    Attributes
    ----------
    config : dict
        The resolved :class:`RLConfig` (no ``None`` left).
    k_grid : int array (K,)
    steps_evaluated : int array (E,)
        Steps at which pass@k was computed; 0 is the base model.
    pass_at_k : float array (E, K)
        Exact population pass@k, ``mean_p 1 - (1 - p_c[p])^k``, at each evaluated step.
    final_w : float array (S,)
    final_p_correct : float array (P,)
        Exact per-problem success probability of the final policy.
    samples_drawn : int
        Responses generated over the run (dynamic sampling draws more than ``steps · B · G``).
    mean_reward : float array (steps,)
        Mean verifier reward (0/1, before shaping) over every response drawn at each step.
    groups_trained : int array (steps,)
        Groups the update used at each step (B unless dynamic sampling ran short).
    """

    config: dict[str, Any]
    k_grid: np.ndarray
    steps_evaluated: np.ndarray
    pass_at_k: np.ndarray
    final_w: np.ndarray
    final_p_correct: np.ndarray
    samples_drawn: int
    mean_reward: np.ndarray
    groups_trained: np.ndarray


def _draw_groups(env: ReasoningEnv, w: np.ndarray, cfg: RLConfig, rng: np.random.Generator) -> dict[str, Any]:
    """Sample one training batch; with dynamic sampling keep only mixed groups, drawing until B are kept."""
    b, g = cfg.batch_prompts, cfg.group_size
    kept: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    n_kept, drawn, n_correct = 0, 0, 0.0
    for _ in range(cfg.max_sample_batches if cfg.dynamic_sampling else 1):
        rows = rng.choice(env.n_problems, size=b, replace=env.n_problems < b)  # (B,)
        log_probs = _policy_log_probs(env, w, rows)  # (B, M), -inf outside the support
        paths = _inverse_cdf_kernel(np.exp(log_probs), rng.random((b, g)))  # (B, G)
        correct = env.correct[rows[:, None], paths]  # (B, G) bool
        drawn += b * g
        n_correct += correct.sum()
        if cfg.dynamic_sampling:
            hits = correct.sum(axis=1)
            mixed = (hits > 0) & (hits < g)  # all-right or all-wrong groups carry no GRPO signal
            rows, paths, log_probs = rows[mixed], paths[mixed], log_probs[mixed]
        kept.append((rows, paths, log_probs))
        n_kept += rows.size
        if n_kept >= b:
            break
    rows, paths, log_probs = (np.concatenate(parts)[:b] for parts in zip(*kept, strict=True))
    return {"rows": rows, "paths": paths, "log_probs": log_probs, "drawn": drawn, "mean": n_correct / drawn}


def _ascent_direction(
    env: ReasoningEnv, rows: np.ndarray, paths: np.ndarray, log_probs: np.ndarray, coef: np.ndarray
) -> np.ndarray:
    """``Σ_{b,g} coef[b, g] · ∇_w log π(paths[b, g] | rows[b])`` for the log-linear policy, shape (S,).

    ``∇_w log π(m | p) = e_{strategy[p, m]} - q_p`` with ``q_p[s] = Σ_{m: strategy[p, m] = s} π(m | p)``, so
    the sum is a bincount of ``coef`` over the sampled strategies minus the coef-weighted per-prompt
    marginals.
    """
    strategy = env.strategy[rows]  # (B, M)
    sampled = np.take_along_axis(strategy, paths, axis=1)  # (B, G)
    q = _strategy_marginals(np.exp(log_probs), strategy, env.n_strategies)  # (B, S)
    onehot_part = np.bincount(sampled.ravel(), weights=coef.ravel(), minlength=env.n_strategies)  # (S,)
    return onehot_part - coef.sum(axis=1) @ q  # (S,) - (B,) @ (B, S)


def train_rl(env: ReasoningEnv, cfg: RLConfig, seed: int) -> RLResult:
    """Train ``w`` (starting at 0, the base model) with ``cfg.algorithm``; deterministic in ``seed``.

    Parameters
    ----------
    env : ReasoningEnv
    cfg : RLConfig
    seed : int >= 0
        Seeds ``np.random.default_rng``, the only source of randomness (prompts and path uniforms).

    Returns
    -------
    RLResult
    """
    check_env(env)
    if not isinstance(cfg, RLConfig):
        raise TypeError(f"cfg must be an RLConfig, got {type(cfg).__name__}")
    seed = check_int("seed", seed, low=0)
    cfg = cfg.resolved()
    cache = round(cfg.overlong_fraction * env.max_length)
    rng = np.random.default_rng(seed)
    s = env.n_strategies
    w = np.zeros(s)
    values = np.zeros(env.n_problems)  # PPO's tabular critic
    opt = Optimizer(cfg.optimizer, cfg.learning_rate, s)
    k_grid = np.asarray(cfg.k_grid, dtype=np.int64)

    evaluated, curves = [0], [pass_at_k_curve(_policy_p_correct(env, w), k_grid)]
    mean_reward = np.zeros(cfg.steps)
    groups = np.zeros(cfg.steps, dtype=np.int64)
    samples = 0
    for step in range(1, cfg.steps + 1):
        batch = _draw_groups(env, w, cfg, rng)
        rows, paths, old_log_probs = batch["rows"], batch["paths"], batch["log_probs"]
        samples += batch["drawn"]
        mean_reward[step - 1] = batch["mean"]
        groups[step - 1] = rows.size
        if rows.size:
            w, values = _update(env, cfg, w, values, opt, rows, paths, old_log_probs, cache)
        if step % cfg.eval_every == 0 or step == cfg.steps:
            evaluated.append(step)
            curves.append(pass_at_k_curve(_policy_p_correct(env, w), k_grid))
    return RLResult(
        config=cfg.to_dict(),
        k_grid=k_grid,
        steps_evaluated=np.asarray(evaluated, dtype=np.int64),
        pass_at_k=np.asarray(curves),
        final_w=w,
        final_p_correct=_policy_p_correct(env, w),
        samples_drawn=samples,
        mean_reward=mean_reward,
        groups_trained=groups,
    )


def _update(
    env: ReasoningEnv,
    cfg: RLConfig,
    w: np.ndarray,
    values: np.ndarray,
    opt: Optimizer,
    rows: np.ndarray,
    paths: np.ndarray,
    old_log_probs: np.ndarray,
    cache: int,
) -> tuple[np.ndarray, np.ndarray]:
    """One batch: advantages, then ``ppo_epochs`` ascent steps; returns the new ``w`` and PPO ``values``."""
    correct = env.correct[rows[:, None], paths].astype(np.float64)  # (B, G)
    lengths = env.lengths[rows[:, None], paths]  # (B, G) tokens
    rewards = correct + overlong_penalty(lengths, env.max_length, cache)
    greedy = None
    if cfg.algorithm == "remax":
        greedy_paths = np.argmax(old_log_probs, axis=1)  # (B,): greedy decoding of π_old
        greedy = env.correct[rows, greedy_paths].astype(np.float64)
    adv = advantages(cfg.algorithm, rewards, lengths, greedy_rewards=greedy, values=values[rows])
    if cfg.algorithm == "ppo":
        values = values.copy()
        # Gradient step on ½ (r - V)², averaged over the group (np.add.at: a prompt may repeat in the batch).
        np.add.at(values, rows, cfg.value_lr * (rewards - values[rows, None]).mean(axis=1))
    agg = aggregation_weights(lengths, cfg.loss_agg, max_length=env.max_length)  # (B, G)
    old = np.take_along_axis(old_log_probs, paths, axis=1)  # (B, G) log π_old of the samples
    if cfg.kl_coef > 0:
        base = np.take_along_axis(_policy_log_probs(env, np.zeros_like(w), rows), paths, axis=1)  # log π_ref
    for epoch in range(cfg.ppo_epochs):
        log_probs = old_log_probs if epoch == 0 else _policy_log_probs(env, w, rows)  # (B, M) under π_θ
        new = np.take_along_axis(log_probs, paths, axis=1)  # (B, G)
        _, coef = clipped_surrogate(
            np.exp(new - old),
            adv,
            eps_low=cfg.clip_eps_low,
            eps_high=cfg.clip_eps_high,
            dual_clip=cfg.dual_clip,
        )
        if cfg.kl_coef > 0:
            # d k3 / d log π_θ = 1 - x with x = π_ref / π_θ; the objective subtracts kl_coef · k3.
            coef = coef - cfg.kl_coef * (1.0 - np.exp(base - new))
        w = opt.step(w, _ascent_direction(env, rows, paths, log_probs, agg * coef))
    return w, values
