"""The f(d) search of sims.transductive: the child-swap group on tree classes, canonical forms and orbit counts
(against the matrix definition of the action and brute-force orbits), the batch screening kernel (against the
played-out game), and the exhaustive, sampled and annealed searches."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sims.transductive import ExtremalConfig, search_extremal
from sims.transductive._extremal import _WitnessPool
from sims.transductive._tree_symmetry import (
    canonical_form,
    group_order,
    layout,
    minority_weight,
    minority_weight_counts,
    orbit_representatives,
    swap_action,
)
from tests.fast.test_transductive_oracles import oracle_value
from theory.transductive import (
    littlestone_dimension,
    minimal_tree_class,
    off_path_mask,
    transductive_mistake_bound,
    tree_class_from_bits,
)

FREE = {d: 2**d * (2**d - 1 - d) for d in (2, 3, 4)}


# --- oracles ------------------------------------------------------------------------------------------------------
def oracle_swap_matrix(d: int, swaps, H: np.ndarray) -> np.ndarray:
    """(g H)[g(b), g(x)] = H[b, x] XOR s(x), with g flipping the bit that leaves every swapped node, on strings."""

    def heap(prefix: str) -> int:
        return 2 ** len(prefix) - 1 + int(prefix or "0", 2)

    def g(v: str) -> str:
        return "".join(str(int(v[i]) ^ int(swaps[heap(v[:i])])) for i in range(len(v)))

    nodes = ["".join(bits) for ell in range(d) for bits in itertools.product("01", repeat=ell)]
    out = np.zeros_like(H)
    for b, x in itertools.product(range(2**d), range(2**d - 1)):
        out[int(g(format(b, f"0{d}b")), 2), heap(g(nodes[x]))] = H[b, x] ^ int(swaps[x])
    return out


def oracle_orbit(d: int, bits) -> set[tuple[int, ...]]:
    """The orbit of an off-path vector under all 2^(2^d - 1) swap vectors, through the matrix definition."""
    H, mask = tree_class_from_bits(d, bits), off_path_mask(d)
    return {tuple(oracle_swap_matrix(d, s, H)[mask].tolist()) for s in itertools.product((0, 1), repeat=2**d - 1)}


def oracle_canonical(orbit: set[tuple[int, ...]]) -> tuple[int, ...]:
    """Among the fewest-ones members of the orbit, the one whose sorted one-positions are smallest."""
    fewest = min(sum(y) for y in orbit)
    return min((y for y in orbit if sum(y) == fewest), key=lambda y: tuple(np.flatnonzero(y)))


@st.composite
def off_path_bits(draw, d: int) -> np.ndarray:
    p = draw(st.sampled_from([0.05, 0.2, 0.5, 0.8]))
    u = draw(st.lists(st.floats(0, 1, exclude_max=True), min_size=FREE[d], max_size=FREE[d]))
    return (np.array(u) < p).astype(np.int64)


def swap_vectors(d: int):
    return st.lists(st.integers(0, 1), min_size=2**d - 1, max_size=2**d - 1).map(np.array)


# --- the group action ---------------------------------------------------------------------------------------------
@given(st.data(), st.sampled_from([2, 3, 4]))
def test_swap_action_is_the_matrix_action_and_keeps_tree_form(data, d):
    bits, swaps = data.draw(off_path_bits(d)), data.draw(swap_vectors(d))
    image = oracle_swap_matrix(d, swaps, tree_class_from_bits(d, bits))
    on_path = ~off_path_mask(d)
    assert np.array_equal(image[on_path], minimal_tree_class(d)[on_path])
    assert np.array_equal(swap_action(d, swaps, bits), image[off_path_mask(d)])


@given(st.data())
def test_swap_action_preserves_mistake_bound_and_littlestone_dimension(data):
    bits, swaps = data.draw(off_path_bits(3)), data.draw(swap_vectors(3))
    H, G = tree_class_from_bits(3, bits), tree_class_from_bits(3, swap_action(3, swaps, bits))
    assert transductive_mistake_bound(G) == transductive_mistake_bound(H)
    assert littlestone_dimension(G) == littlestone_dimension(H) == 3


def test_complementing_every_column_is_the_mirror_not_an_extra_symmetry():
    # y below has M_tr = 3, its in-place complement M_tr = 2: complementing the off-path bits alone is no symmetry.
    y = np.array([int(c) for c in "01001010010001010011101100110100"])
    assert transductive_mistake_bound(tree_class_from_bits(3, y)) == 3
    assert transductive_mistake_bound(tree_class_from_bits(3, 1 - y)) == 2
    # 1 - H relabelled by the mirror (every bit string complemented) is g_s with s ≡ 1, already in the group.
    H = tree_class_from_bits(3, y)
    mirrored = (1 - H)[::-1][:, [0, 2, 1, 6, 5, 4, 3]]  # hypotheses and every level of T_2 reversed
    assert np.array_equal(mirrored[off_path_mask(3)], swap_action(3, np.ones(7, dtype=np.int64), y))
    assert group_order(3) == 128 and group_order(4) == 32768


# --- canonical forms and orbits -----------------------------------------------------------------------------------
@given(st.data(), st.sampled_from([2, 3, 4]))
def test_canonical_form_is_invariant_on_orbits_and_idempotent(data, d):
    bits, swaps = data.draw(off_path_bits(d)), data.draw(swap_vectors(d))
    canon, size = canonical_form(d, bits)
    moved, moved_size = canonical_form(d, swap_action(d, swaps, bits))
    again, again_size = canonical_form(d, canon)
    assert np.array_equal(canon, moved) and np.array_equal(canon, again) and size == moved_size == again_size
    assert canon.sum() == minority_weight(d, bits) == minority_weight(d, swap_action(d, swaps, bits))
    assert group_order(d) % size == 0


@pytest.mark.parametrize("d, vectors", [(2, range(16)), (3, [0, 1, 3, 2**31 + 5, 0xF0F0F0F0, 0x12345678])])
def test_canonical_form_and_orbit_size_match_brute_force_orbits(d, vectors):
    for v in vectors:
        bits = np.array([(v >> i) & 1 for i in range(FREE[d])])
        orbit = oracle_orbit(d, bits)
        canon, size = canonical_form(d, bits)
        assert tuple(canon.tolist()) == oracle_canonical(orbit) and size == len(orbit)


@pytest.mark.parametrize("d, max_weight", [(2, 2), (3, 4), (4, 2)])
def test_orbit_sizes_add_up_to_the_vectors_of_each_minority_weight(d, max_weight):
    counts = minority_weight_counts(d, max_weight)
    for k in range(max_weight + 1):
        chunks = list(orbit_representatives(d, k))
        reps = np.concatenate([r for r, _ in chunks])
        assert sum(int(s.sum()) for _, s in chunks) == counts[k]
        assert len({tuple(r) for r in reps.tolist()}) == len(reps)
        for r in reps[:: max(1, len(reps) // 40)]:  # representatives are canonical vectors of weight k
            bits = np.zeros(FREE[d], dtype=np.int64)
            bits[r] = 1
            assert np.array_equal(canonical_form(d, bits)[0], bits)
    assert sum(minority_weight_counts(2, 2)) == 2 ** FREE[2]


def vectors_with_few_ones(length: int, most: int):
    """Every 0/1 vector of the given length with at most ``most`` ones (int64)."""
    for k in range(most + 1):
        for ones in itertools.combinations(range(length), k):
            bits = np.zeros(length, dtype=np.int64)
            bits[list(ones)] = 1
            yield bits


def test_orbits_of_vectors_with_few_ones_are_the_vectors_of_small_minority_weight():
    # d = 3: the union of the orbits of the 529 vectors with <= 2 ones is exactly {μ <= 2}, of the counted size.
    union = set()
    for bits in vectors_with_few_ones(FREE[3], 2):
        union |= {tuple(swap_action(3, s, bits)) for s in itertools.product((0, 1), repeat=7)}
    assert len(union) == sum(minority_weight_counts(3, 2))
    assert all(minority_weight(3, y) <= 2 for y in list(union)[::97])


# --- the screening kernel -----------------------------------------------------------------------------------------
@given(st.data(), st.sampled_from([2, 3]))
def test_pool_values_are_the_played_out_game_values(data, d):
    lay = layout(d)
    ones = sorted(data.draw(st.sets(st.integers(0, lay.row.size - 1), max_size=6)))
    seqs = data.draw(st.lists(st.lists(st.integers(0, 2**d - 2), min_size=2**d - 1, max_size=2**d - 1), max_size=3))
    bits = np.zeros(lay.row.size, dtype=np.int64)
    bits[ones] = 1
    H = tree_class_from_bits(d, bits)
    expected = max([oracle_value(H, range(2**d - 1))] + [oracle_value(H, s) for s in seqs])
    for target in (0, 1, 99):
        pool = _WitnessPool(d, target)
        for s in seqs:
            pool.add(np.array(s, dtype=np.int64))
        got = int(pool.values(np.array([ones], dtype=np.int64).reshape(1, len(ones)))[0])
        # Scoring stops at the first sequence beating target: exact when nothing does, above target otherwise.
        assert got == expected if expected <= target else target < got <= expected


# --- the searches -------------------------------------------------------------------------------------------------
def test_extremal_search_finds_f3_and_respects_f2():
    # f(3) = 2: some LD-3 tree classes have M_tr = 2 (a few percent of dense random ones).
    found = search_extremal(ExtremalConfig(d=3, target=2, max_ones=0, samples=300, anneal_steps=0), 0)
    assert found["found"] and found["sampled"]["min"] == 2
    assert transductive_mistake_bound(tree_class_from_bits(3, found["hits"][0])) == 2
    # f(2) = 2: the exhaustive part covers all 16 LD-2 tree classes (4 free bits) and none has M_tr = 1.
    none = search_extremal(ExtremalConfig(d=2, target=1, max_ones=4, samples=0, anneal_steps=5, anneal_orders=4), 1)
    assert not none["found"] and none["exhaustive"]["classes"] == 16 and none["exhaustive"]["min"] == 2
    with pytest.raises(ValueError, match="densities must hold at least one value"):
        ExtremalConfig(densities=())


def test_exhaustive_d3_agrees_with_brute_force_over_few_ones():
    # Every LD-3 class with <= 2 off-path ones, solved exactly: the hit orbits are the orbits the search reports.
    exact_hits = set()
    for bits in vectors_with_few_ones(FREE[3], 2):
        if transductive_mistake_bound(tree_class_from_bits(3, bits)) <= 2:
            exact_hits.add(tuple(canonical_form(3, bits)[0].tolist()))
    run = search_extremal(ExtremalConfig(d=3, target=2, max_ones=2, samples=0, anneal_steps=0, anneal_orders=1), 0)
    ex = run["exhaustive"]
    assert ex["hits"] == len(exact_hits) > 0 and ex["min"] == 2 and run["found"]
    assert {tuple(h) for h in run["hits"]} <= exact_hits
    assert ex["classes"] == sum(minority_weight_counts(3, 2)) and ex["few_ones"] == 1 + 32 + math.comb(32, 2)
    one = search_extremal(ExtremalConfig(d=3, target=2, max_ones=1, samples=0, anneal_steps=0, anneal_orders=1), 0)
    assert not one["found"] and one["exhaustive"]["min"] == 3


def test_exhaustive_d4_small_weights_have_no_class_below_three():
    run = search_extremal(ExtremalConfig(d=4, target=2, max_ones=2, samples=0, anneal_steps=0, anneal_orders=1), 0)
    ex = run["exhaustive"]
    assert not run["found"] and ex["min"] == 3
    # Burnside: only the root swap keeps the weight; it fixes no single position and 88 pairs, (15400 + 88) / 2.
    assert [w["representatives"] for w in ex["by_weight"]] == [1, 88, 7744]
    assert [w["classes"] for w in ex["by_weight"]] == minority_weight_counts(4, 2)


def test_bad_input_is_rejected_with_the_argument_named():
    with pytest.raises(ValueError, match="max_ones = 6 at d = 4 walks"):
        ExtremalConfig(d=4, max_ones=6)
    with pytest.raises(ValueError, match="max_ones must be <= 4"):
        ExtremalConfig(d=2, max_ones=5)
    with pytest.raises(ValueError, match="d must be <= 5"):
        ExtremalConfig(d=6)
    with pytest.raises(ValueError, match="swaps must hold 7 zeros and ones"):
        swap_action(3, [0, 1], np.zeros(32))
    with pytest.raises(ValueError, match="bits must hold only zeros and ones"):
        canonical_form(3, np.full(32, 2))
    with pytest.raises(ValueError, match="weight must be <= 32"):
        next(orbit_representatives(3, 33))
    with pytest.raises(ValueError, match="d must be >= 2"):
        layout(1)
    with pytest.raises(TypeError, match="config must be an ExtremalConfig"):
        search_extremal({"d": 4}, 0)
