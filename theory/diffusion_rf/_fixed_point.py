"""Theorem 3.1: the self-consistent equations for the resolvent traces q, r, s of U, and the density ρ(λ).

For z in the upper half plane (spec §1.5; paper Eqs. 15-19; SM Eqs. 96-100), with e = e^{-2t},

    D(q, r)  = 1 + (a_t² e ψ_p/ψ_n) r + (ψ_p v_t²/ψ_n) q
    ŝ(q)     = b_t² ψ_p + 1/q,          r̂(q, r) = ψ_p a_t² e / D
    s        = ∫ dρ_Σ(λ) 1/(ŝ + λ r̂),   r = ∫ dρ_Σ(λ) λ/(ŝ + λ r̂)                       (17), (18)
    0        = ψ_p (s_t² - z) + ψ_p v_t²/D + (1 - ψ_p)/q - s/q²                       (19)

(the main text's (19) prints ψ_p where SM (100) and the official code have ψ_n: the ψ_n form is used). s is
eliminated through (17), leaving two complex unknowns (q, r). Equation (19) is multiplied by q/ψ_p so both
residuals are O(1) at every scale of z. The solution is holomorphic in (q, r), so a complex Newton step with a
central-difference Jacobian is exact to ~1e-10; the step is halved until the residual decreases and Im q >= 0.

The physical branch is selected by continuation: at z = λ + iε with ε large, q ≈ -1/z and r ≈ -E_Σ[λ]/z
(the resolvent at infinity); ε is then lowered geometrically to its target, each solve starting from the
previous one. The density follows by Sokhotski-Plemelj, ρ(λ) = Im q(λ + i0⁺)/π. All λ are solved at once
(vectorised over the grid).
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np

from theory._validate import as_float_array, check_int, check_real

from ._coefficients import RFCoefficients

__all__ = ["FixedPointError", "StieltjesSolution", "covariance_spectrum", "solve_stieltjes", "spectral_density"]

_TOL = 1e-11  # max |residual| accepted (both residuals are O(1) by construction)
_MAX_NEWTON = 40  # Newton iterations per continuation step
_MAX_HALVINGS = 30  # step halvings per Newton iteration


class FixedPointError(RuntimeError):
    """The Theorem 3.1 equations did not converge at some spectral points (message says where and how far)."""


@dataclasses.dataclass(frozen=True)
class StieltjesSolution:
    """q(z), r(z), s(z) at each z (complex arrays of z's shape) and the max residual reached."""

    z: np.ndarray
    q: np.ndarray
    r: np.ndarray
    s: np.ndarray
    residual: float


def covariance_spectrum(values: object = (1.0,), weights: object = None) -> tuple[np.ndarray, np.ndarray]:
    """ρ_Σ as atoms: positive ``values`` with ``weights`` (default uniform) summing to 1; returns both (K,)."""
    lam = np.atleast_1d(as_float_array("cov_values", values))
    if lam.ndim != 1 or lam.size == 0 or np.any(lam <= 0):
        raise ValueError(f"cov_values must be a non-empty 1-D array of positive eigenvalues, got {lam}")
    wts = np.full(lam.size, 1.0 / lam.size) if weights is None else as_float_array("cov_weights", weights)
    if wts.shape != lam.shape or np.any(wts < 0) or not math.isclose(float(wts.sum()), 1.0, rel_tol=1e-12):
        raise ValueError(f"cov_weights must be {lam.size} non-negative weights summing to 1, got {wts}")
    return lam, wts


class _Equations:
    """The residual map (q, r) -> (F1, F2) of Theorem 3.1 for fixed coefficients, ψ's and ρ_Σ."""

    def __init__(self, coeffs: RFCoefficients, psi_p: float, psi_n: float, lam: np.ndarray, wts: np.ndarray):
        e = math.exp(-2.0 * coeffs.t)
        self.psi_p = psi_p
        self.kr = coeffs.a**2 * e * psi_p / psi_n  # coefficient of r in D
        self.kq = psi_p * coeffs.v2 / psi_n  # coefficient of q in D
        self.rhat0 = psi_p * coeffs.a**2 * e  # r̂ = rhat0 / D
        self.shat0 = coeffs.b**2 * psi_p  # ŝ = shat0 + 1/q
        self.s2, self.v2 = coeffs.s2, coeffs.v2
        self.lam, self.wts = lam, wts

    def traces(self, q: np.ndarray, r: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(D, s from (17), r from (18)) at (q, r); arrays of q's shape."""
        den = 1.0 + self.kr * r + self.kq * q
        frac = 1.0 / ((self.shat0 + 1.0 / q)[..., None] + self.lam * (self.rhat0 / den)[..., None])  # (..., K)
        return den, frac @ self.wts, frac @ (self.wts * self.lam)

    def residual(self, q: np.ndarray, r: np.ndarray, z: np.ndarray) -> np.ndarray:
        """(..., 2) complex: F1 = r - (18), F2 = (q/ψ_p) x (19)."""
        den, s, r_new = self.traces(q, r)
        f2 = (self.s2 - z) * q + self.v2 * q / den + (1.0 - self.psi_p) / self.psi_p - s / (self.psi_p * q)
        return np.stack([r - r_new, f2], axis=-1)


def _newton(eq: _Equations, x: np.ndarray, z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Damped complex Newton on (m, 2) unknowns; returns the solution and the final |F|_max per point (m,)."""
    f = eq.residual(x[:, 0], x[:, 1], z)
    norm = np.abs(f).max(axis=1)
    for _ in range(_MAX_NEWTON):
        active = norm > _TOL
        if not active.any():
            break
        xa, za, fa = x[active], z[active], f[active]
        # Jacobian columns by central differences; exact up to O(h²) because F is holomorphic in (q, r).
        jac = np.empty((xa.shape[0], 2, 2), dtype=complex)
        for j in range(2):
            h = 1e-6 * (np.abs(xa[:, j]) + 1e-8)
            step = np.zeros_like(xa)
            step[:, j] = h
            plus = eq.residual(*(xa + step).T, za)
            minus = eq.residual(*(xa - step).T, za)
            jac[:, :, j] = (plus - minus) / (2.0 * h)[:, None]
        dx = np.linalg.solve(jac, -fa[..., None])[..., 0]  # (m_active, 2)
        scale = np.ones(xa.shape[0])
        best_x, best_norm = xa.copy(), norm[active].copy()
        pending = np.ones(xa.shape[0], dtype=bool)
        for _ in range(_MAX_HALVINGS):
            trial = xa + scale[:, None] * dx
            with np.errstate(all="ignore"):
                trial_norm = np.abs(eq.residual(trial[:, 0], trial[:, 1], za)).max(axis=1)
            # Accept a strict decrease that stays on the Herglotz branch (Im q >= 0 above the real axis).
            ok = pending & np.isfinite(trial_norm) & (trial_norm < best_norm) & (trial[:, 0].imag >= 0.0)
            best_x[ok], best_norm[ok] = trial[ok], trial_norm[ok]
            pending &= ~ok
            if not pending.any():
                break
            scale[pending] *= 0.5
        x[active], norm[active] = best_x, best_norm
        f[active] = eq.residual(best_x[:, 0], best_x[:, 1], za)
    return x, norm


def solve_stieltjes(
    z: object,
    coeffs: RFCoefficients,
    psi_p: float,
    psi_n: float,
    *,
    cov_values: object = (1.0,),
    cov_weights: object = None,
    steps: int = 40,
) -> StieltjesSolution:
    """Solve Theorem 3.1 for q, r, s at complex ``z`` (any shape, Im z > 0) by ε-continuation.

    Parameters
    ----------
    z : complex array, Im z > 0
    coeffs : :func:`rf_coefficients` at the diffusion time of interest (σ_x² must equal E_{ρ_Σ}[λ])
    psi_p, psi_n : p/d and n/d, > 0
    cov_values, cov_weights : ρ_Σ as atoms (default δ(λ - 1))
    steps : continuation steps from Im z = 10 (1 + max|z|) down to the target

    Raises ``FixedPointError`` naming the points where the residual stayed above 1e-11.
    """
    zs = np.asarray(z, dtype=complex)
    if zs.size == 0 or not np.all(np.isfinite(zs)) or np.any(zs.imag <= 0):
        raise ValueError(f"z must be finite with Im z > 0 (the upper half plane), got {zs.ravel()[:5]}")
    psi_p = check_real("psi_p", psi_p, low=0.0, low_open=True, high=1e6)
    psi_n = check_real("psi_n", psi_n, low=0.0, low_open=True, high=1e6)
    steps = check_int("steps", steps, low=1, high=10_000)
    lam, wts = covariance_spectrum(cov_values, cov_weights)
    if not math.isclose(float(lam @ wts), coeffs.sigma_x**2, rel_tol=1e-9):
        raise ValueError(f"the mean of ρ_Σ ({lam @ wts}) must equal coeffs.sigma_x**2 = {coeffs.sigma_x**2}")
    eq = _Equations(coeffs, psi_p, psi_n, lam, wts)
    flat = zs.ravel()
    start = 10.0 * (1.0 + float(np.abs(flat).max()))
    # Geometric path of Im z from `start` to each point's own target; real parts stay fixed.
    path = np.geomspace(np.full(flat.size, max(start, flat.imag.max())), flat.imag, steps + 1)
    zk = flat.real + 1j * path[0]
    x = np.stack([-1.0 / zk, -float(lam @ wts) / zk], axis=1)
    for level in path:
        zk = flat.real + 1j * level
        x, norm = _newton(eq, x, zk)
    bad = norm > _TOL
    if bad.any():
        where = ", ".join(f"{v:.4g}" for v in flat[bad][:5])
        raise FixedPointError(
            f"Theorem 3.1 fixed point did not converge at {int(bad.sum())} of {flat.size} points (e.g. z = {where}; "
            f"max residual {norm.max():.2e} > {_TOL:g}); use a larger Im z or more continuation steps"
        )
    _, s, _ = eq.traces(x[:, 0], x[:, 1])
    return StieltjesSolution(
        z=zs,
        q=x[:, 0].reshape(zs.shape),
        r=x[:, 1].reshape(zs.shape),
        s=s.reshape(zs.shape),
        residual=float(norm.max()),
    )


def spectral_density(
    lam: object,
    coeffs: RFCoefficients,
    psi_p: float,
    psi_n: float,
    *,
    eps: float = 1e-7,
    cov_values: object = (1.0,),
    cov_weights: object = None,
    steps: int = 40,
) -> np.ndarray:
    """ρ(λ) = Im q(λ + iε)/π on a real grid ``lam`` (any shape), by Sokhotski-Plemelj with a small ``eps``.

    The delta peak at s_t² (Theorem 3.2) appears as a Lorentzian of width ``eps``; its weight is
    :func:`spectrum_weights`'s ``delta``. Returns an array of ``lam``'s shape (per unit λ).
    """
    grid = as_float_array("lam", lam)
    eps = check_real("eps", eps, low=0.0, low_open=True, high=1e3)
    sol = solve_stieltjes(
        grid + 1j * eps, coeffs, psi_p, psi_n, cov_values=cov_values, cov_weights=cov_weights, steps=steps
    )
    return np.maximum(sol.q.imag, 0.0) / math.pi
