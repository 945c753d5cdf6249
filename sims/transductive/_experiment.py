"""Sweepable experiments on Bernoulli(2^{-k}) tree classes: how many mistakes an adversary's sequence forces
(exactly, by the fixed-order value), and how the splitting-experts learner fares on it.

Both are pure functions of (config, seed): the seed picks the class's off-path bits and, for the leaves
heuristic, which leaves are shown.
"""

from __future__ import annotations

import dataclasses
import math
from typing import Any

import numpy as np

from sims._config import Config, jsonable
from theory._validate import check_choice, check_int, check_real
from theory.transductive import TreeClass, optimal_epsilon, sequence_length_bound, sequence_trie

from ._adversaries import Algorithm1Adversary, OptimalAdversary, algorithm1_min_mistakes
from ._game import play_transductive
from ._learners import FixedOrderLearner, HalvingLearner
from ._sequences import algorithm2_sequence, bfs_sequence, leaves_sequence
from ._space import GameClass
from ._splitting import SplittingExpertsLearner

__all__ = ["AdversaryConfig", "LearnerConfig", "build_sequence", "run_adversary", "run_learner"]

SEQUENCES = ("algorithm2", "bfs", "leaves", "bfs+leaves")


@dataclasses.dataclass(frozen=True)
class AdversaryConfig(Config):
    """A tree class and an adversary sequence on it.

    Attributes
    ----------
    d : int in [2, 22]
        LD of the class (2^d functions on the 2^d - 1 nodes of T_{d-1}).
    k : float >= 0 or None
        Off-path density p = 2^{-k}; None means k = √d (CHMS25's sparse encoding).
    sequence : "algorithm2", "bfs", "leaves" or "bfs+leaves"
    m : int >= 0
        Algorithm 2's forced-mistake budget M.
    epsilon : float in (0, 1/2] or None
        Algorithm 2's balance threshold; None takes the ε that optimises the counting bound for (d, M).
    bfs_levels, n_leaves : int or None
        Heuristic sizes; None takes ⌈k/2⌉ levels and ⌈d/(2k)⌉ leaves (§2.4).
    """

    d: int = 12
    k: float | None = None
    sequence: str = "algorithm2"
    m: int = 2
    epsilon: float | None = None
    bfs_levels: int | None = None
    n_leaves: int | None = None

    def __post_init__(self) -> None:
        check_int("d", self.d, low=2, high=22)
        if self.k is not None:
            check_real("k", self.k, low=0.0)
        check_choice("sequence", self.sequence, SEQUENCES)
        check_int("m", self.m, low=0)
        if self.epsilon is not None:
            check_real("epsilon", self.epsilon, low=0.0, high=0.5, low_open=True)
        if self.bfs_levels is not None:
            check_int("bfs_levels", self.bfs_levels, low=0, high=self.d)
        if self.n_leaves is not None:
            check_int("n_leaves", self.n_leaves, low=0, high=2 ** (self.d - 1))

    @property
    def density_exponent(self) -> float:
        return math.sqrt(self.d) if self.k is None else float(self.k)

    @property
    def eps(self) -> float:
        """The balance threshold used (the configured one, or the optimal ε for (d, M), or 1/2 when M = 0)."""
        if self.epsilon is not None:
            return self.epsilon
        return optimal_epsilon(self.d, self.m) if self.m >= 1 else 0.5


def build_sequence(config: AdversaryConfig, tree: TreeClass, seed: int) -> np.ndarray:
    """The node sequence of ``config`` on ``tree`` (heuristic sizes resolved as documented on the config)."""
    k = config.density_exponent
    if config.sequence == "algorithm2":
        return algorithm2_sequence(tree, config.eps, config.m).nodes
    levels = math.ceil(k / 2) if config.bfs_levels is None else config.bfs_levels
    leaves = math.ceil(config.d / (2 * max(k, 1e-9))) if config.n_leaves is None else config.n_leaves
    leaves = min(leaves, 2 ** (config.d - 1))
    parts = []
    if "bfs" in config.sequence:
        parts.append(bfs_sequence(tree, min(levels, config.d)))
    if "leaves" in config.sequence:
        parts.append(leaves_sequence(tree, leaves, seed))
    return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)


def run_adversary(config: AdversaryConfig, seed: int) -> dict[str, Any]:
    """Exact mistakes the sequence forces (W of the fixed-order game), and, for Algorithm 2, the least any learner
    makes against Algorithm 1's labelling on it (``algorithm1_min``)."""
    if not isinstance(config, AdversaryConfig):
        raise TypeError(f"config must be an AdversaryConfig, got {type(config).__name__}")
    seed = check_int("seed", seed, low=0)
    k = config.density_exponent
    tree = TreeClass(config.d, 2.0**-k, seed)
    cls = GameClass.from_tree(tree)
    nodes = build_sequence(config, tree, seed)
    forced = sequence_trie(cls.columns(nodes), cls.n_hypotheses).root_value
    out = {"config": config.to_dict(), "seed": seed, "d": config.d, "k": k, "p": 2.0**-k, "length": len(nodes)}
    out.update(forced=forced, sqrt_d=math.sqrt(config.d), epsilon=config.eps)
    if config.sequence == "algorithm2":
        out["algorithm1_min"] = algorithm1_min_mistakes(cls, nodes, config.eps)
        # Claim B.3: every node's parent (i - 1) // 2 comes before it, and fewer than d·2^{M+1} nodes.
        seen = set()
        closed = True
        for x in nodes.tolist():
            closed &= x == 0 or (x - 1) // 2 in seen
            seen.add(x)
        out.update(ancestor_closed=closed, length_bound=sequence_length_bound(config.d, config.m))
    return jsonable(out)


@dataclasses.dataclass(frozen=True)
class LearnerConfig(Config):
    """The splitting-experts learner against Algorithm 1 on Algorithm 2's sequence (and against the optimal
    adversary of that sequence), with the paper's thresholds scaled: t_max = 2^{c_tmax·√d}, Halving at
    |H| <= 2^{c_halving·√d}."""

    adversary: AdversaryConfig = dataclasses.field(default_factory=AdversaryConfig)
    c_tmax: float = 4.0
    c_halving: float = 2.0

    def __post_init__(self) -> None:
        if not isinstance(self.adversary, AdversaryConfig):
            raise TypeError(f"adversary must be an AdversaryConfig, got {type(self.adversary).__name__}")
        check_real("c_tmax", self.c_tmax, low=0.0)
        check_real("c_halving", self.c_halving, low=0.0)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> LearnerConfig:
        if not isinstance(data, dict):
            raise TypeError(f"LearnerConfig.from_dict needs a mapping, got {type(data).__name__}")
        fixed = dict(data)
        if isinstance(fixed.get("adversary"), dict):
            fixed["adversary"] = AdversaryConfig.from_dict(fixed["adversary"])
        return super().from_dict(fixed)


def run_learner(config: LearnerConfig, seed: int) -> dict[str, Any]:
    """Mistakes of the splitting-experts learner, Halving and the optimal fixed-order learner on one sequence,
    against Algorithm 1 and against the optimal adversary; the experts' logs of the Algorithm 1 game; and the
    Claim D.4/D.5/D.7 diagnostics, replayed with the target fixed to a hypothesis consistent with all its labels."""
    if not isinstance(config, LearnerConfig):
        raise TypeError(f"config must be a LearnerConfig, got {type(config).__name__}")
    seed = check_int("seed", seed, low=0)
    adv = config.adversary
    tree = TreeClass(adv.d, 2.0**-adv.density_exponent, seed)
    cls = GameClass.from_tree(tree)
    nodes = build_sequence(adv, tree, seed)

    def experts(target: int | None = None) -> SplittingExpertsLearner:
        return SplittingExpertsLearner(config.c_tmax, config.c_halving, target)

    games = {}
    for name, make in (("splitting", experts), ("halving", HalvingLearner), ("fixed_order", FixedOrderLearner)):
        games[name, "algorithm1"] = play_transductive(cls, nodes, make(), Algorithm1Adversary(adv.eps))
        games[name, "optimal"] = play_transductive(cls, nodes, make(), OptimalAdversary())
    # Any hypothesis consistent with every label of the Algorithm 1 game is a valid target for the claims.
    log = games["splitting", "algorithm1"]
    target = _consistent_hypothesis(cls, log.points, log.labels)
    replay = play_transductive(cls, nodes, experts(target), Algorithm1Adversary(adv.eps))
    if not np.array_equal(replay.labels, log.labels):
        raise RuntimeError("the replay with diagnostics diverged from the original game")
    out = {"config": config.to_dict(), "seed": seed, "d": adv.d, "length": len(nodes), "target": target}
    out["mistakes"] = {f"{a}/{b}": g.mistakes for (a, b), g in games.items()}
    out["experts_log"] = replay.learner
    return jsonable(out)


def _consistent_hypothesis(cls: GameClass, points: np.ndarray, labels: np.ndarray) -> int:
    version = cls.full()
    for x, y in zip(points.tolist(), labels.tolist(), strict=True):
        col = cls.column(x)
        version = version & col if y else version & ~col
    words = np.flatnonzero(version)
    word = int(version[words[0]])
    return int(words[0]) * 64 + (word & -word).bit_length() - 1
