"""The toy reasoning environment with a verifiable reward (spec §2.4 (b) and (c)).

Each of P problems has M candidate *solution paths*. Path m of problem p follows one of S *strategies*
(``strategy[p, m]``), shared by all problems, and is correct iff its strategy is one of the few that solve p.
The base model picks a path with probability ``softmax(base_logits[p])`` restricted to its top-p nucleus:
paths outside it have probability exactly 0, as for an LLM decoded with top-p. A policy that moves weight
between strategies (:mod:`sims.rlvr._policy`) moves it on every problem at once, which is what lets RL narrow
coverage (a per-problem softmax cannot, spec §2.4 (a)).
"""

from __future__ import annotations

import dataclasses

import numpy as np

from sims._config import Config
from theory._validate import check_int, check_real

from ._rows import distribution_rows, log_softmax_rows

__all__ = ["EnvConfig", "ReasoningEnv", "check_env", "make_environment", "nucleus"]


@dataclasses.dataclass(frozen=True)
class EnvConfig(Config):
    """Parameters of the environment; the defaults are the spec prototype's scale (P = 600, M = 64, S = 24).

    Each path gets a strategy uniformly at random and the base logit
    ``log prior[strategy] + logit_noise · N(0, 1)``, with the Zipf prior
    ``prior[s] ∝ (s + 1) ** -zipf_exponent`` (s 0-based): the base model prefers common strategies. Each
    problem is solved by ``n_solvable`` distinct strategies drawn without replacement with probability
    ``∝ prior ** solvable_bias`` (so with ``solvable_bias > 0`` the common strategies are also the general
    ones), and each path of a solving strategy is correct with probability ``path_accuracy``.

    Regime of the defaults (set once for the environment, not per claim): the base model has pass@1 ≈ 0.17
    and pass@256 ≈ 0.94; RL (GRPO, 1500 steps) concentrates on the general strategies and reaches
    pass@1 ≈ 0.37 but pass@256 ≈ 0.63, the curves crossing between k = 4 and k = 8, because problems that only
    rare strategies solve lose their mass. Close to the spec prototype (0.19 / 0.93 → 0.39 / 0.60).

    Attributes
    ----------
    n_problems, n_paths, n_strategies : int
        P, M and S.
    zipf_exponent : float >= 0
        Exponent of the strategy prior (0: uniform).
    n_solvable : int in [1, S]
        Strategies that solve each problem.
    solvable_bias : float >= 0
        How strongly the choice of solvable strategies follows the prior (0: uniform).
    path_accuracy : float in (0, 1]
        Probability that a path of a solving strategy is correct (independently per path).
    logit_noise : float >= 0
        Standard deviation of the i.i.d. Gaussian part of the base logits.
    top_p : float in (0, 1]
        Nucleus mass of the base support (1.0: every path is in the support).
    min_length, max_length : int
        Path lengths in tokens are uniform on ``[min_length, max_length]``; ``max_length`` is the generation
        cap (L_max of DAPO's overlong shaping and of Dr. GRPO's aggregation).
    """

    n_problems: int = 600
    n_paths: int = 64
    n_strategies: int = 24
    zipf_exponent: float = 1.0
    n_solvable: int = 3
    solvable_bias: float = 1.0
    path_accuracy: float = 0.6
    logit_noise: float = 1.5
    top_p: float = 0.95
    min_length: int = 64
    max_length: int = 512

    def __post_init__(self) -> None:
        check_int("n_problems", self.n_problems, low=1)
        check_int("n_paths", self.n_paths, low=2)
        check_int("n_strategies", self.n_strategies, low=1)
        check_real("zipf_exponent", self.zipf_exponent, low=0.0)
        check_int("n_solvable", self.n_solvable, low=1, high=self.n_strategies)
        check_real("solvable_bias", self.solvable_bias, low=0.0)
        check_real("path_accuracy", self.path_accuracy, low=0.0, high=1.0, low_open=True)
        check_real("logit_noise", self.logit_noise, low=0.0)
        check_real("top_p", self.top_p, low=0.0, high=1.0, low_open=True)
        check_int("min_length", self.min_length, low=1)
        check_int("max_length", self.max_length, low=self.min_length)


@dataclasses.dataclass(frozen=True)
class ReasoningEnv:
    """The arrays of one environment, all of shape (P, M) and C-contiguous.

    Attributes
    ----------
    base_logits : float64
        Logits of the base model over the M paths of each problem (before the top-p truncation).
    strategy : int64
        Strategy of each path, in ``[0, S)``.
    correct : bool
        Verifier outcome of each path (reward 1 or 0).
    lengths : int64
        Length of each path in tokens.
    support : bool
        Base top-p nucleus; every policy derived from the base gives probability exactly 0 outside it.
    n_strategies : int
        S.
    max_length : int
        Generation cap in tokens.
    """

    base_logits: np.ndarray
    strategy: np.ndarray
    correct: np.ndarray
    lengths: np.ndarray
    support: np.ndarray
    n_strategies: int
    max_length: int

    @property
    def n_problems(self) -> int:
        return self.base_logits.shape[0]

    @property
    def n_paths(self) -> int:
        return self.base_logits.shape[1]


def check_env(env: object) -> ReasoningEnv:
    """Return ``env`` if it is a :class:`ReasoningEnv`, else raise ``TypeError`` naming it."""
    if not isinstance(env, ReasoningEnv):
        raise TypeError(f"env must be a ReasoningEnv (see make_environment), got {type(env).__name__}")
    return env


def nucleus(probs: np.ndarray, top_p: float) -> np.ndarray:
    """Top-p support of each row: the fewest most-probable entries whose mass reaches ``top_p``.

    Parameters
    ----------
    probs : array (P, M), rows summing to 1
    top_p : float in (0, 1]

    Returns
    -------
    bool array (P, M)
        Always contains each row's argmax. Entries are ranked by probability (ties by index, stable sort).
    """
    probs = distribution_rows(probs)
    top_p = check_real("top_p", top_p, low=0.0, high=1.0, low_open=True)
    order = np.argsort(-probs, axis=1, kind="stable")  # (P, M): most probable first
    sorted_mass = np.take_along_axis(probs, order, axis=1)
    before = np.cumsum(sorted_mass, axis=1) - sorted_mass  # (P, M): mass strictly ahead of each entry
    # Keep an entry while the mass ahead of it is still short of top_p (so the top entry is always kept);
    # the 1e-12 slack stops rounding from adding one extra entry when the mass reaches top_p exactly.
    keep_sorted = before < top_p - 1e-12
    keep = np.empty_like(keep_sorted)
    np.put_along_axis(keep, order, keep_sorted, axis=1)
    return keep


def make_environment(cfg: EnvConfig, seed: int) -> ReasoningEnv:
    """Draw an environment from ``cfg`` with ``np.random.default_rng(seed)`` (deterministic in both)."""
    if not isinstance(cfg, EnvConfig):
        raise TypeError(f"cfg must be an EnvConfig, got {type(cfg).__name__}")
    seed = check_int("seed", seed, low=0)
    rng = np.random.default_rng(seed)
    p, m, s = cfg.n_problems, cfg.n_paths, cfg.n_strategies

    prior = (1.0 + np.arange(s)) ** -cfg.zipf_exponent
    prior /= prior.sum()  # (S,)
    strategy = rng.integers(0, s, size=(p, m), dtype=np.int64)  # (P, M)
    base_logits = np.log(prior)[strategy] + cfg.logit_noise * rng.standard_normal((p, m))  # (P, M)

    # Gumbel top-k: the n_solvable largest of log(weight) + Gumbel noise are a draw without replacement with
    # probability proportional to weight = prior ** solvable_bias.
    keys = cfg.solvable_bias * np.log(prior)[None, :] + rng.gumbel(size=(p, s))  # (P, S)
    solvers = np.argsort(-keys, axis=1)[:, : cfg.n_solvable]  # (P, n_solvable)
    solvable = np.zeros((p, s), dtype=bool)
    np.put_along_axis(solvable, solvers, True, axis=1)
    solvable_path = np.take_along_axis(solvable, strategy, axis=1)  # (P, M): solvable[p, strategy[p, m]]
    # A path of a solving strategy can still be carried out wrongly.
    correct = solvable_path & (rng.random((p, m)) < cfg.path_accuracy)

    lengths = rng.integers(cfg.min_length, cfg.max_length + 1, size=(p, m), dtype=np.int64)
    return ReasoningEnv(
        base_logits=np.ascontiguousarray(base_logits),
        strategy=strategy,
        correct=correct,
        lengths=lengths,
        support=nucleus(np.exp(log_softmax_rows(base_logits)), cfg.top_p),
        n_strategies=s,
        max_length=cfg.max_length,
    )
