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
* nogood learning (:mod:`._nogoods`): a failed state keeps the *reason* for its failure, the constraints that the
  failures below it used, and every later state that contains the reason fails at once.

Reasons. Every child constraint comes from one constraint of its parent (``origin``). A failed child's reason maps
back to the parent constraints it came from; a point with a constraint that has no option left, or a constraint that
fails alone, gives that constraint. The reason R of a failed state is the union over all of its children. R alone is
unsatisfiable: the search of R alone meets, for each of its points and option choices, a child containing the reason
of a corresponding failed child of the full state (the points that split no constraint of R leave R unchanged, and
the options of constraints outside R do not touch R's descendants).

The kernel is a loop over an explicit stack (numba's cache cannot reload a recursive function called from another
cached one). Frames in their *check* phase decide their constraints one by one; frames in their *branch* phase
walk the candidate points (most evenly splitting first) and, per point, the options of the constraints it splits
as a mixed-radix counter.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from . import _ld_memo as memo_table
from ._bits import popcount
from ._constraints import advance, build_child, grow_rows, list_candidates, quick, setup_point
from ._nogoods import nogood_insert, nogood_match

__all__ = ["FOUND", "NOT_FOUND", "UNDECIDED", "decide_kernel"]

#: Outcomes of :func:`decide_kernel`.
FOUND, NOT_FOUND, UNDECIDED = 1, 0, -1
# Frame fields: constraints (pool start, count), phase, check index or candidate index, candidates (start, count),
# split constraints of the current point (start, count), current point (-1: none), on the main chain, size of the
# child state built last.
_START, _COUNT, _PHASE, _IDX, _CSTART, _NCAND, _SSTART, _NSPLIT, _Z, _MAIN, _CHILD = range(11)
_CHECK, _BRANCH = 0, 1


@njit(inline="always")
def _open(
    cols, frames, top, start, count, main, sstart, cstart, sets, req, sizes, mark, cands, score, seen
):  # pragma: no cover
    """Fill frame ``top`` for the state in pool rows start..start+count-1 (its reason still empty). A single
    constraint goes straight to its branch phase (candidates listed now); a larger state first checks its
    constraints one by one."""
    mark[start : start + count] = 0
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
    kernel's tables; mtr a memo (:mod:`._ld_memo`) of bounds on M_tr(V); fail the nogood table
    (:mod:`._nogoods`); node_limit > 0 caps the states visited (0: no cap).

    Returns (outcome, chain, states visited: children built and sub-decisions opened). On FOUND, ``chain`` lists
    the points chosen along the successful chain; appending, for each block of their trie with >= 2 hypotheses, one
    point that splits it gives a sequence that forces >= r (the constraints dropped as r = 1 are met by those
    points).
    """
    n, words = cols.shape
    sets = np.empty((256, words), dtype=np.uint64)
    req, sizes, origin = np.empty(256, dtype=np.int64), np.empty(256, dtype=np.int64), np.empty(256, dtype=np.int64)
    mark, blame, reason = np.zeros(256, dtype=np.uint8), np.zeros(256, dtype=np.uint8), np.empty(256, dtype=np.int64)
    frames = np.zeros((64, 11), dtype=np.int64)
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
    _open(cols, frames, 0, 0, 1, 1, 0, 0, sets, req, sizes, mark, cands, score, seen)
    while True:
        # Room for one more frame, its constraints (each split constraint can become two) and its candidates.
        frames = grow_rows(frames, top + 2)
        path = grow_rows(path, top + 2)
        f = frames[top]
        rows = f[_START] + 3 * f[_COUNT] + 2
        sets, req, sizes = grow_rows(sets, rows), grow_rows(req, rows), grow_rows(sizes, rows)
        origin, mark, reason = grow_rows(origin, rows), grow_rows(mark, rows), grow_rows(reason, rows)
        blame = grow_rows(blame, rows)
        splits = grow_rows(splits, f[_SSTART] + f[_COUNT] + 1)
        cands = grow_rows(cands, f[_CSTART] + f[_NCAND] + n)
        settle = -1
        if result == 1 and f[_PHASE] == _CHECK:
            f[_IDX] += 1  # the constraint holds alone: check the next one
            result = -1
        elif result == 0 and f[_PHASE] == _CHECK:
            mark[f[_START] + f[_IDX]] = 1  # the constraint fails alone
            settle = 0
        elif result == 1:
            settle = 1
        elif result == 0:
            # This combination of options failed: its reason maps back onto this frame's constraints (blamed); the
            # next combination that can do better changes a blamed constraint's option, or else take the next point.
            c = f[_START] + f[_COUNT]
            for j in range(c, c + f[_CHILD]):
                if mark[j]:
                    mark[f[_START] + origin[j]] = 1
                    blame[f[_START] + origin[j]] = 1
            result = -1
            more = advance(splits, f[_SSTART], f[_NSPLIT], blame, f[_START])
            if more < 0:
                # The reason is made of this state's own constraints, which z left untouched: the state fails, and
                # that reason alone is its reason.
                mark[f[_START] : c] = blame[f[_START] : c]
                settle = 0
            blame[f[_START] : c] = 0
            if more == 0:
                f[_Z] = -1
                f[_IDX] += 1
            if settle < 0:
                continue
        if settle < 0 and f[_PHASE] == _CHECK:
            if f[_IDX] < f[_COUNT]:
                i = f[_START] + f[_IDX]
                q = quick(cols, sets[i], sizes[i], req[i], ld_table, mtr)
                if q == 1:
                    f[_IDX] += 1
                    continue
                if q == 0:
                    mark[i] = 1
                    settle = 0
                else:
                    # Decide (V_i, r_i) alone in a child frame above this frame's constraints.
                    c = f[_START] + f[_COUNT]
                    sets[c, :] = sets[i]
                    req[c], sizes[c] = req[i], sizes[i]
                    cstart = f[_CSTART] + f[_NCAND]
                    _open(
                        cols, frames, top + 1, c, 1, 0, f[_SSTART], cstart, sets, req, sizes, mark, cands, score, seen
                    )
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
                        mark[f[_START] - 1 - nsplit] = 1  # that constraint has no option left at z
                        f[_IDX] += 1
                        continue
                    f[_Z], f[_NSPLIT] = z, nsplit
        if settle < 0:
            z = f[_Z]
            c = f[_START] + f[_COUNT]
            count = build_child(
                cols, z, sets, req, sizes, origin, f[_START], f[_COUNT], splits, f[_SSTART], f[_NSPLIT], half
            )
            f[_CHILD] = count
            mark[c : c + count] = 0
            path[top] = z
            # Work is counted per state visited (built here, or opened for a sub-decision), not per frame: a point
            # that splits many constraints can build many children that the nogoods refute without a frame.
            pushed += 1
            if node_limit > 0 and pushed > node_limit:
                return UNDECIDED, path[:0], pushed
            if count == 0:
                leaf = top  # every requirement is met: the chain so far (plus splitting points) is a witness
                settle = 1
            else:
                known = -1
                if count == 1:
                    known = quick(cols, sets[c], sizes[c], req[c], ld_table, mtr)
                    if known == 1 and f[_MAIN] == 1:
                        known = -1  # on the main chain a witness is wanted: search it anyway
                    mark[c] = 1 if known == 0 else 0
                elif nogood_match(fail, sets, req, c, count, mark):
                    known = 0
                if known == 1:
                    settle = 1
                elif known == 0:
                    result = 0  # handled as a failed child at the top of the loop
                    continue
                else:
                    sstart, cstart = f[_SSTART] + f[_NSPLIT], f[_CSTART] + f[_NCAND]
                    _open(
                        cols,
                        frames,
                        top + 1,
                        c,
                        count,
                        f[_MAIN],
                        sstart,
                        cstart,
                        sets,
                        req,
                        sizes,
                        mark,
                        cands,
                        score,
                        seen,
                    )
                    top += 1
                    continue
        # The frame on top is settled: remember what it proved, then hand the outcome to its parent.
        if f[_COUNT] == 1:
            mark[f[_START]] = 1
            memo_table.record(mtr, sets[f[_START]], sizes[f[_START]], req[f[_START]], settle == 1)
        elif settle == 0:
            k = 0
            for i in range(f[_START], f[_START] + f[_COUNT]):
                if mark[i]:
                    reason[k] = i
                    k += 1
            if k == 0:
                # No reason was recorded (every point was a duplicate or none split the state): the whole state.
                for i in range(f[_COUNT]):
                    reason[i] = f[_START] + i
                    mark[f[_START] + i] = 1
                k = f[_COUNT]
            if k == 1:
                memo_table.record(mtr, sets[reason[0]], sizes[reason[0]], req[reason[0]], False)
            else:
                nogood_insert(fail, sets, req, reason, k)
        if top == 0:
            return (FOUND, path[: leaf + 1].copy(), pushed) if settle == 1 else (NOT_FOUND, path[:0], pushed)
        top -= 1
        result = settle
