"""Tree classes: 2^d functions on the 2^d - 1 nodes of the perfect binary tree T_{d-1} (LD = d exactly).

Nodes are numbered in breadth-first (heap) order: node i has depth ℓ = ⌊log2(i + 1)⌋, position u = i + 1 - 2^ℓ
(the bits of u, most significant first, are the path from the root), and children 2i + 1 (0-child) and 2i + 2
(1-child). Hypothesis b ∈ {0, ..., 2^d - 1} is the root-to-leaf label path whose i-th step is bit d - 1 - i of b.

* On-path values are forced: node (ℓ, u) is on the path of h_b iff b >> (d - ℓ) == u, and then
  h_b(node) = (b >> (d - 1 - ℓ)) & 1. So the class shatters T_{d-1} and |H| = 2^d: LD(H) = d.
* Off-path values are i.i.d. Bernoulli(p) bits defined by a counter-based hash: h_b(i) = 1 iff
  (splitmix64 of (seed, b, i)) >> 11 < round(p · 2^53). Nothing is stored, so a class with d = 20 (2^40 bits)
  costs nothing until columns are asked for, and the dense matrix of a small class has the same bits.

p = 0 gives the "minimal" tree class (CHMS25 footnote 12, M_tr = d); p = 2^{-√d} is the sparse encoding of
Lemma D.2 (the paper states it on T_d with 2^{d+1} functions, i.e. LD = d + 1; here LD = d, see spec §1.2).
"""

from __future__ import annotations

import dataclasses

import numpy as np
from numba import njit

from theory._validate import as_int_array, check_int, check_real

from ._bits import _GOLDEN, _MIX1, mix64

__all__ = ["TreeClass", "minimal_tree_class", "node_depth", "off_path_mask", "tree_class", "tree_class_from_bits"]

#: Largest d whose dense matrix (2^d x (2^d - 1) bytes, 256 MiB at d = 14) the package will build.
MAX_DENSE_D = 14
#: Largest d of an implicit class: hypotheses are addressed by uint64 arithmetic and one column has 2^d bits.
MAX_D = 30


@njit(cache=True)
def _tree_columns_kernel(d, threshold, seed, nodes):  # pragma: no cover - jitted
    """Column bitsets (len(nodes), ceil(2^d / 64)) of the tree class; see the module docstring for the bits."""
    m = np.int64(1) << d
    words = (m + 63) // 64
    out = np.zeros((nodes.shape[0], words), dtype=np.uint64)
    useed = mix64(np.uint64(seed) + _GOLDEN)
    for j in range(nodes.shape[0]):
        node = nodes[j]
        depth = 0
        while (np.int64(1) << (depth + 1)) - 1 <= node:
            depth += 1
        pos = node + 1 - (np.int64(1) << depth)
        # Hypotheses through this node are the contiguous block [pos·2^(d-ℓ), (pos+1)·2^(d-ℓ)); its first half
        # takes the 0-branch and its second half the 1-branch.
        span = np.int64(1) << (d - depth)
        lo, mid, hi = pos * span, pos * span + span // 2, (pos + 1) * span
        salt = mix64(useed ^ (np.uint64(node) * _MIX1))
        for b in range(m):
            if lo <= b < hi:
                bit = b >= mid
            else:
                bit = (mix64(salt ^ (np.uint64(b) + _GOLDEN)) >> np.uint64(11)) < np.uint64(threshold)
            if bit:
                out[j, b >> 6] |= np.uint64(1) << np.uint64(b & 63)
    return out


def node_depth(node: int | np.ndarray) -> np.ndarray:
    """Depth ⌊log2(i + 1)⌋ of heap-numbered nodes (vectorised, int64)."""
    i = as_int_array("node", node, low=0)
    return np.floor(np.log2(i + 1.0) + 1e-12).astype(np.int64)


@dataclasses.dataclass(frozen=True)
class TreeClass:
    """The tree class with LD = d, off-path bits Bernoulli(p) drawn by hash from ``seed`` (implicit, no storage).

    Attributes
    ----------
    d : int in [1, 30]
        Littlestone dimension; the domain is the 2^d - 1 nodes of T_{d-1} and there are 2^d hypotheses.
    p : float in [0, 1]
        Probability that an off-path value is 1 (0: the minimal class; 2^{-√d}: CHMS25's sparse encoding).
    seed : int >= 0
        Seed of the hash that defines the off-path bits.
    """

    d: int
    p: float = 0.0
    seed: int = 0

    def __post_init__(self) -> None:
        check_int("d", self.d, low=1, high=MAX_D)
        check_real("p", self.p, low=0.0, high=1.0)
        check_int("seed", self.seed, low=0, high=2**63 - 1)

    @property
    def n_points(self) -> int:
        return 2**self.d - 1

    @property
    def n_hypotheses(self) -> int:
        return 2**self.d

    @property
    def threshold(self) -> int:
        """round(p · 2^53): an off-path bit is 1 iff its 53-bit hash is below this (p = 1 makes every bit 1)."""
        return int(round(self.p * 2.0**53))

    def check_nodes(self, nodes: object) -> np.ndarray:
        """``nodes`` as a C-contiguous int64 vector of valid node indices, or raise naming the bad node."""
        arr = as_int_array("nodes", nodes, low=0).reshape(-1)
        if arr.size and arr.max() >= self.n_points:
            raise ValueError(f"nodes must be < {self.n_points} (the nodes of T_{self.d - 1}), got {arr.max()}")
        return np.ascontiguousarray(arr)

    def columns(self, nodes: object) -> np.ndarray:
        """Column bitsets of the given nodes: uint64 array (len(nodes), ceil(2^d / 64)); bit b is h_b(node)."""
        nodes = self.check_nodes(nodes)
        return _tree_columns_kernel(np.int64(self.d), np.int64(self.threshold), np.int64(self.seed), nodes)

    def dense(self) -> np.ndarray:
        """The full 0/1 matrix, shape (2^d, 2^d - 1); only for d <= 14."""
        if self.d > MAX_DENSE_D:
            raise ValueError(f"a dense tree class needs d <= {MAX_DENSE_D}, got d = {self.d}; use columns()")
        cols = self.columns(np.arange(self.n_points))
        bits = np.unpackbits(cols.astype("<u8").view(np.uint8), axis=1, bitorder="little")[:, : self.n_hypotheses]
        return np.ascontiguousarray(bits.T)

    def path(self, b: int) -> np.ndarray:
        """The d nodes on the path of hypothesis b, root first."""
        b = check_int("b", b, low=0, high=self.n_hypotheses - 1)
        return np.array([(1 << ell) - 1 + (b >> (self.d - ell)) for ell in range(self.d)], dtype=np.int64)

    def on_path(self, node: int) -> tuple[int, int]:
        """The hypotheses b in [start, stop) whose path passes through ``node``."""
        node = int(self.check_nodes([node])[0])
        depth = int(node_depth(node))
        span = 1 << (self.d - depth)
        pos = node + 1 - (1 << depth)
        return pos * span, (pos + 1) * span


def tree_class(d: int, p: float = 0.0, seed: int = 0) -> np.ndarray:
    """Dense matrix (2^d, 2^d - 1) of :class:`TreeClass` (d, p, seed); LD = d."""
    return TreeClass(d, p, seed).dense()


def minimal_tree_class(d: int) -> np.ndarray:
    """CHMS25 footnote 12: on-path values forced, every off-path value 0; LD = M_tr = d."""
    return tree_class(d, 0.0, 0)


def off_path_mask(d: int) -> np.ndarray:
    """Bool (2^d, 2^d - 1): True where node x is off the path of hypothesis b (the free bits of a tree class)."""
    d = check_int("d", d, low=1, high=MAX_DENSE_D)
    b = np.arange(2**d)[:, None]
    node = np.arange(2**d - 1)[None, :]
    depth = node_depth(node)
    return (b >> (d - depth)) != node + 1 - (1 << depth)


def tree_class_from_bits(d: int, bits: object) -> np.ndarray:
    """The tree class with LD = d whose off-path values are ``bits``: 2^d·(2^d - 1 - d) zeros and ones, filled
    row by row (hypothesis b = 0, 1, ...) into the off-path nodes in increasing order (spec §2.1: every class
    with LD = d restricts to one of these, so f(d) = min over ``bits`` of M_tr)."""
    mask = off_path_mask(d)
    free = as_int_array("bits", bits).reshape(-1)
    if free.size != int(mask.sum()) or np.any((free != 0) & (free != 1)):
        raise ValueError(f"bits must hold {int(mask.sum())} zeros and ones for d = {d}, got {free.size} values")
    H = minimal_tree_class(d)
    H[mask] = free
    return H
