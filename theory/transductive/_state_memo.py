"""An exact transposition table of failed constraint states for the decision search of :mod:`._decide`.

A state is a list of constraints (V_i, r_i) in canonical order (blocks sorted by their first hypothesis; blocks
are disjoint, so the order is unique). Its key, stored in one flat uint64 pool, is r_1, V_1's W words, r_2, ... .
Slots are found by open addressing on a 64-bit hash and confirmed by comparing the whole key, so a hit is never
a collision. When the table is half full or the pool is full, everything is dropped: it is a cache, which costs
time but never correctness.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from ._bits import mix64

__all__ = ["STATE_CLEARS", "STATE_ENTRIES", "STATE_HITS", "state_contains", "state_insert", "state_memo_arrays"]

#: Slots of the int64 stats vector: entries, words of the pool in use, hits, clears.
STATE_ENTRIES, _POOL_TOP, STATE_HITS, STATE_CLEARS = range(4)


def state_memo_arrays(capacity: int = 1 << 16, pool_words: int = 1 << 21) -> tuple[np.ndarray, ...]:
    """(hashes (C,) uint64, starts (C,) int64, lengths (C,) int64, used (C,) uint8, pool (P,) uint64, stats (4,)).

    ``capacity`` C must be a power of two; the default takes about 17 MiB (most of it the 16 MiB pool).
    """
    if capacity < 2 or capacity & (capacity - 1):
        raise ValueError(f"capacity must be a power of two >= 2, got {capacity}")
    return (
        np.empty(capacity, dtype=np.uint64),
        np.empty(capacity, dtype=np.int64),
        np.empty(capacity, dtype=np.int64),
        np.zeros(capacity, dtype=np.uint8),
        np.empty(pool_words, dtype=np.uint64),
        np.zeros(4, dtype=np.int64),
    )


@njit(inline="always")
def _hash(sets, req, start, count):  # pragma: no cover - jitted
    h = np.uint64(count)
    for i in range(start, start + count):
        h = mix64(h ^ np.uint64(req[i]))
        for w in range(sets.shape[1]):
            h = mix64(h ^ sets[i, w])
    return h


@njit(inline="always")
def _find(memo, h, sets, req, start, count):  # pragma: no cover - jitted
    """(slot, found) of the state, probing from its hash."""
    hashes, starts, lengths, used, pool = memo[0], memo[1], memo[2], memo[3], memo[4]
    mask = hashes.shape[0] - 1
    words = sets.shape[1]
    s = np.int64(h & np.uint64(mask))
    while used[s]:
        if hashes[s] == h and lengths[s] == count:
            p = starts[s]
            same = True
            for i in range(start, start + count):
                if pool[p] != np.uint64(req[i]):
                    same = False
                    break
                for w in range(words):
                    if pool[p + 1 + w] != sets[i, w]:
                        same = False
                        break
                if not same:
                    break
                p += words + 1
            if same:
                return s, True
        s = (s + 1) & mask
    return s, False


@njit(cache=True)
def state_contains(memo, sets, req, start, count):  # pragma: no cover - jitted
    """Whether the state held in rows start..start+count-1 of (sets, req) is in the table."""
    _, found = _find(memo, _hash(sets, req, start, count), sets, req, start, count)
    if found:
        memo[5][STATE_HITS] += 1
    return found


@njit(cache=True)
def state_insert(memo, sets, req, start, count):  # pragma: no cover - jitted
    """Add the state held in rows start..start+count-1 of (sets, req) (clearing the table first if it is full)."""
    hashes, starts, lengths, used, pool, stats = memo
    words = sets.shape[1]
    need = count * (words + 1)
    if need > pool.shape[0]:
        return  # larger than the whole pool: not worth keeping
    if 2 * (stats[STATE_ENTRIES] + 1) > hashes.shape[0] or stats[_POOL_TOP] + need > pool.shape[0]:
        used[:] = 0
        stats[STATE_ENTRIES], stats[_POOL_TOP] = 0, 0
        stats[STATE_CLEARS] += 1
    h = _hash(sets, req, start, count)
    s, found = _find(memo, h, sets, req, start, count)
    if found:
        return
    p = stats[_POOL_TOP]
    hashes[s], starts[s], lengths[s], used[s] = h, p, count, 1
    for i in range(start, start + count):
        pool[p] = np.uint64(req[i])
        pool[p + 1 : p + 1 + words] = sets[i]
        p += words + 1
    stats[_POOL_TOP] = p
    stats[STATE_ENTRIES] += 1
