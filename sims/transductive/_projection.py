"""Transductive Halving on the projection H|_x: the upper-bound mechanism of the trichotomy (HMS23; spec §1.7).

The learner is shown the sequence x before the first round. Let x̄ = (x̄_1, ..., x̄_n) be its n distinct points and

    H|_x = {(h(x̄_1), ..., h(x̄_n)) : h ∈ H} ⊆ {0, 1}^n,

a *set* of patterns: hypotheses that agree on x count once, whatever they do off x. The learner keeps the patterns
consistent with the labels so far and predicts their majority at x_t (ties: 1), exactly as
:class:`HalvingLearner` does over hypotheses. A mistake means at least half of the consistent patterns predicted
wrongly and are dropped, so it makes at most

    ⌊log2 |H|_x|⌋  <=  ⌊log2 Σ_{i <= VC(H|_x)} C(n, i)⌋    (Sauer–Shelah: |H|_x| <= Σ_{i <= VC} C(n, i))

mistakes against every adversary. Plain Halving votes with multiplicity, so its guarantee is ⌊log2 |H|⌋, and
hypotheses that are duplicates on x can tilt its vote: it may err more often than this bound allows.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ._learners import HalvingLearner
from ._space import GameClass

__all__ = ["ProjectionHalvingLearner", "projection"]


def projection(cls: GameClass, order: object) -> tuple[np.ndarray, np.ndarray]:
    """The distinct points of ``order`` and the projection of the class onto them.

    Returns ``(points, patterns)``: ``points`` int64 (n,), the distinct points in order of first appearance, and
    ``patterns`` uint8 (|H|_x|, n), the distinct rows of the (m, n) matrix (h(points[j]))_{h, j}, each once.
    Works for dense and implicit tree classes (only the n columns of ``points`` are ever built).
    """
    if not isinstance(cls, GameClass):
        raise TypeError(f"cls must be a GameClass, got {type(cls).__name__}")
    seq = cls.check_points(order)
    _, first = np.unique(seq, return_index=True)
    points = seq[np.sort(first)]
    cols = cls.columns(points)  # (n, W) uint64: bit h of row j is h(points[j])
    # Bits of each column as bytes, little-endian inside a word like the bitsets: (n, 64W) -> first m are the rows.
    bits = np.unpackbits(cols.astype("<u8").view(np.uint8), axis=1, bitorder="little")
    rows = np.ascontiguousarray(bits[:, : cls.n_hypotheses].T)  # (m, n): row h is h's pattern on x
    # Deduplicate on the packed rows (n/8 bytes each instead of n): this is the whole cost for 2^22 hypotheses.
    packed = np.unique(np.packbits(rows, axis=1), axis=0)  # (|H|_x|, ceil(n / 8))
    return points, np.ascontiguousarray(np.unpackbits(packed, axis=1, count=len(points)))


class ProjectionHalvingLearner(HalvingLearner):
    """Halving over the patterns of H|_x (transductive game only); at most ⌊log2 |H|_x|⌋ mistakes.

    It is :class:`HalvingLearner` playing on the pattern class, a dense class whose point j is ``points[j]``:
    predictions and updates translate the game's point index to that column. ``info()`` adds ``patterns``
    (|H|_x|) to the final number of consistent patterns.
    """

    def start(self, cls: GameClass, order: np.ndarray | None) -> None:
        if order is None:
            raise ValueError("ProjectionHalvingLearner plays the transductive game only: it needs the sequence")
        points, patterns = projection(cls, order)
        self.column_of = {int(x): j for j, x in enumerate(points.tolist())}
        self.patterns = patterns.shape[0]
        # The constructor, not from_matrix: the pattern matrix is valid by construction and may have no columns
        # (an empty sequence), which from_matrix rejects.
        super().start(GameClass(patterns.shape[0], patterns.shape[1], patterns, None), order)

    def predict(self, t: int, x: int) -> int:
        return super().predict(t, self.column_of[x])

    def update(self, t: int, x: int, y: int) -> None:
        super().update(t, self.column_of[x], y)

    def info(self) -> dict[str, Any]:
        return {"patterns": self.patterns, **super().info()}
