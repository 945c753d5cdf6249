"""Learners for the game engine: Halving, SOA and the fixed-order optimal learner.

* :class:`HalvingLearner` (CHMS25 Algorithm 7): predict 1 iff >= half of V says 1; <= ⌊log2|H|⌋ mistakes.
* :class:`SOALearner` (Littlestone): predict the label whose half of V has the larger LD (ties 1); <= LD(H)
  mistakes in either game. Dense classes only (it computes LDs of version spaces).
* :class:`FixedOrderLearner`: knows the sequence, and follows the side of larger W in the trie of
  :func:`theory.transductive.sequence_trie`; exactly W(H, x) mistakes against the optimal adversary, at most W
  against any adversary. Transductive game only.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from theory.transductive import sequence_trie, soa_prediction, unpack_bitset

from ._space import GameClass, count, restrict

__all__ = ["FixedOrderLearner", "HalvingLearner", "SOALearner"]


class _VersionLearner:
    """Keeps its own version space V, updated by every label."""

    cls: GameClass
    version: np.ndarray

    def start(self, cls: GameClass, order: np.ndarray | None) -> None:
        self.cls, self.version = cls, cls.full()

    def update(self, t: int, x: int, y: int) -> None:
        self.version = restrict(self.version, self.cls.column(x), y)

    def info(self) -> dict[str, Any]:
        return {"final_version_size": count(self.version)}


class HalvingLearner(_VersionLearner):
    def predict(self, t: int, x: int) -> int:
        return int(2 * count(self.version & self.cls.column(x)) >= count(self.version))


class SOALearner(_VersionLearner):
    def start(self, cls: GameClass, order: np.ndarray | None) -> None:
        if cls.matrix is None:
            raise ValueError("SOALearner needs a dense class (it computes Littlestone dimensions of version spaces)")
        super().start(cls, order)

    def predict(self, t: int, x: int) -> int:
        return soa_prediction(self.cls.matrix, unpack_bitset(self.version, self.cls.n_hypotheses), x)


class FixedOrderLearner:
    """The optimal learner of the transductive game on the known sequence (spec §1.3)."""

    def start(self, cls: GameClass, order: np.ndarray | None) -> None:
        if order is None:
            raise ValueError("FixedOrderLearner plays the transductive game only: it needs the sequence")
        self.trie = sequence_trie(cls.columns(order), cls.n_hypotheses)
        self.node = 0

    def predict(self, t: int, x: int) -> int:
        return self.trie.optimal_prediction(self.node, t)

    def update(self, t: int, x: int, y: int) -> None:
        self.node = self.trie.advance(self.node, t, y)

    def info(self) -> dict[str, Any]:
        return {"value": self.trie.root_value}
