"""The transductive game on a fixed sequence: its exact value, optimal learner and adversary, and Theorem C.2.

For x = (x_1, ..., x_n) let W(V, t) be the minimax number of mistakes still to come with version space V before
round t (spec §1.3):
    W(V, n + 1) = 0;   W(V, t) = W(V, t + 1) if V is constant on x_t;
    W(V, t) = max(a, b) + [a = b] with a = W(V_{x_t→0}, t + 1), b = W(V_{x_t→1}, t + 1) otherwise,
because min over ŷ of max over y of (1[ŷ ≠ y] + W_y) costs nothing when a ≠ b (predict the larger side) and
exactly one mistake on a tie. M_tr(H, x) = W(H, 1).

The version spaces reachable along x form a trie: each node is a block of hypotheses that agree on the points
seen so far, and splits in two at the first round where it is not constant. It has at most 2|H| - 1 nodes (each
split adds a block). The kernels (:mod:`._patterns`) build it from the hypotheses sorted by their label patterns
along x, in O(|H|·n / 64) word operations plus a radix sort of |H| keys.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from theory._validate import check_int

from ._bits import pack_columns
from ._classes import check_class, check_order
from ._patterns import trie_kernel
from ._values import values_kernel

__all__ = [
    "FixedOrderTrie",
    "fixed_order_trie",
    "minimal_forcing_sequence",
    "sequence_trie",
    "transductive_value",
    "transductive_values",
]


def transductive_value(H: object, order: object) -> int:
    """M_tr(H, x): the minimax number of mistakes of the transductive game on the fixed sequence ``order``.

    ``order`` lists point (column) indices; repeats are allowed and never change the value.

    >>> from theory.transductive import thresholds
    >>> transductive_value(thresholds(3), [1, 0, 2])
    2
    """
    mat = check_class(H)
    seq = check_order(order, mat.shape[1])
    return int(trie_kernel(pack_columns(mat), seq, np.int64(mat.shape[0]))[4][0])


def transductive_values(H: object, orders: object) -> np.ndarray:
    """W(H, x) for each row x of ``orders`` (shape (k, n), equal lengths): int64 vector of length k."""
    mat = check_class(H)
    arr = np.asarray(orders)
    if arr.ndim != 2:
        raise ValueError(f"orders must be 2-D (one sequence per row), got shape {arr.shape}")
    seqs = check_order(arr.reshape(-1), mat.shape[1], "orders").reshape(arr.shape)
    return values_kernel(pack_columns(mat), np.ascontiguousarray(seqs), np.int64(mat.shape[0]))


@dataclasses.dataclass(frozen=True)
class FixedOrderTrie:
    """The trie of version spaces along a fixed sequence, with W at every node (node 0 is the whole class).

    Attributes
    ----------
    columns : uint64 (T, W)
        Bitset of round t's point over the m hypotheses (bit h = h(x_t)).
    n_hypotheses : int
    child : int64 (N, 2)
        child[v, y] is the block of v labelled y at round split_t[v]; -1 at leaves.
    split_t : int64 (N,)
        The round (0-based) at which v's block first takes both values; -1 if it never does.
    rep : int64 (N,)
        One hypothesis of v's block (gives the label of a constant round).
    size : int64 (N,)
    value : int64 (N,)
        W(block of v, split_t[v]): the mistakes the optimal adversary still forces from v.
    """

    columns: np.ndarray
    n_hypotheses: int
    child: np.ndarray
    split_t: np.ndarray
    rep: np.ndarray
    size: np.ndarray
    value: np.ndarray

    @property
    def root_value(self) -> int:
        return int(self.value[0])

    def _constant_label(self, node: int, t: int) -> int:
        h = int(self.rep[node])
        return int((int(self.columns[t, h >> 6]) >> (h & 63)) & 1)

    def advance(self, node: int, t: int, y: int) -> int:
        """The node after label ``y`` at round t; raises if y is not realizable from ``node``."""
        if self.split_t[node] == t:
            return int(self.child[node, y])
        if y != self._constant_label(node, t):
            raise ValueError(f"label {y} at round {t} is not realizable: every consistent hypothesis says {1 - y}")
        return node

    def optimal_prediction(self, node: int, t: int) -> int:
        """The fixed-order optimal learner: the side with the larger W (ties: 1), or the forced label."""
        if self.split_t[node] != t:
            return self._constant_label(node, t)
        a, b = self.value[self.child[node, 0]], self.value[self.child[node, 1]]
        return 0 if a > b else 1

    def adversary_label(self, node: int, t: int, prediction: int) -> int:
        """The optimal adversary: on a tie flip the prediction (a forced mistake), else take the larger W."""
        if self.split_t[node] != t:
            return self._constant_label(node, t)
        a, b = self.value[self.child[node, 0]], self.value[self.child[node, 1]]
        if a == b:
            return 1 - prediction
        return 0 if a > b else 1

    def essential_positions(self) -> np.ndarray:
        """Rounds where the optimal adversary forces a mistake on some of its plays (sorted, unique).

        From the root the adversary keeps both children at a tie (the learner picks one) and only the larger
        one otherwise; W drops by exactly 1 at each tie and stays put elsewhere, so a play meets at most M ties
        and the kept subtree has at most 2^M - 1 of them (CHMS25 Claim C.6).
        """
        positions, stack = set(), [0]
        while stack:
            v = stack.pop()
            if self.child[v, 0] < 0:
                continue
            a, b = self.value[self.child[v, 0]], self.value[self.child[v, 1]]
            if a == b:
                positions.add(int(self.split_t[v]))
                stack.extend((int(self.child[v, 0]), int(self.child[v, 1])))
            else:
                stack.append(int(self.child[v, 0 if a > b else 1]))
        return np.array(sorted(positions), dtype=np.int64)


def sequence_trie(columns: object, n_hypotheses: int) -> FixedOrderTrie:
    """:class:`FixedOrderTrie` of a class given only on the sequence: ``columns`` (T, W) uint64, row t the bitset
    of x_t over ``n_hypotheses`` hypotheses (e.g. :meth:`TreeClass.columns` of the presented nodes).

    This is how an implicit class with 2^20 hypotheses is scored on a sequence of a few hundred nodes, without
    a dense matrix.
    """
    m = check_int("n_hypotheses", n_hypotheses, low=1)
    cols = np.asarray(columns)
    if cols.dtype != np.uint64 or cols.ndim != 2 or cols.shape[1] != -(-m // 64):
        raise ValueError(f"columns must be uint64 of shape (T, {-(-m // 64)}), got {cols.dtype} {cols.shape}")
    cols = np.ascontiguousarray(cols)
    # Bits beyond the last hypothesis would make phantom hypotheses: reject them.
    if m % 64 and cols.size and np.any(cols[:, -1] >> np.uint64(m % 64)):
        raise ValueError(f"columns has bits set beyond hypothesis {m - 1}")
    child, split_t, rep, size, value = trie_kernel(cols, np.arange(cols.shape[0], dtype=np.int64), np.int64(m))
    return FixedOrderTrie(cols, m, child, split_t, rep, size, value)


def fixed_order_trie(H: object, order: object) -> FixedOrderTrie:
    """Build :class:`FixedOrderTrie` of H along ``order`` (validated like :func:`transductive_value`)."""
    mat = check_class(H)
    seq = check_order(order, mat.shape[1])
    cols = pack_columns(mat)
    return sequence_trie(cols[seq].reshape(len(seq), cols.shape[1]), mat.shape[0])


def minimal_forcing_sequence(H: object, order: object) -> np.ndarray:
    """CHMS25 Theorem C.2: a subsequence of ``order`` of length <= 2^M - 1 that still forces M = W(H, order).

    It keeps the essential rounds of the optimal adversary (:meth:`FixedOrderTrie.essential_positions`), in
    their original order. The adversary on the subsequence replays the original play, filling the dropped
    rounds with the labels its strategy would give, so realizability and every forced mistake survive: the
    subsequence forces at least M. It may force more, since removing points can raise W (insertion is not
    monotone).
    """
    seq = check_order(order, check_class(H).shape[1])
    return seq[fixed_order_trie(H, seq).essential_positions()]
