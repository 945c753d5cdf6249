"""Coefficients a_t, b_t, v_t², s_t², μ1 (spec §1.4, §5): Stein identities, positivity, limits, closed forms."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.special import expit

from theory.diffusion_rf import rf_coefficients

times = st.floats(1e-3, 3.0)
scales = st.floats(0.3, 3.0)
activations = st.sampled_from(["tanh", "erf", "linear", "cubic"])


@given(times, scales, activations)
def test_stein_identities_and_positivity(t, sigma_x, activation):
    c = rf_coefficients(t, sigma_x, activation)
    assert c.gamma == pytest.approx(math.sqrt(math.exp(-2 * t) * sigma_x**2 + c.delta), rel=1e-14)
    # a_t = μ1/Γ_t, b_t = √Δ_t μ1/Γ_t, hence e^{-2t} σ_x² a_t² + b_t² = μ1² (SM Eq. 48, Γ_t a std).
    assert c.a == pytest.approx(c.mu1 / c.gamma, rel=1e-8)
    assert c.b == pytest.approx(math.sqrt(c.delta) * c.mu1 / c.gamma, rel=1e-8)
    assert c.alpha**2 * c.a**2 + c.b**2 == pytest.approx(c.mu1**2, rel=1e-8)
    assert c.v2 >= 0 and c.s2 >= 0
    assert c.norm2 == pytest.approx(c.alpha**2 * c.a**2 + c.v2 + c.b**2 + c.s2, rel=1e-12)


def test_spec_table_for_tanh():
    # Spec §1.4 [computed]: a_t = μ1 = 0.60571 for every t (σ_x = 1), and the table of b_t, v_t², s_t².
    for t, b, v2, s2 in ((0.01, 0.0852, 0.0255, 0.00187), (0.1, 0.2579, 0.0138, 0.0136), (1.0, 0.5632, 5e-5, 0.0274)):
        c = rf_coefficients(t)
        assert c.a == pytest.approx(0.60571, abs=5e-6) and c.mu1 == pytest.approx(c.a, abs=1e-10)
        assert (c.b, c.v2, c.s2) == pytest.approx((b, v2, s2), rel=2e-2, abs=5e-6)  # 5e-5 is 1 digit


def test_linear_activation_is_the_wishart_limit():
    c = rf_coefficients(0.3, 1.0, "linear")
    assert (c.a, c.mu1) == pytest.approx((1.0, 1.0), abs=1e-12)
    assert c.b == pytest.approx(math.sqrt(c.delta), abs=1e-12)
    assert c.v2 == pytest.approx(0.0, abs=1e-12) and c.s2 == pytest.approx(0.0, abs=1e-12)


@given(st.floats(0.05, 3.0), scales)
def test_erf_closed_forms(t, sigma_x):
    c = rf_coefficients(t, sigma_x, "erf")
    g2 = c.gamma**2
    # E[erf(γz) z] = (2/√π) γ/√(1 + 2γ²) and E[erf(γz)²] = (2/π) arcsin(2γ²/(1 + 2γ²)) (arcsin law).
    assert c.mu1 == pytest.approx(2 / math.sqrt(math.pi) * c.gamma / math.sqrt(1 + 2 * g2), rel=1e-9)
    assert c.norm2 == pytest.approx(2 / math.pi * math.asin(2 * g2 / (1 + 2 * g2)), rel=1e-9)


def test_small_t_limits():
    # s_t² → 0 roughly linearly in t (SM D) and Δ_t → 0; a_t does not depend on t when σ_x = 1.
    small = [rf_coefficients(t) for t in (1e-3, 2e-3, 4e-3)]
    ratios = [b.s2 / a.s2 for a, b in zip(small, small[1:], strict=False)]
    assert all(1.7 < r < 2.2 for r in ratios)
    assert small[0].delta == pytest.approx(2e-3, rel=1e-2)
    assert max(c.a for c in small) - min(c.a for c in small) < 1e-9


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"t": 0.0}, "t must be > 0"),
        ({"t": -1.0}, "t must be > 0"),
        ({"t": 0.1, "sigma_x": 0.0}, "sigma_x must be > 0"),
        ({"t": 0.1, "activation": "relu"}, "activation must be a callable or one of"),
        ({"t": 0.1, "activation": expit}, "must be odd"),
        ({"t": 0.1, "activation": lambda x: x * np.exp(x**2)}, "lacks the needed Gaussian moments"),
        ({"t": 0.1, "activation": np.sign}, "lacks the needed Gaussian moments"),
        ({"t": float("nan")}, "t must be finite"),
    ],
)
def test_bad_input(kwargs, match):
    with pytest.raises(ValueError, match=match):
        rf_coefficients(**kwargs)
