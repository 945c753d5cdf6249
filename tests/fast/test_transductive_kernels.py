"""The building blocks of the transductive kernels against slow, obviously-correct Python oracles: the bit tricks,
column packing, the radix sort, sorting hypotheses by their label patterns and the trie read off that order, the
memo table of the LD kernel, and the LD kernel on classes wider than one word."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from tests.fast.test_transductive_oracles import classes, oracle_ld
from theory.transductive import _ld_memo as memo
from theory.transductive import (
    fixed_order_trie,
    full_set,
    pack_columns,
    random_class,
    transductive_values,
    tree_class,
)
from theory.transductive._bits import msb64, transpose64
from theory.transductive._littlestone import LDTable, _ld_exact
from theory.transductive._patterns import buffers, sort_patterns
from theory.transductive._sort import sort_scratch, sort_u64

words64 = st.integers(0, 2**64 - 1)


def bits(word: int) -> list[int]:
    return [(word >> i) & 1 for i in range(64)]


@st.composite
def class_and_order(draw, max_points: int = 6, max_rows: int = 150, max_len: int = 140):
    """A class and a sequence that may start with a long run of one point, so that later chunks still split."""
    H = draw(classes(max_points=max_points, max_rows=max_rows))
    point = st.integers(0, H.shape[1] - 1)
    order = [draw(point)] * draw(st.integers(0, max_len // 2)) + draw(st.lists(point, max_size=max_len // 2))
    return H, order


def python_value(H: np.ndarray, order: list[int]) -> int:
    """W(H, x) by the recursion of spec §1.3 over sets of row indices."""

    def w(block: list[int], t: int) -> int:
        while t < len(order) and len({int(H[h, order[t]]) for h in block}) == 1:
            t += 1
        if t == len(order):
            return 0
        a = w([h for h in block if H[h, order[t]] == 0], t + 1)
        b = w([h for h in block if H[h, order[t]] == 1], t + 1)
        return max(a, b) + (a == b)

    return w(list(range(H.shape[0])), 0)


# --- bit tricks and packing -------------------------------------------------------------------------------------
@given(st.lists(words64, min_size=64, max_size=64))
def test_transpose64_swaps_bit_j_of_row_i_with_bit_i_of_row_j(rows):
    a = np.array(rows, dtype=np.uint64)
    transpose64(a)
    assert [bits(int(w)) for w in a] == [list(col) for col in zip(*(bits(r) for r in rows), strict=True)]


@given(st.integers(1, 2**64 - 1))
def test_msb64_is_the_bit_length_minus_one(x):
    assert msb64(np.uint64(x)) == x.bit_length() - 1


@given(classes(max_points=5, max_rows=200))
def test_pack_columns_puts_h_of_x_at_bit_h_of_column_x(H):
    cols = pack_columns(H)
    assert cols.dtype == np.uint64 and cols.shape == (H.shape[1], -(-H.shape[0] // 64))
    for x in range(H.shape[1]):
        packed = sum(int(w) << (64 * i) for i, w in enumerate(cols[x]))
        assert packed == sum(int(H[h, x]) << h for h in range(H.shape[0]))


# --- radix sort -------------------------------------------------------------------------------------------------
@st.composite
def key_lists(draw):
    """uint64 keys that share a random prefix and differ in their low ``spread`` bits (duplicates likely)."""
    base, spread = draw(words64), draw(st.integers(0, 64))
    low = draw(st.lists(st.integers(0, 2**spread - 1), max_size=300))
    return [(base >> spread << spread | v) & (2**64 - 1) for v in low]


@given(key_lists(), st.data())
def test_sort_u64_sorts_its_range_and_nothing_else(keys, data):
    lo = data.draw(st.integers(0, len(keys)))
    hi = data.draw(st.integers(lo, len(keys)))
    a = np.array(keys, dtype=np.uint64)
    sort_u64(a, lo, hi, *sort_scratch(len(keys)))
    assert a.tolist() == keys[:lo] + sorted(keys[lo:hi]) + keys[hi:]


# --- patterns, trie, value --------------------------------------------------------------------------------------
# 150 rows: a first chunk of 16 rounds (0-15), then later chunks of 56 rounds (8 when labels are gathered one by
# one); new points arrive only after round 99, in later chunks.
@example(case=(random_class(150, 6, seed=1), [0] * 100 + [1, 2, 3] + [0] * 10 + [4, 5]))
@given(class_and_order())
def test_sort_patterns_orders_hypotheses_by_their_labels_along_the_sequence(case):
    H, order = case
    m = H.shape[0]
    patterns = [tuple(H[h, order].tolist()) for h in range(m)]
    perm = sorted(range(m), key=lambda h: (patterns[h], h))
    div = []
    for a, b in itertools.pairwise(perm):
        differ = [t for t in range(len(order)) if patterns[a][t] != patterns[b][t]]
        div.append(differ[0] if differ else -1)
    space, _, _ = buffers(np.int64(m), np.int64(-(-m // 64)), np.int64(len(order)))
    sort_patterns(pack_columns(H), np.array(order, dtype=np.int64), np.int64(m), space)
    assert space[0][:m].tolist() == perm and space[1][: m - 1].tolist() == div


@given(class_and_order(max_rows=100))
def test_trie_nodes_are_blocks_that_split_at_their_first_nonconstant_round(case):
    H, order = case
    trie = fixed_order_trie(H, order)
    assert len(trie.size) == 2 * int((trie.child[:, 0] < 0).sum()) - 1  # every split adds one block
    stack = [(0, list(range(H.shape[0])), 0)]  # (node, its block, first round it has not seen)
    while stack:
        v, block, start = stack.pop()
        assert trie.size[v] == len(block) and trie.rep[v] in block
        varying = [t for t in range(start, len(order)) if len({int(H[h, order[t]]) for h in block}) == 2]
        t = trie.split_t[v]
        assert t == (varying[0] if varying else -1)
        if t < 0:
            assert trie.child[v].tolist() == [-1, -1] and trie.value[v] == 0
            continue
        a, b = trie.value[trie.child[v]]
        assert trie.value[v] == max(a, b) + (a == b) and min(trie.child[v]) > v  # parents come first
        for y in (0, 1):
            stack.append((trie.child[v, y], [h for h in block if H[h, order[t]] == y], t + 1))


@given(classes(max_points=8, max_rows=200), st.data())
def test_batched_values_match_the_recursion_on_wide_classes(H, data):
    length = data.draw(st.integers(0, 70))
    point = st.integers(0, H.shape[1] - 1)
    orders = data.draw(st.lists(st.lists(point, min_size=length, max_size=length), min_size=1, max_size=4))
    assert transductive_values(H, np.array(orders).reshape(len(orders), length)).tolist() == [
        python_value(H, o) for o in orders
    ]


# --- LD memo table and kernel -----------------------------------------------------------------------------------
@given(st.lists(st.tuples(st.integers(0, 40), st.integers(1, 6)), max_size=150), st.data())
def test_memo_table_keeps_the_bounds_a_dict_keeps(ops, data):
    capacity = data.draw(st.sampled_from([2, 4, 64, 4096]))
    table = memo.memo_arrays(2, capacity)
    bounds: dict[int, tuple[int, int]] = {}
    size = 100  # ⌊log2 100⌋ = 6: every k <= 6 passes the cap
    for key, k in ops:
        v = np.array([key, 3 * key + 1], dtype=np.uint64)
        holds = k <= key % 7  # a consistent truth: LD(V_key) = key mod 7
        lo, hi = bounds.get(key, (0, 6))
        expected = 1 if lo >= k else 0 if hi < k else -1
        got = memo.settled(table, v, size, k, 62)
        # A full table forgets (clears) but never contradicts; below capacity nothing is forgotten.
        assert got == expected or (got == -1 and table[4][memo.STAT_CLEARS] > 0)
        memo.record(table, v, size, k, holds)
        bounds[key] = (max(lo, k), hi) if holds else (lo, min(hi, k - 1))
    if capacity == 4096:
        assert table[4][memo.STAT_CLEARS] == 0 and table[4][memo.STAT_ENTRIES] == len(bounds)
        assert table[4][memo.STAT_LIVE] >= 2 * len(bounds)


@given(classes(max_points=6, max_rows=150))
def test_littlestone_kernel_is_exact_on_wide_classes_and_with_a_tiny_memo(H):
    cols = pack_columns(H)
    expected = oracle_ld(H)
    for capacity in (2, None):
        assert _ld_exact(cols, full_set(H.shape[0]), LDTable(*cols.shape, capacity=capacity).arrays()) == expected


@pytest.mark.parametrize("d", [3, 5, 7])
def test_littlestone_kernel_on_tree_classes_whose_version_spaces_sit_in_a_few_words(d):
    # Rows are paths in order, so a subtree's version space is a run of words; the tree class shatters depth d.
    H = tree_class(d, 0.2, seed=d)
    cols = pack_columns(H)
    assert _ld_exact(cols, full_set(H.shape[0]), LDTable(*cols.shape).arrays()) == d


def test_ld_table_rejects_bad_sizes():
    with pytest.raises(ValueError, match="capacity"):
        LDTable(3, 1, capacity=0)
    with pytest.raises(ValueError, match="words"):
        LDTable(3, 0)
