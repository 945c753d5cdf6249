"""The fast paths of the transductive kernels against the slow oracles: the round-by-round trie of the fixed-sequence
value (classes of at most 64 hypotheses), the stable LSD sort by top bits and the later chunks of the pattern sort
(labels gathered one by one, or transposed, for the hypotheses still tied), the word-major counting of the
Littlestone kernel (filled once per table, then reused for other version spaces of the same class; four nonzero
words per pass), the one-at-a-time choice of its candidates, and the array-level memo helpers."""

from __future__ import annotations

import itertools

import numpy as np
from hypothesis import example, given
from hypothesis import strategies as st

from tests.fast.test_transductive_kernels import python_value
from tests.fast.test_transductive_oracles import classes, oracle_ld
from theory.transductive import _ld_memo as memo
from theory.transductive import full_set, pack_columns, transductive_values
from theory.transductive._littlestone import _F_COUNT, LDTable, _ld_at_least, _ld_exact, _next_candidate, _open_frame
from theory.transductive._patterns import buffers, sort_patterns
from theory.transductive._sort import sort_scratch, sort_top_bits
from theory.transductive._values import values_kernel


@st.composite
def class_and_orders(draw, max_rows: int = 64):
    """A class of at most ``max_rows`` hypotheses and a few sequences of one length (repeats allowed)."""
    H = draw(classes(max_points=7, max_rows=max_rows))
    length = draw(st.integers(0, 12))
    point = st.integers(0, H.shape[1] - 1)
    orders = draw(st.lists(st.lists(point, min_size=length, max_size=length), min_size=1, max_size=4))
    return H, orders


@given(class_and_orders())
@example((np.ones((64, 1), dtype=np.uint8), [[0, 0]]))  # 64 equal rows: the full word, never split
@example((np.eye(64, 7, dtype=np.uint8), [list(range(7))]))  # a full word that splits a singleton at a time
def test_one_word_values_follow_the_recursion(case):
    H, orders = case
    assert transductive_values(H, np.array(orders, dtype=np.int64).reshape(len(orders), -1)).tolist() == [
        python_value(H, order) for order in orders
    ]


@given(class_and_orders(max_rows=64))
def test_one_word_trie_agrees_with_the_pattern_sort(case):
    H, orders = case
    seqs = np.array(orders, dtype=np.int64).reshape(len(orders), -1)
    one_word = values_kernel(pack_columns(H), seqs, np.int64(H.shape[0]))
    # Copies of row 0 up to 65 rows change no value (duplicated rows) but put the class in two words: the sort path.
    padded = np.vstack([H, np.repeat(H[:1], 65 - H.shape[0], axis=0)])
    assert one_word.tolist() == values_kernel(pack_columns(padded), seqs, np.int64(padded.shape[0])).tolist()


@given(st.lists(st.integers(0, 2**64 - 1), max_size=300), st.integers(0, 64), st.data())
def test_sort_top_bits_is_a_stable_sort_by_the_top_bits(keys, bits, data):
    lo = data.draw(st.integers(0, len(keys)))
    hi = data.draw(st.integers(lo, len(keys)))
    a = np.array(keys, dtype=np.uint64)
    sort_top_bits(a, lo, hi, bits, *sort_scratch(len(keys))[:2])
    top = (lambda key: key >> (64 - bits)) if bits else (lambda key: 0)
    assert a.tolist() == keys[:lo] + sorted(keys[lo:hi], key=top) + keys[hi:]  # Python's sort is stable


@given(
    st.integers(65, 300),
    st.integers(17, 80),
    st.integers(2, 150),
    st.integers(0, 80),
    st.integers(0, 2**32 - 1),
)
def test_later_chunks_sort_the_runs_still_tied(m, n, tied_rows, prefix, seed):
    # Rows 1..r copy row 0 on the first ``prefix`` points of the sequence and are random after: they stay tied past
    # the first chunk (16 rounds for m <= 512) and split later. A few such rows take the labels one by one, many
    # take the transposes; a copy of the whole row never splits.
    rng = np.random.default_rng(seed)
    H = rng.integers(0, 2, size=(m, n), dtype=np.uint8)
    order = rng.permutation(n)
    tied_rows = min(tied_rows, m - 1)
    H[1 : tied_rows + 1, order[:prefix]] = H[0, order[:prefix]]
    patterns = [tuple(H[h, order].tolist()) for h in range(m)]
    perm = sorted(range(m), key=lambda h: (patterns[h], h))
    div = [next((t for t in range(n) if patterns[a][t] != patterns[b][t]), -1) for a, b in itertools.pairwise(perm)]
    space, _, _ = buffers(np.int64(m), np.int64(-(-m // 64)), np.int64(n))
    sort_patterns(pack_columns(H), order.astype(np.int64), np.int64(m), space)
    assert space[0][:m].tolist() == perm and space[1][: m - 1].tolist() == div


@given(classes(max_points=7, max_rows=150), st.lists(st.integers(0, 2**150 - 1), min_size=1, max_size=4))
def test_one_table_serves_many_version_spaces_of_its_class(H, subsets):
    # The word-major copy is filled by the first count and reused: every later V must still see the right columns.
    cols = pack_columns(H)
    table = LDTable(*cols.shape).arrays()
    for bits in subsets:
        rows = [h for h in range(H.shape[0]) if bits >> h & 1]
        v = np.zeros(cols.shape[1], dtype=np.uint64)
        for h in rows:
            v[h >> 6] |= np.uint64(1) << np.uint64(h & 63)
        assert _ld_exact(cols, v, table) == (oracle_ld(H[rows]) if rows else -1)


@given(classes(max_points=6, max_rows=130, min_rows=2), st.integers(1, 7))
def test_ld_at_least_decides_each_threshold(H, k):
    cols = pack_columns(H)
    table = LDTable(*cols.shape).arrays()
    assert _ld_at_least(cols, full_set(H.shape[0]), H.shape[0], k, table) == (oracle_ld(H) >= k)


@given(st.lists(st.tuples(st.integers(0, 30), st.integers(1, 6), st.booleans()), max_size=80))
def test_array_level_memo_helpers_match_the_tuple_forms(ops):
    tuple_form, array_form = memo.memo_arrays(2, 64), memo.memo_arrays(2, 64)
    for key, k, holds in ops:
        v = np.array([key, 5 * key + 3], dtype=np.uint64)
        assert memo.settled(tuple_form, v, 100, k, 62) == memo.bounds_settle(*array_form, v, 100, k, 62)
        memo.record(tuple_form, v, 100, k, holds)
        memo.store(*array_form, v, 100, k, holds)
        s, found = memo.slot(tuple_form, v)
        assert (s, found) == memo.find(array_form[0], array_form[3], array_form[4][memo.STAT_LIVE], v)
    used = tuple_form[3] == 1
    assert np.array_equal(tuple_form[3], array_form[3]) and np.array_equal(tuple_form[4], array_form[4])
    for a, b in zip(tuple_form[:3], array_form[:3], strict=True):
        assert np.array_equal(a[used], b[used])  # unused slots are uninitialised


@given(classes(max_points=40, max_rows=600, min_rows=2), st.integers(0, 2**600 - 1), st.integers(1, 5))
def test_open_frame_lists_the_viable_points_with_their_lows(H, bits, k):
    # Up to 10 words, so the counting pass sees whole groups of four nonzero words and padded remainders.
    m, n = H.shape
    rows = [h for h in range(m) if bits >> h & 1] or [0]
    v = np.zeros(-(-m // 64), dtype=np.uint64)
    for h in rows:
        v[h >> 6] |= np.uint64(1) << np.uint64(h & 63)
    cols = pack_columns(H)
    sets, _, order, lows, frames, tcols, filled, _, ones, nzi, nzw = LDTable(*cols.shape).work
    sets[0] = v
    count = _open_frame(cols, sets, order, lows, frames, tcols, filled, ones, nzi, nzw, 0, len(rows), k)
    low = [min(int(H[rows, x].sum()), len(rows) - int(H[rows, x].sum())) for x in range(n)]
    viable = [x for x in range(n) if low[x] >= 2 ** (k - 1)]
    if k == 1:
        viable = viable[:1]  # the first splitting point witnesses
    assert count == frames[0, _F_COUNT] == len(viable)
    assert order[0, :count].tolist() == viable and lows[0, :count].tolist() == [low[x] for x in viable]


@given(st.lists(st.integers(1, 6), min_size=1, max_size=30))
def test_candidates_come_in_stable_order_of_low_descending(lows_list):
    count = len(lows_list)
    order = np.array([[3 * j + 1 for j in range(count)]], dtype=np.int64)  # any point names
    lows = np.array([lows_list], dtype=np.int64)
    frames = np.zeros((1, 8), dtype=np.int64)
    frames[0, _F_COUNT] = count
    taken = [_next_candidate(order, lows, frames, 0) for _ in range(count + 1)]
    expected = sorted(range(count), key=lambda j: -lows_list[j])  # Python's sort is stable
    assert taken == [3 * j + 1 for j in expected] + [-1]
