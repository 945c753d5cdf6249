"""Constraint states of the decision search (:mod:`._decide`): requirements, candidate points, option choices.

A state is a run of rows of the pool arrays (sets (P, W) uint64 blocks, req (P,) requirements r, sizes (P,) |V|,
origin (P,) the constraint of the parent state that the row came from).
For a candidate point z, each constraint (V, r) that z splits into V0, V1 has up to three *options*: tie (V0 and V1
each need r - 1), strong 0 (V0 needs r), strong 1 (V1 needs r). A *split record* per split constraint holds its
index, the options not already known to fail and the digit of a mixed-radix counter over the combinations.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from . import _ld_memo as memo_table
from ._bits import count_and, mix64, pop64
from ._littlestone import MAX_LD, _ld_at_least

__all__ = ["advance", "build_child", "grow_rows", "list_candidates", "quick", "setup_point"]

# Split records: constraint index (within the frame), option count, options, current digit.
_S_CON, _S_NOPT, _S_OPT, _S_DIGIT = 0, 1, 2, 5
_TIE, _STRONG0, _STRONG1 = 0, 1, 2


@njit(cache=True)
def quick(cols, v, size, r, ld_table, mtr):  # pragma: no cover - jitted
    """1 if M_tr(V) >= r is known to hold, 0 if known to fail, -1 if it needs a search."""
    if r <= 0:
        return 1
    if r == 1:
        return 1 if size >= 2 else 0
    known = memo_table.settled(mtr, v, size, r, MAX_LD)
    if known >= 0:
        return known
    if not _ld_at_least(cols, v, size, r, ld_table):
        memo_table.record(mtr, v, size, r, False)
        return 0
    if r == 2:
        return 1  # LD >= 2 forces 2 on the 3-node BFS sequence of a shattered tree
    return -1


@njit(inline="always")
def _lowest(v):  # pragma: no cover - jitted
    """Index of the first hypothesis of a nonempty bitset (blocks are disjoint, so it names the block)."""
    for w in range(v.shape[0]):
        if v[w] != 0:
            return w * 64 + pop64((v[w] & (~v[w] + np.uint64(1))) - np.uint64(1))
    return -1


@njit(inline="always")
def grow_rows(a, need):  # pragma: no cover - jitted
    """``a`` with at least ``need`` rows (doubling), the old rows copied."""
    if need <= a.shape[0]:
        return a
    b = np.empty((max(need, 2 * a.shape[0]),) + a.shape[1:], dtype=a.dtype)
    b[: a.shape[0]] = a
    return b


@njit(inline="always")
def _same_split(cols, a, b, sets, start, count):  # pragma: no cover - jitted
    """Whether points a and b cut every constraint's block into the same two parts (sides possibly swapped)."""
    for i in range(start, start + count):
        direct, swapped = True, True
        for w in range(sets.shape[1]):
            pa, pb = sets[i, w] & cols[a, w], sets[i, w] & cols[b, w]
            direct = direct and pa == pb
            swapped = swapped and pa == (sets[i, w] ^ pb)
        if not (direct or swapped):
            return False
    return True


@njit(cache=True)
def list_candidates(cols, sets, req, sizes, start, count, cands, cstart, score, seen):  # pragma: no cover
    """Write the points worth branching on to cands[cstart:], best first; return how many.

    A point must split some constraint. Two points that cut every block into the same two parts lead to the same
    child states (the options are symmetric in the sides), so only the first of each such class is kept: deep in
    the search, where blocks are small, most points fall into a few classes. ``seen`` (a power-of-two length
    >= 2n) is scratch for the open-addressing set of class keys. The score favours points that split
    high-requirement constraints evenly: the smaller side weighted by 2^r.
    """
    n = cols.shape[0]
    mask = seen.shape[0] - 1
    seen[:] = -1
    found = 0
    for z in range(n):
        s = 0
        key = np.uint64(0)
        for i in range(start, start + count):
            ones = count_and(sets[i], cols[z])
            if 0 < ones < sizes[i]:
                s += (min(ones, sizes[i] - ones) << min(req[i], 40)) + 1
                # Key of the unordered split: the part holding the block's first hypothesis.
                lead = _lowest(sets[i])
                flip = (cols[z, lead >> 6] >> np.uint64(lead & 63)) & np.uint64(1)
                for w in range(sets.shape[1]):
                    part = sets[i, w] & cols[z, w]
                    if flip:
                        part ^= sets[i, w]
                    key = mix64(key ^ (part + np.uint64(i - start + 1)))
        if s == 0:
            continue
        slot = np.int64(key & np.uint64(mask))
        duplicate = False
        while seen[slot] >= 0:
            if _same_split(cols, seen[slot], z, sets, start, count):
                duplicate = True
                break
            slot = (slot + 1) & mask
        if duplicate:
            continue
        seen[slot] = z
        score[found] = -s
        cands[cstart + found] = z
        found += 1
    order = np.argsort(score[:found], kind="mergesort")
    cands[cstart : cstart + found] = cands[cstart : cstart + found][order]
    return found


@njit(cache=True)
def setup_point(cols, z, sets, req, sizes, start, count, splits, sstart, half, ld_table, mtr):  # pragma: no cover
    """Record, for each constraint that z splits, its options not already known to fail (tie first).

    Returns the number of split constraints, or -1 - i if constraint i (counted from ``start``) has no option left:
    z cannot help this state, and constraint i alone is the reason.
    """
    nsplit = 0
    for i in range(start, start + count):
        ones = 0
        for w in range(sets.shape[1]):
            half[1, w] = sets[i, w] & cols[z, w]
            half[0, w] = sets[i, w] ^ half[1, w]
            ones += pop64(half[1, w])
        if ones == 0 or ones == sizes[i]:
            continue
        size0, r = sizes[i] - ones, req[i]
        row = splits[sstart + nsplit]
        row[_S_CON], row[_S_NOPT], row[_S_DIGIT] = i - start, 0, 0
        if quick(cols, half[0], size0, r - 1, ld_table, mtr) != 0 and (
            quick(cols, half[1], ones, r - 1, ld_table, mtr) != 0
        ):
            row[_S_OPT] = _TIE
            row[_S_NOPT] = 1
        for side in range(2):
            if quick(cols, half[side], size0 if side == 0 else ones, r, ld_table, mtr) != 0:
                row[_S_OPT + row[_S_NOPT]] = _STRONG0 + side
                row[_S_NOPT] += 1
        if row[_S_NOPT] == 0:
            return -1 - (i - start)
        nsplit += 1
    return nsplit


@njit(inline="always")
def advance(splits, sstart, nsplit, blame, start):  # pragma: no cover - jitted
    """Step the mixed-radix counter of option choices past the combination that just failed: 1 if a combination is
    left, 0 once every combination has been tried or skipped, -1 if no split constraint is blamed.

    ``blame`` (indexed from ``start``) flags the constraints the failure's reason came from. Every combination that
    differs from the failed one only in the digits of unblamed constraints leads to a child with the same reason, so
    it fails too: the counter resets the digits below the lowest blamed one and steps that one (conflict-directed
    backjumping; a carry into a higher unblamed digit may still revisit such a combination, which then fails and
    skips again). With no split constraint blamed, the reason lies in constraints the point leaves as they are.
    """
    low = sstart
    while low < sstart + nsplit and not blame[start + splits[low, _S_CON]]:
        low += 1
    if low == sstart + nsplit:
        return -1
    for j in range(sstart, low):
        splits[j, _S_DIGIT] = 0
    for j in range(low, sstart + nsplit):
        splits[j, _S_DIGIT] += 1
        if splits[j, _S_DIGIT] < splits[j, _S_NOPT]:
            return 1
        splits[j, _S_DIGIT] = 0
    return 0


@njit(inline="always")
def _put(sets, req, sizes, origin, c, v, r, size, parent):  # pragma: no cover - jitted
    """Append constraint (v, r), made from the parent's constraint ``parent``, at row c unless it is trivially met
    (r <= 1; viability checked |V| >= 2)."""
    if r <= 1:
        return c
    sets[c, :] = v
    req[c], sizes[c], origin[c] = r, size, parent
    return c + 1


@njit(inline="always")
def _sort_by_requirement(sets, req, sizes, origin, lo, hi):  # pragma: no cover - jitted
    """Stable insertion sort of pool rows lo..hi-1 by requirement, lowest first."""
    for i in range(lo + 1, hi):
        j = i
        while j > lo and req[j] < req[j - 1]:
            for w in range(sets.shape[1]):
                sets[j, w], sets[j - 1, w] = sets[j - 1, w], sets[j, w]
            req[j], req[j - 1] = req[j - 1], req[j]
            sizes[j], sizes[j - 1] = sizes[j - 1], sizes[j]
            origin[j], origin[j - 1] = origin[j - 1], origin[j]
            j -= 1


@njit(cache=True)
def build_child(cols, z, sets, req, sizes, origin, start, count, splits, sstart, nsplit, half):  # pragma: no cover
    """Write the state reached by point z and the current option choices at rows start+count..; return its size.
    Each new row's ``origin`` is the index (from ``start``) of the constraint it came from."""
    c = start + count
    j = sstart
    for i in range(start, start + count):
        if j < sstart + nsplit and splits[j, _S_CON] == i - start:
            ones = 0
            for w in range(sets.shape[1]):
                half[1, w] = sets[i, w] & cols[z, w]
                half[0, w] = sets[i, w] ^ half[1, w]
                ones += pop64(half[1, w])
            option, r = splits[j, _S_OPT + splits[j, _S_DIGIT]], req[i]
            if option == _TIE:
                c = _put(sets, req, sizes, origin, c, half[0], r - 1, sizes[i] - ones, i - start)
                c = _put(sets, req, sizes, origin, c, half[1], r - 1, ones, i - start)
            elif option == _STRONG0:
                c = _put(sets, req, sizes, origin, c, half[0], r, sizes[i] - ones, i - start)
            else:
                c = _put(sets, req, sizes, origin, c, half[1], r, ones, i - start)
            j += 1
        else:
            c = _put(sets, req, sizes, origin, c, sets[i], req[i], sizes[i], i - start)
    # The child's own split records follow its row order, and the first records are the counter's fastest digits.
    # Backjumping skips the digits below the lowest blamed one, and low requirements are the least often blamed,
    # so they go first.
    _sort_by_requirement(sets, req, sizes, origin, start + count, c)
    return c - start - count
