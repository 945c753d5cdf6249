"""The memo table of the Littlestone-dimension kernel: bounds lo <= LD(V) <= hi keyed by the bitset of V.

Open addressing with linear probing over a power-of-two number of live slots. The arrays are allocated once at
the table's capacity, but only the first ``live`` slots are in use: the table starts with 256 live slots and
doubles (rehashing its entries) whenever it is half full, so a problem that needs a hundred entries touches a few
pages instead of megabytes. At full capacity a half-full table is emptied instead: it is a cache, so that costs
time but never correctness.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from ._bits import hash_bitset

__all__ = [
    "STAT_CALLS",
    "STAT_CLEARS",
    "STAT_ENTRIES",
    "STAT_HITS",
    "STAT_LIVE",
    "bounds_settle",
    "find",
    "memo_arrays",
    "record",
    "settled",
    "slot",
    "store",
]

#: Slots of the int64 ``stats`` vector: entries, memo hits, memo look-ups, clears, live slots.
STAT_ENTRIES, STAT_HITS, STAT_CALLS, STAT_CLEARS, STAT_LIVE = range(5)
_FIRST_LIVE = 256


def memo_arrays(words: int, capacity: int) -> tuple[np.ndarray, ...]:
    """(keys (C, W) uint64, lo (C,) int64, hi (C,) int64, used (C,) uint8, stats (5,) int64) for C = ``capacity``,
    a power of two >= 2 (a table at most half full then always has a free slot, which ends every probe).

    keys, lo and hi are left uninitialised (np.empty maps pages lazily); a slot is read only where used[s] = 1.
    """
    if capacity < 2 or capacity & (capacity - 1):
        raise ValueError(f"capacity must be a power of two >= 2, got {capacity}")
    stats = np.zeros(5, dtype=np.int64)
    stats[STAT_LIVE] = min(capacity, _FIRST_LIVE)
    return (
        np.empty((capacity, words), dtype=np.uint64),
        np.empty(capacity, dtype=np.int64),
        np.empty(capacity, dtype=np.int64),
        np.zeros(capacity, dtype=np.uint8),
        stats,
    )


@njit(inline="always")
def find(keys, used, live, v):  # pragma: no cover - jitted
    """(index, found): v's slot among the first ``live`` slots if v is stored, else the empty slot where it would go.

    The array-level form of :func:`slot`, for kernels that unpack the memo once: taking the arrays out of the tuple
    inside a loop costs atomic reference-count updates on every call.
    """
    mask = np.uint64(live - 1)
    s = np.int64(hash_bitset(v) & mask)
    while used[s]:
        same = True
        for w in range(v.shape[0]):
            if keys[s, w] != v[w]:
                same = False
                break
        if same:
            return s, True
        s = (s + 1) & (live - 1)
    return s, False


@njit(inline="always")
def slot(memo, v):  # pragma: no cover - jitted
    """(index, found): v's slot if v is stored, else the empty slot where it would go."""
    return find(memo[0], memo[3], memo[4][STAT_LIVE], v)


@njit(cache=True)
def _grow(keys, lo, hi, used, stats):  # pragma: no cover - jitted
    """Double the live slots and re-insert every entry (slots depend on the mask, so each one moves)."""
    live = stats[STAT_LIVE]
    old_keys, old_lo, old_hi, old_used = keys[:live].copy(), lo[:live].copy(), hi[:live].copy(), used[:live].copy()
    used[: 2 * live] = 0
    stats[STAT_LIVE] = 2 * live
    for s in range(live):
        if old_used[s]:
            t, _ = find(keys, used, 2 * live, old_keys[s])
            keys[t, :] = old_keys[s]
            lo[t], hi[t], used[t] = old_lo[s], old_hi[s], 1


@njit(inline="always")
def store(keys, lo, hi, used, stats, v, size, k, holds):  # pragma: no cover - jitted
    """:func:`record` on the unpacked memo arrays (see :func:`find`)."""
    s, found = find(keys, used, stats[STAT_LIVE], v)
    if not found:
        if 2 * (stats[STAT_ENTRIES] + 1) > stats[STAT_LIVE]:
            if stats[STAT_LIVE] < keys.shape[0]:
                _grow(keys, lo, hi, used, stats)
            else:
                used[:] = 0  # half full at capacity: empty the cache
                stats[STAT_ENTRIES] = 0
                stats[STAT_CLEARS] += 1
            s, found = find(keys, used, stats[STAT_LIVE], v)
        used[s] = 1
        keys[s, :] = v
        lo[s] = 0
        hi[s] = np.int64(np.floor(np.log2(size)))
        stats[STAT_ENTRIES] += 1
    if holds:
        lo[s] = max(lo[s], k)
    else:
        hi[s] = min(hi[s], k - 1)


@njit(inline="always")
def record(memo, v, size, k, holds):  # pragma: no cover - jitted
    """Store that LD(V) >= k (holds) or LD(V) < k (not holds), creating V's entry (lo 0, hi ⌊log2|V|⌋) if needed."""
    store(memo[0], memo[1], memo[2], memo[3], memo[4], v, size, k, holds)


@njit(inline="always")
def bounds_settle(keys, lo, hi, used, stats, v, size, k, max_ld):  # pragma: no cover - jitted
    """:func:`settled` on the unpacked memo arrays (see :func:`find`)."""
    if k <= 0:
        return 1
    if k > max_ld or size < (np.int64(1) << k):
        return 0  # LD(V) <= ⌊log2|V|⌋
    stats[STAT_CALLS] += 1
    s, found = find(keys, used, stats[STAT_LIVE], v)
    if found:
        if lo[s] >= k:
            stats[STAT_HITS] += 1
            return 1
        if hi[s] < k:
            stats[STAT_HITS] += 1
            return 0
    return -1


@njit(inline="always")
def settled(memo, v, size, k, max_ld):  # pragma: no cover - jitted
    """1 if LD(V) >= k is settled true, 0 if settled false (k <= 0, the log2 cap, the memo), -1 if unknown."""
    return bounds_settle(memo[0], memo[1], memo[2], memo[3], memo[4], v, size, k, max_ld)
