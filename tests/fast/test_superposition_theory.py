"""theory.superposition closed forms: frequencies, the weak-regime loss (Eq. 4/14), exponents, arithmetic."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import theory.superposition as S

WIDTHS = (10, 15, 25, 39, 63, 100)


@given(
    st.sampled_from(S.FAMILIES), st.integers(1, 300), st.floats(0.0, 3.0), st.floats(0.05, 1.0), st.floats(1.0, 500.0)
)
def test_frequencies_are_ranked_normalised_probabilities(family, n, alpha, fraction, scale):
    density = fraction * S.max_density(family, n, alpha=alpha, scale=scale)
    p = S.frequencies(family, n, alpha=alpha, density=density, scale=scale)
    assert p.shape == (n,) and np.all(p > 0) and np.all(p <= 1.0)
    assert np.all(np.diff(p) <= 1e-15)
    assert p.sum() == pytest.approx(density, rel=1e-12)


def test_family_shapes_and_the_harmonic_bound():
    assert S.max_density("power", 1000, alpha=1.0) == pytest.approx(7.485470860550345, rel=1e-12)
    p = S.frequencies("power", 1000, alpha=2.0)
    assert p[0] / p[9] == pytest.approx(100.0)
    e = S.frequencies("exponential", 1000, scale=400.0)
    assert e[0] / e[400] == pytest.approx(math.e)
    lin = S.frequencies("linear", 10)
    assert lin[-1] / lin[0] == pytest.approx(0.1)
    assert np.all(S.frequencies("uniform", 5, density=0.5) == 0.1)


def test_density_scan_runs_from_the_original_to_p1_equal_one():
    p = S.frequencies("power", 1000, alpha=1.0)
    assert np.array_equal(S.density_scan(p, 0.0), p)
    top = S.density_scan(p, 1.0)
    assert top[0] == pytest.approx(1.0) and top.sum() == pytest.approx(S.max_density("power", 1000), rel=1e-12)


def test_moments_and_feature_variance():
    assert S.V_MEAN == 1.0 and S.V_SECOND_MOMENT == pytest.approx(4 / 3)
    assert S.feature_variance([0.5, 0.25]) == pytest.approx([0.5 * (4 - 1.5) / 3, 0.25 * (4 - 0.75) / 3])


@given(st.integers(2, 200), st.floats(0.0, 2.5), st.data())
def test_weak_loss_is_the_tail_sum_and_decreases_to_zero(n, alpha, data):
    p = S.frequencies("power", n, alpha=alpha)
    m = data.draw(st.integers(0, n))
    exact = S.weak_regime_loss(p, m)
    assert exact == pytest.approx(sum(4 / 3 * q - q * q for q in p[m:]), rel=1e-12, abs=1e-15)
    assert exact <= S.weak_regime_loss_approx(p, m) + 1e-15
    losses = S.weak_regime_loss(p, np.arange(n + 1))
    assert np.all(np.diff(losses) <= 1e-15) and losses[-1] == 0.0


@pytest.mark.parametrize("alpha", [0.5, 1.0, 1.5, 2.0])
@pytest.mark.parametrize(("phi", "n"), [(0.1, 1000), (0.25, 200)])
def test_eq14_is_the_ratio_of_integrals(alpha, phi, n):
    from scipy import integrate

    def f(i):
        return i**-alpha

    ratio = integrate.quad(f, phi * n, n)[0] / integrate.quad(f, 1, n)[0]
    assert S.weak_fraction_integral(phi, n, alpha) == pytest.approx(ratio, rel=1e-10)


def test_eq14_alpha_one_is_the_continuous_limit():
    assert S.weak_fraction_integral(0.1, 1000, 1.0) == pytest.approx(1 / 3)
    near = S.weak_fraction_integral(0.1, 1000, 1.0 + 1e-7)
    assert near == pytest.approx(1 / 3, rel=1e-5)


def test_ideal_weak_exponent_on_the_paper_grid_matches_the_spec_table():
    expected = {1.0: 0.29, 1.25: 0.43, 1.5: 0.61, 1.75: 0.80, 2.0: 1.02}
    for alpha, value in expected.items():
        fit = S.ideal_weak_exponent(S.frequencies("power", 1000, alpha=alpha), WIDTHS)
        assert -fit.exponent == pytest.approx(value, abs=0.005)


@pytest.mark.parametrize("alpha", [1.25, 1.5, 2.0, 3.0])
def test_infinite_n_exponent_tends_to_alpha_minus_one(alpha):
    coarse = -S.tail_exponent_infinite_n(alpha, WIDTHS).exponent
    fine = -S.tail_exponent_infinite_n(alpha, [10_000, 20_000, 40_000]).exponent
    assert abs(fine - (alpha - 1)) < abs(coarse - (alpha - 1)) + 1e-12
    assert fine == pytest.approx(alpha - 1, abs=1e-3)


def test_chinchilla_arithmetic():
    value, se = S.chinchilla_width_exponent()
    assert value == pytest.approx(0.882) and se == pytest.approx(math.hypot(0.35 * 0.03, 2.52 * 0.02))


@given(st.lists(st.floats(-0.3, 0.3), min_size=1, max_size=6), st.floats(0.0, 6.0))
def test_cross_entropy_expansion_is_second_order_accurate(eps, s):
    eps = np.asarray(eps)
    terms = S.overlap_cross_entropy_expansion(eps, s)
    for scale in (1e-2, 1e-3):
        exact = S.overlap_cross_entropy(scale * eps, s)
        approx_terms = S.overlap_cross_entropy_expansion(scale * eps, s)
        approx = approx_terms["constant"] + approx_terms["linear"] + approx_terms["quadratic"]
        assert abs(exact - approx) <= 2.0 * (scale * (np.abs(eps).sum() + 1e-300)) ** 3 + 1e-14
    # The quadratic part tends to ½ e^-s Σ ε² as e^-s → 0 (Eq. 12-13).
    assert terms["quadratic"] == pytest.approx(terms["leading"], rel=4 * eps.size * math.exp(-s) + 1e-12, abs=1e-300)


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: S.frequencies("power", 1000, alpha=1.0, density=8.0), r"density \(E\) = 8.0 is larger"),
        (lambda: S.frequencies("zipf", 10), "family must be one of"),
        (lambda: S.frequencies("power", -3), "n must be >= 1"),
        (lambda: S.frequencies("power", 10, alpha=np.nan), "alpha must be finite"),
        (lambda: S.weak_regime_loss([0.5, 0.2], 3), "m must be <= n = 2"),
        (lambda: S.weak_regime_loss([0.2, 0.5], 1), "non-increasing"),
        (lambda: S.weak_regime_loss([0.5, np.nan], 1), "p must be finite"),
        (lambda: S.weak_fraction_integral(0.0001, 100, 1.0), "phi must be >="),
        (lambda: S.ideal_weak_exponent(S.frequencies("power", 50), [10, 20]), "at least 3 widths"),
        (lambda: S.density_scan([0.5, 0.1], 1.5), "s must be <= 1.0"),
        (lambda: S.chinchilla_width_exponent(alpha_n=-1.0), "alpha_n must be >"),
        (lambda: S.overlap_cross_entropy([], 1.0), "non-empty"),
        (lambda: S.decay_rows(np.ones((2, 2)), 0.5, -3.0), r"lr \* \|gamma\| must be <= 1"),
        (lambda: S.decay_rows(np.ones(3), 0.1, 1.0), "2-D"),
        (lambda: S.decay_rows([[np.nan, 1.0]], 0.1, 1.0), "W must be finite"),
    ],
)
def test_bad_input(call, match):
    with pytest.raises(ValueError, match=match):
        call()
