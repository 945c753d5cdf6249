"""A class as the game engine sees it: column bitsets over hypotheses, from a dense matrix or an implicit tree class.

Version spaces are uint64 bitsets of W = ceil(m / 64) words (bit h set iff hypothesis h is still consistent), so
a label update is one AND over W words and a count one popcount: a tree class with d = 20 (2^20 hypotheses,
W = 16384) costs 128 KiB per version space and never needs its 2^40-bit matrix.
"""

from __future__ import annotations

import numpy as np

from theory.transductive import TreeClass, check_class, check_order, full_set, pack_columns

__all__ = ["GameClass", "count", "restrict"]


def count(v: np.ndarray) -> int:
    """|V| of a bitset."""
    return int(np.bitwise_count(v).sum())


def restrict(v: np.ndarray, col: np.ndarray, y: int) -> np.ndarray:
    """V_{x→y}: the hypotheses of V that give label y at the point whose column bitset is ``col``."""
    return v & col if y else v & ~col


class GameClass:
    """Column access to a class: ``from_matrix(H)`` (dense 0/1 matrix) or ``from_tree(TreeClass)`` (implicit).

    ``columns(points)`` returns uint64 bitsets (len(points), W); a tree class computes each column once, on first
    request. ``tree`` is the :class:`TreeClass` (None for a dense class): learners and adversaries that use the
    tree structure (splitting experts, Algorithm 2) require it.
    """

    def __init__(self, n_hypotheses: int, n_points: int, dense: np.ndarray | None, tree: TreeClass | None) -> None:
        self.n_hypotheses = n_hypotheses
        self.n_points = n_points
        self.words = -(-n_hypotheses // 64)
        self.tree = tree
        self.matrix = dense
        self._dense_cols = None if dense is None else pack_columns(dense)
        self._cache: dict[int, np.ndarray] = {}

    @classmethod
    def from_matrix(cls, H: object) -> GameClass:
        mat = check_class(H)
        return cls(mat.shape[0], mat.shape[1], mat, None)

    @classmethod
    def from_tree(cls, tree: TreeClass) -> GameClass:
        if not isinstance(tree, TreeClass):
            raise TypeError(f"tree must be a TreeClass, got {type(tree).__name__}")
        return cls(tree.n_hypotheses, tree.n_points, None, tree)

    def full(self) -> np.ndarray:
        """The whole class as a version space."""
        return full_set(self.n_hypotheses)

    def check_points(self, points: object, name: str = "order") -> np.ndarray:
        return check_order(points, self.n_points, name)

    def columns(self, points: object) -> np.ndarray:
        """Column bitsets of ``points`` (validated): uint64 (len(points), W)."""
        pts = self.check_points(points, "points")
        if self._dense_cols is not None:
            return self._dense_cols[pts].reshape(len(pts), self.words)
        missing = sorted({int(p) for p in pts} - self._cache.keys())
        if missing:
            for p, col in zip(missing, self.tree.columns(missing), strict=True):
                self._cache[p] = col
        out = np.empty((len(pts), self.words), dtype=np.uint64)
        for i, p in enumerate(pts):
            out[i] = self._cache[int(p)]
        return out

    def column(self, point: int) -> np.ndarray:
        return self.columns([point])[0]
