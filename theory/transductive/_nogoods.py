"""Nogoods of the decision search (:mod:`._decide`): sets of constraints that no single sequence can meet together.

A nogood N = {(V_1, r_1), ..., (V_k, r_k)} (k >= 2) says: no continuation y has W(V_i, y) >= r_i for every i. A
state S is then unsatisfiable as soon as it *contains* N up to requirements: for every (V, r) in N, S has (V, r')
with r' >= r (W is what it is, so a larger requirement is harder). The search learns N from a failed state as the
subset of its constraints that the failures below it actually used (its *reason*), so one nogood prunes every later
state that shares those constraints, whatever else it holds.

Storage: the rows of all nogoods sit in one flat uint64 pool (r, then V's W words, per row). Each nogood hangs on the
chain of one *anchor* row, its smallest block (the most specific one, so chains stay short), in an open-addressing
table keyed by the anchor's block. A look-up walks, for each constraint of S, the chain anchored at its block.
When the table is half full or the pool is full, everything is dropped: it is a cache, which costs time but never
correctness.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from ._bits import popcount
from ._ld_memo import find

__all__ = ["NG_CLEARS", "NG_ENTRIES", "NG_HITS", "nogood_arrays", "nogood_insert", "nogood_match"]

#: Slots of the int64 stats vector: nogoods stored, pool words in use, look-ups that hit, clears.
NG_ENTRIES, _POOL_TOP, NG_HITS, NG_CLEARS = range(4)


def nogood_arrays(words: int, capacity: int = 1 << 16, pool_words: int = 1 << 22) -> tuple[np.ndarray, ...]:
    """Empty nogood table for blocks of ``words`` uint64 words: (anchor keys (C, W), chain heads (C,), used (C,),
    row start (C,), row count (C,), next on chain (C,), pool (P,), stats (4,)).

    ``capacity`` C (a power of two >= 2) bounds both anchors and nogoods; the defaults take about 40 MiB.
    """
    if words < 1:
        raise ValueError(f"words must be >= 1, got {words}")
    if capacity < 2 or capacity & (capacity - 1):
        raise ValueError(f"capacity must be a power of two >= 2, got {capacity}")
    if pool_words < words + 1:
        raise ValueError(f"pool_words must hold one row (>= {words + 1}), got {pool_words}")
    return (
        np.empty((capacity, words), dtype=np.uint64),
        np.empty(capacity, dtype=np.int64),
        np.zeros(capacity, dtype=np.uint8),
        np.empty(capacity, dtype=np.int64),
        np.empty(capacity, dtype=np.int64),
        np.empty(capacity, dtype=np.int64),
        np.empty(pool_words, dtype=np.uint64),
        np.zeros(4, dtype=np.int64),
    )


@njit(inline="always")
def _row_in_state(pool, p, sets, req, start, count):  # pragma: no cover - jitted
    """Row of the state (start..start+count-1) with the nogood row at pool[p] as its block and a requirement at
    least as large, or -1."""
    words = sets.shape[1]
    for j in range(start, start + count):
        if np.uint64(req[j]) < pool[p]:
            continue
        same = True
        for w in range(words):
            if sets[j, w] != pool[p + 1 + w]:
                same = False
                break
        if same:
            return j
    return -1


@njit(cache=True)
def nogood_match(table, sets, req, start, count, mark):  # pragma: no cover - jitted
    """Whether the state in rows start..start+count-1 of (sets, req) contains a stored nogood; if so, set mark[j] = 1
    for the rows j it uses (the reason the state fails)."""
    keys, head, used, row_start, row_count, chain, pool, stats = table
    words = sets.shape[1]
    for i in range(start, start + count):
        s, found = find(keys, used, keys.shape[0], sets[i])  # the anchors: a hash set of blocks
        if not found:
            continue
        g = head[s]
        while g >= 0:
            p, ok = row_start[g], True
            for _ in range(row_count[g]):
                if _row_in_state(pool, p, sets, req, start, count) < 0:
                    ok = False
                    break
                p += words + 1
            if ok:
                p = row_start[g]
                for _ in range(row_count[g]):
                    mark[_row_in_state(pool, p, sets, req, start, count)] = 1
                    p += words + 1
                stats[NG_HITS] += 1
                return True
            g = chain[g]
    return False


@njit(cache=True)
def nogood_insert(table, sets, req, rows, k):  # pragma: no cover - jitted
    """Store the nogood made of the k >= 2 pool rows ``rows[:k]`` of (sets, req), clearing the table first if it is
    full."""
    keys, head, used, row_start, row_count, chain, pool, stats = table
    words = sets.shape[1]
    need = k * (words + 1)
    if need > pool.shape[0]:
        return  # larger than the whole pool: not worth keeping
    if 2 * (stats[NG_ENTRIES] + 1) > keys.shape[0] or stats[_POOL_TOP] + need > pool.shape[0]:
        used[:] = 0
        stats[NG_ENTRIES], stats[_POOL_TOP] = 0, 0
        stats[NG_CLEARS] += 1
    anchor, smallest = rows[0], popcount(sets[rows[0]])
    for q in range(1, k):
        size = popcount(sets[rows[q]])
        if size < smallest:
            anchor, smallest = rows[q], size
    s, found = find(keys, used, keys.shape[0], sets[anchor])
    g = stats[NG_ENTRIES]
    if not found:
        used[s] = 1
        keys[s, :] = sets[anchor]
        head[s] = -1
    p = stats[_POOL_TOP]
    row_start[g], row_count[g], chain[g], head[s] = p, k, head[s], g
    for q in range(k):
        pool[p] = np.uint64(req[rows[q]])
        pool[p + 1 : p + 1 + words] = sets[rows[q]]
        p += words + 1
    stats[_POOL_TOP] = p
    stats[NG_ENTRIES] += 1
