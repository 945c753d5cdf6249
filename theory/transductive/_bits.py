"""uint64 bitsets over hypotheses, shared by every numba kernel of the package.

A class H with m hypotheses and n points is stored column-wise: ``cols[x]`` is a bitset of W = ceil(m / 64) words
whose bit h (word h >> 6, bit h & 63) is H[h, x]. A version space V ⊆ H is a bitset of the same W words, so
V_{x→1} = V & cols[x] and V_{x→0} = V & ~cols[x] cost W word operations each.

The helpers are ``inline="always"`` numba functions: they are compiled into each kernel that calls them, so they add
no signatures of their own. Besides set algebra they hash bitsets (memo keys), find the highest set bit and
transpose 64 x 64 bit blocks (column words into per-hypothesis label words, :mod:`._patterns`). All arithmetic
stays in uint64 (numba turns mixed int64/uint64 arithmetic into float64).
"""

from __future__ import annotations

import numpy as np
from numba import njit

__all__ = ["full_set", "pack_columns", "unpack_bitset"]

_M1 = np.uint64(0x5555555555555555)
_M2 = np.uint64(0x3333333333333333)
_M4 = np.uint64(0x0F0F0F0F0F0F0F0F)
_H01 = np.uint64(0x0101010101010101)
_ONE = np.uint64(1)
# splitmix64 constants (Steele, Lea & Flood 2014): a bijective mixer of 64-bit words.
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_MIX1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX2 = np.uint64(0x94D049BB133111EB)


@njit(inline="always")
def pop64(x):  # pragma: no cover - jitted
    """Number of set bits of one uint64 word (SWAR popcount)."""
    x = x - ((x >> _ONE) & _M1)
    x = (x & _M2) + ((x >> np.uint64(2)) & _M2)
    x = (x + (x >> np.uint64(4))) & _M4
    return np.int64((x * _H01) >> np.uint64(56))


@njit(inline="always")
def popcount(v):  # pragma: no cover - jitted
    """|V| for a bitset ``v`` of W words."""
    total = 0
    for w in range(v.shape[0]):
        total += pop64(v[w])
    return total


@njit(inline="always")
def count_and(a, b):  # pragma: no cover - jitted
    """|A ∩ B| without materialising the intersection."""
    total = 0
    for w in range(a.shape[0]):
        total += pop64(a[w] & b[w])
    return total


@njit(inline="always")
def split_into(out0, out1, v, col):  # pragma: no cover - jitted
    """Write V_{x→0} = V & ~col into ``out0`` and V_{x→1} = V & col into ``out1``; return |V_{x→1}|."""
    ones = 0
    for w in range(v.shape[0]):
        hit = v[w] & col[w]
        out1[w] = hit
        out0[w] = v[w] ^ hit
        ones += pop64(hit)
    return ones


@njit(inline="always")
def mix64(z):  # pragma: no cover - jitted
    """The splitmix64 finaliser: a bijection of uint64 with good avalanche, used as a counter-based hash."""
    z = (z ^ (z >> np.uint64(30))) * _MIX1
    z = (z ^ (z >> np.uint64(27))) * _MIX2
    return z ^ (z >> np.uint64(31))


@njit(inline="always")
def hash_bitset(v):  # pragma: no cover - jitted
    """A 64-bit hash of a bitset (keys of the Littlestone memo table).

    Each word is salted by its position and multiplied independently, then the sum is mixed once: the terms do
    not wait for each other (a word-by-word chain of mixes costs W times the multiply latency).
    """
    h = np.uint64(v.shape[0])
    for w in range(v.shape[0]):
        h += (v[w] ^ (np.uint64(w) * _GOLDEN)) * _MIX1
    return mix64(h)


@njit(inline="always")
def msb64(x):  # pragma: no cover - jitted
    """Index (0..63) of the highest set bit of a nonzero uint64, without branches.

    Smearing the highest bit into every lower position leaves msb + 1 set bits; data-dependent branches of a
    binary search would mispredict about half the time on random keys.
    """
    for s in (1, 2, 4, 8, 16, 32):
        x |= x >> np.uint64(s)
    return pop64(x) - 1


@njit(inline="always")
def transpose64(a):  # pragma: no cover - jitted
    """Transpose the 64 x 64 bit matrix ``a`` in place: bit j of a[i] becomes bit i of a[j].

    Hacker's Delight §7-3, widened to 64 bits: at stride j = 32, 16, ..., 1, swap the j x j off-diagonal blocks of
    every 2j x 2j diagonal block with three XORs per row pair; ``mask`` selects the low j bits of each 2j group.
    """
    j = 32
    mask = np.uint64(0x00000000FFFFFFFF)
    while j != 0:
        k = 0
        while k < 64:
            t = ((a[k] >> np.uint64(j)) ^ a[k + j]) & mask
            a[k + j] ^= t
            a[k] ^= t << np.uint64(j)
            # Next row whose bit j is clear: the rows k + j are the partners of rows k.
            k = (k + j + 1) & ~j
        j >>= 1
        mask ^= mask << np.uint64(j)


@njit(cache=True)
def _pack_kernel(matrix):  # pragma: no cover - jitted
    """Column bitsets of a uint8 matrix (m, n): uint64 (n, ceil(m / 64)), bit h & 63 of word h >> 6 is matrix[h, x]."""
    m, n = matrix.shape
    words = (m + 63) // 64
    out = np.empty((n, words), dtype=np.uint64)
    acc = np.empty(n, dtype=np.uint64)
    for w in range(words):
        # OR 64 rows into one contiguous word per point (a vectorisable inner loop over the row), then scatter
        # the finished words into their column; writing out[x, w] row by row would stride through memory.
        acc[:] = 0
        for j in range(min(64, m - 64 * w)):
            row = matrix[64 * w + j]
            bit = np.uint64(j)
            for x in range(n):
                acc[x] |= np.uint64(row[x]) << bit
        for x in range(n):
            out[x, w] = acc[x]
    return out


def pack_columns(matrix: np.ndarray) -> np.ndarray:
    """Column bitsets of a validated 0/1 matrix of shape (m, n): uint64 array of shape (n, ceil(m / 64)).

    Bit h & 63 of word h >> 6 of row x is ``matrix[h, x]``; the bits past m in the last word are 0.
    """
    return _pack_kernel(np.ascontiguousarray(matrix, dtype=np.uint8))


def full_set(m: int) -> np.ndarray:
    """The bitset {0, ..., m-1} (the whole class) as W = ceil(m / 64) uint64 words."""
    words = -(-m // 64)
    v = np.full(words, np.uint64(0xFFFFFFFFFFFFFFFF), dtype=np.uint64)
    if m % 64:
        v[-1] = np.uint64((1 << (m % 64)) - 1)
    return v


def unpack_bitset(v: np.ndarray, m: int) -> np.ndarray:
    """The bool mask of length m of a bitset (the inverse of packing one column)."""
    return np.unpackbits(np.ascontiguousarray(v, dtype="<u8").view(np.uint8), bitorder="little")[:m].astype(bool)
