"""The kernels behind :mod:`._fixed_order`: sort a class's hypotheses by their labels along a sequence, then read
the trie of version-space blocks and its value W off the sorted order.

Along x = (x_1, ..., x_n), hypothesis h has the pattern (h(x_1), ..., h(x_n)). The trie of spec §1.3 is the
binary trie of these patterns: a block is the set of hypotheses sharing a prefix, and it splits at the first round
where their patterns differ. With the patterns sorted (first round most significant), every block is a run of
neighbours, and neighbours p, p + 1 first differ at a round div[p]: the trie node splitting at div[p] joins the
subtree that ends at p with the one that starts at p + 1, and every split inside those two subtrees comes later.
So joining neighbour pairs from the latest round to the earliest meets each node after its children.

Cost per sequence on m hypotheses: one 64 x 64 bit transpose per ⌊64 / R⌋ words of hypotheses for a first chunk
of R ≈ log2 m + 6 rounds, a stable LSD radix sort of m keys in ⌈R / 8⌉ passes, labels gathered one by one for
the few hypotheses still tied, and O(m + n) for the joins. The joins use no data-dependent branches: on random
classes a branch per trie node (a recursion, or a stack of open subtrees) mispredicts about half the time, which
costs more than the arithmetic (measured: a stack pass over the sorted neighbours was no faster).
"""

from __future__ import annotations

import numpy as np
from numba import njit

from ._bits import msb64, transpose64
from ._sort import sort_scratch, sort_top_bits, sort_u64

__all__ = ["buffers", "root_value", "sort_patterns", "trie_kernel"]

# Labels a later chunk takes one at a time rather than transposing all words: a transpose of one group of words
# costs about as much as gathering this many single labels.
_GATHER = 128
# Rounds per later chunk when gathering: enough to split most pairs tied so far, few enough not to gather far ahead.
_GATHER_ROUNDS = 8


@njit(inline="always")
def _chunk_keys(cols, order, c0, rounds, keys, block):  # pragma: no cover - jitted
    """keys[h] = h's labels on rounds c0 .. c0 + R - 1 (R = ``rounds``, 1 <= R < 64), round c0 + j at bit 63 - j,
    with h itself in the low bits (the caller keeps R + the bit length of h <= 64).

    A 64 x 64 bit transpose turns column words (rows of ``block``) into per-hypothesis words. One transpose serves
    g = ⌊64 / R⌋ words of hypotheses: word w0 + i fills rows 63 - iR - j (j < R), so after the transpose row b
    holds the labels of hypothesis 64 (w0 + i) + b at bits 63 - iR - j, and a left shift by iR moves them to the
    top. The bits below the top R are cleared before the index goes in.
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
                h = 64 * (w0 + i) + b
                keys[h] = ((block[b] << shift) & top) | np.uint64(h)


@njit(inline="always")
def _gathered_key(cols, order, c0, rounds, h):  # pragma: no cover - jitted
    """The key of :func:`_chunk_keys` for one hypothesis h, one label at a time (cheaper for a few hypotheses)."""
    w, b = h >> 6, np.uint64(h & 63)
    key = np.uint64(h)
    for j in range(rounds):
        key |= ((cols[order[c0 + j], w] >> b) & np.uint64(1)) << np.uint64(63 - j)
    return key


@njit(inline="always")
def _neighbours(keys, a, b, c0, idx_bits, perm, div):  # pragma: no cover - jitted
    """Read perm[a..b] and div[a..b-1] off keys[a..b], sorted chunk keys (labels of rounds c0.. above the index);
    return the number of neighbour pairs still tied.

    The loop has no branch, which lets LLVM vectorise it: listing the tied pairs inside it (a rare, well-predicted
    branch) made the whole sort 30% slower at m = 1024, so :func:`_list_ties` does that in a pass of its own.
    """
    idx_mask = (np.uint64(1) << np.uint64(idx_bits)) - np.uint64(1)
    tied = 0
    perm[b] = np.int64(keys[b] & idx_mask)
    for p in range(a, b):
        perm[p] = np.int64(keys[p] & idx_mask)
        diff = keys[p] ^ keys[p + 1]
        split = (diff >> np.uint64(idx_bits)) != np.uint64(0)
        # The highest differing label bit is the first round where the two differ; the | 1 keeps msb64's argument
        # nonzero.
        div[p] = c0 + 63 - msb64(diff | np.uint64(1)) if split else -1
        tied += not split
    return tied


@njit(inline="always")
def _list_ties(div, a, b, ties, kept):  # pragma: no cover - jitted
    """Append the tied pairs p in a..b-1 (div[p] = -1) to ties[kept:]; return the new length."""
    for p in range(a, b):
        if div[p] < 0:
            ties[kept] = p
            kept += 1
    return kept


@njit(cache=True)
def sort_patterns(cols, order, m, space):  # pragma: no cover - jitted
    """Sort the hypotheses 0..m-1 by their patterns along ``order`` (the first round most significant).

    ``cols`` (n, W) are the column bitsets, ``space`` = (perm, div, ties, keys, packed, block, tmp, counts, stack) from
    :func:`buffers`. On return perm[0:m] is the sorted order (ties by index) and div[p] (p < m - 1) is the first
    round where perm[p] and perm[p + 1] differ, -1 if never.

    Rounds go in chunks: a hypothesis's labels on a chunk (high bits) and its index (low bits, b = the bit length
    of m - 1) fit one uint64, so one integer sort orders a run of hypotheses that agreed so far by their next
    labels. The first chunk has only the rounds of ⌈(b + 6) / 8⌉ whole 8-bit digits of a stable LSD sort: on
    random classes that leaves about m / 128 pairs tied, while the transposes and sort passes grow with the rounds.
    Later chunks have 64 - b rounds and only re-sort the runs still tied, taking the labels of their few
    hypotheses one by one unless transposing all words is cheaper.
    """
    perm, div, ties, keys, packed, block, tmp, counts, stack = space
    n = order.shape[0]
    idx_bits = 0
    while (np.int64(1) << idx_bits) < m:
        idx_bits += 1
    per_chunk = 64 - idx_bits
    c0 = min(n, per_chunk, 8 * ((idx_bits + 13) // 8))
    if c0 == 0:
        # The empty sequence tells no hypotheses apart.
        for p in range(m):
            perm[p], div[p] = p, -1
        return
    _chunk_keys(cols, order, 0, c0, keys, block)
    # The keys start in index order and the sort is stable, so sorting by the labels alone breaks ties by index.
    sort_top_bits(keys, 0, m, c0, tmp, counts)
    tied = _neighbours(keys, 0, m - 1, 0, idx_bits, perm, div)
    if tied > 0 and c0 < n:
        _list_ties(div, 0, m - 1, ties, 0)  # ties[0:tied]: the pairs still tied, in order
    while c0 < n and tied > 0:
        rounds = min(per_chunk, n - c0)
        # A tied run of r pairs holds r + 1 <= 2r hypotheses, and one transpose (of 64 // R words) costs about
        # _GATHER single labels.
        gather = 2 * tied * rounds < _GATHER * -(-cols.shape[1] // (64 // rounds))
        if gather:
            # Most tied hypotheses split within a few rounds: gathering a whole chunk of labels would be wasted.
            rounds = min(rounds, _GATHER_ROUNDS)
        else:
            _chunk_keys(cols, order, c0, rounds, keys, block)
        i, kept = 0, 0
        while i < tied:
            # Consecutive tied pairs ties[i..j] make one run perm[a..b] that agrees on every round before c0.
            j = i
            while j + 1 < tied and ties[j + 1] == ties[j] + 1:
                j += 1
            a, b = ties[i], ties[j] + 1
            for p in range(a, b + 1):
                packed[p] = _gathered_key(cols, order, c0, rounds, perm[p]) if gather else keys[perm[p]]
            sort_u64(packed, a, b + 1, tmp, counts, stack)
            # The run appends at most j - i + 1 pairs from kept <= i on: it overwrites only entries already read.
            if _neighbours(packed, a, b, c0, idx_bits, perm, div) > 0:
                kept = _list_ties(div, a, b, ties, kept)
            i = j + 1
        tied = kept
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


@njit(inline="always")
def _join(ends, j):  # pragma: no cover - jitted
    """Join the interval ending at j with the one starting at j + 1; return (the new ends a, b, their payloads x, y).

    ``ends`` holds, at both ends of each interval of positions, the other end (low 32 bits) and a payload (the high
    bits): one load per interval, where separate arrays of ends and payloads cost two loads and two stores each.
    """
    low = np.int64(0xFFFFFFFF)
    left, right = ends[j], ends[j + 1]
    return left & low, right & low, left >> 32, right >> 32


@njit(cache=True)
def root_value(div, m, join):  # pragma: no cover - jitted
    """W(H, x) from the neighbour rounds ``div`` of :func:`sort_patterns`, without building the trie.

    Joins the neighbour pairs latest round first (module docstring). An interval of positions keeps its W at both
    of its ends (:func:`_join`), so a join reads and writes O(1) entries. Equal neighbours (div -1) join first and
    add no mistake. ``join`` = (bucket, pairs, ends).
    """
    bucket, pairs, ends = join
    for j in range(m):
        ends[j] = j  # every position its own interval, W = 0
    _join_order(div, m, bucket, pairs)
    for q in range(m - 1):
        j = pairs[q]
        a, b, x, y = _join(ends, j)
        w = max(x, y) + ((x == y) & (div[j] >= 0))
        ends[a], ends[b] = (w << 32) | b, (w << 32) | a
    return ends[0] >> 32


@njit(cache=True)
def _build_trie(perm, div, m, join, trie):  # pragma: no cover - jitted
    """The trie of the sorted patterns, joined as in :func:`root_value`; return its node count N.

    Nodes 0..L-1 are the leaves, the runs of equal patterns in sorted order; the internal nodes follow, children
    before parents, so the root is node N - 1. The payload of an interval's ends is its node; ``trie`` = (child,
    split_t, rep, size, value, gap) with the leaves' neighbour rounds in gap.
    """
    bucket, pairs, ends = join
    child, split_t, rep, size, value, gap = trie
    leaves, start = 0, 0
    for p in range(m):
        if p < m - 1 and div[p] < 0:
            continue  # perm[p] and perm[p + 1] never differ: same leaf
        child[leaves, 0], child[leaves, 1], split_t[leaves], value[leaves] = -1, -1, -1, 0
        rep[leaves], size[leaves], gap[leaves] = perm[start], p + 1 - start, div[p] if p < m - 1 else -1
        ends[leaves] = (leaves << 32) | leaves
        leaves += 1
        start = p + 1
    _join_order(gap, leaves, bucket, pairs)
    count = leaves
    for q in range(leaves - 1):
        j = pairs[q]
        a, b, u, v = _join(ends, j)
        child[count, 0], child[count, 1], split_t[count] = u, v, gap[j]
        rep[count], size[count] = rep[u], size[u] + size[v]
        value[count] = max(value[u], value[v]) + (value[u] == value[v])
        ends[a], ends[b] = (count << 32) | b, (count << 32) | a
        count += 1
    return count


@njit(cache=True)
def buffers(m, words, rounds):  # pragma: no cover - jitted
    """Work space for m hypotheses in W words and sequences of R rounds: (space, join, trie) as taken by
    :func:`sort_patterns`, :func:`root_value` and the trie builder."""
    tmp, counts, stack = sort_scratch(m)
    space = (np.empty(m, np.int64), np.empty(m, np.int64), np.empty(m, np.int64), np.empty(64 * words, np.uint64),
             np.empty(m, np.uint64), np.empty(64, np.uint64), tmp, counts, stack)  # fmt: skip
    join = (np.empty(rounds + 2, np.int64), np.empty(m, np.int64), np.empty(m, np.int64))
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
