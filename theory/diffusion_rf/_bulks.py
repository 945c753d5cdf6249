"""Theorem 3.2: the delta peak and the two bulks of the spectrum of U, and the timescales they set.

Counting (SM C.5; exact for the Gaussian-equivalent U = B Bᵀ + s_t² I with B of shape (p, n + d)): U has
min(d, p) eigenvalues in the fast bulk ρ2 (the W directions, scale ψ_p), min(n, p - d) in the slow bulk ρ1
(scale ψ_p/ψ_n) and max(0, p - n - d) exactly at s_t². As fractions of p:

    delta = max(0, 1 - (1 + ψ_n)/ψ_p),  rho2 = min(1, 1/ψ_p),  rho1 = 1 - delta - rho2,

which is Regime I (1 - (1+ψ_n)/ψ_p, ψ_n/ψ_p, 1/ψ_p) for ψ_p >= 1 + ψ_n and Regime II (0, 1 - 1/ψ_p, 1/ψ_p) for
ψ_n >= ψ_p - 1.

Timescales (SM D): a mode of eigenvalue λ relaxes in τ_λ = ψ_p/(Δ_t λ) (the main text prints the inverse).
τ_mem uses the lower edge of ρ1 at leading order, λ_min = s_t² + v_t²(1 - sqrt(ψ_p/ψ_n))²; at finite ψ_n the
slowest mode that carries weight sits lower (a sub-bulk of d eigenvalues near s_t², resolved by the full
Theorem 3.1 density), so :func:`finite_size_lambda_min` reads it off a spectrum. τ_gen uses the mean of ρ2,
s_t² + v_t² + μ1² Γ_t² ψ_p, so τ_gen ≈ 1/(Δ_t μ1² Γ_t²) does not depend on n.
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np

from theory._validate import as_float_array, check_int, check_real

from ._coefficients import RFCoefficients

__all__ = [
    "SpectrumWeights",
    "finite_size_lambda_min",
    "interpolation_threshold",
    "rho1_edges",
    "rho2_edges",
    "spectrum_weights",
    "tau_gen",
    "tau_mem",
    "timescale",
]


@dataclasses.dataclass(frozen=True)
class SpectrumWeights:
    """Fractions of the p eigenvalues of U: the delta peak at s_t², the slow bulk ρ1 and the fast bulk ρ2."""

    delta: float
    rho1: float
    rho2: float


def _psi(name: str, value: float) -> float:
    return check_real(name, value, low=0.0, low_open=True, high=1e9)


def spectrum_weights(psi_p: float, psi_n: float) -> SpectrumWeights:
    """The Theorem 3.2 weights (module docstring) for ψ_p = p/d > 0 and ψ_n = n/d > 0.

    >>> spectrum_weights(64, 8)
    SpectrumWeights(delta=0.859375, rho1=0.125, rho2=0.015625)
    """
    psi_p, psi_n = _psi("psi_p", psi_p), _psi("psi_n", psi_n)
    delta = max(0.0, 1.0 - (1.0 + psi_n) / psi_p)
    rho2 = min(1.0, 1.0 / psi_p)
    return SpectrumWeights(delta=delta, rho1=1.0 - delta - rho2, rho2=rho2)


def rho1_edges(coeffs: RFCoefficients, psi_p: float, psi_n: float) -> tuple[float, float]:
    """Leading-order support of ρ1: s_t² + v_t² (1 ∓ sqrt(ψ_p/ψ_n))² (a shifted Marchenko-Pastur law)."""
    ratio = math.sqrt(_psi("psi_p", psi_p) / _psi("psi_n", psi_n))
    return coeffs.s2 + coeffs.v2 * (1.0 - ratio) ** 2, coeffs.s2 + coeffs.v2 * (1.0 + ratio) ** 2


def rho2_edges(coeffs: RFCoefficients, psi_p: float) -> tuple[float, float]:
    """Support of the bulk of Ũ (ψ_n → ∞, Σ = σ_x² I): s_t² + v_t² + μ1² Γ_t² (sqrt(ψ_p) ∓ 1)².

    W Wᵀ/d has d non-zero eigenvalues ψ_p x Marchenko-Pastur(1/ψ_p), i.e. on [(√ψ_p - 1)², (√ψ_p + 1)²]. At
    finite ψ_n the data fluctuations X Xᵀ/n widen this bulk; the Theorem 3.1 density includes them.
    """
    root = math.sqrt(_psi("psi_p", psi_p))
    scale = coeffs.mu1**2 * coeffs.gamma**2
    base = coeffs.s2 + coeffs.v2
    return base + scale * (root - 1.0) ** 2, base + scale * (root + 1.0) ** 2


def timescale(coeffs: RFCoefficients, psi_p: float, lam: object) -> np.ndarray | float:
    """τ_λ = ψ_p / (Δ_t λ): the relaxation time of the mode of eigenvalue λ > 0 under gradient flow (Eq. 53)."""
    psi_p = _psi("psi_p", psi_p)
    lam_arr = as_float_array("lam", lam)
    if np.any(lam_arr <= 0):
        raise ValueError(f"lam must be > 0 (an eigenvalue of U), got minimum {lam_arr.min()}")
    out = psi_p / (coeffs.delta * lam_arr)
    return float(out) if out.ndim == 0 else out


def tau_gen(coeffs: RFCoefficients, psi_p: float) -> float:
    """τ_gen = ψ_p / (Δ_t λ̄2) with λ̄2 = s_t² + v_t² + μ1² Γ_t² ψ_p the mean of ρ2; independent of n."""
    psi_p = _psi("psi_p", psi_p)
    return float(timescale(coeffs, psi_p, coeffs.s2 + coeffs.v2 + coeffs.mu1**2 * coeffs.gamma**2 * psi_p))


def tau_mem(coeffs: RFCoefficients, psi_p: float, psi_n: float, lambda_min: float | None = None) -> float:
    """τ_mem = ψ_p / (Δ_t λ_min); λ_min defaults to the leading-order lower edge of ρ1 (:func:`rho1_edges`).

    Pass ``lambda_min`` (e.g. from :func:`finite_size_lambda_min`) for the finite-size value. For ψ_p ≫ ψ_n
    the leading order gives τ_mem ≈ ψ_n/(Δ_t v_t²), linear in n.
    """
    if lambda_min is None:
        lambda_min = rho1_edges(coeffs, psi_p, psi_n)[0]
    lambda_min = check_real("lambda_min", lambda_min, low=0.0, low_open=True)
    return float(timescale(coeffs, psi_p, lambda_min))


def finite_size_lambda_min(eigenvalues: object, n: int, d: int) -> float:
    """The smallest eigenvalue outside the delta peak: the (n + d)-th largest of U's spectrum (all of it when
    p <= n + d). Its eigenvector is the slowest mode that can carry weight in the losses."""
    ev = as_float_array("eigenvalues", eigenvalues)
    if ev.ndim != 1 or ev.size == 0:
        raise ValueError(f"eigenvalues must be a non-empty 1-D array, got shape {ev.shape}")
    n, d = check_int("n", n, low=1), check_int("d", d, low=1)
    ranked = np.sort(ev)[::-1]
    return float(ranked[min(n + d, ranked.size) - 1])


def interpolation_threshold(p: int) -> int:
    """n*(p) = p: the RF model stops memorizing once the training set is larger than its parameter count per
    output (ψ_n >= ψ_p; Sect. 3 and ref. [15])."""
    return check_int("p", p, low=1)
