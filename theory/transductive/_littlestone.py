"""Littlestone dimension by memoised, capped branch and bound over bitset version spaces; VC dimension.

LD(∅) = -1, LD({h}) = 0 and, for |V| >= 2,
    LD(V) = max over points x that split V of 1 + min(LD(V_{x→0}), LD(V_{x→1}))   (0 if no x splits V).
The kernel decides "LD(V) >= k" (:func:`_ld_at_least`): it is true iff some x has both sides of LD >= k - 1. Two
facts prune it (spec §2.1): LD(V) <= ⌊log2|V|⌋, so only points whose smaller side has >= 2^{k-1} hypotheses can
witness k, and trying the most balanced points first finds witnesses early. Each decided (V, k) tightens the
bounds lo <= LD(V) <= hi kept in an open-addressing table keyed by V's bitset. The table is a cache: when it is
half full it is emptied, which costs time but never correctness.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from ._bits import count_and, full_set, hash_bitset, pack_columns, popcount, split_into
from ._classes import check_class

__all__ = ["LDTable", "littlestone_dimension", "vc_dimension"]

#: Deepest search of the LD kernel: LD <= log2|H| < 63 for any class that fits in memory.
MAX_LD = 62
_STAT_ENTRIES, _STAT_HITS, _STAT_CALLS, _STAT_CLEARS = 0, 1, 2, 3
# Integer fields of a search frame: |V|, k, viable candidates, next candidate, phase, first half, |half 0|, |half 1|.
_F_SIZE, _F_K, _F_COUNT, _F_NEXT, _F_PHASE, _F_FIRST, _F_HALF0, _F_HALF1 = range(8)


class LDTable:
    """Memo table and work space of the LD kernel for one class with ``n`` points and W-word bitsets.

    Memo: keys (C, W) uint64, lo/hi int64 bounds on LD(key), used uint8, stats = [entries, hits, decisions,
    clears]; ``capacity`` C (a power of two) bounds its memory to about C·(8W + 17) bytes. Work space: one
    frame per search depth (the set, its two halves, its ordered candidate points and eight integers), so the
    kernel runs as a loop over an explicit stack: numba's cache cannot reload a recursive function that
    another cached function calls (it segfaults).
    """

    def __init__(self, n: int, words: int, capacity: int | None = None) -> None:
        if capacity is None:
            # At most 2^16 slots and 16 MiB of keys, at least 2^12 slots: the table is a cache (emptied when half
            # full), and a large one costs more to allocate than small problems take to solve.
            capacity = max(4096, min(1 << 16, (16 << 20) // (8 * max(words, 1))))
            capacity = 1 << (capacity.bit_length() - 1)
        depth = MAX_LD + 2
        self.keys = np.zeros((capacity, words), dtype=np.uint64)
        self.lo = np.zeros(capacity, dtype=np.int64)
        self.hi = np.zeros(capacity, dtype=np.int64)
        self.used = np.zeros(capacity, dtype=np.uint8)
        self.stats = np.zeros(4, dtype=np.int64)
        self.sets = np.zeros((depth, words), dtype=np.uint64)
        self.halves = np.zeros((depth, 2, words), dtype=np.uint64)
        self.order = np.zeros((depth, n), dtype=np.int64)
        self.frames = np.zeros((depth, 8), dtype=np.int64)

    def arrays(self) -> tuple[np.ndarray, ...]:
        """The tuple the kernels take (memo, then work space)."""
        return (self.keys, self.lo, self.hi, self.used, self.stats, self.sets, self.halves, self.order, self.frames)


@njit(cache=True)
def _slot(keys, used, v):  # pragma: no cover - jitted
    """Index of v's entry if present (found=True), else of the empty slot where it would go."""
    mask = np.uint64(keys.shape[0] - 1)
    s = np.int64(hash_bitset(v) & mask)
    while used[s]:
        same = True
        for w in range(v.shape[0]):
            if keys[s, w] != v[w]:
                same = False
                break
        if same:
            return s, True
        s = (s + 1) & (keys.shape[0] - 1)
    return s, False


@njit(cache=True)
def _record(table, v, size, k, holds):  # pragma: no cover - jitted
    """Store that LD(V) >= k (holds) or LD(V) < k (not holds), creating V's entry if needed."""
    keys, lo, hi, used, stats = table[0], table[1], table[2], table[3], table[4]
    s, found = _slot(keys, used, v)
    if not found:
        if 2 * (stats[_STAT_ENTRIES] + 1) > keys.shape[0]:
            used[:] = 0  # half full: empty the cache (correctness does not depend on it)
            stats[_STAT_ENTRIES] = 0
            stats[_STAT_CLEARS] += 1
            s, found = _slot(keys, used, v)
        used[s] = 1
        keys[s, :] = v
        lo[s] = 0
        hi[s] = np.int64(np.floor(np.log2(size)))
        stats[_STAT_ENTRIES] += 1
    if holds:
        lo[s] = max(lo[s], k)
    else:
        hi[s] = min(hi[s], k - 1)


@njit(cache=True)
def _quick(table, v, size, k):  # pragma: no cover - jitted
    """1 if LD(V) >= k is settled true, 0 if settled false (k <= 0, the log2 cap, the memo), -1 if unknown."""
    if k <= 0:
        return 1
    if k > MAX_LD or size < (np.int64(1) << k):
        return 0  # LD(V) <= ⌊log2|V|⌋
    keys, lo, hi, used, stats = table[0], table[1], table[2], table[3], table[4]
    stats[_STAT_CALLS] += 1
    s, found = _slot(keys, used, v)
    if found:
        if lo[s] >= k:
            stats[_STAT_HITS] += 1
            return 1
        if hi[s] < k:
            stats[_STAT_HITS] += 1
            return 0
    return -1


@njit(cache=True)
def _open_frame(cols, table, depth, v, size, k):  # pragma: no cover - jitted
    """Push the frame deciding LD(V) >= k: copy V, order the points by the smaller side of their split (most
    balanced first; mergesort keeps ties in index order) and keep those whose smaller side has >= 2^{k-1}."""
    sets, order, frames = table[5], table[7], table[8]
    sets[depth, :] = v
    need = np.int64(1) << (k - 1)
    # Keep the viable points (in index order), then sort only them: usually few qualify, and sorting all n
    # points at every frame dominated the kernel's time. The order equals the stable full sort, truncated.
    count = 0
    smaller = np.empty(cols.shape[0], dtype=np.int64)
    for x in range(cols.shape[0]):
        ones = count_and(v, cols[x])
        low = min(ones, size - ones)
        if low >= need:
            order[depth, count] = x
            smaller[count] = low
            count += 1
    if count > 1:
        ranked = np.argsort(-smaller[:count], kind="mergesort")
        order[depth, :count] = order[depth, :count][ranked]
    frames[depth, _F_SIZE], frames[depth, _F_K], frames[depth, _F_COUNT] = size, k, count
    frames[depth, _F_NEXT], frames[depth, _F_PHASE] = 0, 0


@njit(cache=True)
def _ld_at_least(cols, v, size, k, table):  # pragma: no cover - jitted
    """True iff LD(V) >= k, for a nonempty version space ``v`` with |V| = ``size``.

    AND-OR search: frame (V, k) holds iff some candidate x has LD(V_{x→0}) >= k - 1 and LD(V_{x→1}) >= k - 1;
    the smaller half (more likely to fail, and faster) is decided first. ``result`` carries a child's answer
    (1/0) up to its frame, or -1 when the frame on top must try its next candidate.
    """
    quick = _quick(table, v, size, k)
    if quick >= 0:
        return quick == 1
    sets, halves, order, frames = table[5], table[6], table[7], table[8]
    depth = 0
    _open_frame(cols, table, 0, v, size, k)
    result = -1
    while True:
        f = frames[depth]
        if result == -1:
            if f[_F_NEXT] >= f[_F_COUNT]:
                result = 0  # no candidate witnesses k: the frame fails
            else:
                x = order[depth, f[_F_NEXT]]
                ones = split_into(halves[depth, 0], halves[depth, 1], sets[depth], cols[x])
                f[_F_HALF0], f[_F_HALF1] = f[_F_SIZE] - ones, ones
                f[_F_FIRST] = 0 if f[_F_HALF0] <= f[_F_HALF1] else 1
                f[_F_PHASE] = 0
                half = f[_F_FIRST]
                result = _quick(table, halves[depth, half], f[_F_HALF0 + half], f[_F_K] - 1)
                if result == -1:
                    _open_frame(cols, table, depth + 1, halves[depth, half], f[_F_HALF0 + half], f[_F_K] - 1)
                    depth += 1
                continue
        elif result == 1 and f[_F_PHASE] == 0:
            f[_F_PHASE] = 1  # first half holds: decide the second
            half = 1 - f[_F_FIRST]
            result = _quick(table, halves[depth, half], f[_F_HALF0 + half], f[_F_K] - 1)
            if result == -1:
                _open_frame(cols, table, depth + 1, halves[depth, half], f[_F_HALF0 + half], f[_F_K] - 1)
                depth += 1
            continue
        elif result == 0:
            f[_F_NEXT] += 1  # this candidate failed: try the next
            result = -1
            continue
        # Here the frame is settled: result 1 (both halves hold) or 0 (no candidate left).
        _record(table, sets[depth], f[_F_SIZE], f[_F_K], result == 1)
        if depth == 0:
            return result == 1
        depth -= 1


@njit(cache=True)
def _ld_exact(cols, v, table):  # pragma: no cover - jitted
    """LD(V) exactly (-1 for the empty set): test k = ⌊log2|V|⌋, ⌊log2|V|⌋ - 1, ... until one holds.

    Downwards, because the tests above LD are refuted quickly (few points split V evenly enough) and the one at
    LD needs a single witness tree; upwards would build a witness tree for every k below LD.
    """
    size = popcount(v)
    if size == 0:
        return -1
    k = min(np.int64(np.floor(np.log2(size))), MAX_LD)
    keys, lo, hi, used = table[0], table[1], table[2], table[3]
    s, found = _slot(keys, used, v)
    if found:
        k = min(k, hi[s])
        if lo[s] >= k:
            return k
    while k > 0 and not _ld_at_least(cols, v, size, k, table):
        k -= 1
    return k


def littlestone_dimension(H: object) -> int:
    """LD(H): the depth of the deepest mistake tree H shatters (LD = d needs d levels and >= 2^d functions).

    >>> from theory.transductive import thresholds
    >>> littlestone_dimension(thresholds(7))
    3
    """
    mat = check_class(H)
    cols = pack_columns(mat)
    return int(_ld_exact(cols, full_set(mat.shape[0]), LDTable(*cols.shape).arrays()))


def vc_dimension(H: object) -> int:
    """VC(H): the size of the largest set of points on which H realises all 2^k patterns.

    Shattered sets are closed under subsets, so the search extends only the shattered sets of size k - 1
    (``O(Σ_k n·#shattered_k)`` pattern counts, each a pass over the m rows).
    """
    mat = check_class(H).astype(np.int64)
    m, n = mat.shape
    # A point is shattered alone iff it takes both values.
    level = [(x,) for x in range(n) if 0 < mat[:, x].sum() < m]
    best = 1 if level else 0
    while level and 2 ** (best + 1) <= m:
        grown, known = set(), set(level)
        for subset in level:
            for x in range(subset[-1] + 1, n):
                cand = subset + (x,)
                # Every (k-1)-subset of a shattered k-set is shattered: check the others before counting.
                if any(cand[:i] + cand[i + 1 :] not in known for i in range(len(cand) - 1)):
                    continue
                codes = mat[:, list(cand)] @ (1 << np.arange(len(cand)))
                if np.unique(codes).size == 2 ** len(cand):
                    grown.add(cand)
        level = sorted(grown)
        if level:
            best += 1
    return best
