"""The branch-and-bound kernel for M_tr(H) = max over sequences of W(H, x) (public API in :mod:`._mistake_bound`).

Appending a point never lowers W, and repeating one adds nothing, so M_tr(H) is the maximum of W over orderings
of distinct points; the search is a depth-first walk over sequence prefixes that keeps the trie of version-space
blocks (:mod:`._fixed_order`). At each prefix:

* lower bound: W of the prefix (the trie with every leaf valued 0);
* upper bound: the trie with every leaf V valued LD(V) (spec §2.1), or lower where the decision search
  (:mod:`._decide`) has already proved M_tr(V) < LD(V) (its memo of bounds on M_tr is shared). It is valid because
  no continuation can force more than M_tr(V) <= LD(V) from V, and max(a, b) + [a = b] is monotone in a and b;
* a point that splits no leaf is useless now and forever (leaves only shrink), so it is never appended;
* partial-order reduction: if the last point z splits no block that z itself just created, then z' and z
  commute (both orders give the same trie), so z' < z is only tried before z. Any ordering can be bubble-sorted
  into one the search visits without changing its trie, so the maximum is still found;
* children are tried in order of a cheap upper bound (leaf V valued min(⌊log2|V|⌋, LD(parent))), and each is
  re-bounded with exact LDs (memoised, :mod:`._littlestone`) before it is entered.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from . import _ld_memo as memo_table
from ._bits import count_and, split_into
from ._littlestone import _ld_exact

__all__ = ["ABORTED", "BEST", "EXPANDED", "search_kernel"]

# Slots of the int64 control vector the kernel returns.
_BEST, _BEST_LEN, _EXPANDED, _ABORTED = range(4)
BEST, EXPANDED, ABORTED = _BEST, _EXPANDED, _ABORTED


@njit(inline="always")
def _leaf_bound(cols, v, table, mtr):  # pragma: no cover - jitted
    """An upper bound on M_tr(V): LD(V), or the decision search's bound on M_tr(V) if that is lower."""
    bound = _ld_exact(cols, v, table)
    s, found = memo_table.slot(mtr, v)
    if found:
        bound = min(bound, mtr[2][s])
    return bound


@njit(cache=True)
def _apply(z, exact, cols, state, dep, nn, table, mtr):  # pragma: no cover - jitted
    """Split every active leaf of depth ``dep`` by point z, numbering new nodes from ``nn``; return the new count.

    Writes the active leaves (>= 2 hypotheses) of the result to leaves[dep + 1]. With ``exact`` a new leaf of a
    live parent (see :func:`_liveness`) is valued by :func:`_leaf_bound`; otherwise, and below dead leaves, by the
    cheap cap min(⌊log2|V|⌋, bound of the parent), also valid because LD and M_tr can only fall on a subclass.
    """
    blocks, child, parent, size, ldv = state[0], state[1], state[2], state[3], state[4]
    leaves, counts, need = state[7], state[8], state[9]
    kept = 0
    for j in range(counts[dep]):
        v = leaves[dep, j]
        ones = split_into(blocks[nn], blocks[nn + 1], blocks[v], cols[z])
        if ones == 0 or ones == size[v]:
            leaves[dep + 1, kept] = v
            kept += 1
            continue
        child[v, 0], child[v, 1] = nn, nn + 1
        for c, n_c in ((nn, size[v] - ones), (nn + 1, ones)):
            parent[c], size[c] = v, n_c
            child[c, 0], child[c, 1] = -1, -1
            if n_c < 2:
                ldv[c] = 0
                continue
            if exact and need[v] >= 0:
                ldv[c] = _leaf_bound(cols, blocks[c], table, mtr)
            else:
                ldv[c] = min(np.int64(np.floor(np.log2(n_c))), ldv[v])
            leaves[dep + 1, kept] = c
            kept += 1
        nn += 2
    counts[dep + 1] = kept
    return nn


@njit(cache=True)
def _bounds(nn, state):  # pragma: no cover - jitted
    """(upper, lower) bound of the prefix: the trie valued with leaves LD(V), and with leaves 0 (= W)."""
    child, ldv, lbv, ubv = state[1], state[4], state[5], state[6]
    for v in range(nn - 1, -1, -1):
        if child[v, 0] < 0:
            lbv[v], ubv[v] = 0, ldv[v]
        else:
            a, b = lbv[child[v, 0]], lbv[child[v, 1]]
            lbv[v] = max(a, b) + (1 if a == b else 0)
            a, b = ubv[child[v, 0]], ubv[child[v, 1]]
            ubv[v] = max(a, b) + (1 if a == b else 0)
    return ubv[0], lbv[0]


@njit(cache=True)
def _liveness(nn, state, target):  # pragma: no cover - jitted
    """need[v]: the least W that node v may have to reach for the root to reach ``target``; -1 marks dead nodes.

    W(v) >= r iff max(a, b) >= r or min(a, b) >= r - 1 (a, b: the children's W). With upper bounds u on the
    children, child c can only help v reach r through "c >= r - 1 and its sibling >= r - 1" or "c >= r"; if
    neither is possible, whether the root reaches ``target`` does not depend on c's subtree at all, now or after
    any continuation. Bounds only fall as the prefix grows and targets only rise, and both make the live set
    smaller, so a candidate list built for an older, lower target is a superset of the current one (sound).
    A node whose need is already met (a split node with r <= 1) keeps its children live: pruning "satisfied"
    subtrees would not be monotone, since a higher target can need them again.
    """
    child, ubv, need = state[1], state[6], state[9]
    _bounds(nn, state)
    need[0] = target
    for v in range(nn):  # parents are numbered before their children
        if child[v, 0] < 0:
            continue
        r = need[v]
        for side in range(2):
            c, s = child[v, side], child[v, 1 - side]
            if r < 0:
                need[c] = -1
            elif ubv[c] >= r - 1 and ubv[s] >= r - 1:
                need[c] = max(r - 1, 0)
            elif ubv[c] >= r:
                need[c] = r
            else:
                need[c] = -1


@njit(cache=True)
def _splits_live(z, cols, state, dep):  # pragma: no cover - jitted
    """Whether point z splits an active leaf of depth ``dep`` that is still live."""
    blocks, size, leaves, counts, need = state[0], state[3], state[7], state[8], state[9]
    for j in range(counts[dep]):
        v = leaves[dep, j]
        if need[v] >= 0:
            ones = count_and(blocks[v], cols[z])
            if 0 < ones < size[v]:
                return True
    return False


@njit(cache=True)
def _undo(state, old_nn, new_nn):  # pragma: no cover - jitted
    """Turn the leaves split by the last _apply (nodes old_nn..new_nn-1 are their children) back into leaves."""
    child, parent = state[1], state[2]
    for c in range(old_nn, new_nn, 2):
        child[parent[c], 0], child[parent[c], 1] = -1, -1


@njit(cache=True)
def _open_frame(cols, state, table, mtr, frames, cands, dep, best):  # pragma: no cover - jitted
    """List the points worth appending to the prefix of depth ``dep``, best cheap upper bound first.

    A point is skipped if it splits no live leaf (for the target best + 1), if partial-order reduction excludes
    it (z < last point, and z splits no block the last point created), or if its cheap upper bound cannot beat
    ``best``.
    """
    n = cols.shape[0]
    _liveness(frames[dep, 0], state, best + 1)
    size, blocks = state[3], state[0]
    nn, last_lo, last_hi, last = frames[dep, 0], frames[dep, 1], frames[dep, 2], frames[dep, 3]
    ub_of = np.full(n, -1, dtype=np.int64)
    key = np.full(n, -1, dtype=np.int64)
    for z in range(n):
        if z < last:
            interacts = False
            for c in range(last_lo, last_hi):
                if size[c] >= 2:
                    ones = count_and(blocks[c], cols[z])
                    if 0 < ones < size[c]:
                        interacts = True
                        break
            if not interacts:
                continue
        if not _splits_live(z, cols, state, dep):
            continue
        new_nn = _apply(z, False, cols, state, dep, nn, table, mtr)
        ub, lb = _bounds(new_nn, state)
        _undo(state, nn, new_nn)
        if ub > best:
            ub_of[z] = ub
            key[z] = ub * (n + 1) + lb
    order = np.argsort(-key, kind="mergesort")
    count = 0
    while count < n and key[order[count]] >= 0:
        cands[dep, count] = order[count]
        cands[dep, n + count] = ub_of[order[count]]
        count += 1
    frames[dep, 4], frames[dep, 5] = count, 0


@njit(cache=True)
def search_kernel(cols, m, table, mtr, node_limit, max_len, lower):  # pragma: no cover - jitted
    """Depth-first branch and bound over prefixes (explicit stack; see the module docstring). ``mtr`` is the
    decision search's memo of bounds on M_tr (:mod:`._ld_memo` layout); the returned ceiling is the root's bound.

    frames[dep] = (nodes of the prefix's trie, first and last+1 node created by its last point, that point,
    candidate count, next candidate, nodes after applying the current candidate); cands[dep] holds the
    candidates and, from column n on, their cheap upper bounds.
    """
    n, words = cols.shape
    cap = 2 * m + 2
    blocks = np.zeros((cap, words), dtype=np.uint64)
    child = np.full((cap, 2), -1, dtype=np.int64)
    parent = np.full(cap, -1, dtype=np.int64)
    size = np.zeros(cap, dtype=np.int64)
    ldv = np.zeros(cap, dtype=np.int64)
    lbv, ubv = np.zeros(cap, dtype=np.int64), np.zeros(cap, dtype=np.int64)
    leaves = np.zeros((n + 2, m), dtype=np.int64)
    counts = np.zeros(n + 2, dtype=np.int64)
    need = np.zeros(cap, dtype=np.int64)
    state = (blocks, child, parent, size, ldv, lbv, ubv, leaves, counts, need)
    for w in range(words):
        blocks[0, w] = ~np.uint64(0)
    if m % 64:
        blocks[0, words - 1] = (np.uint64(1) << np.uint64(m % 64)) - np.uint64(1)
    size[0] = m
    ldv[0] = _leaf_bound(cols, blocks[0], table, mtr)
    ceiling = ldv[0]
    counts[0] = 1 if m >= 2 else 0
    ctl = np.zeros(4, dtype=np.int64)
    ctl[_BEST] = lower
    path = np.zeros(n + 1, dtype=np.int64)
    best_path = np.zeros(n + 1, dtype=np.int64)
    if m < 2 or lower >= ceiling:
        return ctl, best_path[:0], ceiling
    frames = np.zeros((n + 2, 7), dtype=np.int64)
    cands = np.zeros((n + 2, 2 * n), dtype=np.int64)
    frames[0, 0], frames[0, 3] = 1, -1
    _open_frame(cols, state, table, mtr, frames, cands, 0, ctl[_BEST])
    ctl[_EXPANDED] = 1
    dep = 0
    while dep >= 0:
        j = frames[dep, 5]
        if j >= frames[dep, 4] or cands[dep, n + j] <= ctl[_BEST]:
            # Frame exhausted (candidates are sorted by cheap upper bound): back to the parent's next candidate.
            dep -= 1
            if dep >= 0:
                _undo(state, frames[dep, 0], frames[dep, 6])
                frames[dep, 5] += 1
            continue
        z, nn = cands[dep, j], frames[dep, 0]
        # Deeper frames overwrote `need` with their own tries: recompute it for this prefix and the current best.
        _liveness(nn, state, ctl[_BEST] + 1)
        if not _splits_live(z, cols, state, dep):
            frames[dep, 5] += 1
            continue
        new_nn = _apply(z, True, cols, state, dep, nn, table, mtr)
        ub, lb = _bounds(new_nn, state)
        if ub > ctl[_BEST]:
            path[dep] = z
            if lb > ctl[_BEST]:
                ctl[_BEST], ctl[_BEST_LEN] = lb, dep + 1
                best_path[: dep + 1] = path[: dep + 1]
                if lb >= ceiling:
                    break  # LD(H) is reached: nothing can be better
            if lb < ub and (max_len == 0 or dep + 1 < max_len):
                if node_limit > 0 and ctl[_EXPANDED] >= node_limit:
                    ctl[_ABORTED] = 1
                    break
                frames[dep, 6] = new_nn
                frames[dep + 1, 0], frames[dep + 1, 1], frames[dep + 1, 2] = new_nn, nn, new_nn
                frames[dep + 1, 3] = z
                dep += 1
                _open_frame(cols, state, table, mtr, frames, cands, dep, ctl[_BEST])
                ctl[_EXPANDED] += 1
                continue
        _undo(state, nn, new_nn)
        frames[dep, 5] += 1
    return ctl, best_path[: ctl[_BEST_LEN]], ceiling
