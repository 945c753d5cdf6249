"""The decision search "M_tr(V) >= r" over constraint states and its nogood table, against oracles."""

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
from theory.transductive._nogoods import NG_CLEARS, nogood_arrays, nogood_insert, nogood_match


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
        nogood_arrays(cols.shape[1], 64, 1 << 10),
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


def contains(state: dict, nogood: dict) -> bool:
    """A state contains a nogood: every block of the nogood is in the state with at least its requirement."""
    return all(v in state and state[v] >= r for v, r in nogood.items())


blocks = st.lists(st.tuples(st.integers(0, 5), st.integers(1, 2**70)), min_size=1, max_size=4, unique_by=lambda t: t[1])


def as_rows(state: list) -> tuple[np.ndarray, np.ndarray]:
    req = np.array([r for r, _ in state], dtype=np.int64)
    return np.array([[v & (2**64 - 1), v >> 64] for _, v in state], dtype=np.uint64), req


@given(st.lists(st.tuples(blocks, st.booleans()), max_size=40))
def test_nogood_table_finds_exactly_the_contained_nogoods(events):
    table = nogood_arrays(2, 8, 64)  # tiny: forces clears
    stored: list[dict] = []
    for state, store in events:
        sets, req = as_rows(state)
        as_dict = {v: r for r, v in state}
        mark = np.zeros(len(state), dtype=np.uint8)
        hit = nogood_match(table, sets, req, 0, len(state), mark)
        if hit:
            # A hit names rows that form a nogood that was stored (since the last clear) and that the state contains.
            used = {v: r for (r, v), m in zip(state, mark, strict=True) if m}
            assert any(contains(used, g) and contains(as_dict, g) and len(g) == len(used) for g in stored)
        else:
            assert not any(contains(as_dict, g) for g in stored)
        if store and len(state) >= 2:
            clears = table[7][NG_CLEARS]
            nogood_insert(table, sets, req, np.arange(len(state)), len(state))
            if table[7][NG_CLEARS] > clears:
                stored = []
            stored.append({v: r for r, v in state})
            # The state itself and any state with larger requirements now hit.
            assert nogood_match(table, sets, req + 1, 0, len(state), np.zeros(len(state), dtype=np.uint8))


def test_nogood_table_rejects_bad_shapes():
    with pytest.raises(ValueError, match="power of two"):
        nogood_arrays(2, 12)
    with pytest.raises(ValueError, match="words"):
        nogood_arrays(0)
    with pytest.raises(ValueError, match="pool_words"):
        nogood_arrays(4, 8, 3)


@given(st.lists(st.integers(1, 3), min_size=1, max_size=5), st.data())
def test_backjumping_skips_only_combinations_that_keep_the_blamed_choices(options, data):
    """advance() from a failed combination moves forward in counter order and skips only combinations that make the
    same choices for every blamed split constraint (they would rebuild the same reason); it stops (0) only when no
    later combination changes a blamed choice, and returns -1 when no split constraint is blamed."""
    from theory.transductive._constraints import _S_CON, _S_DIGIT, _S_NOPT, advance

    k = len(options)
    splits = np.zeros((k, 6), dtype=np.int64)
    splits[:, _S_CON] = np.arange(k) * 2  # split constraints need not be consecutive rows
    splits[:, _S_NOPT] = options
    digits = [data.draw(st.integers(0, o - 1)) for o in options]
    splits[:, _S_DIGIT] = digits
    blamed = data.draw(st.lists(st.booleans(), min_size=k, max_size=k))
    blame = np.zeros(2 * k, dtype=np.uint8)
    blame[::2] = blamed
    # Every combination in counter order (digit 0 changes fastest), and where the failed one sits.
    combos = [list(c)[::-1] for c in itertools.product(*[range(o) for o in reversed(options)])]
    here = combos.index(digits)
    outcome = advance(splits, 0, k, blame, 0)
    if not any(blamed):
        assert outcome == -1
        return
    keeps = [all(c[j] == digits[j] for j in range(k) if blamed[j]) for c in combos]
    if outcome == 0:
        assert all(keeps[here + 1 :])
    else:
        there = combos.index(splits[:, _S_DIGIT].tolist())
        assert there > here and all(keeps[here + 1 : there])
