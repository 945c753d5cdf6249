"""Adversaries: the optimal fixed-order adversary, CHMS25 Algorithm 1, a fixed target, and the standard-game
Littlestone adversary; plus :func:`algorithm1_min_mistakes`, the best any learner can do against Algorithm 1.

Algorithm 1 (labelling, ε-balanced forcing): with r_t the fraction of the version space V that says 1 at x_t, the
adversary forces a mistake (y_t = 1 - ŷ_t) when r_t ∈ [ε, 1 - ε] and answers the majority 1(r_t >= 1/2)
otherwise. So |V| keeps a fraction >= 1 - ε of itself on an unforced round and >= ε on a forced one.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from theory._validate import check_int, check_real
from theory.transductive import littlestone_dimension, sequence_trie, unpack_bitset

from ._space import GameClass, count, restrict

__all__ = [
    "Algorithm1Adversary",
    "LittlestoneAdversary",
    "OptimalAdversary",
    "TargetAdversary",
    "algorithm1_min_mistakes",
]


def _check_epsilon(epsilon: float) -> float:
    return check_real("epsilon", epsilon, low=0.0, high=0.5, low_open=True)


class OptimalAdversary:
    """Forces exactly W(H, x) mistakes: flips the prediction on ties of the trie, else takes the larger W."""

    def start(self, cls: GameClass, order: np.ndarray | None) -> None:
        if order is None:
            raise ValueError("OptimalAdversary plays the transductive game only: it needs the sequence")
        self.trie = sequence_trie(cls.columns(order), cls.n_hypotheses)
        self.node = 0

    def label(self, t: int, x: int, prediction: int, version: np.ndarray) -> int:
        y = self.trie.adversary_label(self.node, t, prediction)
        self.node = self.trie.advance(self.node, t, y)
        return y


class Algorithm1Adversary:
    """CHMS25 Algorithm 1; ``forced`` and ``kept`` (|V_t| / |V_{t-1}|) record each round for the invariants."""

    def __init__(self, epsilon: float) -> None:
        self.epsilon = _check_epsilon(epsilon)

    def start(self, cls: GameClass, order: np.ndarray | None) -> None:
        self.cls, self.forced, self.kept = cls, [], []

    def label(self, t: int, x: int, prediction: int, version: np.ndarray) -> int:
        col = self.cls.column(x)
        size, ones = count(version), count(version & col)
        r = ones / size
        forced = self.epsilon <= r <= 1.0 - self.epsilon
        y = 1 - prediction if forced else int(r >= 0.5)
        self.forced.append(forced)
        self.kept.append((ones if y else size - ones) / size)
        return y

    def info(self) -> dict[str, Any]:
        """Per round: whether the mistake was forced, and the fraction |V_t| / |V_{t-1}| kept."""
        return {"forced": [bool(f) for f in self.forced], "kept": [float(k) for k in self.kept]}


class TargetAdversary:
    """Labels by one fixed hypothesis (row ``target``): the realizable setting with a committed target."""

    def __init__(self, target: int) -> None:
        self.target = check_int("target", target, low=0)

    def start(self, cls: GameClass, order: np.ndarray | None) -> None:
        if self.target >= cls.n_hypotheses:
            raise ValueError(f"target must be < {cls.n_hypotheses} (the number of hypotheses), got {self.target}")
        self.cls = cls

    def label(self, t: int, x: int, prediction: int, version: np.ndarray) -> int:
        col = self.cls.column(x)
        return int((int(col[self.target >> 6]) >> (self.target & 63)) & 1)


class LittlestoneAdversary:
    """Standard game: present the point whose halves have the largest smaller LD, and always label against the
    prediction. Each answer keeps LD(V) >= (its old value) - 1, so it forces min(n, LD(H)) mistakes. Dense only."""

    def start(self, cls: GameClass, order: np.ndarray | None) -> None:
        if cls.matrix is None:
            raise ValueError("LittlestoneAdversary needs a dense class (it computes Littlestone dimensions)")
        self.cls = cls

    def _ld(self, version: np.ndarray) -> int:
        mask = unpack_bitset(version, self.cls.n_hypotheses)
        return littlestone_dimension(self.cls.matrix[mask]) if mask.any() else -1

    def next_point(self, t: int, version: np.ndarray) -> int:
        scores = [
            min(self._ld(restrict(version, col, 0)), self._ld(restrict(version, col, 1)))
            for col in self.cls.columns(np.arange(self.cls.n_points))
        ]
        return int(np.argmax(scores))

    def label(self, t: int, x: int, prediction: int, version: np.ndarray) -> int:
        other = restrict(version, self.cls.column(x), 1 - prediction)
        return 1 - prediction if other.any() else prediction


def algorithm1_min_mistakes(cls: GameClass, order: object, epsilon: float) -> int:
    """min over all learners of the mistakes Algorithm 1 forces on ``order``.

    On an unforced round the label is the majority whatever the learner says, so the best learner predicts it;
    on a forced round the learner's prediction only chooses which half survives, at the price of one mistake.
    So the minimum is a search over the forced rounds' two branches (depth-first, pruned by the best so far).
    """
    epsilon = _check_epsilon(epsilon)
    cols = cls.columns(order)
    best = [math.inf]

    def descend(version: np.ndarray, t: int, mistakes: int) -> None:
        while t < len(cols):
            size, ones = count(version), count(version & cols[t])
            if epsilon <= ones / size <= 1.0 - epsilon:
                if mistakes + 1 >= best[0]:
                    return  # cannot beat the best branch found
                # Larger half first: it tends to keep fewer forced rounds ahead (a better bound sooner).
                for y in sorted((0, 1), key=lambda y: -(ones if y else size - ones)):
                    descend(restrict(version, cols[t], y), t + 1, mistakes + 1)
                return
            version = restrict(version, cols[t], int(2 * ones >= size))
            t += 1
        best[0] = min(best[0], mistakes)

    descend(cls.full(), 0, 0)
    return int(best[0])
