"""Closed-form gradient-flow losses (spec §5 "Dynamics"): against explicit GD, the reduced (n + d) trick,
monotone training loss, invisible delta-peak modes, the E_score identity, the read-out times."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sims.diffusion_rf import RFConfig, draw_instance, gradient_descent, instance_modes, rf_losses
from theory.diffusion_rf import (
    LossCurves,
    equivalent_u,
    equivalent_v,
    generalization_time,
    loss_curves,
    memorization_time,
    modes_from_matrices,
    population_u,
)


def _matrices(cfg: RFConfig, seed: int = 0):
    inst = draw_instance(cfg, seed)
    u = equivalent_u(inst.w, inst.x, inst.omega, inst.coeffs)
    return inst, u, equivalent_v(inst.w, inst.coeffs), population_u(inst.w, inst.coeffs)


SMALL = RFConfig(d=6, psi_p=8.0, psi_n=2.0, t=0.1)


@given(st.integers(2, 6), st.sampled_from([3.0, 6.0, 10.0]), st.sampled_from([0.5, 1.0, 2.0]), st.integers(0, 99))
@settings(max_examples=15)
def test_reduced_trick_equals_full_eigendecomposition(d, psi_p, psi_n, seed):
    inst, u, v, u_pop = _matrices(RFConfig(d=d, psi_p=psi_p, psi_n=psi_n, t=0.05), seed)
    tau = np.geomspace(0.1, 1e6, 25)
    full, reduced = (
        loss_curves(modes_from_matrices(u, v, u_pop, inst.coeffs), tau),
        loss_curves(instance_modes(inst), tau),
    )
    for name in ("train", "test", "score"):
        assert np.allclose(getattr(full, name), getattr(reduced, name), rtol=1e-9, atol=1e-10)


def test_gradient_descent_equals_the_discrete_closed_form():
    inst, u, v, u_pop = _matrices(SMALL)
    step = 0.5  # dτ; η = dτ d²
    record = np.array([0, 1, 7, 60, 400, 3000])
    gd = gradient_descent(u, v, u_pop, v, inst.coeffs, eta=step * SMALL.d**2, n_steps=3000, record=record)
    closed = loss_curves(modes_from_matrices(u, v, u_pop, inst.coeffs), gd.tau, step=step)
    for name in ("train", "test", "score"):
        assert np.allclose(getattr(gd, name), getattr(closed, name), rtol=0, atol=1e-11)
    assert gd.train[0] == 1.0 and gd.test[0] == 1.0


@pytest.mark.parametrize("h_max", [1.0, 1.6])
def test_large_steps_critical_and_oscillating(h_max):
    # h = 2Δλ_max dτ/ψ_p = 1 sends the fastest mode to its fixed point in one step; 1 < h < 2 oscillates.
    inst, u, v, u_pop = _matrices(SMALL)
    modes = modes_from_matrices(u, v, u_pop, inst.coeffs)
    step = h_max * modes.psi_p / (2 * modes.delta_t * modes.eigenvalues.max())
    gd = gradient_descent(u, v, u_pop, v, inst.coeffs, eta=step * SMALL.d**2, n_steps=41, record=[0, 1, 2, 3, 41])
    closed = loss_curves(modes, gd.tau, step=step)
    assert np.all(np.isfinite(closed.test)) and np.allclose(gd.test, closed.test, rtol=0, atol=1e-11)
    assert np.allclose(gd.train, closed.train, rtol=0, atol=1e-11)


def test_gradient_flow_is_the_small_step_limit():
    inst, u, v, u_pop = _matrices(SMALL)
    modes = modes_from_matrices(u, v, u_pop, inst.coeffs)
    tau = np.array([2.0, 50.0, 800.0])
    errs = [np.abs(loss_curves(modes, tau, step=h).test - loss_curves(modes, tau).test).max() for h in (0.4, 0.2, 0.1)]
    assert errs[0] > errs[1] > errs[2] and errs[1] / errs[2] == pytest.approx(2.0, rel=0.2)  # first order in dτ


@given(st.integers(0, 50), st.sampled_from([0.01, 0.1, 1.0]))
@settings(max_examples=10)
def test_train_loss_is_non_increasing_and_bounded(seed, t):
    inst = draw_instance(RFConfig(d=4, psi_p=10.0, psi_n=1.5, t=t), seed)
    curves = loss_curves(instance_modes(inst), np.concatenate([[0.0], np.geomspace(1e-3, 1e8, 200)]))
    assert curves.train[0] == 1.0
    assert np.all(np.diff(curves.train) <= 1e-13) and curves.train.min() >= -1e-12


def test_delta_peak_modes_carry_no_weight():
    # A(τ) v = 0 for every eigenvector v of the s_t² peak: the p - n - d modes drop out of both losses.
    inst, u, v, u_pop = _matrices(RFConfig(d=4, psi_p=12.0, psi_n=2.0, t=0.1))
    lam, q = np.linalg.eigh(u)
    peak = np.abs(lam - inst.coeffs.s2) < 1e-10
    assert peak.sum() == inst.config.p - inst.config.n - inst.config.d
    a = (
        -np.sqrt(inst.config.p / inst.coeffs.delta)
        * v.T
        @ np.linalg.solve(u, np.eye(u.shape[0]) - q @ np.diag(np.exp(-2 * inst.coeffs.delta * lam * 37.0 / 12.0)) @ q.T)
    )  # A(τ = 37) from Eq. 53
    assert np.abs(a @ q[:, peak]).max() < 1e-10


def test_score_error_identity_by_monte_carlo():
    # E_score = (1/d) E_y ||A σ(Wy/√d)/√p + y/Γ²||², y ~ N(0, Γ² I), equals (L_test - 1)/Δ + 1/Γ².
    inst, u, v, u_pop = _matrices(RFConfig(d=5, psi_p=6.0, psi_n=2.0, t=0.3))
    c, (p, d) = inst.coeffs, inst.w.shape
    a = np.random.default_rng(1).standard_normal((d, p)) * 0.3
    y = c.gamma * np.random.default_rng(2).standard_normal((400_000, d))
    direct = np.mean(np.sum((np.tanh(y @ inst.w.T / math.sqrt(d)) @ a.T / math.sqrt(p) + y / c.gamma**2) ** 2, 1)) / d
    assert rf_losses(a, u, v, u_pop, v, c)[2] == pytest.approx(direct, rel=1e-2)


def test_readout_times():
    tau = np.geomspace(1.0, 1e4, 41)
    gen_rise = 1 - np.exp(-tau / 100.0)
    curves = LossCurves(tau=tau, train=np.zeros_like(tau), test=gen_rise, score=np.exp(-tau / 3.0) + 0.01)
    assert memorization_time(curves) == pytest.approx(100 * math.log(2), rel=0.03)
    # E_min = 0.01 + e^{-1e4/3}; the level 0.01 + 0.1 e^{-1/3} is crossed at τ = 3 (ln 10 + 1/3).
    assert generalization_time(curves) == pytest.approx(3 * (math.log(10) + 1 / 3), rel=0.03)
    with pytest.raises(ValueError, match="fraction must be"):
        memorization_time(curves, fraction=1.5)


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda modes, c: loss_curves(modes, [-1.0]), "tau must be"),
        (lambda modes, c: loss_curves(modes, [1.0, 2.5], step=1.0), "multiple of step"),
        (lambda modes, c: loss_curves(modes, [1e6], step=1e6), "diverge"),
        (lambda modes, c: modes_from_matrices(np.full((3, 3), np.nan), np.ones((3, 1)), np.eye(3), c), "finite"),
        (lambda modes, c: modes_from_matrices(np.triu(np.ones((3, 3))), np.ones((3, 1)), np.eye(3), c), "symmetric"),
        (lambda modes, c: modes_from_matrices(-np.eye(3), np.ones((3, 1)), np.eye(3), c), "positive definite"),
        (lambda modes, c: modes_from_matrices(np.eye(3), np.ones((4, 1)), np.eye(3), c), "V must have shape"),
    ],
)
def test_bad_input(call, match):
    inst = draw_instance(SMALL, 0)
    with pytest.raises(ValueError, match=match):
        call(instance_modes(inst), inst.coeffs)
