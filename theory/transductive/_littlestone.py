"""Littlestone dimension by memoised, capped branch and bound over bitset version spaces; VC dimension.

LD(∅) = -1, LD({h}) = 0 and, for |V| >= 2,
    LD(V) = max over points x that split V of 1 + min(LD(V_{x→0}), LD(V_{x→1}))   (0 if no x splits V).
The kernel decides "LD(V) >= k" (:func:`_ld_at_least`): it is true iff some x has both sides of LD >= k - 1. Three
facts prune it (spec §2.1):

* LD(V) <= ⌊log2|V|⌋, so only points whose smaller side low_V(x) = min(|V_{x→0}|, |V_{x→1}|) is >= 2^{k-1} can
  witness k (the "viable" points), and trying the most balanced first finds witnesses early;
* low_V(x) can only shrink on a subset of V, so each frame hands its descendants the points with low_V(x) >= 2
  (all that a frame with k >= 2 can use) and deep frames scan a few points, not n; frames with k = 1 need any
  point that splits V and stop at the first;
* each decided (V, k) tightens the bounds lo <= LD(V) <= hi in the memo table (:mod:`._ld_memo`).
"""

from __future__ import annotations

import numpy as np
from numba import njit

from theory._validate import check_int

from . import _ld_memo as memo_table
from ._bits import count_and, full_set, pack_columns, pop64, popcount, split_into
from ._classes import check_class
from ._sort import sort_scratch, sort_u64

__all__ = ["LDTable", "littlestone_dimension", "vc_dimension"]

#: Deepest search of the LD kernel: LD <= log2|H| < 63 for any class that fits in memory.
MAX_LD = 62
#: low = min(|V_{x→0}|, |V_{x→1}|) < 2^31 for every class that fits in memory; sort keys hold cap - low.
_LOW_CAP = (1 << 32) - 1
# Integer fields of a search frame: |V|, k, viable candidates, next candidate, phase, first half, |half 0|,
# |half 1|, length of the list handed to the child frames.
_F_SIZE, _F_K, _F_COUNT, _F_NEXT, _F_PHASE, _F_FIRST, _F_HALF0, _F_HALF1, _F_SCAN = range(9)


class LDTable:
    """Memo table and work space of the LD kernel for one class with ``n`` points and W-word bitsets.

    Memo (:mod:`._ld_memo`): ``capacity`` C slots (a power of two; default at most 2^16 slots and 16 MiB of keys)
    allocated once, of which only the live part, 256 slots to start with, is touched; ``stats`` = [entries, hits,
    look-ups, clears, live slots]. Work space: one frame per search depth (the set, its two halves, its ordered
    viable points, the points handed to its children and nine integers), so the kernel runs as a loop over an
    explicit stack: numba's cache cannot reload a recursive function that another cached function calls.
    """

    def __init__(self, n: int, words: int, capacity: int | None = None) -> None:
        n = check_int("n", n, low=1)
        words = check_int("words", words, low=1)
        if capacity is None:
            capacity = max(4096, min(1 << 16, (16 << 20) // (8 * words)))
        capacity = check_int("capacity", capacity, low=2)  # half full must leave a free slot
        capacity = 1 << (capacity.bit_length() - 1)  # live slots double, so the capacity is a power of two
        depth = MAX_LD + 2
        self.memo = memo_table.memo_arrays(words, capacity)
        self.stats = self.memo[4]
        self.work = (
            np.empty((depth, words), dtype=np.uint64),  # sets
            np.empty((depth, 2, words), dtype=np.uint64),  # halves
            np.empty((depth, n), dtype=np.int64),  # viable points, most balanced first
            np.empty((depth, n), dtype=np.int64),  # points the child frames scan
            np.zeros((depth, 9), dtype=np.int64),  # frame integers (_F_*)
            np.arange(n, dtype=np.int64),  # every point: what a top frame scans
            np.empty(n, dtype=np.int64),  # scratch: low_V of the viable points
            np.empty(n, dtype=np.int64),  # scratch: |V_{x→1}| for the scanned points
            np.empty(n, dtype=np.uint64),  # scratch: sort keys of the viable points
            *sort_scratch(n),
        )

    def arrays(self) -> tuple[tuple[np.ndarray, ...], tuple[np.ndarray, ...]]:
        """The (memo, work space) pair of tuples the kernels take."""
        return self.memo, self.work


@njit(inline="always")
def _count_points(cols, v, first, last, src, total, ones):  # pragma: no cover - jitted
    """ones[i] = |V_{x→1}| for the points x = src[i], i < total, where V's nonzero words are first..last-1.

    Counting over slices gives the word loop fixed bounds, so LLVM vectorises it (with bounds first/last it does
    not, and the frame costs several times more); a V inside one word is counted without the slicing.
    """
    if last - first == 1:
        word = v[first]
        for i in range(total):
            ones[i] = pop64(word & cols[src[i], first])
    else:
        inside = v[first:last]
        for i in range(total):
            ones[i] = count_and(inside, cols[src[i], first:last])


@njit(cache=True)
def _open_frame(cols, table, depth, v, size, k):  # pragma: no cover - jitted
    """Push the frame deciding LD(V) >= k: copy V, list its viable points (most balanced first; ties in point
    order) and the points with low_V >= 2, which its descendant frames with k >= 2 will scan.

    At k = 1 every point that splits V witnesses (both halves are nonempty and decide k = 0), so the frame scans
    the points in order and keeps the first splitting one. The list handed down can use the fixed threshold 2,
    not the child's 2^{k-2}, because it must serve every deeper frame with k >= 2, and low only shrinks going down.
    """
    work = table[1]
    sets, order, scan, frames, points, lows = work[0], work[2], work[3], work[4], work[5], work[6]
    sets[depth, :] = v
    f = frames[depth]
    f[_F_SIZE], f[_F_K], f[_F_COUNT], f[_F_NEXT], f[_F_PHASE], f[_F_SCAN] = size, k, 0, 0, 0, 0
    # The words of V that can be nonzero: structured classes (trees, thresholds) keep V in a few words.
    first, last = 0, v.shape[0]
    while first < last and v[first] == 0:
        first += 1
    while last > first and v[last - 1] == 0:
        last -= 1
    if k == 1:
        inside = v[first:last]
        for x in range(cols.shape[0]):
            if 0 < count_and(inside, cols[x, first:last]) < size:
                order[depth, 0] = x
                f[_F_COUNT] = 1
                break
        return
    src, total = (points, points.shape[0]) if depth == 0 else (scan[depth - 1], frames[depth - 1, _F_SCAN])
    ones = work[7]
    _count_points(cols, v, first, last, src, total, ones)
    need = np.int64(1) << (k - 1)
    count, handed = 0, 0
    for i in range(total):
        low = min(ones[i], size - ones[i])
        if low >= need:
            order[depth, count] = src[i]
            lows[count] = low
            count += 1
        if low >= 2:
            scan[depth, handed] = src[i]
            handed += 1
    if count > 1:
        # Stable order by low descending: sort the keys (cap - low, position), then read the points back.
        keys, tmp, sort_counts, stack = work[8], work[9], work[10], work[11]
        for i in range(count):
            keys[i] = (np.uint64(_LOW_CAP - lows[i]) << np.uint64(32)) | np.uint64(i)
        sort_u64(keys, 0, count, tmp, sort_counts, stack)
        for j in range(count):
            lows[j] = order[depth, np.int64(keys[j] & np.uint64(0xFFFFFFFF))]
        order[depth, :count] = lows[:count]
    f[_F_COUNT], f[_F_SCAN] = count, handed


@njit(cache=True)
def _ld_at_least(cols, v, size, k, table):  # pragma: no cover - jitted
    """True iff LD(V) >= k, for a nonempty version space ``v`` with |V| = ``size``.

    AND-OR search: frame (V, k) holds iff some candidate x has LD(V_{x→0}) >= k - 1 and LD(V_{x→1}) >= k - 1;
    the smaller half (more likely to fail, and faster) is decided first. ``result`` is the answer (1/0) that a
    decided half brings to the frame on top, or -1 when that frame has just been opened.
    """
    quick = memo_table.settled(table[0], v, size, k, MAX_LD)
    if quick >= 0:
        return quick == 1
    sets, halves, order, frames = table[1][0], table[1][1], table[1][2], table[1][4]
    depth = 0
    _open_frame(cols, table, 0, v, size, k)
    result = -1
    while True:
        f = frames[depth]
        if result == 0:
            f[_F_NEXT] += 1  # a half of this candidate is refuted: try the next
        if result != 1:
            half = -1  # unless a candidate is left, the frame fails
            if f[_F_NEXT] < f[_F_COUNT]:
                x = order[depth, f[_F_NEXT]]
                ones = split_into(halves[depth, 0], halves[depth, 1], sets[depth], cols[x])
                f[_F_HALF0], f[_F_HALF1] = f[_F_SIZE] - ones, ones
                f[_F_FIRST] = 0 if f[_F_HALF0] <= f[_F_HALF1] else 1
                f[_F_PHASE] = 0
                half = f[_F_FIRST]
        elif f[_F_PHASE] == 0:
            f[_F_PHASE] = 1  # the first half holds: decide the second
            half = 1 - f[_F_FIRST]
        else:
            half = -1  # both halves hold: the frame holds
        if half >= 0:
            # Settle LD(half) >= k - 1 from the caps or the memo, or open the frame that decides it.
            n_half = f[_F_HALF0 + half]
            result = memo_table.settled(table[0], halves[depth, half], n_half, f[_F_K] - 1, MAX_LD)
            if result == -1:
                _open_frame(cols, table, depth + 1, halves[depth, half], n_half, f[_F_K] - 1)
                depth += 1
            continue
        holds = result == 1
        memo_table.record(table[0], sets[depth], f[_F_SIZE], f[_F_K], holds)
        if depth == 0:
            return holds
        depth -= 1
        result = 1 if holds else 0


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
    s, found = memo_table.slot(table[0], v)
    if found:
        k = min(k, table[0][2][s])
        if table[0][1][s] >= k:
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
