"""Littlestone dimension by memoised, capped branch and bound over bitset version spaces; VC dimension.

LD(∅) = -1, LD({h}) = 0 and, for |V| >= 2,
    LD(V) = max over points x that split V of 1 + min(LD(V_{x→0}), LD(V_{x→1}))   (0 if no x splits V).
The kernel decides "LD(V) >= k" (:func:`_ld_at_least`): it is true iff some x has both sides of LD >= k - 1. Two
facts prune it (spec §2.1):

* LD(V) <= ⌊log2|V|⌋, so only points whose smaller side low_V(x) = min(|V_{x→0}|, |V_{x→1}|) is >= 2^{k-1} can
  witness k (the "viable" points), and trying the most balanced first finds witnesses early; frames with k = 1
  need any point that splits V and stop at the first;
* each decided (V, k) tightens the bounds lo <= LD(V) <= hi in the memo table (:mod:`._ld_memo`).

A frame counts |V_{x→1}| for every point at once from a word-major copy of the class (8 points per vector
popcount, four nonzero words of V per pass over the counters) and then takes its viable points one at a time, the
most balanced left first: most frames hold at their first candidate, so sorting them all would be wasted. The
frames index their rows in place rather than taking views, because every view of a numba array costs two atomic
reference-count updates, which in this loop cost as much as the arithmetic.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from theory._validate import check_int

from . import _ld_memo as memo_table
from ._bits import full_set, pack_columns, pop64, popcount
from ._classes import check_class

__all__ = ["LDTable", "littlestone_dimension", "vc_dimension"]

#: Deepest search of the LD kernel: LD <= log2|H| < 63 for any class that fits in memory.
MAX_LD = 62
# Integer fields of a search frame: |V|, k, viable candidates, candidates tried, phase, first half, |half 0|,
# |half 1|.
_F_SIZE, _F_K, _F_COUNT, _F_TRIED, _F_PHASE, _F_FIRST, _F_HALF0, _F_HALF1 = range(8)
# Words of V the counting pass adds per sweep over the counters (its loop body is written out for four).
_GROUP = 4
# The counting loop runs over the points padded to a multiple of 32: LLVM's vector loop then covers all of them
# (4 interleaved vectors of 8 words), with no scalar remainder.
_PAD = 32


class LDTable:
    """Memo table and work space of the LD kernel for one class with ``n`` points and W-word bitsets.

    Memo (:mod:`._ld_memo`): ``capacity`` C slots (a power of two; default at most 2^16 slots and 16 MiB of keys)
    allocated once, of which only the live part, 256 slots to start with, is touched; ``stats`` = [entries, hits,
    look-ups, clears, live slots]. Work space: one frame per search depth (the set, its two halves, its viable
    points with their low values and eight integers), so the kernel runs as a loop over an explicit stack: numba's
    cache cannot reload a recursive function that another cached function calls; and a word-major copy of the
    class, filled by the first frame that counts. A table serves one class: its memo and that copy both assume it.
    """

    def __init__(self, n: int, words: int, capacity: int | None = None) -> None:
        n = check_int("n", n, low=1)
        words = check_int("words", words, low=1)
        if capacity is None:
            capacity = max(4096, min(1 << 16, (16 << 20) // (8 * words)))
        capacity = check_int("capacity", capacity, low=2)  # half full must leave a free slot
        capacity = 1 << (capacity.bit_length() - 1)  # live slots double, so the capacity is a power of two
        depth = MAX_LD + 2
        padded = -(-n // _PAD) * _PAD
        self.memo = memo_table.memo_arrays(words, capacity)
        self.stats = self.memo[4]
        self.work = (
            np.empty((depth, words), dtype=np.uint64),  # sets
            np.empty((depth, 2, words), dtype=np.uint64),  # halves
            np.empty((depth, n), dtype=np.int64),  # viable points, in point order
            np.empty((depth, n), dtype=np.int64),  # their low_V, -1 once tried
            np.zeros((depth, 8), dtype=np.int64),  # frame integers (_F_*)
            np.empty((words, padded), dtype=np.uint64),  # the class word-major: [w, x] = cols[x, w], zero past n
            np.zeros(1, dtype=np.int64),  # 1 once the word-major copy is filled
            np.empty(words, dtype=np.uint64),  # scratch: the set handed to the memo
            np.empty(padded, dtype=np.int64),  # scratch: |V_{x→1}| for every point
            np.empty(words + _GROUP, dtype=np.int64),  # scratch: the indices of V's nonzero words, padded
            np.empty(words + _GROUP, dtype=np.uint64),  # scratch: those words, padded with zeros
        )

    def arrays(self) -> tuple[tuple[np.ndarray, ...], tuple[np.ndarray, ...]]:
        """The (memo, work space) pair of tuples the kernels take."""
        return self.memo, self.work


@njit(inline="always")
def _open_frame(cols, sets, order, lows, frames, tcols, filled, ones, nzi, nzw, d, size, k):  # pragma: no cover
    """Open the frame at depth d deciding LD(V) >= k for V = sets[d]: list its viable points x, those with
    low_V(x) = min(|V_{x→0}|, |V_{x→1}|) >= 2^{k-1}, in point order with their lows, and return their number.

    At k = 1 every point that splits V witnesses (both halves are nonempty and decide k = 0), so the frame scans
    the points in order and keeps the first splitting one. Rows are indexed in place, never taken as views: a
    view costs two atomic reference-count updates, which in this loop cost more than the arithmetic.
    """
    frames[d, _F_SIZE], frames[d, _F_K], frames[d, _F_COUNT], frames[d, _F_TRIED] = size, k, 0, 0
    # The nonzero words of V, listed without branches (structured classes keep V in a few words), then padded
    # with zero words to a whole number of groups: a zero word adds nothing to any count.
    nnz = 0
    for w in range(sets.shape[1]):
        nzi[nnz], nzw[nnz] = w, sets[d, w]
        nnz += sets[d, w] != 0
    if k == 1:
        for x in range(cols.shape[0]):
            ones_x = 0
            for i in range(nnz):
                ones_x += pop64(nzw[i] & cols[x, nzi[i]])
            if 0 < ones_x < size:
                order[d, 0], lows[d, 0] = x, min(ones_x, size - ones_x)
                frames[d, _F_COUNT] = 1
                return 1
        return 0
    if filled[0] == 0:
        # The first count with this table copies the class word-major (a table serves one class).
        tcols[:, :] = 0
        tcols[:, : cols.shape[0]] = cols.T
        filled[0] = 1
    for i in range(nnz, nnz + _GROUP):
        nzi[i], nzw[i] = 0, 0
    # ones[x] = |V_{x→1}|: the words of a point are contiguous in tcols, so each sweep ANDs and popcounts 8 points
    # per vector instruction, and adds four words of V at once, which quarters the loads and stores of ``ones``.
    ones[:] = 0
    for g in range(0, nnz, _GROUP):
        a, b, c, e = nzw[g], nzw[g + 1], nzw[g + 2], nzw[g + 3]
        ia, ib, ic, ie = nzi[g], nzi[g + 1], nzi[g + 2], nzi[g + 3]
        for x in range(ones.shape[0]):
            ones[x] += (pop64(a & tcols[ia, x]) + pop64(b & tcols[ib, x])) + (
                pop64(c & tcols[ic, x]) + pop64(e & tcols[ie, x])
            )
    need = np.int64(1) << (k - 1)
    count = 0
    for x in range(cols.shape[0]):
        low = min(ones[x], size - ones[x])
        if low >= need:
            order[d, count], lows[d, count] = x, low
            count += 1
    frames[d, _F_COUNT] = count
    return count


@njit(inline="always")
def _next_candidate(order, lows, frames, d):  # pragma: no cover - jitted
    """The untried viable point of frame d with the largest low (the first in point order on ties), or -1.

    Taking them one at a time gives the order of a stable sort by low descending, at O(count) per candidate.
    """
    count = frames[d, _F_COUNT]
    if frames[d, _F_TRIED] == count:
        return -1
    frames[d, _F_TRIED] += 1
    best = 0
    for j in range(1, count):
        if lows[d, j] > lows[d, best]:
            best = j
    lows[d, best] = -1
    return order[d, best]


@njit(cache=True)
def _ld_at_least(cols, v, size, k, table):  # pragma: no cover - jitted
    """True iff LD(V) >= k, for a nonempty version space ``v`` with |V| = ``size``.

    AND-OR search: frame (V, k) holds iff some candidate x has LD(V_{x→0}) >= k - 1 and LD(V_{x→1}) >= k - 1;
    the smaller half (more likely to fail, and faster) is decided first. ``result`` is the answer (1/0) that a
    decided half brings to the frame on top, or -1 when that frame has just been opened. Sets move between the
    frames and the memo through the scratch vector ``probe`` (the memo takes 1-D sets; see :func:`_open_frame`
    on views).
    """
    (keys, lo, hi, used, stats), work = table
    quick = memo_table.bounds_settle(keys, lo, hi, used, stats, v, size, k, MAX_LD)
    if quick >= 0:
        return quick == 1
    sets, halves, order, lows, frames, tcols, filled, probe, ones, nzi, nzw = work
    words = sets.shape[1]
    depth = 0
    sets[0, :] = v
    _open_frame(cols, sets, order, lows, frames, tcols, filled, ones, nzi, nzw, 0, size, k)
    result = -1
    while True:
        if result != 1:
            # Just opened, or a half of the last candidate is refuted: try the next candidate, or fail.
            half = -1
            x = _next_candidate(order, lows, frames, depth)
            if x >= 0:
                n1 = 0
                for w in range(words):
                    hit = sets[depth, w] & cols[x, w]
                    halves[depth, 1, w] = hit
                    halves[depth, 0, w] = sets[depth, w] ^ hit
                    n1 += pop64(hit)
                frames[depth, _F_HALF0], frames[depth, _F_HALF1] = frames[depth, _F_SIZE] - n1, n1
                half = 0 if frames[depth, _F_HALF0] <= frames[depth, _F_HALF1] else 1
                frames[depth, _F_FIRST], frames[depth, _F_PHASE] = half, 0
        elif frames[depth, _F_PHASE] == 0:
            frames[depth, _F_PHASE] = 1  # the first half holds: decide the second
            half = 1 - frames[depth, _F_FIRST]
        else:
            half = -1  # both halves hold: the frame holds
        if half >= 0:
            # Settle LD(half) >= k - 1 from the caps or the memo, or open the frame that decides it.
            n_half, k_half = frames[depth, _F_HALF0 + half], frames[depth, _F_K] - 1
            for w in range(words):
                probe[w] = halves[depth, half, w]
            result = memo_table.bounds_settle(keys, lo, hi, used, stats, probe, n_half, k_half, MAX_LD)
            if result == -1:
                depth += 1
                for w in range(words):
                    sets[depth, w] = probe[w]
                _open_frame(cols, sets, order, lows, frames, tcols, filled, ones, nzi, nzw, depth, n_half, k_half)
            continue
        holds = result == 1
        for w in range(words):
            probe[w] = sets[depth, w]
        memo_table.store(keys, lo, hi, used, stats, probe, frames[depth, _F_SIZE], frames[depth, _F_K], holds)
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
