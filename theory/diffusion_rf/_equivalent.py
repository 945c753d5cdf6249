"""The Gaussian-equivalent feature matrices U, V and their population versions (spec §1.4; SM Lemmas C.1, C.4).

Shapes: W (p, d) frozen first-layer weights, X (d, n) training data (columns ~ N(0, Σ)), Ω (p, n) i.i.d.
N(0, 1) (the SM prints Ω ∈ R^{p×d}; it must be p×n). With G = e^{-t} a_t W X / √d + v_t Ω (p, n):

* U ≃ G Gᵀ / n + b_t² W Wᵀ / d + s_t² I_p = B Bᵀ + s_t² I_p, with B = [G / √n, b_t W / √d] of shape (p, n + d);
* Ũ = μ1² W Σ_t Wᵀ / d + (s_t² + v_t²) I_p, with Σ_t = e^{-2t} Σ + Δ_t I (SM Eq. 183);
* V ≃ Ṽ ≃ (μ1 √Δ_t / Γ_t) W / √d (SM Eq. 91), shape (p, d).

Nothing here draws random numbers: W, X and Ω come from the caller (:mod:`sims.diffusion_rf` draws them).
"""

from __future__ import annotations

import math

import numpy as np

from theory._validate import as_float_array

from ._coefficients import RFCoefficients

__all__ = ["check_matrix", "equivalent_features", "equivalent_u", "equivalent_v", "population_u"]


def check_matrix(name: str, value: object, shape: tuple[int | None, ...]) -> np.ndarray:
    """A finite float64 C-contiguous array of the given shape (``None`` = any size), else a ``ValueError``."""
    arr = as_float_array(name, value)
    if arr.ndim != len(shape) or any(s is not None and s != a for s, a in zip(shape, arr.shape, strict=False)):
        want = "(" + ", ".join("any" if s is None else str(s) for s in shape) + ")"
        raise ValueError(f"{name} must have shape {want}, got {arr.shape}")
    if arr.size == 0:
        raise ValueError(f"{name} must not be empty, got shape {arr.shape}")
    return np.ascontiguousarray(arr)


def _covariance(cov_diag: object, d: int, sigma_x: float) -> np.ndarray:
    """Diagonal of Σ (d,): σ_x² I if ``cov_diag`` is None; else validated, with Tr Σ / d = σ_x² enforced."""
    if cov_diag is None:
        return np.full(d, sigma_x**2)
    diag = check_matrix("cov_diag", cov_diag, (d,))
    if np.any(diag <= 0):
        raise ValueError(f"cov_diag must be positive (a covariance spectrum), got minimum {diag.min()}")
    if not math.isclose(float(diag.mean()), sigma_x**2, rel_tol=1e-9):
        raise ValueError(
            f"cov_diag must have mean sigma_x**2 = {sigma_x**2} (the coefficients' σ_x), got {diag.mean()}"
        )
    return diag


def equivalent_features(w: object, x: object, omega: object, coeffs: RFCoefficients) -> np.ndarray:
    """B = [G / √n, b_t W / √d] of shape (p, n + d), so that the Gaussian-equivalent U is B Bᵀ + s_t² I_p."""
    w = check_matrix("W", w, (None, None))
    p, d = w.shape
    x = check_matrix("X", x, (d, None))
    n = x.shape[1]
    omega = check_matrix("Omega", omega, (p, n))
    g = (math.exp(-coeffs.t) * coeffs.a / math.sqrt(d)) * (w @ x) + math.sqrt(coeffs.v2) * omega  # (p, n)
    return np.hstack([g / math.sqrt(n), (coeffs.b / math.sqrt(d)) * w])


def equivalent_u(w: object, x: object, omega: object, coeffs: RFCoefficients) -> np.ndarray:
    """The Gaussian-equivalent U = G Gᵀ / n + b_t² W Wᵀ / d + s_t² I_p, shape (p, p)."""
    b = equivalent_features(w, x, omega, coeffs)
    u = b @ b.T
    u[np.diag_indices_from(u)] += coeffs.s2
    return u


def population_u(w: object, coeffs: RFCoefficients, cov_diag: object = None) -> np.ndarray:
    """Ũ = μ1² W Σ_t Wᵀ / d + (s_t² + v_t²) I_p for diagonal Σ (default σ_x² I), shape (p, p)."""
    w = check_matrix("W", w, (None, None))
    d = w.shape[1]
    sigma = _covariance(cov_diag, d, coeffs.sigma_x)
    sigma_t = math.exp(-2.0 * coeffs.t) * sigma + coeffs.delta  # (d,) diagonal of Σ_t
    u = (coeffs.mu1**2 / d) * (w * sigma_t) @ w.T
    u[np.diag_indices_from(u)] += coeffs.s2 + coeffs.v2
    return u


def equivalent_v(w: object, coeffs: RFCoefficients) -> np.ndarray:
    """V ≃ Ṽ ≃ (μ1 √Δ_t / Γ_t) W / √d, shape (p, d)."""
    w = check_matrix("W", w, (None, None))
    return (coeffs.mu1 * math.sqrt(coeffs.delta) / (coeffs.gamma * math.sqrt(w.shape[1]))) * w
