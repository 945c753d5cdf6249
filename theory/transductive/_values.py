"""W(H, x) for a batch of sequences x: the kernel behind :func:`._fixed_order.transductive_values`.

Classes of at most 64 hypotheses fit one word, and building their trie round by round with selects beats sorting
patterns; larger classes sort their patterns (:mod:`._patterns`).
"""

from __future__ import annotations

import numpy as np
from numba import njit

from ._patterns import buffers, root_value, sort_patterns

__all__ = ["values_kernel"]


@njit(inline="always")
def _one_word_value(cols, orders, r, full, blocks, ids, child, val):  # pragma: no cover - jitted
    """W(H, x) along x = orders[r] for a class of at most 64 hypotheses (one word), ``full`` its bitset.

    The trie of spec §1.3 built round by round: ``blocks[cur, :live]`` are the blocks of two or more hypotheses
    after the rounds so far and ``ids`` their trie nodes; a block that splits at round t gives its node the
    children ``nodes`` (0-side) and ``nodes + 1`` (1-side), and singletons are dropped (they never split again).
    Every step is a select, not a branch: whether a block splits is unpredictable on random classes. Children are
    numbered after their parents, so one pass over the nodes in reverse gives W = max(a, b) + [a = b]; nodes 0 and
    1 hold W = -1 and are the children of every leaf, which makes a leaf's W max(-1, -1) + 1 = 0.
    ``blocks``, ``ids`` are (2, 2m + 2); ``child``, ``val`` (2m + 4,), the last entry of ``child`` a dummy.
    """
    n = orders.shape[1]
    child[:] = 0
    blocks[0, 0], ids[0, 0] = full, 2
    live = np.int64((full & (full - np.uint64(1))) != 0)
    nodes, cur, t = 3, 0, 0
    dummy = child.shape[0] - 1
    while live > 0 and t < n:
        col = cols[orders[r, t], 0]
        nxt, k = 1 - cur, 0
        for i in range(live):
            b, p = blocks[cur, i], ids[cur, i]
            ones = b & col
            split = (ones != 0) & (ones != b)
            zero = b ^ ones if split else b
            # The 0-side (or the unsplit block) and then the 1-side are written at k; each is kept (k advances)
            # only if it has two or more hypotheses.
            blocks[nxt, k], ids[nxt, k] = zero, nodes if split else p
            k += (zero & (zero - np.uint64(1))) != 0
            blocks[nxt, k], ids[nxt, k] = ones, nodes + 1
            k += split & ((ones & (ones - np.uint64(1))) != 0)
            child[p if split else dummy] = nodes
            nodes += 2 * split
        live, cur, t = k, nxt, t + 1
    for v in range(nodes - 1, 1, -1):
        a, b = val[child[v]], val[child[v] + 1]
        val[v] = max(a, b) + (a == b)
    return val[2]


@njit(cache=True)
def values_kernel(cols, orders, m):  # pragma: no cover - jitted
    """W(H, order) for every row of ``orders`` (k, n): int64 (k,), reusing one work space.

    Classes of at most 64 hypotheses (one word) build the trie round by round (:func:`_one_word_value`); larger
    ones sort their patterns.
    """
    out = np.empty(orders.shape[0], dtype=np.int64)
    if cols.shape[1] == 1:
        # The live blocks are disjoint with two or more hypotheses each (at most m / 2), and a round writes at most
        # two per block; the trie has at most 2m - 1 nodes, plus the two leaf children and the dummy.
        blocks, ids = np.empty((2, 2 * m + 2), np.uint64), np.empty((2, 2 * m + 2), np.int64)
        child, val = np.empty(2 * m + 4, np.int64), np.empty(2 * m + 4, np.int64)
        val[0], val[1] = -1, -1
        full = ~np.uint64(0) >> np.uint64(64 - m)
        for r in range(orders.shape[0]):
            out[r] = _one_word_value(cols, orders, r, full, blocks, ids, child, val)
        return out
    space, join, _ = buffers(m, cols.shape[1], orders.shape[1])
    for r in range(orders.shape[0]):
        sort_patterns(cols, orders[r], m, space)
        out[r] = root_value(space[1], m, join)
    return out
