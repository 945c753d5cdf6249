"""The numba solvers against the oracles, and the properties of spec §4.1 (items 1-6, 8, 9) on random classes."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from tests.fast.test_transductive_oracles import (
    classes,
    oracle_ld,
    oracle_mistake_bound,
    oracle_value,
    oracle_vc,
)
from theory.transductive import (
    all_functions,
    clw_class,
    disjoint_product,
    fixed_order_trie,
    littlestone_dimension,
    minimal_forcing_sequence,
    minimal_tree_class,
    mistake_bound_search,
    random_class,
    singletons,
    thresholds,
    transductive_mistake_bound,
    transductive_value,
    transductive_values,
    vc_dimension,
)

orders = st.lists(st.integers(0, 7), min_size=0, max_size=7)


def _all_permutations_max(H: np.ndarray) -> int:
    perms = np.array(list(itertools.permutations(range(H.shape[1]))), dtype=np.int64)
    return int(transductive_values(H, perms).max())


# --- 1. recursions agree with brute force ---------------------------------------------------------------------
@given(classes(max_points=7, max_rows=24))
def test_littlestone_dimension_matches_the_definition(H):
    assert littlestone_dimension(H) == oracle_ld(H)


@given(classes(max_points=6, max_rows=16), st.data())
def test_fixed_order_value_matches_the_played_out_game(H, data):
    order = data.draw(st.lists(st.integers(0, H.shape[1] - 1), max_size=7))
    assert transductive_value(H, order) == oracle_value(H, order)


@given(classes(max_points=5, max_rows=12))
def test_search_matches_the_game_over_all_orderings(H):
    assert transductive_mistake_bound(H) == oracle_mistake_bound(H)


@given(classes(max_points=8, max_rows=40))
def test_search_matches_all_permutations_on_eight_points(H):
    result = mistake_bound_search(H)
    assert result.exact and result.value == _all_permutations_max(H)
    assert transductive_value(H, result.witness) == result.value


@given(classes(max_points=6, max_rows=20))
def test_vc_dimension_matches_brute_force(H):
    assert vc_dimension(H) == oracle_vc(H)


def test_batched_values_equal_single_values():
    H = random_class(20, 6, 0.4, seed=3)
    perms = np.array(list(itertools.permutations(range(6)))[:200])
    assert transductive_values(H, perms).tolist() == [transductive_value(H, p) for p in perms]


# --- 2, 3. sandwich and small-LD facts --------------------------------------------------------------------------
@given(classes(max_points=7, max_rows=32), orders)
def test_sandwich_and_distinct_point_bound(H, order):
    order = [x % H.shape[1] for x in order]
    vc, ld, mtr = vc_dimension(H), littlestone_dimension(H), transductive_mistake_bound(H)
    assert vc <= mtr <= ld <= int(np.floor(np.log2(H.shape[0])))
    assert transductive_value(H, order) <= min(len(set(order)), mtr)
    if ld >= 1:
        assert mtr >= 1
    if ld >= 2:
        assert mtr >= 2  # root, then both children of a shattered tree (spec §4.1 item 3)


# --- 4. monotonicity --------------------------------------------------------------------------------------------
@given(classes(max_points=6, max_rows=20), orders, st.integers(0, 7))
def test_appending_a_point_never_lowers_the_value(H, order, z):
    order = [x % H.shape[1] for x in order]
    assert transductive_value(H, order + [z % H.shape[1]]) >= transductive_value(H, order)


def test_inserting_a_point_in_the_middle_can_lower_the_value():
    # Spec §2.1: insertion is not monotone. Search seeded random classes for a witness; it must exist.
    rng = np.random.default_rng(0)
    for _ in range(3000):
        H = random_class(int(rng.integers(3, 12)), 5, float(rng.uniform(0.2, 0.8)), seed=int(rng.integers(2**31)))
        order = rng.permutation(5)[:4]
        for z in range(5):
            for i in range(1, len(order)):
                longer = np.insert(order, i, z)
                if transductive_value(H, longer) < transductive_value(H, order):
                    return
    pytest.fail("no insertion counterexample found in 3000 seeded classes")


@given(classes(max_points=6, max_rows=16))
def test_length_capped_bound_grows_to_the_bound_by_2_pow_m_minus_1(H):
    full = transductive_mistake_bound(H)
    capped = [mistake_bound_search(H, max_length=n).value for n in range(1, H.shape[1] + 1)]
    assert capped == sorted(capped) and capped[-1] == full
    reach = min(H.shape[1], 2**full - 1)
    assert capped[reach - 1] == full  # Theorem C.2


@given(classes(max_points=6, max_rows=20), st.data())
def test_subclasses_have_smaller_dimensions_and_values(H, data):
    keep = data.draw(st.lists(st.booleans(), min_size=H.shape[0], max_size=H.shape[0]))
    assume(any(keep))
    sub = H[np.array(keep)]
    order = data.draw(st.permutations(range(H.shape[1])))
    assert littlestone_dimension(sub) <= littlestone_dimension(H)
    assert transductive_value(sub, order) <= transductive_value(H, order)


# --- 5. invariances ---------------------------------------------------------------------------------------------
@given(classes(max_points=6, max_rows=16), st.data())
def test_flips_permutations_and_duplicates_change_nothing(H, data):
    m, n = H.shape
    order = list(data.draw(st.permutations(range(n))))
    flip = np.array(data.draw(st.lists(st.booleans(), min_size=n, max_size=n)), dtype=np.uint8)
    rows = np.array(data.draw(st.permutations(range(m))))
    cols = np.array(data.draw(st.permutations(range(n))))
    inverse = np.argsort(cols)  # column j of H becomes column inverse[j] of H[:, cols]
    variants = {
        "flipped columns": (H ^ flip, order),
        "permuted rows": (H[rows], order),
        "permuted columns": (H[:, cols], [int(inverse[x]) for x in order]),
        "duplicated row": (np.vstack([H, H[:1]]), order),
        "duplicated column": (np.hstack([H, H[:, :1]]), order),
        "repeated point": (H, order + order[:2]),
    }
    base = (littlestone_dimension(H), transductive_value(H, order), transductive_mistake_bound(H))
    for name, (G, seq) in variants.items():
        assert (littlestone_dimension(G), transductive_value(G, seq), transductive_mistake_bound(G)) == base, name


# --- 6. disjoint products add up --------------------------------------------------------------------------------
@given(classes(max_points=3, max_rows=6), classes(max_points=3, max_rows=6), st.data())
def test_values_add_over_disjoint_products(H1, H2, data):
    n1, n2 = H1.shape[1], H2.shape[1]
    x1 = data.draw(st.permutations(range(n1)))
    x2 = [n1 + x for x in data.draw(st.permutations(range(n2)))]
    # An arbitrary interleaving of the two sequences, each kept in order.
    slots = data.draw(st.permutations([0] * n1 + [1] * n2))
    it1, it2 = iter(x1), iter(x2)
    merged = [next(it1) if s == 0 else next(it2) for s in slots]
    P = disjoint_product(H1, H2)
    assert transductive_value(P, merged) == transductive_value(H1, x1) + transductive_value(H2, [x - n1 for x in x2])
    assert littlestone_dimension(P) == littlestone_dimension(H1) + littlestone_dimension(H2)
    assert transductive_mistake_bound(P) == transductive_mistake_bound(H1) + transductive_mistake_bound(H2)


# --- 8. known families ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("n", range(1, 11))
def test_thresholds(n):
    H = thresholds(n)
    m = int(np.floor(np.log2(n + 1)))
    assert (vc_dimension(H), littlestone_dimension(H), transductive_mistake_bound(H)) == (1, m, m)


@pytest.mark.parametrize("m", [1, 2, 3, 4])
def test_thresholds_need_all_2_pow_m_minus_1_points(m):
    H = thresholds(2**m - 1)
    assert mistake_bound_search(H, max_length=2**m - 2).value == m - 1
    assert mistake_bound_search(H, max_length=2**m - 1).value == m


def test_small_families():
    for n in (2, 3, 6):
        assert (littlestone_dimension(singletons(n)), transductive_mistake_bound(singletons(n))) == (1, 1)
        assert transductive_mistake_bound(singletons(n, with_zero=True)) == 1
    for k in (1, 3, 5):
        assert (vc_dimension(all_functions(k)), transductive_mistake_bound(all_functions(k))) == (k, k)
    for d in (1, 2, 3, 4, 5):
        H = minimal_tree_class(d)
        assert littlestone_dimension(H) == d == transductive_mistake_bound(H)
        assert transductive_value(H, np.arange(2**d - 1)) == d  # breadth-first order (CHMS25 footnote 12)


def test_clw_and_its_products():
    C = clw_class()
    assert (vc_dimension(C), littlestone_dimension(C), transductive_mistake_bound(C)) == (2, 3, 2)
    assert {transductive_value(C, p) for p in itertools.permutations(range(4))} == {2}  # every order gives 2
    CC = disjoint_product(C, C)
    assert (littlestone_dimension(CC), transductive_mistake_bound(CC)) == (6, 4)
    CT = disjoint_product(C, thresholds(3))
    assert (littlestone_dimension(CT), transductive_mistake_bound(CT)) == (5, 4)


# --- 9. Theorem C.2 and the fixed-order players -----------------------------------------------------------------
@given(classes(max_points=7, max_rows=24), st.data())
def test_minimal_forcing_sequence_keeps_the_value(H, data):
    order = list(data.draw(st.permutations(range(H.shape[1]))))
    value = transductive_value(H, order)
    short = minimal_forcing_sequence(H, order)
    assert len(short) <= 2**value - 1
    # At least M: dropping the other rounds keeps every forced mistake, and can even add some (insertion is not
    # monotone), but never more than M_tr.
    assert value <= transductive_value(H, short) <= transductive_mistake_bound(H)
    assert set(short.tolist()) <= set(order)


@given(classes(max_points=6, max_rows=16), st.data())
def test_optimal_players_meet_at_the_value(H, data):
    order = list(data.draw(st.permutations(range(H.shape[1]))))
    trie = fixed_order_trie(H, order)

    def play(learner, adversary):
        node, mistakes = 0, 0
        for t in range(len(order)):
            guess = learner(node, t)
            y = adversary(node, t, guess)
            mistakes += guess != y
            node = trie.advance(node, t, y)
        return mistakes

    optimal = trie.optimal_prediction
    assert play(optimal, trie.adversary_label) == trie.root_value == transductive_value(H, order)
    # Any learner loses at least W to the optimal adversary; the optimal learner loses at most W to any adversary.
    coin = data.draw(st.lists(st.integers(0, 1), min_size=len(order), max_size=len(order)))
    assert play(lambda node, t: coin[t], trie.adversary_label) >= trie.root_value
    realizable_row = H[data.draw(st.integers(0, H.shape[0] - 1))]
    assert play(optimal, lambda node, t, guess: int(realizable_row[order[t]])) <= trie.root_value


def test_empty_sequences_and_constant_classes():
    same = np.ones((3, 4), dtype=np.uint8)  # three copies of one function: nothing to learn
    assert transductive_mistake_bound(same) == 0 and littlestone_dimension(same) == 0
    assert mistake_bound_search(same).witness.size == 0
    assert minimal_forcing_sequence(same, []).size == 0
    assert fixed_order_trie(thresholds(3), []).root_value == 0


def test_trie_rejects_unrealizable_labels():
    trie = fixed_order_trie(thresholds(3), [0, 1])
    node = trie.advance(0, 0, 1)  # x = 0 labelled 1: only the all-ones threshold is left
    with pytest.raises(ValueError, match="not realizable"):
        trie.advance(node, 1, 0)


# --- bad input --------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("H", "error", "match"),
    [
        ([[0, 2], [1, 0]], ValueError, "only 0 and 1"),
        ([[0.5, 1.0]], ValueError, "only 0 and 1"),
        ([[np.nan, 1.0]], ValueError, "only 0 and 1"),
        (np.zeros((0, 3)), ValueError, "at least one hypothesis"),
        (np.zeros((2, 0)), ValueError, "at least one point"),
        ([[0, 1], [1]], ValueError, "rectangular|ragged"),
        ([0, 1, 1], ValueError, "2-D"),
        ([["a", "b"]], TypeError, "numeric"),
    ],
)
def test_bad_classes_are_rejected(H, error, match):
    for solver in (littlestone_dimension, vc_dimension, transductive_mistake_bound):
        with pytest.raises(error, match=match):
            solver(H)


def test_bad_orders_are_rejected():
    H = thresholds(3)
    with pytest.raises(ValueError, match="names point 3, but the class has only 3 points"):
        transductive_value(H, [0, 3])
    with pytest.raises(ValueError, match="names point -1"):
        transductive_value(H, [-1])
    with pytest.raises(TypeError, match="integer point indices"):
        transductive_value(H, [0.5])
    with pytest.raises(ValueError, match="1-D"):
        transductive_value(H, [[0, 1]])
    with pytest.raises(ValueError, match="2-D"):
        transductive_values(H, [0, 1])
    with pytest.raises(ValueError, match="node_limit must be >= 1"):
        mistake_bound_search(H, node_limit=0)
    with pytest.raises(ValueError, match="max_length must be >= 0"):
        mistake_bound_search(H, max_length=-2)
    assert transductive_value(H, []) == 0
