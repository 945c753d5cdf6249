"""The kernels behind :mod:`._fixed_order`: sort a class's hypotheses by their labels along a sequence, then read
the trie of version-space blocks and its value W off the sorted order.

Along x = (x_1, ..., x_n), hypothesis h has the pattern (h(x_1), ..., h(x_n)). The trie of spec §1.3 is the
binary trie of these patterns: a block is the set of hypotheses sharing a prefix, and it splits at the first round
where their patterns differ. With the patterns sorted (first round most significant), every block is a run of
neighbours, and neighbours p, p + 1 first differ at a round div[p]: the trie node splitting at div[p] joins the
subtree that ends at p with the one that starts at p + 1, and every split inside those two subtrees comes later.
So joining neighbour pairs from the latest round to the earliest meets each node after its children.

Cost per sequence: one 64 x 64 bit transpose per ⌊64 / R⌋ words of hypotheses for each chunk of R rounds, a radix
sort of m keys and O(m + n) for the joins. The joins use no data-dependent branches: on random classes a branch
per trie node (a recursion, or a stack of open subtrees) mispredicts about half the time, which costs more than
the arithmetic.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from ._bits import msb64, transpose64
from ._sort import sort_scratch, sort_u64

__all__ = ["buffers", "root_value", "sort_patterns", "trie_kernel", "values_kernel"]


@njit(inline="always")
def _chunk_keys(cols, order, c0, rounds, keys, block):  # pragma: no cover - jitted
    """keys[h] = h's labels on rounds c0 .. c0 + R - 1 (R = ``rounds``, 1 <= R < 64), round c0 + j at bit 63 - j.

    A 64 x 64 bit transpose turns column words (rows of ``block``) into per-hypothesis words. One transpose serves
    g = ⌊64 / R⌋ words of hypotheses: word w0 + i fills rows 63 - iR - j (j < R), so after the transpose row b
    holds the labels of hypothesis 64 (w0 + i) + b at bits 63 - iR - j, and a left shift by iR moves them to the
    top. The bits below the top R are cleared.
    """
    words = cols.shape[1]
    group = 64 // rounds
    top = ~(~np.uint64(0) >> np.uint64(rounds))
    for w0 in range(0, words, group):
        block[:] = 0
        for i in range(min(group, words - w0)):
            for j in range(rounds):
                block[63 - i * rounds - j] = cols[order[c0 + j], w0 + i]
        transpose64(block)
        for i in range(min(group, words - w0)):
            shift = np.uint64(i * rounds)
            for b in range(64):
                keys[64 * (w0 + i) + b] = (block[b] << shift) & top


@njit(cache=True)
def sort_patterns(cols, order, m, space):  # pragma: no cover - jitted
    """Sort the hypotheses 0..m-1 by their patterns along ``order`` (the first round most significant).

    ``cols`` (n, W) are the column bitsets, ``space`` = (perm, div, keys, packed, block, tmp, counts, stack) from
    :func:`buffers`. On return perm[0:m] is the sorted order (ties by index) and div[p] (p < m - 1) is the first
    round where perm[p] and perm[p + 1] differ, -1 if never. Rounds go in chunks of R = 64 - b rounds, with b the
    bit length of m - 1: a hypothesis's labels on a chunk (high bits) and its index (low bits) fit one uint64, so
    one integer sort orders a run of hypotheses that agreed so far by their next labels. Only runs still tied
    after a chunk are sorted again.
    """
    perm, div, keys, packed, block, tmp, counts, stack = space
    idx_bits = 0
    while (np.int64(1) << idx_bits) < m:
        idx_bits += 1
    per_chunk = 64 - idx_bits
    idx_mask = (np.uint64(1) << np.uint64(idx_bits)) - np.uint64(1)
    for i in range(m):
        perm[i], div[i] = i, -1
    tied, c0, n = m - 1, 0, order.shape[0]
    while c0 < n and tied > 0:
        rounds = min(per_chunk, n - c0)
        _chunk_keys(cols, order, c0, rounds, keys, block)
        a = 0
        while a < m - 1:
            if div[a] >= 0:
                a += 1
                continue
            b = a
            while b < m - 1 and div[b] < 0:
                b += 1
            # perm[a..b] agree on every round before c0: order them by this chunk's labels.
            for p in range(a, b + 1):
                packed[p] = keys[perm[p]] | np.uint64(perm[p])
            sort_u64(packed, a, b + 1, tmp, counts, stack)
            perm[b] = np.int64(packed[b] & idx_mask)
            for p in range(a, b):
                perm[p] = np.int64(packed[p] & idx_mask)
                diff = packed[p] ^ packed[p + 1]
                split = (diff >> np.uint64(idx_bits)) != np.uint64(0)
                # The highest differing label bit is the first round where the two differ (a select, not a branch:
                # whether neighbours split is unpredictable). The | 1 keeps msb64's argument nonzero.
                div[p] = c0 + 63 - msb64(diff | np.uint64(1)) if split else -1
                tied -= split
            a = b + 1
        c0 += rounds


@njit(inline="always")
def _join_order(gap, count, bucket, pairs):  # pragma: no cover - jitted
    """pairs[0:count - 1] = the neighbour pairs j = 0..count-2 by first differing round gap[j], latest first.

    A counting sort over the R = len(bucket) - 2 rounds; gap -1 (equal neighbours) counts as later than them all.
    """
    rounds = bucket.shape[0] - 2
    bucket[:] = 0
    for j in range(count - 1):
        g = gap[j] if gap[j] >= 0 else rounds
        bucket[rounds - g + 1] += 1
    for g in range(rounds + 1):
        bucket[g + 1] += bucket[g]
    for j in range(count - 1):
        key = rounds - (gap[j] if gap[j] >= 0 else rounds)
        pairs[bucket[key]] = j
        bucket[key] += 1


@njit(cache=True)
def root_value(div, m, join):  # pragma: no cover - jitted
    """W(H, x) from the neighbour rounds ``div`` of :func:`sort_patterns`, without building the trie.

    Joins the neighbour pairs latest round first (module docstring). An interval [a, b] of positions keeps its
    ends and its W at both of its ends (left, right, val), so a join reads and writes O(1) entries. Equal
    neighbours (div -1) join first and add no mistake. ``join`` = (bucket, pairs, left, right, val).
    """
    bucket, pairs, left, right, val = join
    for j in range(m):
        left[j], right[j], val[j] = j, j, 0
    _join_order(div, m, bucket, pairs)
    for q in range(m - 1):
        j = pairs[q]
        a, b, x, y = left[j], right[j + 1], val[j], val[j + 1]
        w = max(x, y) + ((x == y) & (div[j] >= 0))
        right[a], left[b], val[a], val[b] = b, a, w, w
    return val[0]


@njit(cache=True)
def _build_trie(perm, div, m, join, trie):  # pragma: no cover - jitted
    """The trie of the sorted patterns, joined as in :func:`root_value`; return its node count N.

    Nodes 0..L-1 are the leaves, the runs of equal patterns in sorted order; the internal nodes follow, children
    before parents, so the root is node N - 1. ``node`` holds the node of each interval at both of its ends;
    ``trie`` = (child, split_t, rep, size, value, gap) with the leaves' neighbour rounds in gap.
    """
    bucket, pairs, left, right, node = join
    child, split_t, rep, size, value, gap = trie
    leaves, start = 0, 0
    for p in range(m):
        if p < m - 1 and div[p] < 0:
            continue  # perm[p] and perm[p + 1] never differ: same leaf
        child[leaves, 0], child[leaves, 1], split_t[leaves], value[leaves] = -1, -1, -1, 0
        rep[leaves], size[leaves], gap[leaves] = perm[start], p + 1 - start, div[p] if p < m - 1 else -1
        left[leaves], right[leaves], node[leaves] = leaves, leaves, leaves
        leaves += 1
        start = p + 1
    _join_order(gap, leaves, bucket, pairs)
    count = leaves
    for q in range(leaves - 1):
        j = pairs[q]
        a, b, u, v = left[j], right[j + 1], node[j], node[j + 1]
        child[count, 0], child[count, 1], split_t[count] = u, v, gap[j]
        rep[count], size[count] = rep[u], size[u] + size[v]
        value[count] = max(value[u], value[v]) + (value[u] == value[v])
        right[a], left[b], node[a], node[b] = b, a, count, count
        count += 1
    return count


@njit(cache=True)
def buffers(m, words, rounds):  # pragma: no cover - jitted
    """Work space for m hypotheses in W words and sequences of R rounds: (space, join, trie) as taken by
    :func:`sort_patterns`, :func:`root_value` and the trie builder."""
    tmp, counts, stack = sort_scratch(m)
    space = (np.empty(m, np.int64), np.empty(m, np.int64), np.empty(64 * words, np.uint64), np.empty(m, np.uint64),
             np.empty(64, np.uint64), tmp, counts, stack)  # fmt: skip
    join = (np.empty(rounds + 2, np.int64), np.empty(m, np.int64), np.empty(m, np.int64), np.empty(m, np.int64),
            np.empty(m, np.int64))  # fmt: skip
    trie = (np.empty((2 * m, 2), np.int64), np.empty(2 * m, np.int64), np.empty(2 * m, np.int64),
            np.empty(2 * m, np.int64), np.empty(2 * m, np.int64), np.empty(m, np.int64))  # fmt: skip
    return space, join, trie


@njit(cache=True)
def trie_kernel(cols, order, m):  # pragma: no cover - jitted
    """Trie of the blocks of {0..m-1} along ``order``: child (N, 2), split round, a member, size, value W (N,).

    Node 0 is the whole class and parents come before children (the build order reversed).
    """
    space, join, trie = buffers(m, cols.shape[1], order.shape[0])
    sort_patterns(cols, order, m, space)
    count = _build_trie(space[0], space[1], m, join, trie)
    child, split_t, rep, size, value = trie[0], trie[1], trie[2], trie[3], trie[4]
    rev = np.arange(count - 1, -1, -1)
    relabel = np.where(child[rev] >= 0, count - 1 - child[rev], -1)
    return relabel, split_t[rev], rep[rev], size[rev], value[rev]


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
