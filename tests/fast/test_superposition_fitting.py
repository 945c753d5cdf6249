"""theory.fitting: exact recovery of known exponents, the SE against linregress, the Eq. 6 shared fit."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats

from theory.fitting import fit_power_law, fit_shared_power_law

WIDTHS = np.array([10, 15, 25, 39, 63, 100], dtype=float)


@given(st.floats(-3.0, 3.0), st.floats(1e-3, 1e3))
def test_exact_power_law_is_recovered_whatever_the_prefactor(exponent, prefactor):
    fit = fit_power_law(WIDTHS, prefactor * WIDTHS**exponent)
    assert fit.exponent == pytest.approx(exponent, abs=1e-10)
    assert fit.prefactor == pytest.approx(prefactor, rel=1e-9)
    assert fit.stderr < 1e-6 and fit.points == 6
    if abs(exponent) > 1e-3:  # R² = 1 - RSS/SST is rounding noise over rounding noise for a near-constant y
        assert fit.r_squared == pytest.approx(1.0, abs=1e-9)


def test_standard_error_and_r2_match_linregress():
    rng = np.random.default_rng(3)
    y = 2.0 * WIDTHS**-0.8 * np.exp(rng.normal(0.0, 0.1, WIDTHS.size))
    fit, line = fit_power_law(WIDTHS, y), stats.linregress(np.log(WIDTHS), np.log(y))
    assert fit.exponent == pytest.approx(line.slope, rel=1e-12)
    assert fit.stderr == pytest.approx(line.stderr, rel=1e-12)
    assert fit.r_squared == pytest.approx(line.rvalue**2, rel=1e-12)
    # The SE formula written out: sqrt(RSS / (N - 2) / Σ(ln x - mean)²).
    lx, ly = np.log(WIDTHS), np.log(y)
    resid = ly - (line.intercept + line.slope * lx)
    assert fit.stderr == pytest.approx(np.sqrt(resid @ resid / 4 / ((lx - lx.mean()) ** 2).sum()), rel=1e-10)


@given(st.floats(0.3, 1.5), st.floats(0.5, 50.0), st.lists(st.floats(0.0, 2.0), min_size=2, max_size=4))
def test_shared_fit_recovers_exponent_and_group_offsets(a, prefactor, offsets):
    x = np.array([8, 16, 32, 64, 128, 256, 512, 1024], dtype=float)
    groups = np.repeat(np.arange(len(offsets)), x.size)
    xs = np.tile(x, len(offsets))
    y = prefactor * xs**-a + np.asarray(offsets)[groups]
    fit = fit_shared_power_law(xs, y, groups)
    assert fit.exponent == pytest.approx(-a, abs=1e-6)
    assert fit.prefactor == pytest.approx(prefactor, rel=1e-5)
    assert np.allclose(fit.offsets, offsets, atol=1e-6 * (1 + prefactor))
    assert fit.groups == tuple(range(len(offsets))) and fit.rmse_log < 1e-6


def test_shared_fit_with_noise_has_an_honest_error_bar():
    rng = np.random.default_rng(0)
    x = np.tile(np.array([8, 16, 32, 64, 128, 256, 512, 1024], dtype=float), 3)
    groups = np.repeat([5, 7, 9], 8)
    y = 3.0 * x**-0.9 + np.array([0.5, 1.0, 2.0])[np.repeat([0, 1, 2], 8)]
    y = y * np.exp(rng.normal(0.0, 0.01, y.size))
    fit = fit_shared_power_law(x, y, groups)
    assert fit.groups == (5, 7, 9)
    assert abs(fit.exponent + 0.9) < 4 * fit.stderr and 0 < fit.stderr < 0.1


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: fit_power_law([1, 2], [1, 2]), "at least 3 points"),
        (lambda: fit_power_law([1, 2, 3], [1, 0, 2]), "y must be positive"),
        (lambda: fit_power_law([1, 2, 3], [1, 2]), "equal length"),
        (lambda: fit_power_law([2, 2, 2], [1, 2, 3]), "two distinct"),
        (lambda: fit_power_law([1, 2, np.nan], [1, 2, 3]), "finite"),
        (lambda: fit_shared_power_law([1, 2, 3, 4], [4, 3, 2, 1], [0, 0, 1, 1]), "more than 4 points"),
        (lambda: fit_shared_power_law([1, 2, 3], [3, 2, 1], [0, 1]), "one label per point"),
    ],
)
def test_bad_input(call, match):
    with pytest.raises(ValueError, match=match):
        call()
