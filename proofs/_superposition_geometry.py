"""Certificates for the overlap geometry, the decay rule and the cross-entropy expansion (Liu, Liu & Gore;
spec §5.1 items 4-7). Each proves its statement with sympy, then bridges it to the numeric code."""

from __future__ import annotations

import numpy as np
import sympy as sp
from sympy import stats as sps

import theory.superposition as sup
from proofs._certificate import Certificate, check_numeric_against_symbolic, merge_checks

__all__ = ["beta_moments", "cross_entropy_expansion", "decay_contraction", "welch_limits"]

m, nu = sp.symbols("m nu", positive=True)


def beta_moments() -> Certificate:
    """Beta(1/2, (m-1)/2) has mean 1/m and variance 2(m-1)/(m²(m+2))."""
    law = sps.Beta("c", sp.Rational(1, 2), (m - 1) / 2)
    mean, var = sp.simplify(sps.E(law)), sp.simplify(sps.variance(law))
    exact = sp.simplify(mean - 1 / m) == 0 and sp.simplify(var - 2 * (m - 1) / (m**2 * (m + 2))) == 0
    grid = [(k,) for k in (2, 3, 10, 100, 4096)]
    bridge = merge_checks(
        {
            "mean": check_numeric_against_symbolic(mean, (m,), lambda k: sup.overlap_moments(int(k))[0], grid),
            "variance": check_numeric_against_symbolic(var, (m,), lambda k: sup.overlap_moments(int(k))[1], grid),
        }
    )
    return Certificate(
        name="superposition.beta_moments",
        statement="The squared overlap law Beta(1/2, (m-1)/2) has mean 1/m and variance 2(m-1)/(m^2 (m+2)).",
        method="sympy.stats moments, simplified; lambdify against theory.superposition.overlap_moments",
        holds=bool(exact and bridge["agree"]),
        details={"mean": str(mean), "variance": str(sp.factor(var)), "bridge": bridge},
    )


def welch_limits() -> Certificate:
    """κ² = (ν-m)/(m(ν-1)) → 1/m as ν → ∞; 1/m - κ² = (m-1)/(m(ν-1)) > 0; κ = 1/m for the simplex ν = m+1."""
    kappa_sq = (nu - m) / (m * (nu - 1))
    limit_ok = sp.limit(kappa_sq, nu, sp.oo) == 1 / m
    gap = sp.factor(1 / m - kappa_sq)
    gap_ok = sp.simplify(gap - (m - 1) / (m * (nu - 1))) == 0
    simplex_ok = sp.simplify(kappa_sq.subs(nu, m + 1) - 1 / m**2) == 0
    grid = [(k, j) for k in (1, 2, 5, 30) for j in (k + 1, 2 * k + 1, 100 * k)]
    bridge = check_numeric_against_symbolic(kappa_sq, (m, nu), lambda k, j: sup.welch_bound(int(j), int(k)) ** 2, grid)
    return Certificate(
        name="superposition.welch_limits",
        statement="kappa^2 = (nu-m)/(m(nu-1)) tends to 1/m as nu -> oo, stays below 1/m by (m-1)/(m(nu-1)), and "
        "the regular simplex nu = m+1 gives kappa = 1/m.",
        method="sympy limit, factor and substitution; lambdify against theory.superposition.welch_bound",
        holds=bool(limit_ok and gap_ok and simplex_ok and bridge["agree"]),
        details={"gap": str(gap), "bridge": bridge},
    )


def decay_contraction() -> Certificate:
    """∇ ½(‖w‖-1)² = (1 - 1/‖w‖) w, so the γ < 0 step gives ‖w'‖ - 1 = (1 - η|γ|)(‖w‖ - 1), same direction."""
    w = sp.Matrix(sp.symbols("w1:4", real=True))
    eta, g = sp.symbols("eta g", positive=True)  # g = |γ|
    r = sp.sqrt(sum(x**2 for x in w))
    grad = sp.Matrix([sp.diff((r - 1) ** 2 / 2, x) for x in w])
    grad_ok = sp.simplify(grad - (1 - 1 / r) * w) == sp.zeros(3, 1)
    new = w - eta * g * (1 - 1 / r) * w  # the paper's rule with γ = -g: w + ηγ w (1 - 1/‖w‖)
    scale = sp.simplify(1 - eta * g * (1 - 1 / r))  # w' = scale · w: a multiple of w, so the direction is kept
    new_norm = sp.simplify(scale * r)  # valid while scale > 0, i.e. η g <= 1 (the config enforces it)
    contraction_ok = sp.simplify(new_norm - 1 - (1 - eta * g) * (r - 1)) == 0 and sp.simplify(
        new - scale * w
    ) == sp.zeros(3, 1)

    rows = np.random.default_rng(0).normal(size=(8, 5)) * 0.7
    norms = np.linalg.norm(rows, axis=1)
    radius = sp.Symbol("r", positive=True)

    def decayed_norm(k: float, lr: float, gamma: float) -> float:
        return float(np.linalg.norm(sup.decay_rows(rows, lr, -gamma)[int(k)]))

    # The symbolic map evaluated at row k's norm (looked up from k) against the numeric operator on row k.
    bridge = check_numeric_against_symbolic(
        (1 + (1 - eta * g) * (radius - 1)).subs(radius, sp.Symbol("rk")),
        (sp.Symbol("rk"), eta, g),
        lambda rk, lr, gamma: decayed_norm(int(np.argmin(np.abs(norms - rk))), lr, gamma),
        [(float(norms[k]), lr, gamma) for k in range(8) for lr, gamma in ((0.01, 1.0), (0.5, 0.5), (1.0, 1.0))],
        atol=1e-7,
        rtol=1e-7,
    )
    return Certificate(
        name="superposition.decay_contraction",
        statement="grad 1/2(|w|-1)^2 = (1-1/|w|) w; the gamma < 0 rule keeps the direction and maps |w| - 1 to "
        "(1 - eta|gamma|)(|w| - 1), a contraction toward unit norm for 0 < eta|gamma| <= 1.",
        method="sympy gradient and simplification in R^3; lambdify of the norm map against "
        "theory.superposition.decay_rows",
        holds=bool(grad_ok and contraction_ok and bridge["agree"]),
        details={"scale": str(scale), "bridge": bridge},
    )


def cross_entropy_expansion() -> Certificate:
    """The second-order part of log(1 + Σ_j exp(ε_j - s)) is e^-s/(2S) Σ ε_j² - e^-2s/(2S²) (Σ ε_j)²."""
    eps = sp.symbols("e1:4", real=True)
    s, t = sp.symbols("s t", positive=True)
    big_s = 1 + 3 * sp.exp(-s)
    f = sp.log(1 + sum(sp.exp(e * t - s) for e in eps))  # t scales every overlap: the order in ε is the power of t
    second = sp.simplify(sp.diff(f, t, 2).subs(t, 0) / 2)
    claimed = sp.exp(-s) / (2 * big_s) * sum(e**2 for e in eps) - sp.exp(-2 * s) / (2 * big_s**2) * sum(eps) ** 2
    exact = sp.simplify(second - claimed) == 0
    leading = sp.limit(sp.simplify(claimed * sp.exp(s)), s, sp.oo)  # S -> 1 and the (Σ ε)² term vanishes
    leading_ok = sp.simplify(leading - sum(e**2 for e in eps) / 2) == 0
    grid = [(0.1, -0.2, 0.05, 0.5), (0.3, 0.3, -0.1, 2.0), (-0.05, 0.0, 0.2, 5.0)]
    bridge = check_numeric_against_symbolic(
        claimed, (*eps, s), lambda a, b, c, sv: sup.overlap_cross_entropy_expansion([a, b, c], sv)["quadratic"], grid
    )
    return Certificate(
        name="superposition.cross_entropy_expansion",
        statement="With S = 1 + (n-1)e^-s, the O(eps^2) term of log(1 + sum_j exp(eps_j - s)) is e^-s/(2S) sum eps_j^2 "
        "- e^-2s/(2S^2) (sum eps_j)^2, whose leading order in e^-s is 1/2 e^-s sum eps_j^2 (Eq. 12-13).",
        method="sympy second derivative along t·eps at t = 0 with three overlaps, limit s -> oo of e^s times it; "
        "lambdify against theory.superposition.overlap_cross_entropy_expansion",
        holds=bool(exact and leading_ok and bridge["agree"]),
        details={"second_order": str(second), "bridge": bridge},
    )
