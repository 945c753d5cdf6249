"""The RL training config and what distinguishes the six algorithms: reward shaping and advantage estimate.

All six share the same update (the clipped surrogate of :func:`theory.rlvr.clipped_surrogate`, ``ppo_epochs``
inner steps on ratios ``π_θ / π_old``); they differ in the advantage (paper §4.3 and spec §1.8):

=============  ===================================================================================
grpo           ``(r - mean_group) / (std_group + 1e-6)`` (ddof 1, verl)
dapo           GRPO advantage of overlong-shaped rewards, clip 0.2 / 0.28, token-mean, dynamic sampling
rloo           leave-one-out ``r_i - mean_{j≠i} r_j``
remax          ``r - r(greedy response of the current policy)``
reinforce_pp   γ = 1 outcome return whitened over the batch's tokens (verl ``masked_whiten``)
ppo            ``r - V(x)`` from a tabular learned value (single-step episode: GAE is ``r - V``), whitened
               over the batch's tokens as verl does for GAE; V is regressed on ``r`` with rate ``value_lr``
=============  ===================================================================================
"""

from __future__ import annotations

import dataclasses

import numpy as np

from sims._config import Config
from theory._validate import check_choice, check_int, check_real
from theory.rlvr import (
    AGGREGATION_MODES,
    batch_whiten,
    grpo_advantages,
    reinforce_pp_advantages,
    remax_advantages,
    rloo_advantages,
)

from ._optim import OPTIMIZERS

__all__ = ["ALGORITHMS", "K_GRID", "RLConfig", "advantages", "check_k_grid", "overlong_penalty"]

ALGORITHMS = ("grpo", "ppo", "rloo", "remax", "reinforce_pp", "dapo")

#: Default k of the pass@k curves: powers of two up to 1024 (the paper's largest n).
K_GRID = (1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024)


def check_k_grid(k_grid: object) -> tuple[int, ...]:
    """Validate a config's ``k_grid``: a non-empty, strictly increasing tuple of ints >= 1."""
    if not isinstance(k_grid, tuple) or not k_grid:
        raise ValueError(f"k_grid must be a non-empty tuple of ints, got {k_grid!r}")
    for k in k_grid:
        check_int("k_grid entry", k, low=1)
    if list(k_grid) != sorted(set(k_grid)):
        raise ValueError(f"k_grid must be strictly increasing, got {k_grid!r}")
    return k_grid


@dataclasses.dataclass(frozen=True)
class RLConfig(Config):
    """Configuration of one RL run. ``None`` fields take the algorithm's default (see :meth:`resolved`).

    Attributes
    ----------
    algorithm : one of :data:`ALGORITHMS`
    steps : int
        Policy updates (outer steps; each draws a fresh batch).
    batch_prompts : int
        Prompts per batch (B); the paper uses 128.
    group_size : int
        Responses per prompt (G); the paper uses 8.
    learning_rate : float > 0
    optimizer : ``"adam"`` or ``"sgd"``
    ppo_epochs : int
        Inner updates per batch on the ratio ``π_θ / π_old`` (1: on-policy, the clip never binds).
    clip_eps_low, clip_eps_high : float
        Clip range ``[1 - eps_low, 1 + eps_high]``; eps_high defaults to 0.28 for DAPO, 0.2 otherwise.
    dual_clip : float > 1 or None
        verl's ``clip_ratio_c`` for negative advantages (off by default).
    loss_agg : one of :data:`theory.rlvr.AGGREGATION_MODES` or None
        Default ``"token-mean"`` for DAPO and ``"seq-mean-token-mean"`` otherwise.
    kl_coef : float >= 0
        β of the k3 KL penalty against the base policy (0, as in the paper).
    value_lr : float in (0, 1]
        Step of PPO's tabular value regression ``V ← V + value_lr · mean_group(r - V)``.
    dynamic_sampling : bool or None
        Keep only groups with ``0 < #correct < G`` and draw more prompts until the batch is full (DAPO
        default).
    max_sample_batches : int
        Cap on the prompt batches drawn per step by dynamic sampling; a step that hits it trains on the groups
        it has (and is skipped if it has none).
    overlong_fraction : float in [0, 1) or None
        DAPO's overlong shaping over the last ``L_cache = round(overlong_fraction · max_length)`` tokens
        (DAPO: 4096 of 20480 = 0.2, the default for DAPO; 0 elsewhere).
    eval_every : int
        Steps between exact pass@k evaluations (step 0 and the last step are always evaluated).
    k_grid : tuple of int
        The k of the pass@k curves.
    """

    algorithm: str = "grpo"
    steps: int = 1500
    batch_prompts: int = 64
    group_size: int = 8
    learning_rate: float = 0.01
    optimizer: str = "adam"
    ppo_epochs: int = 1
    clip_eps_low: float = 0.2
    clip_eps_high: float | None = None
    dual_clip: float | None = None
    loss_agg: str | None = None
    kl_coef: float = 0.0
    value_lr: float = 0.1
    dynamic_sampling: bool | None = None
    max_sample_batches: int = 8
    overlong_fraction: float | None = None
    eval_every: int = 100
    k_grid: tuple[int, ...] = K_GRID

    def __post_init__(self) -> None:
        check_choice("algorithm", self.algorithm, ALGORITHMS)
        check_int("steps", self.steps, low=1)
        check_int("batch_prompts", self.batch_prompts, low=1)
        check_int("group_size", self.group_size, low=2)
        check_real("learning_rate", self.learning_rate, low=0.0, low_open=True)
        check_choice("optimizer", self.optimizer, OPTIMIZERS)
        check_int("ppo_epochs", self.ppo_epochs, low=1)
        check_real("clip_eps_low", self.clip_eps_low, low=0.0, high=1.0, high_open=True)
        if self.clip_eps_high is not None:
            check_real("clip_eps_high", self.clip_eps_high, low=0.0)
        if self.dual_clip is not None:
            check_real("dual_clip", self.dual_clip, low=1.0, low_open=True)
        if self.loss_agg is not None:
            check_choice("loss_agg", self.loss_agg, AGGREGATION_MODES)
        check_real("kl_coef", self.kl_coef, low=0.0)
        check_real("value_lr", self.value_lr, low=0.0, high=1.0, low_open=True)
        if self.dynamic_sampling is not None and not isinstance(self.dynamic_sampling, bool):
            raise TypeError(f"dynamic_sampling must be a bool or None, got {self.dynamic_sampling!r}")
        check_int("max_sample_batches", self.max_sample_batches, low=1)
        if self.overlong_fraction is not None:
            check_real("overlong_fraction", self.overlong_fraction, low=0.0, high=1.0, high_open=True)
        check_int("eval_every", self.eval_every, low=1)
        check_k_grid(self.k_grid)

    def resolved(self) -> RLConfig:
        """This config with every ``None`` replaced by the algorithm's default (what a run actually uses)."""
        dapo = self.algorithm == "dapo"
        defaults = {
            "clip_eps_high": 0.28 if dapo else 0.2,
            "loss_agg": "token-mean" if dapo else "seq-mean-token-mean",
            "dynamic_sampling": dapo,
            "overlong_fraction": 0.2 if dapo else 0.0,
        }
        return self.replace(**{k: v for k, v in defaults.items() if getattr(self, k) is None})


def overlong_penalty(lengths: np.ndarray, max_length: int, cache: int) -> np.ndarray:
    """DAPO's soft overlong punishment: 0 up to ``L_max - L_cache`` tokens, then linearly down to -1.

    ``R(|y|) = min(0, (L_max - L_cache - |y|) / L_cache)`` for ``|y| <= L_max`` (paths never exceed L_max
    here); ``cache = 0`` turns the shaping off.
    """
    if cache == 0:
        return np.zeros(lengths.shape)
    return np.minimum(0.0, (max_length - cache - lengths) / cache)


def advantages(
    algorithm: str,
    rewards: np.ndarray,
    lengths: np.ndarray,
    *,
    greedy_rewards: np.ndarray | None = None,
    values: np.ndarray | None = None,
) -> np.ndarray:
    """The (B, G) advantage of ``algorithm`` for rewards and token lengths of shape (B, G).

    ``greedy_rewards`` (B,) is needed by ReMax and ``values`` (B,) (the current V of each prompt) by PPO.
    """
    if algorithm in ("grpo", "dapo"):
        return grpo_advantages(rewards)
    if algorithm == "rloo":
        return rloo_advantages(rewards)
    if algorithm == "remax":
        return remax_advantages(rewards, greedy_rewards)
    if algorithm == "reinforce_pp":
        return reinforce_pp_advantages(rewards, lengths)
    return batch_whiten(rewards - values[:, None], lengths)
