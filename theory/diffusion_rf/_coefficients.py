"""The Gaussian-equivalence coefficients a_t, b_t, v_t², s_t², μ1 of the random-features score model.

Notation (spec §1.4; paper Eqs. 12-14, SM C.1-C.3). With u, v, w, z independent N(0, 1), α = e^{-t} σ_x,
Δ_t = 1 - e^{-2t} and **Γ_t = sqrt(e^{-2t} σ_x² + Δ_t)** (a standard deviation: SM Eq. 41; the main text's
Γ_t = e^{-2t} σ_x² + Δ_t is a variance used as a standard deviation, an erratum):

* a_t  = E[σ(α u + √Δ_t v) u] / α
* b_t  = E[σ(α u + √Δ_t v) v]
* v_t² = E[σ(α u + √Δ_t v) σ(α u + √Δ_t w)] - a_t² α²
* s_t² = E[σ(Γ_t z)²] - a_t² α² - v_t² - b_t²
* μ1   = E[σ(Γ_t z) z],  ||σ||² = E[σ(Γ_t z)²]

Every expectation is a Gauss-Hermite quadrature (probabilists' weight e^{-x²/2}); the two-dimensional ones use
the tensor grid. a_t and b_t are computed from their definitions, not from Stein's lemma, so the Stein
identities a_t = μ1/Γ_t and b_t = √Δ_t μ1/Γ_t are genuine checks of the quadrature (tests and proofs).
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable

import numpy as np
from scipy.special import erf, roots_hermitenorm

from theory._validate import check_int, check_real

__all__ = ["ACTIVATIONS", "RFCoefficients", "activation_function", "rf_coefficients"]

#: Named activations: odd (μ0 = 0, assumption iii) with all Gaussian moments (assumption i).
ACTIVATIONS: dict[str, Callable[[np.ndarray], np.ndarray]] = {
    "tanh": np.tanh,
    "erf": erf,
    "linear": lambda x: x,
    "cubic": lambda x: x + x**3 / 3.0,
}

# A non-odd activation is rejected when |μ0| exceeds this fraction of sqrt(E σ²); quadrature of an odd function
# on the symmetric Gauss-Hermite grid gives μ0 = 0 to rounding.
_MU0_TOLERANCE = 1e-9
# The quadrature is refined (nodes doubled) until two successive grids agree to this precision relative to
# sqrt(E σ²); if that fails by _MAX_NODES the moments do not exist (or are too rough) and the activation is
# rejected. tanh with Γ_t = 3 needs 320 nodes; a smooth activation with Γ_t ~ 1 needs 80.
_CONVERGENCE_TOLERANCE = 1e-9
_MAX_NODES = 1280


@dataclasses.dataclass(frozen=True)
class RFCoefficients:
    """The coefficients at one diffusion time ``t`` for data variance ``sigma_x**2`` (all floats, >= 0 where
    squared). ``alpha = e^{-t} σ_x`` is the signal scale, ``delta = Δ_t`` and ``gamma = Γ_t`` (a std)."""

    t: float
    sigma_x: float
    activation: str
    delta: float
    gamma: float
    a: float
    b: float
    v2: float
    s2: float
    mu1: float
    norm2: float

    @property
    def alpha(self) -> float:
        return math.exp(-self.t) * self.sigma_x


def activation_function(activation: str | Callable[[np.ndarray], np.ndarray]) -> tuple[str, Callable]:
    """Resolve ``activation`` (a name in :data:`ACTIVATIONS` or a vectorised callable) to ``(name, function)``."""
    if callable(activation):
        return getattr(activation, "__name__", "custom"), activation
    if activation not in ACTIVATIONS:
        raise ValueError(
            f"activation must be a callable or one of {', '.join(map(repr, ACTIVATIONS))}; got {activation!r}"
        )
    return str(activation), ACTIVATIONS[activation]


def _nodes(n: int) -> tuple[np.ndarray, np.ndarray]:
    """Gauss-Hermite nodes and weights for the standard normal (weights sum to 1)."""
    x, w = roots_hermitenorm(n)
    return x, w / math.sqrt(2.0 * math.pi)


def _moments(sigma: Callable, alpha: float, delta: float, n: int) -> dict[str, float]:
    """All quadratures with ``n`` nodes per dimension; see the module docstring for the definitions."""
    x, w = _nodes(n)
    gamma = math.sqrt(alpha**2 + delta)
    with np.errstate(all="ignore"):  # a bad activation may overflow; the caller rejects non-finite moments
        one = np.asarray(sigma(gamma * x), dtype=np.float64)  # (n,)
        # grid[i, j] = σ(α x_i + √Δ x_j): rows index the signal u, columns the noise v.
        grid = np.asarray(sigma(alpha * x[:, None] + math.sqrt(delta) * x[None, :]), dtype=np.float64)
        inner = grid @ w  # (n,): E_v σ(α u_i + √Δ v)
        return {
            "mu0": float(w @ one),
            "mu1": float(w @ (one * x)),
            "norm2": float(w @ one**2),
            "a": float(w @ (inner * x)) / alpha,
            "b": float(w @ (grid @ (w * x))),
            # E[σ(αu+√Δv) σ(αu+√Δw)] = E_u[(E_v σ)²]: v and w are independent given u.
            "cross": float(w @ inner**2),
        }


def _converged_moments(name: str, sigma: Callable, alpha: float, delta: float, nodes: int) -> dict[str, float]:
    """:func:`_moments` on grids of ``nodes``, 2 ``nodes``, 4 ``nodes``, ... until two successive ones agree."""
    coarse = _moments(sigma, alpha, delta, nodes)
    n, drift = nodes, math.inf
    while n < _MAX_NODES:
        n *= 2
        fine = _moments(sigma, alpha, delta, n)
        values = (*coarse.values(), *fine.values())
        if not all(math.isfinite(v) for v in values) or fine["norm2"] <= 0.0:
            raise ValueError(
                f"activation {name!r} lacks the needed Gaussian moments: E[σ(Γ_t z)²] is not finite and positive "
                f"(Γ_t = {math.sqrt(alpha**2 + delta):.4g})"
            )
        drift = max(abs(coarse[k] - fine[k]) for k in fine) / math.sqrt(fine["norm2"])
        if drift <= _CONVERGENCE_TOLERANCE:
            return fine
        coarse = fine
    raise ValueError(
        f"activation {name!r} lacks the needed Gaussian moments (or is too rough): Gauss-Hermite quadrature does "
        f"not converge by {_MAX_NODES} nodes (successive grids differ by {drift:.2e} relative to sqrt(E σ²))"
    )


def rf_coefficients(
    t: float,
    sigma_x: float = 1.0,
    activation: str | Callable[[np.ndarray], np.ndarray] = "tanh",
    *,
    nodes: int = 80,
) -> RFCoefficients:
    """The coefficients a_t, b_t, v_t², s_t², μ1 at diffusion time ``t`` (spec §1.4), by Gauss-Hermite quadrature.

    Parameters
    ----------
    t : float > 0, diffusion time (OU time; Δ_t = 1 - e^{-2t})
    sigma_x : float > 0, data scale, σ_x² = Tr Σ / d
    activation : name in :data:`ACTIVATIONS` or a vectorised odd callable with finite Gaussian moments
    nodes : starting Gauss-Hermite nodes per dimension; doubled until two grids agree to 1e-9 (relative)

    Raises ``ValueError`` for t <= 0, σ_x <= 0, an activation that is not odd (μ0 != 0), or one whose
    moments do not exist or whose quadrature does not converge by 1280 nodes.

    >>> c = rf_coefficients(0.01)
    >>> round(c.a, 5), round(c.b, 4)
    (0.60571, 0.0852)
    """
    t = check_real("t", t, low=0.0, low_open=True, high=50.0)
    sigma_x = check_real("sigma_x", sigma_x, low=0.0, low_open=True, high=1e3)
    nodes = check_int("nodes", nodes, low=8, high=_MAX_NODES // 2)
    name, sigma = activation_function(activation)
    alpha, delta = math.exp(-t) * sigma_x, -math.expm1(-2.0 * t)
    m = _converged_moments(name, sigma, alpha, delta, nodes)
    scale = math.sqrt(m["norm2"])
    if abs(m["mu0"]) > _MU0_TOLERANCE * scale:
        raise ValueError(
            f"activation {name!r} must be odd, μ0 = E[σ(Γ_t z)] = 0 (the theory's assumption iii); got "
            f"μ0 = {m['mu0']:.3e}"
        )
    a, b = m["a"], m["b"]
    v2 = m["cross"] - a**2 * alpha**2
    s2 = m["norm2"] - a**2 * alpha**2 - v2 - b**2
    return RFCoefficients(
        t=t,
        sigma_x=sigma_x,
        activation=name,
        delta=delta,
        gamma=math.sqrt(alpha**2 + delta),
        a=a,
        b=b,
        # Both are variances: for a linear σ they vanish exactly and rounding may leave -1e-17.
        v2=max(v2, 0.0),
        s2=max(s2, 0.0),
        mu1=m["mu1"],
        norm2=m["norm2"],
    )
