"""Spec §4.1 items 7 and 12: Halving on the projection H|_x (its mistake bound against the exact adversary and
realizable labelings, Sauer–Shelah), and Lemma D.2 on sampled tree classes (the exact rectangle search against
brute force, the rates, determinism and bad input)."""

from __future__ import annotations

import itertools
import json
import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from sims.transductive import (
    GameClass,
    HalvingLearner,
    LemmaD2Config,
    OptimalAdversary,
    ProjectionHalvingLearner,
    TargetAdversary,
    bfs_sequence,
    has_rectangle,
    lemma_d2_cutoffs,
    play_standard,
    play_transductive,
    projection,
    run_lemma_d2,
)
from tests.fast.test_transductive_oracles import classes
from theory.transductive import TreeClass, sauer_shelah_bound, vc_dimension


# --- oracles ---------------------------------------------------------------------------------------------------
def oracle_patterns(H: np.ndarray, order) -> tuple[list[int], set[tuple[int, ...]]]:
    """The distinct points of ``order`` (first appearance first) and the set {h restricted to them}."""
    points = list(dict.fromkeys(int(x) for x in order))
    return points, {tuple(int(H[h, x]) for x in points) for h in range(H.shape[0])}


def oracle_majority_predictions(H: np.ndarray, points, labels) -> list[int]:
    """Majority (ties 1) over the *set* of patterns consistent with the labels so far, round by round."""
    alive = oracle_patterns(H, points)[1]
    column = {x: j for j, x in enumerate(dict.fromkeys(points))}
    out = []
    for x, y in zip(points, labels, strict=True):
        ones = sum(pattern[column[x]] for pattern in alive)
        out.append(int(2 * ones >= len(alive)))
        alive = {pattern for pattern in alive if pattern[column[x]] == y}
    return out


def oracle_rectangle(good: np.ndarray, rows: int, cols: int) -> bool:
    """Some row set of size >= rows and column set of size >= cols with every cell 1, by trying all pairs."""
    m, n = good.shape
    return any(
        all(good[h, x] for h in hs for x in xs)
        for r in range(rows, m + 1)
        for hs in itertools.combinations(range(m), r)
        for c in range(cols, n + 1)
        for xs in itertools.combinations(range(n), c)
    )


def oracle_lemma_sizes(tree: TreeClass, value: int) -> set[tuple[int, int]]:
    """(|X'|, |H'|) for every node set X' of the tree class, with H' the functions that have every node of X'
    off their path (read from ``tree.path``) and equal to ``value`` there; all subsets, built by adding nodes."""
    H = tree.dense()
    fits = [
        {b for b in range(tree.n_hypotheses) if x not in tree.path(b) and H[b, x] == value}
        for x in range(tree.n_points)
    ]
    sizes, layer = set(), [((), frozenset(range(tree.n_hypotheses)))]
    while layer:
        grown = []
        for nodes, hs in layer:
            sizes.add((len(nodes), len(hs)))
            start = nodes[-1] + 1 if nodes else 0
            grown.extend((nodes + (x,), hs & fits[x]) for x in range(start, tree.n_points))
        layer = grown
    return sizes


def _orders(max_points: int):
    return st.lists(st.integers(0, max_points - 1), max_size=12)


# --- item 7: Halving on the projection ------------------------------------------------------------------------
@given(classes(max_points=8, max_rows=64), st.data())
def test_projection_is_the_set_of_patterns(H, data):
    order = [x % H.shape[1] for x in data.draw(_orders(8))]
    points, patterns = projection(GameClass.from_matrix(H), order)
    expected_points, expected = oracle_patterns(H, order)
    assert points.tolist() == expected_points
    assert len(patterns) == len(expected) and set(map(tuple, patterns.tolist())) == expected


@given(classes(max_points=8, max_rows=64), st.data())
def test_projection_halving_mistake_bounds(H, data):
    cls = GameClass.from_matrix(H)
    order = [x % H.shape[1] for x in data.draw(_orders(8))]
    points, patterns = projection(cls, order)
    n, size = len(points), len(patterns)
    vc = vc_dimension(patterns) if n else 0
    assert size <= sauer_shelah_bound(n, vc)  # Sauer–Shelah on the projection
    bound = math.floor(math.log2(size))
    assert bound <= math.floor(math.log2(sauer_shelah_bound(n, vc)))
    target = data.draw(st.integers(0, H.shape[0] - 1))
    for adversary in (OptimalAdversary(), TargetAdversary(target)):
        log = play_transductive(cls, order, ProjectionHalvingLearner(), adversary)
        assert log.mistakes <= bound
        assert log.learner["patterns"] == size
        # It votes over patterns, not hypotheses: replaying the labels reproduces every prediction.
        assert log.predictions.tolist() == oracle_majority_predictions(H, order, log.labels.tolist())


def test_projection_beats_plain_halving_when_hypotheses_repeat_on_x():
    # On x = points 0..4: singleton i with multiplicity 2^(4-i), plus the zero function; 32 hypotheses made
    # distinct by 5 more points (the binary code of the row) that x never shows. |H|_x| = 6 and VC(H|_x) = 1.
    weights = [16, 8, 4, 2, 1, 1]
    on_x = np.vstack([np.eye(6, 5, k=0, dtype=np.uint8)[i] for i, w in enumerate(weights) for _ in range(w)])
    code = (np.arange(32)[:, None] >> np.arange(5)[None, :]) & 1
    H = np.hstack([on_x, code]).astype(np.uint8)
    cls, order, zero = GameClass.from_matrix(H), [0, 1, 2, 3, 4], 31  # the last row is 0 on x
    points, patterns = projection(cls, order)
    assert len(np.unique(H, axis=0)) == 32 and len(patterns) == 6 and vc_dimension(patterns) == 1
    assert sauer_shelah_bound(5, 1) == 6
    plain = play_transductive(cls, order, HalvingLearner(), TargetAdversary(zero)).mistakes
    projected = play_transductive(cls, order, ProjectionHalvingLearner(), TargetAdversary(zero)).mistakes
    # Plain Halving's heavy singleton holds half the vote at every round: one mistake per point, 5 = ⌊log2 32⌋.
    assert plain == 5 and projected == 1 <= math.floor(math.log2(6)) == 2
    assert play_transductive(cls, order, ProjectionHalvingLearner(), OptimalAdversary()).mistakes <= 2


def test_projection_of_an_implicit_tree_class():
    tree = TreeClass(8, 0.2, 4)
    order = bfs_sequence(tree, 4)
    points, patterns = projection(GameClass.from_tree(tree), order)
    assert set(map(tuple, patterns.tolist())) == oracle_patterns(tree.dense(), order)[1]
    log = play_transductive(GameClass.from_tree(tree), order, ProjectionHalvingLearner(), OptimalAdversary())
    assert log.mistakes <= math.floor(math.log2(len(patterns)))


def test_sauer_shelah_and_projection_reject_bad_input():
    assert [sauer_shelah_bound(4, vc) for vc in range(6)] == [1, 5, 11, 15, 16, 16]
    assert sauer_shelah_bound(0, 3) == 1
    with pytest.raises(ValueError, match="vc must be >= 0"):
        sauer_shelah_bound(3, -1)
    with pytest.raises(TypeError, match="n must be an integer"):
        sauer_shelah_bound(2.5, 1)
    cls = GameClass.from_matrix(np.eye(3))
    with pytest.raises(TypeError, match="GameClass"):
        projection(np.eye(3), [0])
    with pytest.raises(ValueError, match="names point 3"):
        projection(cls, [0, 3])
    with pytest.raises(ValueError, match="transductive game only"):
        play_standard(cls, ProjectionHalvingLearner(), OptimalAdversary(), 2)


# --- item 12: Lemma D.2 -----------------------------------------------------------------------------------------
@given(arrays(np.uint8, st.tuples(st.integers(1, 5), st.integers(1, 5)), elements=st.integers(0, 1)), st.data())
def test_rectangle_search_matches_brute_force(good, data):
    rows, cols = data.draw(st.integers(0, 6)), data.draw(st.integers(0, 6))
    assert has_rectangle(good, rows, cols) == oracle_rectangle(good, rows, cols)


@pytest.mark.parametrize(("d", "p", "seed"), [(3, 0.375, 0), (3, 0.5, 1), (4, 0.3, 2), (4, 0.5, 3)])
def test_lemma_search_matches_brute_force_on_tree_classes(d, p, seed):
    tree = TreeClass(d, p, seed)
    H = tree.dense()
    off = np.array([[x not in tree.path(b) for x in range(tree.n_points)] for b in range(tree.n_hypotheses)])
    for value in (0, 1):
        sizes = oracle_lemma_sizes(tree, value)
        good = (off & (H == value)).astype(np.uint8)
        for rows in range(tree.n_hypotheses + 1):
            for cols in range(tree.n_points + 1):
                expected = any(c >= cols and r >= rows for c, r in sizes)
                assert has_rectangle(good, rows, cols) == expected, (value, rows, cols)


def test_run_lemma_d2_counts_match_brute_force_and_wilson():
    config = LemmaD2Config(d=4, zero_exponent=1.0, one_exponent=1.0, one_factor=1.0, samples=6)
    result = run_lemma_d2(config, 11)
    assert result["cutoffs"]["rescaled"] == {"item1_side": 4, "item2_rows": 4, "item2_cols": 2}
    assert result["cutoffs"]["paper"] == {"item1_side": 12, "item2_rows": 12, "item2_cols": 6}
    # The documented class seeds, then each item decided from every (|X'|, |H'|) the brute force finds.
    seeds = np.random.default_rng(11).integers(0, 2**63 - 1, size=6).tolist()
    counts = {(which, item): 0 for which in ("rescaled", "paper") for item in ("item1", "item2")}
    for s in seeds:
        tree = TreeClass(4, config.density, s)
        zero, one = oracle_lemma_sizes(tree, 0), oracle_lemma_sizes(tree, 1)
        for which, cut in result["cutoffs"].items():
            side = cut["item1_side"]
            counts[which, "item1"] += any(c >= side and r >= side for c, r in zero)
            counts[which, "item2"] += any(c >= cut["item2_cols"] and r >= cut["item2_rows"] for c, r in one)
    for (which, item), failures in counts.items():
        assert result[item][which]["failures"] == failures
        assert result[item][which]["rate"] == failures / 6
    assert result["item1"]["paper"]["vacuous"] and not result["item1"]["rescaled"]["vacuous"]
    assert result["item1"]["paper"]["failures"] == 0
    # Wilson's upper limit with no failures is z^2 / (n + z^2).
    z2 = 1.959963984540054**2
    assert result["item1"]["paper"]["ci"] == pytest.approx([0.0, z2 / (6 + z2)])


def test_run_lemma_d2_is_deterministic_and_json():
    config = LemmaD2Config(d=5, samples=8)
    first = run_lemma_d2(config, 3)
    assert first == run_lemma_d2(config, 3)
    assert json.loads(json.dumps(first)) == first
    assert first["cutoffs"]["rescaled"] == {"item1_side": 8, "item2_rows": 4, "item2_cols": 6}
    assert first["p"] == 0.25 and first["lemma_d"] == 4 and first["n_hypotheses"] == 32


def test_lemma_d2_cutoffs_follow_the_paper_at_lemma_index_d_minus_1():
    # d = 5 is the lemma at d' = 4: 2^{2·2} = 16 and 3·2 = 6 exactly.
    assert lemma_d2_cutoffs(5, 2.0, 2.0, 3.0) == {"item1_side": 16, "item2_rows": 16, "item2_cols": 6}
    # d = 6 (d' = 5): 2^{2√5} = 22.2 and 3√5 = 6.7, rounded up.
    assert lemma_d2_cutoffs(6, 2.0, 2.0, 3.0) == {"item1_side": 23, "item2_rows": 23, "item2_cols": 7}
    assert LemmaD2Config(d=6).cutoffs(paper=True) == lemma_d2_cutoffs(6, 2.0, 2.0, 3.0)


@pytest.mark.parametrize(
    ("changes", "error", "match"),
    [
        ({"d": 1}, ValueError, "d must be >= 2"),
        ({"d": 7}, ValueError, "d must be <= 6"),
        ({"d": "5"}, TypeError, "d must be an integer"),
        ({"k": -1.0}, ValueError, "k must be >= 0"),
        ({"zero_exponent": 0.0}, ValueError, "zero_exponent must be > 0"),
        ({"one_factor": float("nan")}, ValueError, "one_factor must be finite"),
        ({"samples": 0}, ValueError, "samples must be >= 1"),
        ({"confidence": 1.0}, ValueError, "confidence must be < 1"),
    ],
)
def test_lemma_d2_config_rejects_bad_fields(changes, error, match):
    with pytest.raises(error, match=match):
        LemmaD2Config(**changes)


def test_lemma_d2_functions_reject_bad_input():
    with pytest.raises(TypeError, match="LemmaD2Config"):
        run_lemma_d2({"d": 4}, 0)
    with pytest.raises(ValueError, match="seed must be >= 0"):
        run_lemma_d2(LemmaD2Config(d=3, samples=1), -1)
    with pytest.raises(ValueError, match="good must hold only 0 and 1"):
        has_rectangle([[0, 2]], 1, 1)
    with pytest.raises(ValueError, match="good must be 2-D"):
        has_rectangle([0, 1], 1, 1)
    with pytest.raises(ValueError, match="rows must be >= 0"):
        has_rectangle([[1]], -1, 1)
    with pytest.raises(ValueError, match="one_exponent must be > 0"):
        lemma_d2_cutoffs(4, 1.0, -1.0, 1.0)
    with pytest.raises(ValueError, match="d must be >= 2"):
        lemma_d2_cutoffs(1, 1.0, 1.0, 1.0)
