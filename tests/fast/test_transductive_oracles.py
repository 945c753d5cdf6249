"""Slow, obviously-correct oracles for the transductive solvers (imported by the other transductive tests), and
the checks that the oracles themselves reproduce hand-computable values.

Each oracle follows a definition literally: the Littlestone recursion over sets of rows, the transductive game as
min over predictions of max over realizable labels, VC by trying every subset, and the tree-class bits by the
documented hash written with Python integers.
"""

from __future__ import annotations

import functools
import itertools

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

MASK = (1 << 64) - 1


def oracle_ld(H: np.ndarray) -> int:
    """LD by the recursion of the definition (spec §1.2), over the set of distinct rows."""

    @functools.cache
    def ld(rows: frozenset) -> int:
        if not rows:
            return -1
        best = 0
        for x in range(H.shape[1]):
            zero = frozenset(r for r in rows if r[x] == 0)
            if zero and zero != rows:
                best = max(best, 1 + min(ld(zero), ld(rows - zero)))
        return best

    return ld(frozenset(map(tuple, H.tolist())))


def oracle_value(H: np.ndarray, order) -> int:
    """The transductive game on ``order`` played out: min over the learner's ŷ of max over realizable y."""
    rows = [tuple(r) for r in H.tolist()]
    order = [int(x) for x in order]

    @functools.cache
    def game(version: frozenset, t: int) -> int:
        if t == len(order):
            return 0
        outcomes = []
        for prediction in (0, 1):
            worst = 0
            for y in (0, 1):
                after = frozenset(h for h in version if rows[h][order[t]] == y)
                if after:  # the adversary must stay realizable
                    worst = max(worst, int(prediction != y) + game(after, t + 1))
            outcomes.append(worst)
        return min(outcomes)

    return game(frozenset(range(len(rows))), 0)


def oracle_mistake_bound(H: np.ndarray) -> int:
    """max over all orderings of all points of the played-out game value."""
    return max(oracle_value(H, p) for p in itertools.permutations(range(H.shape[1])))


def oracle_vc(H: np.ndarray) -> int:
    """The largest k such that some k columns show all 2^k patterns."""
    best = 0
    for k in range(1, H.shape[1] + 1):
        if any(
            len({tuple(r) for r in H[:, list(s)].tolist()}) == 2**k
            for s in itertools.combinations(range(H.shape[1]), k)
        ):
            best = k
    return best


def _mix(z: int) -> int:
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
    return z ^ (z >> 31)


def oracle_tree_class(d: int, p: float, seed: int) -> np.ndarray:
    """The tree class bit by bit from the module docstring of theory/transductive/_tree.py, in Python ints."""
    threshold = int(round(p * 2.0**53))
    golden = 0x9E3779B97F4A7C15
    useed = _mix((seed + golden) & MASK)
    H = np.zeros((2**d, 2**d - 1), dtype=np.uint8)
    for node in range(2**d - 1):
        depth = (node + 1).bit_length() - 1
        pos = node + 1 - 2**depth
        salt = _mix(useed ^ ((node * 0xBF58476D1CE4E5B9) & MASK))
        for b in range(2**d):
            if b >> (d - depth) == pos:
                H[b, node] = (b >> (d - 1 - depth)) & 1
            else:
                H[b, node] = (_mix(salt ^ ((b + golden) & MASK)) >> 11) < threshold
    return H


@st.composite
def classes(draw, max_points: int = 6, max_rows: int = 16, min_rows: int = 1):
    """A 0/1 matrix with 1..max_points columns and min_rows..max_rows rows (repeats allowed)."""
    n = draw(st.integers(1, max_points))
    m = draw(st.integers(min_rows, max_rows))
    return draw(arrays(np.uint8, (m, n), elements=st.integers(0, 1)))


def test_oracles_on_hand_computed_classes():
    thresholds3 = np.array([[0, 0, 0], [0, 0, 1], [0, 1, 1], [1, 1, 1]], dtype=np.uint8)
    assert oracle_ld(thresholds3) == 2 and oracle_vc(thresholds3) == 1
    # Middle point first: either answer leaves a two-function class that one more point splits.
    assert oracle_value(thresholds3, [1, 0, 2]) == 2
    assert oracle_value(thresholds3, [0, 1, 2]) == 1  # left to right the learner just predicts 0 until a 1
    assert oracle_mistake_bound(thresholds3) == 2
    assert oracle_ld(np.zeros((3, 2), dtype=np.uint8)) == 0
    assert oracle_ld(np.eye(3, dtype=np.uint8)) == 1


def test_oracle_tree_class_has_forced_paths():
    H = oracle_tree_class(3, 0.0, 5)
    # Minimal class: hypothesis b is 1 exactly where its path turns right (bit 1), 0 elsewhere.
    assert H[0b101].tolist() == [1, 0, 0, 0, 0, 1, 0]
    assert H[0b000].sum() == 0 and H.shape == (8, 7)
    dense = oracle_tree_class(3, 1.0, 5)
    assert dense[0b000].tolist() == [0, 0, 1, 0, 1, 1, 1]  # on-path 0s, every off-path bit 1
