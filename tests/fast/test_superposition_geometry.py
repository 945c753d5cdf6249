"""Welch / frame-potential inequalities with their equality cases, the exact 1/m identity, the Beta law's moments,
and the matrix metrics (φ_t, blockwise overlaps, ambiguity, dimensionality) against dense oracles."""

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import theory.superposition as S


@st.composite
def frames(draw, min_extra=1):
    """(ν, m) matrices with ν > m and rows of norm bounded away from zero."""
    m = draw(st.integers(1, 5))
    nu = draw(st.integers(max(2, m + min_extra), m + 8))
    w = draw(arrays(np.float64, (nu, m), elements=st.floats(-3, 3, allow_subnormal=False)))
    assume(np.all(np.linalg.norm(w, axis=1) > 1e-3))
    return w


def _dense_overlaps(w):
    unit = w / (np.linalg.norm(w, axis=1, keepdims=True) + S.NORM_EPS)
    c = unit @ unit.T
    return c[np.triu_indices(len(w), k=1)]


@given(frames())
def test_welch_and_frame_potential_bounds(w):
    nu, m = w.shape
    kappa = S.welch_bound(nu, m)
    stats = S.overlap_stats(w)
    # Float slack only: both are theorems for unit vectors.
    assert stats.mean_sq >= kappa**2 * (1 - 1e-6) - 1e-9
    assert stats.max_abs >= kappa * (1 - 1e-6) - 1e-9


@pytest.mark.parametrize("m", [2, 3, 5, 8])
def test_regular_simplex_attains_welch_with_all_overlaps_one_over_m(m):
    # The m + 1 vertices of a regular simplex centred at 0, expressed in R^m.
    vertices = np.eye(m + 1) - 1.0 / (m + 1)
    q, _ = np.linalg.qr(vertices.T)
    simplex = vertices @ q[:, :m]
    c = np.abs(_dense_overlaps(simplex))
    assert np.allclose(c, 1.0 / m) and S.welch_bound(m + 1, m) == pytest.approx(1.0 / m)
    assert S.overlap_stats(simplex).mean_sq == pytest.approx(S.welch_bound(m + 1, m) ** 2)


@pytest.mark.parametrize(("nu", "m"), [(4, 2), (7, 2), (6, 4), (10, 6)])
def test_harmonic_tight_frame_attains_the_mean_square_bound(nu, m):
    # Rows (cos 2πkj/ν, sin 2πkj/ν)_{j=1..m/2}/sqrt(m/2): a unit-norm tight frame of ν vectors in R^m.
    k = np.arange(nu)[:, None]
    j = np.arange(1, m // 2 + 1)[None, :]
    angles = 2 * np.pi * k * j / nu
    frame = np.hstack([np.cos(angles), np.sin(angles)]) / np.sqrt(m / 2)
    assert np.allclose(np.linalg.norm(frame, axis=1), 1.0)
    assert S.overlap_stats(frame).mean_sq == pytest.approx(S.welch_bound(nu, m) ** 2, rel=1e-7)


@given(arrays(np.float64, (6, 6), elements=st.floats(-2, 2)), arrays(np.float64, 6, elements=st.floats(-2, 2)))
def test_exact_one_over_m_identity_over_orthonormal_bases(matrix, u):
    q, r = np.linalg.qr(matrix)
    assume(np.min(np.abs(np.diag(r))) > 1e-6 and np.linalg.norm(u) > 1e-6)
    unit = u / np.linalg.norm(u)
    assert np.mean((q.T @ unit) ** 2) == pytest.approx(1 / 6, rel=1e-9)


def test_welch_limits():
    for m in (2, 10, 100):
        assert S.welch_bound(10**9, m) ** 2 == pytest.approx(1 / m, rel=1e-6)
        assert all(S.welch_bound(nu, m) ** 2 < 1 / m for nu in (m + 1, 2 * m, 50 * m))
    assert S.welch_bound(5, 5) == 0.0


@pytest.mark.parametrize("m", [2, 10, 100])
def test_beta_law_moments(m):
    mean, var = S.overlap_moments(m)
    law = S.overlap_distribution(m)
    assert mean == pytest.approx(1 / m) and law.mean() == pytest.approx(mean)
    assert var == pytest.approx(2 * (m - 1) / (m * m * (m + 2))) and law.var() == pytest.approx(var)


def test_strong_regime_predictions():
    assert S.strong_fraction([10, 40, 100], 1000) == pytest.approx([0.05, 0.8, 1.0])
    assert S.strong_skewed_exponent(2.0) == 2.0 and S.STRONG_EXPONENT == 1.0
    p = S.frequencies("power", 100, alpha=1.0)
    assert S.strong_tail_mass(p, 4) == pytest.approx(p[8:].sum()) and S.strong_tail_mass(p, 20) == 0.0


@given(frames(min_extra=0), st.integers(1, 5))
def test_blockwise_overlaps_equal_the_dense_computation(w, block):
    c = _dense_overlaps(w)
    stats = S.overlap_stats(w, block_size=block)
    assert stats.pairs == c.size
    assert stats.mean_abs == pytest.approx(np.abs(c).mean(), rel=1e-9, abs=1e-12)
    assert stats.mean_sq == pytest.approx((c**2).mean(), rel=1e-9, abs=1e-12)
    assert stats.mean_sq == pytest.approx(stats.mean_abs**2 + stats.std_abs**2, rel=1e-9, abs=1e-12)
    assert stats.var_sq == pytest.approx((c**2).var(), rel=1e-6, abs=1e-12)
    assert stats.max_abs == pytest.approx(np.abs(c).max(), rel=1e-12)


@given(frames(min_extra=0), st.data())
def test_metrics_are_invariant_under_rotation_permutation_and_sign_flips(w, data):
    n, m = w.shape
    q, _ = np.linalg.qr(data.draw(arrays(np.float64, (m, m), elements=st.floats(-1, 1))) + 3 * np.eye(m))
    perm = np.asarray(data.draw(st.permutations(range(n))))
    signs = np.asarray(data.draw(st.lists(st.sampled_from([-1.0, 1.0]), min_size=m, max_size=m)))
    base = S.overlap_stats(w)
    for other in (w @ q, w[perm], w * signs):
        moved = S.overlap_stats(other)
        assert moved.mean_sq == pytest.approx(base.mean_sq, rel=1e-7, abs=1e-12)
        assert moved.max_abs == pytest.approx(base.max_abs, rel=1e-7, abs=1e-12)
        assert np.sort(S.row_norms(other)) == pytest.approx(np.sort(S.row_norms(w)))


@given(arrays(np.float64, (12, 3), elements=st.floats(-2, 2)), st.floats(0.0, 3.0), st.floats(0.0, 3.0))
def test_phi_is_bounded_and_non_increasing_in_the_threshold(w, t1, t2):
    lo, hi = sorted((t1, t2))
    assert 0.0 <= S.represented_fraction(w, hi) <= S.represented_fraction(w, lo) <= 1.0
    assert S.represented_fraction(w, 1.0) <= S.represented_fraction(w, 0.5)


def test_ideal_weak_configuration_metrics():
    n, m = 40, 7
    ideal = np.vstack([np.eye(m), np.zeros((n - m, m))])
    assert S.represented_fraction(ideal, 0.5) == m / n
    assert S.ambiguity(ideal) == pytest.approx(0.0, abs=1e-12)
    assert S.feature_dimensionality(ideal) == pytest.approx(np.r_[np.ones(m), np.zeros(n - m)])


@given(arrays(np.float64, (9, 3), elements=st.floats(-2, 2)))
def test_ambiguity_equals_the_dense_spectral_norm(w):
    target = np.diag(np.r_[np.ones(3), np.zeros(6)])
    assert S.ambiguity(w) == pytest.approx(np.linalg.norm(w @ w.T - target, 2), rel=1e-8, abs=1e-10)


def test_feature_dimensionality_of_antipodal_pair_and_pentagon():
    assert S.feature_dimensionality([[1.0], [-1.0]]) == pytest.approx([0.5, 0.5])
    angles = 2 * np.pi * np.arange(5) / 5
    pentagon = np.stack([np.cos(angles), np.sin(angles)], axis=1)
    assert S.feature_dimensionality(pentagon) == pytest.approx(np.full(5, 2 / 5))


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: S.welch_bound(3, 4), "m must be <= nu"),
        (lambda: S.welch_bound(1, 1), "nu must be >= 2"),
        (lambda: S.welch_bound(-5, 2), "nu must be >= 2"),
        (lambda: S.overlap_distribution(1), "m must be >= 2"),
        (lambda: S.overlap_stats(np.ones((1, 3))), "at least 2 rows"),
        (lambda: S.overlap_stats([[1.0, np.nan], [0.0, 1.0]]), "W must be finite"),
        (lambda: S.overlap_stats(np.ones(4)), "2-D"),
        (lambda: S.ambiguity(np.ones((2, 3))), "n >= m"),
        (lambda: S.represented_fraction(np.ones((2, 2)), -1.0), "threshold must be >= 0"),
    ],
)
def test_bad_input(call, match):
    with pytest.raises(ValueError, match=match):
        call()
