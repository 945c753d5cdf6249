"""Theorem 3.1 solver and Theorem 3.2 weights (spec §5 "Spectrum"): exact counts, Herglotz, unit mass,
Marchenko-Pastur as a special case, agreement with a sampled spectrum, clear errors."""

import dataclasses
import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from theory.diffusion_rf import (
    FixedPointError,
    equivalent_features,
    finite_size_lambda_min,
    interpolation_threshold,
    rf_coefficients,
    rho1_edges,
    rho2_edges,
    solve_stieltjes,
    spectral_density,
    spectrum_weights,
    tau_gen,
    tau_mem,
)

C01 = rf_coefficients(0.01)


@given(st.integers(1, 6), st.integers(1, 40), st.integers(1, 40), st.integers(0, 2**16))
def test_delta_peak_count_is_exact(d, n, extra, seed):
    # Gaussian-equivalent U with p >= n + d: exactly p - n - d eigenvalues equal s_t² (rank of B is n + d).
    p = n + d + extra
    rng = np.random.default_rng(seed)
    feats = equivalent_features(
        rng.standard_normal((p, d)), rng.standard_normal((d, n)), rng.standard_normal((p, n)), C01
    )
    sv = np.linalg.svd(feats, compute_uv=False)
    eig = np.concatenate([sv**2, np.zeros(p - sv.size)]) + C01.s2
    at_peak = int(np.sum(np.abs(eig - C01.s2) <= 1e-10 * eig.max()))
    assert at_peak == p - n - d
    w = spectrum_weights(p / d, n / d)
    assert w.delta * p == pytest.approx(p - n - d, abs=1e-9)
    assert w.rho2 * p == pytest.approx(d, abs=1e-9) and w.rho1 * p == pytest.approx(n, abs=1e-9)


@given(st.floats(0.1, 200.0), st.floats(0.1, 200.0))
def test_weights_are_a_partition(psi_p, psi_n):
    w = spectrum_weights(psi_p, psi_n)
    assert min(w.delta, w.rho1, w.rho2) >= 0 and w.delta + w.rho1 + w.rho2 == pytest.approx(1.0, abs=1e-15)
    if psi_n >= psi_p:  # Regime II
        assert w.delta == 0 and w.rho2 == pytest.approx(min(1.0, 1 / psi_p))


def test_paper_fractions():
    assert dataclasses.astuple(spectrum_weights(64, 8)) == (0.859375, 0.125, 0.015625)


@given(st.floats(-5.0, 60.0), st.floats(1e-3, 50.0), st.sampled_from([8.0, 32.0]))
def test_herglotz(re, im, psi_n):
    sol = solve_stieltjes(np.array([re + 1j * im]), C01, 64.0, psi_n)
    assert sol.q.imag[0] > 0 and sol.r.imag[0] >= -1e-12
    assert sol.residual <= 1e-11


def test_q_behaves_like_minus_one_over_z_at_infinity():
    z = np.array([1e5j, 3e4 + 1e4j, -2e5 + 1e3j])
    sol = solve_stieltjes(z, C01, 64.0, 8.0)
    assert np.allclose(sol.q * z, -1.0, atol=1e-3)
    assert np.allclose(sol.s * z, -1.0, atol=1e-3)


def test_density_has_unit_mass_with_the_delta_peak():
    weights = spectrum_weights(64, 8)
    # Integrate on both bulks (away from the atom at s_t²); the atom's weight is read off -iε q(s_t² + iε).
    lo = np.linspace(0.003, 0.5, 1500)
    hi = np.linspace(5.0, 60.0, 1500)
    mass = np.trapezoid(spectral_density(lo, C01, 64, 8), lo) + np.trapezoid(spectral_density(hi, C01, 64, 8), hi)
    eps = 1e-8
    atom = float((-1j * eps * solve_stieltjes(np.array([C01.s2 + 1j * eps]), C01, 64, 8).q[0]).real)
    assert atom == pytest.approx(weights.delta, abs=1e-6)
    assert mass + atom == pytest.approx(1.0, abs=3e-3)
    assert np.trapezoid(spectral_density(hi, C01, 64, 8), hi) == pytest.approx(weights.rho2, rel=1e-2)


def test_marchenko_pastur_special_case():
    # a_t = b_t = 0: U = v² Ω Ωᵀ/n + s² I, whose law is a shifted Marchenko-Pastur with ratio γ = p/n.
    c = dataclasses.replace(C01, a=0.0, b=0.0, v2=0.7, s2=0.2)
    gamma = 0.25  # ψ_p/ψ_n
    lo, hi = 0.7 * (1 - math.sqrt(gamma)) ** 2, 0.7 * (1 + math.sqrt(gamma)) ** 2
    x = np.linspace(lo + 1e-3, hi - 1e-3, 60)
    mp = np.sqrt((hi - x) * (x - lo)) / (2 * math.pi * gamma * 0.7 * x)
    got = spectral_density(x + 0.2, c, 2.0, 8.0)
    assert np.allclose(got, mp, atol=1e-5)


def test_density_matches_a_sampled_spectrum():
    d, psi_p, psi_n = 24, 64, 8
    p, n = psi_p * d, psi_n * d
    rng = np.random.default_rng(3)
    feats = equivalent_features(
        rng.standard_normal((p, d)), rng.standard_normal((d, n)), rng.standard_normal((p, n)), C01
    )
    eig = np.linalg.svd(feats, compute_uv=False) ** 2 + C01.s2  # the n + d eigenvalues off the peak
    grid = np.linspace(0.003, 0.6, 800)
    cdf = np.concatenate(
        [[0], np.cumsum(np.diff(grid) * 0.5 * (lambda r: r[1:] + r[:-1])(spectral_density(grid, C01, psi_p, psi_n)))]
    )
    empirical = np.searchsorted(np.sort(eig), grid) / p
    assert np.max(np.abs(cdf - empirical)) < 0.01  # out of ρ1's mass 0.125
    assert eig.max() == pytest.approx(44.5, rel=0.08)
    assert finite_size_lambda_min(np.concatenate([eig, np.full(p - n - d, C01.s2)]), n, d) == eig.min()


def test_leading_order_formulas():
    lo, hi = rho1_edges(C01, 64, 8)
    assert lo == pytest.approx(C01.s2 + C01.v2 * (1 - math.sqrt(8)) ** 2)
    assert hi == pytest.approx(0.376, abs=2e-3)  # spec: upper edge 0.376 at ψ_p/ψ_n = 8
    assert rho2_edges(C01, 64)[0] < rho2_edges(C01, 64)[1]
    assert tau_mem(C01, 64, 8) == pytest.approx(64 / (C01.delta * lo))
    # τ_mem(2ψ_n)/τ_mem(ψ_n) → 2 when ψ_p ≫ ψ_n; τ_gen does not depend on ψ_n at all.
    assert tau_mem(C01, 1e6, 200) / tau_mem(C01, 1e6, 100) == pytest.approx(2.0, rel=0.02)
    assert tau_gen(C01, 64) == pytest.approx(64 / (C01.delta * (C01.s2 + C01.v2 + C01.mu1**2 * 64)))
    assert interpolation_threshold(4096) == 4096


def test_solver_reports_non_convergence(monkeypatch):
    # The continuation is robust enough that no realistic input fails; starve Newton to exercise the error.
    from theory.diffusion_rf import _fixed_point

    monkeypatch.setattr(_fixed_point, "_MAX_NEWTON", 1)
    with pytest.raises(FixedPointError, match=r"did not converge at \d+ of 3 points"):
        solve_stieltjes(np.array([0.2, 0.25, 20.0]) + 1e-9j, C01, 64, 8, steps=1)


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: spectrum_weights(0.0, 8), "psi_p must be > 0"),
        (lambda: spectrum_weights(64, -1), "psi_n must be > 0"),
        (lambda: solve_stieltjes(np.array([0.5 - 1j]), C01, 64, 8), "upper half plane"),
        (lambda: solve_stieltjes(np.array([0.5 + 1j]), C01, 64, 8, cov_values=(0.5, 2.0)), "mean of ρ_Σ"),
        (lambda: spectral_density([0.1, np.nan], C01, 64, 8), "lam must be finite"),
        (lambda: spectral_density([0.1], C01, 64, 8, eps=0), "eps must be > 0"),
        (lambda: tau_mem(C01, 64, 8, lambda_min=0.0), "lambda_min must be > 0"),
        (lambda: equivalent_features(np.ones((4, 2)), np.ones((3, 5)), np.ones((4, 5)), C01), "X must have shape"),
        (lambda: equivalent_features(np.full((4, 2), np.nan), np.ones((2, 5)), np.ones((4, 5)), C01), "finite"),
    ],
)
def test_bad_input(call, match):
    with pytest.raises(ValueError, match=match):
        call()
