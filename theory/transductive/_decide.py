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
from ._bits import popcount
from ._constraints import advance, build_child, grow_rows, list_candidates, quick, setup_point

__all__ = ["FOUND", "NOT_FOUND", "UNDECIDED", "decide_kernel"]

#: Outcomes of :func:`decide_kernel`.
FOUND, NOT_FOUND, UNDECIDED = 1, 0, -1
# Frame fields: constraints (pool start, count), phase, check index or candidate index, candidates (start, count),
# split constraints of the current point (start, count), current point (-1: none), on the main chain.
_START, _COUNT, _PHASE, _IDX, _CSTART, _NCAND, _SSTART, _NSPLIT, _Z, _MAIN = range(10)
_CHECK, _BRANCH = 0, 1


@njit(inline="always")
def _open(
    cols, frames, top, start, count, main, sstart, cstart, sets, req, sizes, cands, score, seen
):  # pragma: no cover
    """Fill frame ``top`` for the state in pool rows start..start+count-1. A single constraint goes straight to its
    branch phase (candidates listed now); a larger state first checks its constraints one by one."""
    g = frames[top]
    g[_START], g[_COUNT], g[_MAIN], g[_Z], g[_IDX], g[_NSPLIT] = start, count, main, -1, 0, 0
    g[_SSTART], g[_CSTART] = sstart, cstart
    if count >= 2:
        g[_PHASE], g[_NCAND] = _CHECK, 0
    else:
        g[_PHASE] = _BRANCH
        g[_NCAND] = list_candidates(cols, sets, req, sizes, start, 1, cands, cstart, score, seen)


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
    first = quick(cols, root, size, r, ld_table, mtr)
    if r <= 1 or first == 0:
        return (FOUND if first == 1 else NOT_FOUND), path[:0], 0
    sets[0, :] = root
    req[0], sizes[0] = r, size
    top, pushed, leaf, result = 0, 1, -1, -1
    _open(cols, frames, 0, 0, 1, 1, 0, 0, sets, req, sizes, cands, score, seen)
    while True:
        # Room for one more frame, its constraints (each split constraint can become two) and its candidates.
        frames = grow_rows(frames, top + 2)
        path = grow_rows(path, top + 2)
        f = frames[top]
        rows = f[_START] + 3 * f[_COUNT] + 2
        sets, req, sizes = grow_rows(sets, rows), grow_rows(req, rows), grow_rows(sizes, rows)
        splits = grow_rows(splits, f[_SSTART] + f[_COUNT] + 1)
        cands = grow_rows(cands, f[_CSTART] + f[_NCAND] + n)
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
            if not advance(splits, f[_SSTART], f[_NSPLIT]):
                f[_Z] = -1
                f[_IDX] += 1
            continue
        if settle < 0 and f[_PHASE] == _CHECK:
            if f[_IDX] < f[_COUNT]:
                i = f[_START] + f[_IDX]
                q = quick(cols, sets[i], sizes[i], req[i], ld_table, mtr)
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
                    cstart = f[_CSTART] + f[_NCAND]
                    _open(cols, frames, top + 1, c, 1, 0, f[_SSTART], cstart, sets, req, sizes, cands, score, seen)
                    top += 1
                    pushed += 1
                    if node_limit > 0 and pushed > node_limit:
                        return UNDECIDED, path[:0], pushed
                    continue
            else:
                f[_PHASE], f[_IDX], f[_Z] = _BRANCH, 0, -1
                f[_NCAND] = list_candidates(
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
                    nsplit = setup_point(cols, z, sets, req, sizes, f[_START], f[_COUNT], splits, f[_SSTART], half,
                                          ld_table, mtr)  # fmt: skip
                    if nsplit < 0:
                        f[_IDX] += 1
                        continue
                    f[_Z], f[_NSPLIT] = z, nsplit
        if settle < 0:
            z = f[_Z]
            c = f[_START] + f[_COUNT]
            count = build_child(cols, z, sets, req, sizes, f[_START], f[_COUNT], splits, f[_SSTART], f[_NSPLIT], half)
            path[top] = z
            if count == 0:
                leaf = top  # every requirement is met: the chain so far (plus splitting points) is a witness
                settle = 1
            else:
                known = -1
                if count == 1:
                    known = quick(cols, sets[c], sizes[c], req[c], ld_table, mtr)
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
                    sstart, cstart = f[_SSTART] + f[_NSPLIT], f[_CSTART] + f[_NCAND]
                    _open(
                        cols, frames, top + 1, c, count, f[_MAIN], sstart, cstart, sets, req, sizes, cands, score, seen
                    )
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
