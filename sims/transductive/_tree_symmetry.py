"""The child-swap group of a tree class acting on its off-path bits: canonical forms, orbit sizes, representatives.

Nodes of T_{d-1} and hypotheses are bit strings (a node of depth ℓ is the ℓ-bit string u of its path from the root,
heap index 2^ℓ - 1 + u; hypothesis b is a d-bit string), laid out as in :mod:`theory.transductive._tree`. A swap
vector s ∈ {0,1}^(2^d - 1) over the nodes defines g_s, which maps a string v to

    g_s(v)_i = v_i XOR s(v_1 … v_{i-1})        (bit i flips iff the node it leaves from is swapped)

and acts on a class by (g_s H)[g_s(b), g_s(x)] = H[b, x] XOR s(x): the two subtrees of every swapped node change
places and its column is complemented, because the on-path label of a node records the direction taken there.

* g_s permutes rows and columns and complements some columns, so M_tr and LD are unchanged; it maps the forced
  on-path entries to forced on-path entries, so it acts on the 2^d·(2^d - 1 - d) off-path bits. The s are all of
  {0,1}^(2^d - 1) (the automorphisms of a binary tree with 2^d leaves): |G_d| = 2^(2^d - 1) (32,768 at d = 4).
* Complementing every column adds nothing: relabelled into tree form it is g_s with s ≡ 1 (the mirror image).
  Complementing only the off-path bits in place is not a symmetry (it changes M_tr of some d = 3 classes).
* The number of ones is not invariant: s(x) = 1 turns the w_x ones of column x into F_x - w_x, where
  F_x = 2^d - 2^(d-ℓ) is the number of off-path entries of a depth-ℓ column (0 at the root). The *minority weight*
  μ(y) = Σ_x min(w_x, F_x - w_x) is invariant, and g_s with s(x) = [2 w_x > F_x] maps y to a vector of weight μ(y).
* If y0 has weight μ, g_s y0 has weight μ iff every swapped column is a tie (2 w_x = F_x; the root always is).
  So the minimal-weight members of an orbit are the g_s y0 with s supported on the ties of y0, the stabiliser of y0
  lies among them, and the orbit has |G_d| / #{s ⊆ ties : g_s y0 = y0} members.

The canonical form of y is the minimal-weight member of its orbit whose sorted one-positions are lexicographically
smallest. The orbits meeting {y : |y| <= k} are then exactly the orbits of {y : μ(y) <= k}, one canonical vector
each. That set is ~2^(2^d - 2) times larger than the C(free, <= k) vectors with <= k ones, but for k < min F_x / 2
(k < 4 at d = 4) the root is the only tie, so there are still about C(free, k) / 2 orbits of weight k: the child
swaps enlarge the coverage, they barely shrink the enumeration.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterator
from typing import NamedTuple

import numpy as np
from numba import njit

from theory._validate import as_int_array, check_int
from theory.transductive import node_depth, off_path_mask

__all__ = [
    "MAX_D",
    "Layout",
    "canonical_form",
    "group_order",
    "layout",
    "minority_weight",
    "minority_weight_counts",
    "orbit_representatives",
    "swap_action",
]

#: Largest d: the 2^d hypotheses fit one uint64 word and |G_d| = 2^(2^d - 1) fits an int64.
MAX_D = 5
#: canonical_form enumerates 2^(ties) swap vectors; beyond this many tie columns it refuses.
MAX_TIES = 20
#: About this many subsets are walked per chunk of orbit_representatives (bounds its memory, not its result).
_CHUNK = 1 << 20


class Layout(NamedTuple):
    """Index tables of the off-path positions of a tree class with LD = d (``free`` positions, 2^d - 1 nodes)."""

    row: np.ndarray  # (free,) hypothesis b of position p
    col: np.ndarray  # (free,) node x of position p
    depth: np.ndarray  # (nodes,) depth ℓ of node x
    index: np.ndarray  # (2^d, nodes) position of (b, x), -1 where x is on b's path
    col_size: np.ndarray  # (nodes,) F_x = 2^d - 2^(d - ℓ)
    col_positions: np.ndarray  # (nodes, max F) positions of column x in increasing order, padded with -1


@functools.cache
def layout(d: int) -> Layout:
    """The tables of :class:`Layout`; positions follow ``tree_class_from_bits`` (row-major over off-path cells)."""
    d = check_int("d", d, low=2, high=MAX_D)
    mask = off_path_mask(d)
    row, col = np.nonzero(mask)  # row-major, the fill order of tree_class_from_bits
    index = np.full(mask.shape, -1, dtype=np.int64)
    index[mask] = np.arange(row.size)
    depth = node_depth(np.arange(mask.shape[1]))
    col_size = 2**d - 2 ** (d - depth)
    col_positions = np.full((mask.shape[1], int(col_size.max())), -1, dtype=np.int64)
    for x in range(mask.shape[1]):
        col_positions[x, : col_size[x]] = np.flatnonzero(col == x)
    tables = Layout(row.astype(np.int64), col.astype(np.int64), depth, index, col_size.astype(np.int64), col_positions)
    for table in tables:  # shared by every caller through the cache
        table.flags.writeable = False
    return tables


def group_order(d: int) -> int:
    """|G_d| = 2^(2^d - 1), the number of swap vectors."""
    return 2 ** (2 ** check_int("d", d, low=2, high=MAX_D) - 1)


@njit(inline="always")
def _map_string(v, length, s):  # pragma: no cover - jitted
    """g_s on the ``length``-bit string v (a node of that depth, or a hypothesis when length = d)."""
    node = 0  # heap index of the node the walk stands on: the bit leaving it flips iff s(node) = 1
    out = 0
    for i in range(length):
        bit = (v >> (length - 1 - i)) & 1
        out = 2 * out + (bit ^ s[node])
        node = 2 * node + 1 + bit
    return out


@njit(inline="always")
def _image(p, s, d, lay):  # pragma: no cover - jitted
    """Position of g_s(b, x) for the off-path position p = (b, x)."""
    x = lay.col[p]
    ell = lay.depth[x]
    u = x + 1 - (1 << ell)
    return lay.index[_map_string(lay.row[p], d, s), (1 << ell) - 1 + _map_string(u, ell, s)]


@njit(cache=True)
def _act_kernel(bits, s, d, lay):  # pragma: no cover - jitted
    """The off-path vector of g_s H: out[g_s(b, x)] = bits[(b, x)] XOR s(x)."""
    out = np.empty_like(bits)
    for p in range(bits.shape[0]):
        out[_image(p, s, d, lay)] = bits[p] ^ s[lay.col[p]]
    return out


@njit(inline="always")
def _column_weights(ones, k, lay, w):  # pragma: no cover - jitted
    """Fill w[x] with the ones of column x among ones[:k]; True iff every column is in the minority (weight μ)."""
    w[:] = 0
    for i in range(k):
        w[lay.col[ones[i]]] += 1
    return np.all(2 * w <= lay.col_size)


@njit(inline="always")
def _compare(a, b, k):  # pragma: no cover - jitted
    """Lexicographic order of the sorted tuples a[:k] and b[:k]: -1, 0 or 1."""
    for i in range(k):
        if a[i] != b[i]:
            return -1 if a[i] < b[i] else 1
    return 0


@njit(inline="always")
def _min_image(ones, k, d, lay, w, s, ties, flags, cand, best):  # pragma: no cover - jitted
    """Canonical form of the minimal-weight vector with sorted ones ``ones[:k]`` (column weights ``w``).

    Tries every g_s with s supported on the tie columns (the only swaps that keep the weight minimal), writes the
    smallest sorted image into ``best[:k]`` and returns how many of them fix the vector (the stabiliser's size).
    ``s`` and ``flags`` must be all zero on entry and are left so.
    """
    col, col_size = lay.col, lay.col_size
    n_ties = 0
    for x in range(col_size.shape[0]):
        if 2 * w[x] == col_size[x]:
            ties[n_ties] = x
            n_ties += 1
    for i in range(k):
        flags[ones[i]] = 1
        best[i] = ones[i]
    stab = 0
    for m in range(1 << n_ties):
        for j in range(n_ties):
            s[ties[j]] = (m >> j) & 1
        n = 0
        for i in range(k):
            if s[col[ones[i]]] == 0:
                cand[n] = _image(ones[i], s, d, lay)
                n += 1
        for j in range(n_ties):
            x = ties[j]
            if s[x] == 1:  # a swapped tie column is complemented: its zeros become the image's ones
                for t in range(col_size[x]):
                    q = lay.col_positions[x, t]
                    if flags[q] == 0:
                        cand[n] = _image(q, s, d, lay)
                        n += 1
        for i in range(1, k):  # insertion sort: k is small
            v, j = cand[i], i - 1
            while j >= 0 and cand[j] > v:
                cand[j + 1] = cand[j]
                j -= 1
            cand[j + 1] = v
        stab += _compare(cand, ones, k) == 0
        if _compare(cand, best, k) < 0:
            best[:k] = cand[:k]
    for j in range(n_ties):
        s[ties[j]] = 0
    for i in range(k):
        flags[ones[i]] = 0
    return stab


@njit(cache=True)
def _canonical_kernel(ones, d, lay):  # pragma: no cover - jitted
    """(canonical sorted ones, stabiliser size) of the minimal-weight vector with sorted ones ``ones``."""
    k, nodes, free = ones.shape[0], lay.col_size.shape[0], lay.row.shape[0]
    w, s, ties = np.zeros(nodes, np.int64), np.zeros(nodes, np.int64), np.zeros(nodes, np.int64)
    flags, cand, best = np.zeros(free, np.int64), np.zeros(k, np.int64), np.zeros(k, np.int64)
    _column_weights(ones, k, lay, w)
    stab = _min_image(ones, k, d, lay, w, s, ties, flags, cand, best)
    return best, stab


@njit(cache=True)
def _reps_kernel(k, lo, hi, capacity, d, lay):  # pragma: no cover - jitted
    """Canonical k-subsets of the off-path positions whose smallest element is in [lo, hi), with stabiliser sizes:
    (reps (R, k), stabs (R,)), R <= ``capacity`` (the number of subsets walked).

    Walks those k-subsets in lexicographic order; a subset is kept iff it is minimal-weight and its own canonical
    form, so every orbit of minority weight k is kept exactly once over all [lo, hi) ranges.
    """
    nodes, free = lay.col_size.shape[0], lay.row.shape[0]
    reps, stabs = np.empty((capacity, k), np.int64), np.empty(capacity, np.int64)
    w, s, ties = np.zeros(nodes, np.int64), np.zeros(nodes, np.int64), np.zeros(nodes, np.int64)
    flags, cand, best = np.zeros(free, np.int64), np.zeros(k, np.int64), np.zeros(k, np.int64)
    c = np.arange(lo, lo + k)
    r = 0
    while True:
        if _column_weights(c, k, lay, w):
            stab = _min_image(c, k, d, lay, w, s, ties, flags, cand, best)
            if _compare(best, c, k) == 0:
                reps[r] = c
                stabs[r] = stab
                r += 1
        i = k - 1  # next subset: bump the last entry that can still grow, reset the ones after it
        while i >= 0 and c[i] == free - k + i:
            i -= 1
        if i < 0 or (i == 0 and c[0] + 1 >= hi):
            break
        c[i] += 1
        for j in range(i + 1, k):
            c[j] = c[j - 1] + 1
    return reps[:r], stabs[:r]


def _check_vector(name: str, value: object, size: int, what: str) -> np.ndarray:
    """``value`` as an int64 0/1 vector of length ``size``, or raise naming ``name``."""
    arr = as_int_array(name, value).reshape(-1)
    if arr.size != size:
        raise ValueError(f"{name} must hold {size} zeros and ones ({what}), got {arr.size} values")
    if np.any((arr != 0) & (arr != 1)):
        raise ValueError(f"{name} must hold only zeros and ones ({what}), got the values {np.unique(arr).tolist()}")
    return arr


def swap_action(d: int, swaps: object, bits: object) -> np.ndarray:
    """g_s applied to the off-path bits of a tree class with LD = d: int64 vector of the same length.

    ``swaps`` holds s(x) for the 2^d - 1 nodes in heap order; ``bits`` the 2^d·(2^d - 1 - d) off-path bits in the
    order of :func:`theory.transductive.tree_class_from_bits`. The image class has the same M_tr and LD.
    """
    lay = layout(d)
    s = _check_vector("swaps", swaps, lay.col_size.size, f"one per node of T_{d - 1}")
    y = _check_vector("bits", bits, lay.row.size, f"the off-path bits for d = {d}")
    return _act_kernel(y, s, np.int64(d), lay)


def _column_ones(d: int, bits: object) -> tuple[np.ndarray, np.ndarray]:
    """(validated bits, w) with w[x] the number of ones of column x among the off-path bits."""
    lay = layout(d)
    y = _check_vector("bits", bits, lay.row.size, f"the off-path bits for d = {d}")
    return y, np.bincount(lay.col, weights=y, minlength=lay.col_size.size).astype(np.int64)


def minority_weight(d: int, bits: object) -> int:
    """μ(y) = Σ_x min(w_x, F_x - w_x): the fewest ones in y's orbit (w_x = ones of column x, F_x its size)."""
    _, w = _column_ones(d, bits)
    return int(np.minimum(w, layout(d).col_size - w).sum())


def minority_weight_counts(d: int, max_weight: int) -> list[int]:
    """[#{y : μ(y) = j} for j = 0..max_weight], exactly: the coefficients of Π_x Σ_w C(F_x, w) t^min(w, F_x - w)."""
    lay = layout(d)
    max_weight = check_int("max_weight", max_weight, low=0)
    counts = [1] + [0] * max_weight
    for size in lay.col_size.tolist():
        factor = [0] * (size // 2 + 1)
        for w in range(size + 1):
            factor[min(w, size - w)] += math.comb(size, w)
        counts = [
            sum(counts[j - i] * factor[i] for i in range(min(j, len(factor) - 1) + 1)) for j in range(max_weight + 1)
        ]
    return counts


def canonical_form(d: int, bits: object) -> tuple[np.ndarray, int]:
    """(canonical off-path vector of y's orbit, orbit size |G_d| / |stabiliser|); see the module docstring."""
    lay = layout(d)
    y, w = _column_ones(d, bits)
    # Swap exactly the majority columns: the image has weight μ(y), a minimal-weight member of the orbit.
    y0 = _act_kernel(y, (2 * w > lay.col_size).astype(np.int64), np.int64(d), lay)
    ties = int(np.sum(2 * np.minimum(w, lay.col_size - w) == lay.col_size))
    if ties > MAX_TIES:
        raise ValueError(f"bits has {ties} tie columns (half ones); canonical_form handles at most {MAX_TIES}")
    best, stab = _canonical_kernel(np.flatnonzero(y0).astype(np.int64), np.int64(d), lay)
    out = np.zeros(lay.row.size, dtype=np.int64)
    out[best] = 1
    return out, group_order(d) // int(stab)


def orbit_representatives(d: int, weight: int) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Every orbit of minority weight ``weight`` once, in chunks of (ones (R, weight), sizes (R,)), both int64.

    Row r of ``ones`` lists the one-positions (increasing) of a canonical vector, ``sizes[r]`` its orbit size; over
    all chunks the sizes add up to ``minority_weight_counts(d, weight)[weight]``.
    """
    lay = layout(d)
    free = lay.row.size
    weight = check_int("weight", weight, low=0, high=free)
    order = group_order(d)
    if weight == 0:
        chunks = [(0, 1, 1)]  # the single empty subset
    else:
        chunks, lo = [], 0
        while lo <= free - weight:  # group first positions so that a chunk walks about _CHUNK subsets
            hi, size = lo, 0
            while hi <= free - weight and (hi == lo or size + math.comb(free - 1 - hi, weight - 1) <= _CHUNK):
                size += math.comb(free - 1 - hi, weight - 1)
                hi += 1
            chunks.append((lo, hi, size))
            lo = hi
    for lo, hi, size in chunks:
        reps, stabs = _reps_kernel(np.int64(weight), np.int64(lo), np.int64(hi), np.int64(size), np.int64(d), lay)
        yield reps, order // stabs
