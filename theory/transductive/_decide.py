"""Decide "some sequence forces at least r mistakes from V" exactly, by a search over constraint sets.

W(V, y) >= r iff, at the first point z of y that splits V into V0 = V_{z→0} and V1 = V_{z→1} (y' the rest),

    W(V0, y') >= r,   or   W(V1, y') >= r,   or   W(V0, y') >= r - 1 and W(V1, y') >= r - 1,

because W = max(a, b) + [a = b]. So M_tr(V) >= r is a search over *states*: sets {(V_i, r_i)} of disjoint blocks
with requirements that one common continuation must meet. Appending z replaces each constraint z splits by one of
its three options ("tie", "strong 0", "strong 1"); a state is met iff some z and some choice of options lead to a
state that is met, and the empty state is met. Unlike a search over sequence prefixes, a state forgets how it was
reached, so transpositions (the same points in another order) meet in one state.

Pruning, each exact:

* r <= 0 always holds; r = 1 holds iff |V| >= 2 (rows are distinct, so some point splits V, and it can be appended
  at the very end because appending never lowers W); both are dropped from the state;
* (V, r) needs |V| >= 2^r and LD(V) >= r (memoised LD kernel); r = 2 alone holds iff LD(V) >= 2 (spec §4.1 item 3);
* a state with >= 2 constraints first decides each of its constraints *alone* (a sub-search on a strictly smaller
  set, memoised as bounds lo <= M_tr(V) <= hi), since a common continuation must in particular meet each one;
* failed states with >= 2 constraints are kept in an exact transposition table (:mod:`._state_memo`).

The kernel is a loop over an explicit stack (numba's cache cannot reload a recursive function called from another
cached one). Frames in their *check* phase decide their constraints one by one; frames in their *branch* phase
walk the candidate points (most evenly splitting first) and, per point, the options of the constraints it splits
as a mixed-radix counter.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from . import _ld_memo as memo_table
from . import _state_memo as state_memo
from ._bits import count_and, mix64, pop64, popcount
from ._littlestone import MAX_LD, _ld_exact

__all__ = ["FOUND", "NOT_FOUND", "UNDECIDED", "decide_kernel"]

#: Outcomes of :func:`decide_kernel`.
FOUND, NOT_FOUND, UNDECIDED = 1, 0, -1
# Frame fields: constraints (pool start, count), phase, check index or candidate index, candidates (start, count),
# split constraints of the current point (start, count), current point (-1: none), on the main chain.
_START, _COUNT, _PHASE, _IDX, _CSTART, _NCAND, _SSTART, _NSPLIT, _Z, _MAIN = range(10)
_CHECK, _BRANCH = 0, 1
# Split records: constraint index (within the frame), option count, options, current digit.
_S_CON, _S_NOPT, _S_OPT, _S_DIGIT = 0, 1, 2, 5
_TIE, _STRONG0, _STRONG1 = 0, 1, 2


@njit(cache=True)
def _quick(cols, v, size, r, ld_table, mtr):  # pragma: no cover - jitted
    """1 if M_tr(V) >= r is known to hold, 0 if known to fail, -1 if it needs a search."""
    if r <= 0:
        return 1
    if r == 1:
        return 1 if size >= 2 else 0
    known = memo_table.settled(mtr, v, size, r, MAX_LD)
    if known >= 0:
        return known
    ld = _ld_exact(cols, v, ld_table)
    if ld < r:
        memo_table.record(mtr, v, size, ld + 1, False)
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
def _grow_rows(a, need):  # pragma: no cover - jitted
    """``a`` with at least ``need`` rows (doubling), the old rows copied."""
    if need <= a.shape[0]:
        return a
    b = np.empty((max(need, 2 * a.shape[0]),) + a.shape[1:], dtype=a.dtype)
    b[: a.shape[0]] = a
    return b


@njit(cache=True)
def _canonical(sets, req, sizes, start, count):  # pragma: no cover - jitted
    """Sort the constraints of a state by their blocks' first hypothesis (insertion sort of pool rows), so that
    one state has one key in the transposition table."""
    for i in range(start + 1, start + count):
        j = i
        while j > start and _lowest(sets[j]) < _lowest(sets[j - 1]):
            for w in range(sets.shape[1]):
                sets[j, w], sets[j - 1, w] = sets[j - 1, w], sets[j, w]
            req[j], req[j - 1] = req[j - 1], req[j]
            sizes[j], sizes[j - 1] = sizes[j - 1], sizes[j]
            j -= 1


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
def _list_candidates(cols, sets, req, sizes, start, count, cands, cstart, score, seen):  # pragma: no cover
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
def _setup_point(cols, z, sets, req, sizes, start, count, splits, sstart, half, ld_table, mtr):  # pragma: no cover
    """Record, for each constraint that z splits, its options not already known to fail (tie first).

    Returns the number of split constraints, or -1 if one of them has no option left (z cannot help this state).
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
        if _quick(cols, half[0], size0, r - 1, ld_table, mtr) != 0 and (
            _quick(cols, half[1], ones, r - 1, ld_table, mtr) != 0
        ):
            row[_S_OPT] = _TIE
            row[_S_NOPT] = 1
        for side in range(2):
            if _quick(cols, half[side], size0 if side == 0 else ones, r, ld_table, mtr) != 0:
                row[_S_OPT + row[_S_NOPT]] = _STRONG0 + side
                row[_S_NOPT] += 1
        if row[_S_NOPT] == 0:
            return -1
        nsplit += 1
    return nsplit


@njit(inline="always")
def _advance(splits, sstart, nsplit):  # pragma: no cover - jitted
    """Step the mixed-radix counter of option choices; False once every combination has been tried."""
    for j in range(sstart, sstart + nsplit):
        splits[j, _S_DIGIT] += 1
        if splits[j, _S_DIGIT] < splits[j, _S_NOPT]:
            return True
        splits[j, _S_DIGIT] = 0
    return False


@njit(inline="always")
def _put(sets, req, sizes, c, v, r, size):  # pragma: no cover - jitted
    """Append constraint (v, r) at row c unless it is trivially met (r <= 1; viability checked |V| >= 2)."""
    if r <= 1:
        return c
    sets[c, :] = v
    req[c], sizes[c] = r, size
    return c + 1


@njit(cache=True)
def _build_child(cols, z, sets, req, sizes, start, count, splits, sstart, nsplit, half):  # pragma: no cover
    """Write the state reached by point z and the current option choices at rows start+count..; return its size."""
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
                c = _put(sets, req, sizes, c, half[0], r - 1, sizes[i] - ones)
                c = _put(sets, req, sizes, c, half[1], r - 1, ones)
            elif option == _STRONG0:
                c = _put(sets, req, sizes, c, half[0], r, sizes[i] - ones)
            else:
                c = _put(sets, req, sizes, c, half[1], r, ones)
            j += 1
        else:
            c = _put(sets, req, sizes, c, sets[i], req[i], sizes[i])
    _canonical(sets, req, sizes, start + count, c - start - count)
    return c - start - count


@njit(cache=True)
def decide_kernel(cols, root, r, ld_table, mtr, fail, node_limit):  # pragma: no cover - jitted
    """Whether some sequence forces >= r mistakes from the version space ``root`` (see the module docstring).

    Parameters: cols (n, W) uint64 column bitsets (distinct rows); root (W,) uint64; r int64; ld_table the LD
    kernel's tables; mtr a memo (:mod:`._ld_memo`) of bounds on M_tr(V); fail the transposition table
    (:mod:`._state_memo`); node_limit > 0 caps the frames pushed (0: no cap).

    Returns (outcome, chain, frames pushed). On FOUND, ``chain`` lists the points chosen along the successful
    chain; appending, for each block of their trie with >= 2 hypotheses, one point that splits it gives a sequence
    that forces >= r (the constraints dropped as r = 1 are met by those points).
    """
    n, words = cols.shape
    sets = np.empty((256, words), dtype=np.uint64)
    req, sizes = np.empty(256, dtype=np.int64), np.empty(256, dtype=np.int64)
    frames = np.zeros((64, 10), dtype=np.int64)
    cands = np.empty(4 * n, dtype=np.int64)
    splits = np.zeros((256, 6), dtype=np.int64)
    path = np.empty(64, dtype=np.int64)
    half = np.empty((2, words), dtype=np.uint64)
    score = np.empty(n, dtype=np.int64)
    table = 2
    while table < 2 * n:
        table *= 2
    seen = np.empty(table, dtype=np.int64)
    size = popcount(root)
    first = _quick(cols, root, size, r, ld_table, mtr)
    if r <= 1 or first == 0:
        return (FOUND if first == 1 else NOT_FOUND), path[:0], 0
    sets[0, :] = root
    req[0], sizes[0] = r, size
    top, pushed, leaf, result = 0, 1, -1, -1
    frames[0, _START], frames[0, _COUNT], frames[0, _MAIN] = 0, 1, 1
    frames[0, _PHASE] = _BRANCH
    frames[0, _Z], frames[0, _NCAND] = -1, _list_candidates(cols, sets, req, sizes, 0, 1, cands, 0, score, seen)
    while True:
        # Room for one more frame, its constraints (each split constraint can become two) and its candidates.
        frames = _grow_rows(frames, top + 2)
        path = _grow_rows(path, top + 2)
        f = frames[top]
        rows = f[_START] + 3 * f[_COUNT] + 2
        sets, req, sizes = _grow_rows(sets, rows), _grow_rows(req, rows), _grow_rows(sizes, rows)
        splits = _grow_rows(splits, f[_SSTART] + f[_COUNT] + 1)
        cands = _grow_rows(cands, f[_CSTART] + f[_NCAND] + n)
        settle = -1
        if result == 1 and f[_PHASE] == _CHECK:
            f[_IDX] += 1  # the constraint holds alone: check the next one
            result = -1
        elif result == 0 and f[_PHASE] == _CHECK:
            settle = 0
        elif result == 1:
            settle = 1
        elif result == 0:
            result = -1  # this combination of options failed: try the next one, or the next point
            if not _advance(splits, f[_SSTART], f[_NSPLIT]):
                f[_Z] = -1
                f[_IDX] += 1
            continue
        if settle < 0 and f[_PHASE] == _CHECK:
            if f[_IDX] < f[_COUNT]:
                i = f[_START] + f[_IDX]
                q = _quick(cols, sets[i], sizes[i], req[i], ld_table, mtr)
                if q == 1:
                    f[_IDX] += 1
                    continue
                if q == 0:
                    settle = 0
                else:
                    # Decide (V_i, r_i) alone in a child frame above this frame's constraints.
                    c = f[_START] + f[_COUNT]
                    sets[c, :] = sets[i]
                    req[c], sizes[c] = req[i], sizes[i]
                    g = frames[top + 1]
                    g[_START], g[_COUNT], g[_MAIN], g[_PHASE], g[_Z] = c, 1, 0, _BRANCH, -1
                    g[_IDX], g[_NSPLIT], g[_SSTART] = 0, 0, f[_SSTART]
                    g[_CSTART] = f[_CSTART] + f[_NCAND]
                    g[_NCAND] = _list_candidates(cols, sets, req, sizes, c, 1, cands, g[_CSTART], score, seen)
                    top += 1
                    pushed += 1
                    if node_limit > 0 and pushed > node_limit:
                        return UNDECIDED, path[:0], pushed
                    continue
            else:
                f[_PHASE], f[_IDX], f[_Z] = _BRANCH, 0, -1
                f[_NCAND] = _list_candidates(
                    cols, sets, req, sizes, f[_START], f[_COUNT], cands, f[_CSTART], score, seen
                )
                continue
        if settle < 0:
            # Branch phase: take the next point if none is in progress, then build the current combination.
            if f[_Z] == -1:
                if f[_IDX] >= f[_NCAND]:
                    settle = 0
                else:
                    z = cands[f[_CSTART] + f[_IDX]]
                    nsplit = _setup_point(cols, z, sets, req, sizes, f[_START], f[_COUNT], splits, f[_SSTART], half,
                                          ld_table, mtr)  # fmt: skip
                    if nsplit < 0:
                        f[_IDX] += 1
                        continue
                    f[_Z], f[_NSPLIT] = z, nsplit
        if settle < 0:
            z = f[_Z]
            c = f[_START] + f[_COUNT]
            count = _build_child(cols, z, sets, req, sizes, f[_START], f[_COUNT], splits, f[_SSTART], f[_NSPLIT], half)
            path[top] = z
            if count == 0:
                leaf = top  # every requirement is met: the chain so far (plus splitting points) is a witness
                settle = 1
            else:
                known = -1
                if count == 1:
                    known = _quick(cols, sets[c], sizes[c], req[c], ld_table, mtr)
                    if known == 1 and f[_MAIN] == 1:
                        known = -1  # on the main chain a witness is wanted: search it anyway
                elif state_memo.state_contains(fail, sets, req, c, count):
                    known = 0
                if known == 1:
                    settle = 1
                elif known == 0:
                    result = 0  # handled as a failed child at the top of the loop
                    continue
                else:
                    g = frames[top + 1]
                    g[_START], g[_COUNT], g[_MAIN], g[_Z], g[_IDX], g[_NSPLIT] = c, count, f[_MAIN], -1, 0, 0
                    g[_SSTART], g[_CSTART] = f[_SSTART] + f[_NSPLIT], f[_CSTART] + f[_NCAND]
                    if count >= 2:
                        g[_PHASE], g[_NCAND] = _CHECK, 0
                    else:
                        g[_PHASE] = _BRANCH
                        g[_NCAND] = _list_candidates(cols, sets, req, sizes, c, 1, cands, g[_CSTART], score, seen)
                    top += 1
                    pushed += 1
                    if node_limit > 0 and pushed > node_limit:
                        return UNDECIDED, path[:0], pushed
                    continue
        # The frame on top is settled: remember what it proved, then hand the outcome to its parent.
        if f[_COUNT] == 1:
            memo_table.record(mtr, sets[f[_START]], sizes[f[_START]], req[f[_START]], settle == 1)
        elif settle == 0:
            state_memo.state_insert(fail, sets, req, f[_START], f[_COUNT])
        if top == 0:
            return (FOUND, path[: leaf + 1].copy(), pushed) if settle == 1 else (NOT_FOUND, path[:0], pushed)
        top -= 1
        result = settle
