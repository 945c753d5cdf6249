"""Explicit full-batch gradient descent on the RF read-out A: the reference the closed form is checked against.

The loss is the exact expectation over the noise (SM Eq. 55), L(A) = 1 + (Δ_t/d) Tr(Aᵀ A U/p) +
(2√Δ_t/d) Tr(A V/√p), with gradient ∇_A L = (2Δ_t/(d p)) A U + (2√Δ_t/(d √p)) Vᵀ. The step is
A ← A - η ∇_A L from A(0) = 0, and step k is at τ = k η / d² (paper Eq. 9). This is the paper's loop with the
noise average done exactly; the official script instead draws fresh noise at every step.
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np

from sims._config import Result
from theory._validate import check_int, check_real
from theory.diffusion_rf import RFCoefficients, check_matrix

__all__ = ["DescentResult", "gradient_descent", "rf_losses"]


@dataclasses.dataclass
class DescentResult(Result):
    """Losses at the recorded steps (each array (R,)); ``tau = steps * eta / d²``."""

    steps: np.ndarray
    tau: np.ndarray
    train: np.ndarray
    test: np.ndarray
    score: np.ndarray


def rf_losses(
    a: np.ndarray, u: np.ndarray, v: np.ndarray, u_pop: np.ndarray, v_pop: np.ndarray, coeffs: RFCoefficients
) -> tuple[float, float, float]:
    """(L_train, L_test, E_score) of read-out ``a`` (d, p) by the trace formulas (SM Eq. 55): U, Ũ (p, p) and
    V, Ṽ (p, d); E_score = (L_test - 1)/Δ_t + 1/Γ_t² for Gaussian data (see :mod:`theory.diffusion_rf`)."""
    d, p = a.shape
    delta = coeffs.delta

    def loss(u_mat: np.ndarray, v_mat: np.ndarray) -> float:
        quad = float(np.einsum("ij,ij->", a @ u_mat, a)) / p  # Tr(A U Aᵀ)/p
        lin = float(np.einsum("ij,ji->", a, v_mat)) / math.sqrt(p)  # Tr(A V)/√p
        return 1.0 + delta * quad / d + 2.0 * math.sqrt(delta) * lin / d

    test = loss(u_pop, v_pop)
    return loss(u, v), test, (test - 1.0) / delta + 1.0 / coeffs.gamma**2


def gradient_descent(
    u: object,
    v: object,
    u_pop: object,
    v_pop: object,
    coeffs: RFCoefficients,
    *,
    eta: float,
    n_steps: int,
    record: object,
) -> DescentResult:
    """Run ``n_steps`` of GD with learning rate ``eta`` and record the losses at the steps in ``record``.

    Shapes: U, Ũ (p, p); V, Ṽ (p, d). ``record`` holds step indices in [0, n_steps] (0 = the initial A = 0).
    """
    u = check_matrix("U", u, (None, None))
    p = u.shape[0]
    v = check_matrix("V", v, (p, None))
    d = v.shape[1]
    u_pop, v_pop = check_matrix("U_pop", u_pop, (p, p)), check_matrix("V_pop", v_pop, (p, d))
    eta = check_real("eta", eta, low=0.0, low_open=True)
    n_steps = check_int("n_steps", n_steps, low=0)
    wanted = sorted({check_int("record step", int(s), low=0, high=n_steps) for s in np.atleast_1d(record)})
    delta = coeffs.delta
    a = np.zeros((d, p))
    drive = (2.0 * math.sqrt(delta) / (d * math.sqrt(p))) * v.T  # (d, p): the A-independent gradient term
    curvature = 2.0 * delta / (d * p)
    rows, pending = [], list(wanted)
    for k in range(n_steps + 1):
        if pending and pending[0] == k:
            rows.append((k, *rf_losses(a, u, v, u_pop, v_pop, coeffs)))
            pending.pop(0)
        if k < n_steps:
            a -= eta * (curvature * (a @ u) + drive)
    arr = np.asarray(rows, dtype=np.float64)
    steps = arr[:, 0].astype(np.int64)
    return DescentResult(steps=steps, tau=steps * eta / d**2, train=arr[:, 1], test=arr[:, 2], score=arr[:, 3])
