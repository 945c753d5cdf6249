"""Closed-form train, test and score losses of the RF model along gradient flow (SM Prop. C.1, Eqs. 53, 55).

With B = A/√p (d, p), A(0) = 0 and time τ = kη/d², gradient flow on L_train gives (Eq. 53)

    B(τ) = -(1/√Δ_t) Vᵀ U⁻¹ (I - exp(-(2Δ_t/ψ_p) U τ)).

In the eigenbasis U = Q diag(λ) Qᵀ let C = Vᵀ Q (d, m), c_λ = ||C[:, λ]||², f_λ(τ) = (e_λ(τ) - 1)/λ with
e_λ = exp(-2Δ_t λ τ/ψ_p), and M = (Cᵀ C) ∘ (Qᵀ Ũ Q) (m, m). Then (spec §1.3)

    L_train(τ) = 1 + (1/d) Σ_λ c_λ (λ f_λ² + 2 f_λ) = 1 - (1/d) Σ_λ (c_λ/λ)(1 - e_λ²)
    L_test(τ)  = 1 + (1/d) [fᵀ M f + 2 Σ_λ c̃_λ f_λ],   c̃_λ = (Qᵀ Ṽ Vᵀ Q)_λλ   (c̃ = c when Ṽ = V)
    E_score(τ) = (L_test(τ) - 1)/Δ_t + 1/Γ_t²

The last line holds for Gaussian data (P_t = N(0, Γ_t² I), exact score -y/Γ_t²), where Stein's lemma gives
E[σ(Wy/√d) yᵀ] = (Γ_t²/√Δ_t) Ṽ. Explicit gradient descent with step dτ replaces e_λ by (1 - 2Δ_t λ dτ/ψ_p)^k
at τ = k dτ, so the same formulas give GD exactly (``step=``).

Only modes with c_λ > 0 matter; for the Gaussian-equivalent U = B Bᵀ + s_t² I with V ∝ W in the span of B,
the p - n - d delta-peak modes drop out, so the SVD of B (p, n + d) replaces the eigendecomposition of U
(:func:`equivalent_modes`, the reduced (n + d) trick).
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np

from theory._validate import as_float_array, check_real

from ._coefficients import RFCoefficients
from ._equivalent import _covariance, check_matrix, equivalent_features, equivalent_v

__all__ = ["LossCurves", "TrainingModes", "equivalent_modes", "loss_curves", "modes_from_matrices"]


@dataclasses.dataclass(frozen=True)
class TrainingModes:
    """Everything the loss curves need: per-mode λ (m,), c (m,), c̃ (m,), M (m, m) and the scalars."""

    eigenvalues: np.ndarray
    c_train: np.ndarray
    c_test: np.ndarray
    m_test: np.ndarray
    d: int
    delta_t: float
    psi_p: float
    gamma2: float

    @property
    def weighted_lambda_min(self) -> float:
        """The smallest eigenvalue whose mode carries weight (c_λ > 1e-12 max c): the slowest relaxation."""
        active = self.c_train > 1e-12 * self.c_train.max()
        return float(self.eigenvalues[active].min())


@dataclasses.dataclass(frozen=True)
class LossCurves:
    """Losses at each τ (all arrays of shape (T,)); ``gen = test - train``."""

    tau: np.ndarray
    train: np.ndarray
    test: np.ndarray
    score: np.ndarray

    @property
    def gen(self) -> np.ndarray:
        return self.test - self.train


def _project(
    q: np.ndarray,
    lam: np.ndarray,
    v: np.ndarray,
    v_pop: np.ndarray,
    u_pop_q: np.ndarray,
    coeffs: RFCoefficients,
    psi_p: float,
    d: int,
) -> TrainingModes:
    """Modes from an orthonormal basis ``q`` (p, m) of U's relevant eigenvectors, ``u_pop_q`` = Ũ q (p, m)."""
    c = v.T @ q  # (d, m): C = Vᵀ Q
    c_pop = v_pop.T @ q  # (d, m): Ṽᵀ Q
    m_test = (c.T @ c) * (q.T @ u_pop_q)  # (m, m) Hadamard product
    return TrainingModes(
        eigenvalues=lam,
        c_train=np.einsum("ij,ij->j", c, c),
        c_test=np.einsum("ij,ij->j", c_pop, c),
        m_test=0.5 * (m_test + m_test.T),  # symmetric in exact arithmetic; remove rounding asymmetry
        d=d,
        delta_t=coeffs.delta,
        psi_p=psi_p,
        gamma2=coeffs.gamma**2,
    )


def modes_from_matrices(
    u: object, v: object, u_pop: object, coeffs: RFCoefficients, *, v_pop: object = None
) -> TrainingModes:
    """Modes of any RF model from its matrices: U (p, p) symmetric positive definite, V (p, d), Ũ (p, p) and
    optionally Ṽ (p, d) (default V, Lemma C.4). One full eigendecomposition of U; ψ_p = p/d."""
    u = check_matrix("U", u, (None, None))
    p = u.shape[0]
    v = check_matrix("V", v, (p, None))
    d = v.shape[1]
    u_pop = check_matrix("U_pop", u_pop, (p, p))
    v_pop = v if v_pop is None else check_matrix("V_pop", v_pop, (p, d))
    if not np.allclose(u, u.T, rtol=1e-10, atol=1e-12 * float(np.abs(u).max())):
        raise ValueError("U must be symmetric (a feature second-moment matrix)")
    lam, q = np.linalg.eigh(u)
    if lam[0] <= 0:
        raise ValueError(f"U must be positive definite (s_t² > 0), got smallest eigenvalue {lam[0]:.3e}")
    return _project(q, lam, v, v_pop, u_pop @ q, coeffs, p / d, d)


def equivalent_modes(
    w: object, x: object, omega: object, coeffs: RFCoefficients, cov_diag: object = None
) -> TrainingModes:
    """Modes of the Gaussian-equivalent model (W (p, d), X (d, n), Ω (p, n)) by the reduced (n + d) trick.

    U = B Bᵀ + s_t² I with B = [G/√n, b_t W/√d]; the left singular vectors of B are U's eigenvectors with
    λ = σ_B² + s_t², and every other eigenvector (λ = s_t²) is orthogonal to W, hence to V: it carries no
    weight. Ũ Q is applied through W (never formed), so the cost is O(p (n + d)²) instead of O(p³).
    """
    feats = equivalent_features(w, x, omega, coeffs)  # (p, n + d); validates all three matrices
    w = np.ascontiguousarray(as_float_array("W", w))
    p, d = w.shape
    q, sv, _ = np.linalg.svd(feats, full_matrices=False)  # q (p, m), m = min(p, n + d)
    lam = sv**2 + coeffs.s2
    sigma_t = math.exp(-2.0 * coeffs.t) * _covariance(cov_diag, d, coeffs.sigma_x) + coeffs.delta  # (d,)
    u_pop_q = (coeffs.mu1**2 / d) * (w * sigma_t) @ (w.T @ q) + (coeffs.s2 + coeffs.v2) * q  # Ũ q, (p, m)
    v = equivalent_v(w, coeffs)
    return _project(q, lam, v, v, u_pop_q, coeffs, p / d, d)


def _decay_minus_one(rate: np.ndarray, taus: np.ndarray, step: float | None) -> np.ndarray:
    """e_λ(τ) - 1, shape (m, T): exp(-rate τ) - 1 for gradient flow, (1 - rate dτ)^{τ/dτ} - 1 for GD."""
    if step is None:
        return np.expm1(-np.outer(rate, taus))  # expm1 keeps precision when λτ is small
    k = np.round(taus / step)
    if not np.allclose(k * step, taus, rtol=1e-9, atol=1e-12):
        raise ValueError(f"every tau must be a multiple of step={step} for gradient descent")
    h = rate * step
    if h.max() >= 2.0:
        raise ValueError(f"step={step} makes gradient descent diverge (2Δλdτ/ψ_p = {h.max():.3g} >= 2)")
    # (1 - h)^k = ±|1 - h|^k, negative only for odd k when h > 1 (an oscillating mode). A mode with h = 1 reaches
    # its fixed point in one step: log 0 = -inf gives |1 - h|^k = 0 for k >= 1, and k = 0 is set to log 1 = 0
    # (0 x -inf would be NaN).
    with np.errstate(divide="ignore", invalid="ignore"):
        log_abs = np.outer(np.log(np.abs(1.0 - h)), k)  # (m, T)
    log_abs[:, k == 0] = 0.0
    negative = (h[:, None] > 1.0) & (k[None, :] % 2 == 1)
    return np.where(negative, -np.exp(log_abs) - 1.0, np.expm1(log_abs))


def loss_curves(modes: TrainingModes, tau: object, *, step: float | None = None) -> LossCurves:
    """L_train, L_test and E_score at times ``tau`` (T,), τ >= 0, from :class:`TrainingModes`.

    ``step=None`` is gradient flow. ``step=dτ`` is explicit gradient descent with η = dτ d² (every τ must be
    a multiple of dτ, and 2Δ_t λ dτ/ψ_p < 2 for every mode, else GD diverges and a ``ValueError`` says so).
    """
    if not isinstance(modes, TrainingModes):
        raise TypeError(f"modes must be TrainingModes, got {type(modes).__name__}")
    taus = np.atleast_1d(as_float_array("tau", tau))
    if taus.ndim != 1 or np.any(taus < 0):
        raise ValueError(f"tau must be a 1-D array of times >= 0, got {taus}")
    lam = modes.eigenvalues
    rate = 2.0 * modes.delta_t * lam / modes.psi_p  # (m,) decay rate of each mode under gradient flow
    em1 = _decay_minus_one(rate, taus, None if step is None else check_real("step", step, low=0.0, low_open=True))
    f = em1 / lam[:, None]  # (m, T): f_λ(τ) = (e_λ(τ) - 1)/λ
    d = modes.d
    train = 1.0 + (modes.c_train * lam) @ f**2 / d + 2.0 * modes.c_train @ f / d
    test = 1.0 + np.einsum("it,it->t", f, modes.m_test @ f) / d + 2.0 * modes.c_test @ f / d
    score = (test - 1.0) / modes.delta_t + 1.0 / modes.gamma2
    return LossCurves(tau=taus, train=train, test=test, score=score)
