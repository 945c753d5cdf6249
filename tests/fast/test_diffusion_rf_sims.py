"""Sims (spec §5 "Metrics"): the memorization criterion and its invariances, the exact 2-NN search against a
brute-force oracle, DDIM with the empirical score memorizing, the DDPM time map, configs and determinism."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from sims.diffusion_rf import RFConfig, ddim_sample, draw_instance, memorized_fraction, nearest_two, sampled_matrices
from theory.diffusion_rf import ddpm_alpha_bar, ddpm_to_ou_time, empirical_score, ou_to_ddpm_step, posterior_mean

points = st.integers(2, 12).flatmap(
    lambda n: st.tuples(
        arrays(np.float64, (n, 3), elements=st.integers(-20, 20).map(float)),
        arrays(np.float64, (5, 3), elements=st.integers(-20, 20).map(float)),
    )
)


def _oracle(samples, train):
    """Brute force: sort every sample's exact distances."""
    out = []
    for s in samples:
        dist = sorted((math.dist(s, a), j) for j, a in enumerate(train))
        out.append((dist[0][0], dist[1][0]))
    return np.array(out)


@given(points)
def test_nearest_two_matches_brute_force(data):
    train, samples = data
    _, d1, d2 = nearest_two(samples, train)
    ref = _oracle(samples, train)
    assert np.allclose(d1, ref[:, 0], atol=1e-6) and np.allclose(d2, ref[:, 1], atol=1e-6)


@given(points, st.floats(0.1, 10.0), st.randoms(use_true_random=False))
def test_fmem_bounds_and_invariances(data, scale, rnd):
    train, samples = data
    base = memorized_fraction(samples, train, bootstrap=20)
    assert 0.0 <= base.ci_low <= base.fraction <= base.ci_high <= 1.0 or base.fraction in (base.ci_low, base.ci_high)
    perm = list(range(train.shape[0]))
    rnd.shuffle(perm)
    assert memorized_fraction(samples, train[perm], bootstrap=20).fraction == base.fraction
    assert np.allclose(memorized_fraction(scale * samples, scale * train, bootstrap=20).ratios, base.ratios, atol=1e-6)
    fractions = [memorized_fraction(samples, train, k=k, bootstrap=5).fraction for k in (0.1, 0.25, 1 / 3, 0.5, 1.0)]
    assert fractions == sorted(fractions)  # non-decreasing in k


def test_exact_copies_are_memorized():
    train = np.random.default_rng(0).standard_normal((50, 8))
    res = memorized_fraction(train[::3] + 1e-9, train)
    assert res.fraction == 1.0 and res.ci_low == 1.0 and res.ratios.max() < 1e-6


def test_empirical_score_sampling_memorizes_and_tweedie_holds():
    train = np.random.default_rng(1).standard_normal((30, 4))
    samples = ddim_sample(lambda x, t: empirical_score(x, train, t), 40, 4, ddim_steps=80, seed=2)
    assert memorized_fraction(samples, train).fraction == 1.0
    # Tweedie near a training point at small t: s_emp ≈ -(x - e^{-t} x^μ)/Δ_t.
    t, x = 1e-3, train[:1] + 1e-3
    assert np.allclose(empirical_score(x, train, t), -(x - math.exp(-t) * train[:1]) / -math.expm1(-2 * t))
    assert np.allclose(posterior_mean(train, train, 1e-4), train)


def test_ddpm_time_map():
    t = ddpm_to_ou_time(np.arange(1, 1001))
    assert np.all(np.diff(t) > 0)
    assert t[0] == pytest.approx(5e-5, rel=1e-3) and t[-1] == pytest.approx(5.06, abs=0.01)
    assert ou_to_ddpm_step(0.01) == 41 and ou_to_ddpm_step(0.1) == 137  # spec §1.7
    assert np.allclose(np.exp(-2 * t), ddpm_alpha_bar())


def test_draws_are_deterministic_and_streams_independent():
    a, b = draw_instance(RFConfig(d=3, psi_p=4, psi_n=2), 5), draw_instance(RFConfig(d=3, psi_p=4, psi_n=2), 5)
    assert np.array_equal(a.w, b.w) and np.array_equal(a.x, b.x) and np.array_equal(a.omega, b.omega)
    c = draw_instance(RFConfig(d=3, psi_p=4, psi_n=3), 5)  # more data, same W
    assert np.array_equal(a.w, c.w) and not np.array_equal(a.x, draw_instance(RFConfig(d=3, psi_p=4, psi_n=2), 6).x)
    cfg = RFConfig(d=3, psi_p=4, psi_n=2)
    assert RFConfig.from_dict(cfg.to_dict()) == cfg and cfg.key == RFConfig(d=3, psi_p=4.0, psi_n=2.0).key


def test_sampled_population_matrices_match_their_one_dimensional_laws():
    # Row i of the features is σ(Γ r_i z) in law, r_i = ||w_i||/√d, so Ũ_ii = E σ(Γ r_i z)² and, by Stein,
    # Ṽ_i = √Δ_t (w_i/√d) E[σ(Γ r_i z) z]/(Γ r_i): exact one-dimensional quadratures to compare with.
    inst = draw_instance(RFConfig(d=4, psi_p=3, psi_n=2, t=0.2), 0)
    mats = sampled_matrices(inst, noise_draws=4, population_points=60_000, seed=1)
    c = inst.coeffs
    z, wz = np.polynomial.hermite_e.hermegauss(80)
    wz = wz / math.sqrt(2 * math.pi)
    r = np.linalg.norm(inst.w, axis=1) / 2.0  # (p,), √d = 2
    feats = np.tanh(c.gamma * r[:, None] * z[None, :])  # (p, nodes)
    assert np.allclose(np.diag(mats["u_pop"]), feats**2 @ wz, atol=0.01)
    v_rows = math.sqrt(c.delta) * inst.w / 2.0 * ((feats * z) @ wz / (c.gamma * r))[:, None]
    assert np.allclose(mats["v_pop"], v_rows, atol=0.01)
    assert mats["u"].shape == (12, 12) and mats["v"].shape == (12, 4)


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: RFConfig(d=0), "d must be >= 1"),
        (lambda: RFConfig(psi_p=-1.0), "psi_p must be > 0"),
        (lambda: RFConfig(t=0.0), "t must be > 0"),
        (lambda: RFConfig(activation="relu"), "activation must be one of"),
        (lambda: RFConfig(d=2, psi_n=0.1), "must round to >= 1"),
        (lambda: nearest_two(np.ones((2, 3)), np.ones((1, 3))), "at least 2 points"),
        (lambda: nearest_two(np.ones((2, 2)), np.ones((4, 3))), "samples must have shape"),
        (lambda: memorized_fraction(np.full((2, 3), np.nan), np.ones((4, 3))), "finite"),
        (lambda: memorized_fraction(np.ones((2, 3)), np.ones((4, 3)), k=0), "k must be > 0"),
        (lambda: ddpm_to_ou_time(1001), "t_prime must be <= steps"),
        (lambda: ddpm_to_ou_time(0), "t_prime must be >= 1"),
        (lambda: ddim_sample(lambda x, t: x, 2, 2, ddim_steps=2000), "ddim_steps must be <="),
    ],
)
def test_bad_input(call, match):
    with pytest.raises(ValueError, match=match):
        call()
