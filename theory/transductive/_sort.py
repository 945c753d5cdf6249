"""Sorting uint64 keys in place without allocating, for the numba kernels: an MSD radix sort that finishes short
runs by insertion sort, and a stable LSD radix sort by a key's top bits.

Callers pack what they sort into one key (e.g. a label pattern above an index), so a plain integer sort is all
they need; :func:`sort_scratch` allocates the work space once per kernel call.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from ._bits import msb64

__all__ = ["insertion_sort", "sort_scratch", "sort_top_bits", "sort_u64"]

_SMALL = 24  # runs of at most this many keys are insertion-sorted
_MAX_BITS = 16  # widest radix digit: 2^16 counters
_DIGIT = 8  # digit of the LSD sort: 256 counters per pass, 8 passes cover 64 bits


@njit(cache=True)
def sort_scratch(n):  # pragma: no cover - jitted
    """(tmp (n,), counts (2^16 + 1,), stack (n // 25 + 2, 2)): the work space of :func:`sort_u64` for n keys."""
    return np.empty(n, np.uint64), np.empty((1 << _MAX_BITS) + 1, np.int64), np.empty((n // 25 + 2, 2), np.int64)


@njit(inline="always")
def insertion_sort(a, s, e):  # pragma: no cover - jitted
    """Sort a[s:e] ascending in place."""
    for i in range(s + 1, e):
        key = a[i]
        j = i - 1
        while j >= s and a[j] > key:
            a[j + 1] = a[j]
            j -= 1
        a[j + 1] = key


@njit(cache=True)
def sort_u64(a, lo, hi, tmp, counts, stack):  # pragma: no cover - jitted
    """Sort the uint64 keys a[lo:hi] ascending in place (scratch from :func:`sort_scratch`).

    MSD radix sort. A run's digit is the top b bits below the prefix all its keys share, with 2^b about twice
    the run's length (b <= 16), so distinct keys mostly land alone whatever their distribution; runs of more
    than 24 keys are pushed on ``stack`` and sorted the same way, shorter ones by insertion sort. Pending runs
    are disjoint and hold more than 24 keys each, so the stack cannot overflow.
    """
    stack[0, 0], stack[0, 1] = lo, hi
    top = 1
    while top:
        top -= 1
        s, e = stack[top, 0], stack[top, 1]
        if e - s <= _SMALL:
            insertion_sort(a, s, e)
            continue
        diff = np.uint64(0)
        for i in range(s + 1, e):
            diff |= a[i] ^ a[s]
        if diff == 0:
            continue  # all keys equal
        high = msb64(diff) + 1  # bits 0..high-1 are the ones that differ within the run
        bits = min(_MAX_BITS, msb64(np.uint64(e - s)) + 1, high)
        sh, mask = np.uint64(high - bits), (np.uint64(1) << np.uint64(bits)) - np.uint64(1)
        buckets = np.int64(1) << bits
        counts[: buckets + 1] = 0
        for i in range(s, e):
            counts[((a[i] >> sh) & mask) + np.uint64(1)] += 1
        largest = 0
        for d in range(buckets):
            largest = max(largest, counts[d + 1])
            counts[d + 1] += counts[d]
        # counts[d] is now where bucket d starts; scattering advances it to where the bucket ends.
        for i in range(s, e):
            d = (a[i] >> sh) & mask
            tmp[s + counts[d]] = a[i]
            counts[d] += 1
        a[s:e] = tmp[s:e]
        if largest <= _SMALL:
            # Every bucket is short: one insertion sort over the whole run moves keys only inside their bucket,
            # which is cheaper than visiting all 2^b buckets.
            insertion_sort(a, s, e)
            continue
        begin = s
        for d in range(buckets):
            stop = s + counts[d]
            if stop - begin <= _SMALL:
                insertion_sort(a, begin, stop)
            else:
                stack[top, 0], stack[top, 1] = begin, stop
                top += 1
            begin = stop


@njit(cache=True)
def sort_top_bits(a, lo, hi, bits, tmp, counts):  # pragma: no cover - jitted
    """Stably sort the uint64 keys a[lo:hi] by their top ``bits`` bits (0 <= bits <= 64; scratch from
    :func:`sort_scratch`): keys whose top bits agree keep their order.

    LSD radix sort, 8-bit digits from the lowest of the top bits up: no comparisons, so no branch depends on the
    keys. One read pass fills the counters of every digit (pass q's 256 counters at 256 q), then each pass
    scatters stably between ``a`` and ``tmp``; an odd number of passes ends with a copy back.
    """
    passes = (bits + _DIGIT - 1) // _DIGIT
    buckets = np.int64(1) << _DIGIT
    mask = np.uint64(buckets - 1)
    counts[: passes * buckets] = 0
    # Pass q reads the digit at bit 64 - bits + 8q; the last digit may reach past bit 63 and then reads zeros.
    for i in range(lo, hi):
        key = a[i]
        for q in range(passes):
            counts[q * buckets + np.int64((key >> np.uint64(64 - bits + _DIGIT * q)) & mask)] += 1
    for q in range(passes):
        start = 0
        for d in range(q * buckets, (q + 1) * buckets):
            start, counts[d] = start + counts[d], start
    src, dst = a, tmp
    for q in range(passes):
        sh, base = np.uint64(64 - bits + _DIGIT * q), q * buckets
        for i in range(lo, hi):
            key = src[i]
            d = base + np.int64((key >> sh) & mask)
            dst[lo + counts[d]] = key
            counts[d] += 1
        src, dst = dst, src
    if passes % 2:
        a[lo:hi] = tmp[lo:hi]
