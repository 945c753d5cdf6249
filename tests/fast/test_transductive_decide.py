"""The decision search "M_tr(V) >= r" over constraint states and its transposition table, against oracles."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import theory.transductive._mistake_bound as mistake_bound
from theory.transductive import full_set, pack_columns, transductive_value, transductive_values, tree_class
from theory.transductive._decide import FOUND, NOT_FOUND, UNDECIDED, decide_kernel
from theory.transductive._ld_memo import memo_arrays
from theory.transductive._littlestone import LDTable
from theory.transductive._state_memo import STATE_CLEARS, state_contains, state_insert, state_memo_arrays


@st.composite
def distinct_classes(draw, max_points: int = 6, max_rows: int = 24) -> np.ndarray:
    n = draw(st.integers(1, max_points))
    rows = draw(st.sets(st.integers(0, 2**n - 1), min_size=1, max_size=min(max_rows, 2**n)))
    return np.array([[(r >> x) & 1 for x in range(n)] for r in sorted(rows)], dtype=np.uint8)


def brute_force_bound(H: np.ndarray) -> int:
    """M_tr by the fixed-sequence value of every ordering of all points (appending never lowers W)."""
    return int(transductive_values(H, np.array(list(itertools.permutations(range(H.shape[1]))))).max())


def oracle_exists(H: np.ndarray, constraints: tuple[tuple[frozenset, int], ...]) -> bool:
    """The constraint recursion of the module docstring, literally: every point, every option, no pruning."""
    live = [(v, r) for v, r in constraints if r >= 1]
    if all(r == 1 and len(v) >= 2 for v, r in live):
        return True  # a splitting point per block can be appended at the end
    if any(len(v) < 2 for v, _ in live):
        return False
    for z in range(H.shape[1]):
        choices = []
        for v, r in live:
            v0, v1 = frozenset(h for h in v if H[h, z] == 0), frozenset(h for h in v if H[h, z] == 1)
            choices.append([((v, r),)] if not v0 or not v1 else [((v0, r - 1), (v1, r - 1)), ((v0, r),), ((v1, r),)])
        if any(len(c) > 1 for c in choices):
            for pick in itertools.product(*choices):
                if oracle_exists(H, tuple(c for part in pick for c in part)):
                    return True
    return False


def decide(H: np.ndarray, r: int, node_limit: int = 0):
    cols = pack_columns(H)
    return decide_kernel(
        cols,
        full_set(H.shape[0]),
        np.int64(r),
        LDTable(*cols.shape).arrays(),
        memo_arrays(cols.shape[1], 64),
        state_memo_arrays(64, 1 << 10),
        np.int64(node_limit),
    )


@given(distinct_classes())
def test_decisions_match_brute_force_and_witnesses_force_r(H):
    best = brute_force_bound(H)
    for r in range(1, best + 2):
        outcome, chain, _ = decide(H, r)
        assert outcome == (FOUND if r <= best else NOT_FOUND)
        if outcome == FOUND:
            assert transductive_value(H, mistake_bound._complete_witness(H, chain)) >= r


@given(distinct_classes(max_points=4, max_rows=10))
def test_the_constraint_recursion_is_the_transductive_bound(H):
    best = brute_force_bound(H)
    everyone = frozenset(range(H.shape[0]))
    assert [oracle_exists(H, ((everyone, r),)) for r in range(1, 4)] == [r <= best for r in range(1, 4)]


@given(st.data())
def test_mistake_bound_through_the_decision_search(data):
    H = data.draw(distinct_classes(max_points=6))
    # Duplicate some rows: the search must reduce to distinct rows first.
    H = np.concatenate([H, H[: data.draw(st.integers(0, H.shape[0]))]])
    old = mistake_bound.PROBE_NODES
    mistake_bound.PROBE_NODES = 1  # hand everything beyond one prefix to the decision search
    try:
        result = mistake_bound.mistake_bound_search(H)
    finally:
        mistake_bound.PROBE_NODES = old
    assert result.exact and result.value == brute_force_bound(H)
    if result.value:
        assert transductive_value(H, result.witness) == result.value


def test_node_limit_leaves_honest_bounds():
    H = tree_class(7, 2.0 ** -(7**0.5), 0)
    result = mistake_bound.mistake_bound_search(H, node_limit=50)
    assert not result.exact and result.value <= result.upper == 7
    assert transductive_value(H, result.witness) == result.value
    outcome, chain, pushed = decide(H, 7, node_limit=3)
    assert outcome in (UNDECIDED, NOT_FOUND) and pushed <= 4 and chain.size == 0


@given(st.lists(st.lists(st.tuples(st.integers(0, 3), st.integers(0, 2**70)), min_size=1, max_size=3), max_size=40))
def test_state_memo_is_an_exact_set(states):
    memo = state_memo_arrays(8, 64)  # tiny: forces clears
    stored: set = set()
    for state in states:
        req = np.array([r for r, _ in state], dtype=np.int64)
        sets = np.array([[v & (2**64 - 1), v >> 64] for _, v in state], dtype=np.uint64)
        key = tuple(state)
        clears = memo[5][STATE_CLEARS]
        if state_contains(memo, sets, req, 0, len(state)):
            assert key in stored  # a hit is never a collision
        state_insert(memo, sets, req, 0, len(state))
        if memo[5][STATE_CLEARS] > clears:
            stored = set()
        stored.add(key)
        assert state_contains(memo, sets, req, 0, len(state))


def test_state_memo_rejects_bad_capacity():
    with pytest.raises(ValueError, match="power of two"):
        state_memo_arrays(12)
