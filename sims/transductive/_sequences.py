"""Adversary sequences on tree classes: CHMS25 Algorithm 2 and the §2.4 heuristics.

Algorithm 2 (CONSTRUCTSEQUENCE) simulates every run of Algorithm 1 with at most M forced mistakes. It keeps a
queue of nodes (the root first) and a collection of candidate version spaces H_b, indexed by the string b of
forced labels. Popping x_t, each H_b with r = fraction saying 1 branches into both labels (b∘0, b∘1) if
r ∈ [ε, 1 - ε] and |b| < M, and otherwise follows the majority; when x_t is on the path of every function of a
resulting H_b' (and is not a leaf), its child x_t∘y is queued. The queue is FIFO and a node is queued once.

Heuristics (§2.4, class with off-path density 2^{-k}): the top levels in breadth-first order, and random leaves.
"""

from __future__ import annotations

import dataclasses
from collections import deque

import numpy as np

from sims._config import Result
from theory._validate import check_int, check_real
from theory.transductive import TreeClass, node_depth

from ._space import GameClass, count, restrict

__all__ = ["Algorithm2Sequence", "algorithm2_sequence", "bfs_sequence", "leaves_sequence", "range_bitset"]


def range_bitset(lo: int, hi: int, m: int) -> np.ndarray:
    """The bitset of hypotheses [lo, hi) among m (the functions on the path of one tree node)."""
    mask = np.zeros(-(-m // 64) * 64, dtype=np.uint8)
    mask[lo:hi] = 1
    return np.packbits(mask, bitorder="little").view("<u8").astype(np.uint64)


@dataclasses.dataclass
class Algorithm2Sequence(Result):
    """Algorithm 2's output: the nodes in presentation order, and how many version spaces it tracked at the end
    (``indices``; <= 2^{M+1} - 1) with the longest forced-label string (``longest_index`` <= M)."""

    nodes: np.ndarray
    indices: int
    longest_index: int


def algorithm2_sequence(tree: TreeClass, epsilon: float, m: int) -> Algorithm2Sequence:
    """Run CONSTRUCTSEQUENCE on a tree class with balance threshold ``epsilon`` and forced-mistake budget ``m``."""
    if not isinstance(tree, TreeClass):
        raise TypeError(f"tree must be a TreeClass, got {type(tree).__name__}")
    epsilon = check_real("epsilon", epsilon, low=0.0, high=0.5, low_open=True)
    m = check_int("m", m, low=0)
    cls = GameClass.from_tree(tree)
    queue, queued, nodes = deque([0]), {0}, []
    collection: list[tuple[tuple[int, ...], np.ndarray]] = [((), cls.full())]
    while queue:
        x = queue.popleft()
        nodes.append(x)
        col = cls.column(x)
        lo, hi = tree.on_path(x)
        outside = ~range_bitset(lo, hi, tree.n_hypotheses)
        is_leaf = int(node_depth(x)) == tree.d - 1
        grown = []
        for b, version in collection:
            size, ones = count(version), count(version & col)
            branch = epsilon <= ones / size <= 1.0 - epsilon and len(b) < m
            for y in (0, 1) if branch else (int(2 * ones >= size),):
                after = restrict(version, col, y)
                grown.append((b + (y,) if branch else b, after))
                # x is on the path of every function left: the path continues at the y-child.
                if not is_leaf and not (after & outside).any():
                    child = 2 * x + 1 + y
                    if child not in queued:
                        queued.add(child)
                        queue.append(child)
        collection = grown
    return Algorithm2Sequence(
        nodes=np.array(nodes, dtype=np.int64),
        indices=len(collection),
        longest_index=max(len(b) for b, _ in collection),
    )


def bfs_sequence(tree: TreeClass, levels: int) -> np.ndarray:
    """The nodes of the top ``levels`` levels in breadth-first order (forces ``levels`` mistakes; §2.4)."""
    if not isinstance(tree, TreeClass):
        raise TypeError(f"tree must be a TreeClass, got {type(tree).__name__}")
    levels = check_int("levels", levels, low=0, high=tree.d)
    return np.arange(2**levels - 1, dtype=np.int64)


def leaves_sequence(tree: TreeClass, n_leaves: int, seed: int) -> np.ndarray:
    """``n_leaves`` distinct leaves (depth d - 1) drawn uniformly with ``np.random.default_rng(seed)``, sorted."""
    if not isinstance(tree, TreeClass):
        raise TypeError(f"tree must be a TreeClass, got {type(tree).__name__}")
    width = 2 ** (tree.d - 1)
    n_leaves = check_int("n_leaves", n_leaves, low=0, high=width)
    picks = np.random.default_rng(check_int("seed", seed, low=0)).choice(width, size=n_leaves, replace=False)
    return np.sort(picks).astype(np.int64) + width - 1
