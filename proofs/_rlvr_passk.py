"""Certificates for the unbiased pass@k estimator (Chen et al. 2021; Yue et al. Appendix A.2; spec §5).

Notation: ``E(n, c, k) = 1 - C(n-c, k) / C(n, k)`` for ``1 <= k <= n``, ``0 <= c <= n``; ``q_k = 1 - E`` is
the probability that ``k`` draws without replacement from ``n`` samples with ``c`` correct are all wrong.
Each certificate proves its identity exactly with sympy (rationals and polynomials, no floats), then bridges
the closed form to :mod:`theory.passk` on a numeric grid so the symbolic and the numeric code cannot drift.
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from math import comb

import numpy as np
import sympy as sp
from scipy import stats

import theory.passk as passk
from proofs._certificate import Certificate, check_numeric_against_symbolic, merge_checks

__all__ = ["pass_at_k_increment", "pass_at_one", "pass_at_k_unbiased", "plugin_bias"]

# Largest n proved as a polynomial identity in p (spec P1: n <= 8), largest n checked with exact Fractions,
# and the grids of the numeric bridges.
SYMBOLIC_MAX_N = 8
EXACT_MAX_N = 40
BRIDGE_N = (1, 2, 3, 5, 8, 13, 21, 34, 64)
BRIDGE_P = (0.0, 1e-3, 0.05, 0.3, 0.5, 0.77, 0.99, 1.0)

p = sp.Symbol("p", real=True)
n_, c_, k_ = sp.symbols("n c k", integer=True, nonnegative=True)


def _estimator(n: int, c: int, k: int) -> sp.Rational:
    """Exact E(n, c, k); ``math.comb`` is 0 when n - c < k, which gives E = 1 there."""
    return 1 - sp.Rational(comb(n - c, k), comb(n, k))


def _plugin(n: int, c: int, k: int) -> sp.Rational:
    """Exact plug-in estimate 1 - (1 - c/n)^k."""
    return 1 - (1 - sp.Rational(c, n)) ** k


def _binomial_mixture(n: int, values: list[sp.Expr]) -> sp.Expr:
    """Σ_c C(n, c) p^c (1-p)^(n-c) values[c]: the expectation over c ~ Binomial(n, p), a polynomial in p."""
    return sp.expand(sum(comb(n, c) * p**c * (1 - p) ** (n - c) * values[c] for c in range(n + 1)))


def _binomial_mean(n: int, prob: float, values: np.ndarray) -> float:
    """Numeric Σ_c pmf(c; n, prob) values[c] for ``values`` of shape (n + 1,)."""
    return float(stats.binom.pmf(np.arange(n + 1), n, prob) @ values)


def _bridge_ks(n: int) -> list[int]:
    """A handful of k per n covering both ends: 1, 2, n/2, n-1, n."""
    return sorted({k for k in (1, 2, n // 2, n - 1, n) if 1 <= k <= n})


def _symbolic_cases() -> list[tuple[int, int]]:
    return [(n, k) for n in range(1, SYMBOLIC_MAX_N + 1) for k in range(1, n + 1)]


def pass_at_k_unbiased() -> Certificate:
    """P1: E is unbiased, Σ_c C(n,c) p^c (1-p)^(n-c) E(n,c,k) = 1 - (1-p)^k."""
    failures = [
        [n, k]
        for n, k in _symbolic_cases()
        if sp.expand(_binomial_mixture(n, [_estimator(n, c, k) for c in range(n + 1)]) - (1 - (1 - p) ** k)) != 0
    ]
    closed = 1 - (1 - p) ** k_

    def expected_estimate(prob: float, n: int, k: int) -> float:
        return _binomial_mean(n, prob, np.asarray(passk.pass_at_k(n, np.arange(n + 1), k), dtype=float))

    grid = [(prob, n, k) for n in BRIDGE_N for k in _bridge_ks(n) for prob in BRIDGE_P]
    bridge = check_numeric_against_symbolic(closed, (p, n_, k_), expected_estimate, grid)
    return Certificate(
        name="rlvr.pass_at_k_unbiased",
        statement="If c ~ Binomial(n, p) then E[1 - C(n-c,k)/C(n,k)] = 1 - (1-p)^k for every 1 <= k <= n.",
        method=(
            f"sympy: exact polynomial identity in p for all n <= {SYMBOLIC_MAX_N}, k <= n; numeric: "
            "Σ_c binom.pmf(c) * theory.passk.pass_at_k(n, c, k) against the lambdified 1 - (1-p)^k for "
            f"n in {list(BRIDGE_N)}"
        ),
        holds=not failures and bridge["agree"],
        details={
            "symbolic_cases": len(_symbolic_cases()),
            "symbolic_failures": failures,
            "closed_form": str(closed),
            "bridge": bridge,
        },
    )


def _exact_table(n: int) -> tuple[list[list[Fraction]], list[list[Fraction]]]:
    """Exact E and plug-in for one n: rows c = 0..n, columns k = 1..n (``Fraction`` recurrences, no comb)."""
    unbiased, plugin = [], []
    for c in range(n + 1):
        miss, miss_plugin, row, row_plugin = Fraction(1), Fraction(1), [], []
        for k in range(1, n + 1):
            # q_k = q_{k-1} (n-c-(k-1)) / (n-(k-1)), clamped at 0 once a draw must hit a correct sample.
            miss *= Fraction(max(n - c - k + 1, 0), n - k + 1)
            miss_plugin *= Fraction(n - c, n)
            row.append(1 - miss)
            row_plugin.append(1 - miss_plugin)
        unbiased.append(row)
        plugin.append(row_plugin)
    return unbiased, plugin


def _bias_polynomials() -> tuple[dict[tuple[int, int], sp.Expr], dict[str, list]]:
    """Exact plug-in bias polynomials in p for n <= SYMBOLIC_MAX_N, with the failures of their sign proofs."""
    failures: dict[str, list] = {"bias_failures": [], "strictness_failures": [], "bias_k2_failures": []}
    polynomials = {}
    for n, k in _symbolic_cases():
        bias = sp.expand(_binomial_mixture(n, [_plugin(n, c, k) for c in range(n + 1)]) - (1 - (1 - p) ** k))
        # Bernstein form: by P1 the bias is Σ_c B_c(p) (plugin_c - E_c); B_c >= 0 on [0, 1], so
        # non-positive coefficients certify bias <= 0 there, exactly.
        coefficients = [_plugin(n, c, k) - _estimator(n, c, k) for c in range(n + 1)]
        if sp.expand(_binomial_mixture(n, coefficients) - bias) != 0 or max(coefficients) > 0:
            failures["bias_failures"].append([n, k])
        # k >= 2 and n >= 2: the c = 1 coefficient, 1 - (1-1/n)^k - k/n, is < 0, so the bias is < 0 on (0, 1).
        if k >= 2 and min(coefficients) >= 0:
            failures["strictness_failures"].append([n, k])
        # k = 2 has the short closed form -Var(c/n) = -p(1-p)/n, since E[(1-c/n)^2] = (1-p)^2 + Var(c/n).
        if k == 2 and sp.expand(bias + p * (1 - p) / n) != 0:
            failures["bias_k2_failures"].append(n)
        polynomials[n, k] = bias
    return polynomials, failures


def _pointwise_plugin_check() -> dict[str, list]:
    """E >= plug-in for every (n, c, k) with n <= EXACT_MAX_N, equal exactly when k = 1, c = 0 or c = n."""
    violations, equality_mismatches = [], []
    for n in range(1, EXACT_MAX_N + 1):
        unbiased, plugin = _exact_table(n)
        for c in range(n + 1):
            for k in range(1, n + 1):
                gap = unbiased[c][k - 1] - plugin[c][k - 1]
                if gap < 0:
                    violations.append([n, c, k])
                if (gap == 0) != (k == 1 or c in (0, n)):
                    equality_mismatches.append([n, c, k])
    return {"pointwise_violations": violations, "equality_mismatches": equality_mismatches}


def _numeric_bias(n: int, k: int) -> Callable[[float], float]:
    """p -> E_p[plugin_pass_at_k] - population_pass_at_k, from :mod:`theory.passk`."""

    def bias_at(prob: float) -> float:
        plug = np.asarray(passk.plugin_pass_at_k(n, np.arange(n + 1), k), dtype=float)
        return _binomial_mean(n, prob, plug) - float(passk.population_pass_at_k(prob, k))

    return bias_at


def plugin_bias() -> Certificate:
    """P7 + Jensen: E(n,c,k) >= 1 - (1-c/n)^k pointwise, so the plug-in's bias is <= 0 on p in [0, 1]."""
    j_ = sp.Symbol("j", integer=True, nonnegative=True)
    # (n-c-j)/(n-j) <= (n-c)/n  <=>  (n-c)(n-j) - n(n-c-j) >= 0, and the difference is exactly c*j.
    factor_gap = sp.expand((n_ - c_) * (n_ - j_) - n_ * (n_ - c_ - j_))
    polynomials, failures = _bias_polynomials()
    failures.update(_pointwise_plugin_check())
    bridge = merge_checks(
        {
            f"n={n},k={k}": check_numeric_against_symbolic(
                poly, (p,), _numeric_bias(n, k), [(prob,) for prob in BRIDGE_P]
            )
            for (n, k), poly in polynomials.items()
        }
    )
    example = polynomials[4, 3]
    holds = factor_gap == c_ * j_ and not any(failures.values()) and bridge["agree"]
    return Certificate(
        name="rlvr.plugin_bias",
        statement=(
            "E(n,c,k) >= 1 - (1-c/n)^k, with equality iff k = 1, c = 0 or c = n; hence the plug-in estimator "
            "is biased low: E_p[1 - (1-c/n)^k] - (1 - (1-p)^k) <= 0 on [0, 1], strictly inside for k >= 2."
        ),
        method=(
            "sympy: factor bound (n-c)(n-j) - n(n-c-j) = c*j >= 0; exact bias polynomial and its Bernstein "
            f"coefficients (all <= 0) for n <= {SYMBOLIC_MAX_N}, k <= n; exact Fractions for every (n, c, k) "
            f"with n <= {EXACT_MAX_N}; numeric: theory.passk.plugin_pass_at_k and population_pass_at_k "
            "against the lambdified bias polynomials"
        ),
        holds=bool(holds),
        details={
            "factor_gap": str(factor_gap),
            "symbolic_cases": len(polynomials),
            **failures,
            "exact_triples": sum((n + 1) * n for n in range(1, EXACT_MAX_N + 1)),
            "example_case": "n=4, k=3",
            "example_bias": str(example),
            "example_bias_factored": str(sp.factor(example)),
            "bias_k2": "-p*(1 - p)/n",
            "bridge": bridge,
        },
    )


def pass_at_one() -> Certificate:
    """P3: E(n, c, 1) = c/n; the stable product 1 - Π_{i=n-c+1}^{n} (1 - 1/i) telescopes to (n-c)/n."""
    i_ = sp.Symbol("i", integer=True, positive=True)
    product = sp.simplify(sp.product((i_ - 1) / i_, (i_, n_ - c_ + 1, n_)))
    telescopes = sp.simplify(1 - product - c_ / n_) == 0
    from_binomials = sp.simplify(1 - sp.binomial(n_ - c_, 1) / sp.binomial(n_, 1) - c_ / n_) == 0
    grid = [(n, c) for n in range(1, 65) for c in range(n + 1)]
    bridge = check_numeric_against_symbolic(c_ / n_, (n_, c_), lambda n, c: passk.pass_at_k(n, c, 1), grid)
    return Certificate(
        name="rlvr.pass_at_one",
        statement="pass@1 = 1 - C(n-c,1)/C(n,1) = 1 - Π_{i=n-c+1}^{n} (1 - 1/i) = c/n.",
        method=(
            "sympy: symbolic product (telescoping) and binomial form simplified to c/n; numeric: "
            "theory.passk.pass_at_k(n, c, 1) against c/n for every 0 <= c <= n <= 64"
        ),
        holds=bool(telescopes and from_binomials and bridge["agree"]),
        details={
            "product": str(product),
            "telescopes": telescopes,
            "from_binomials": from_binomials,
            "bridge": bridge,
        },
    )


def pass_at_k_increment() -> Certificate:
    """P5: E(k+1) - E(k) = q_k c/(n-k) >= 0, and the increments shrink with k (discrete concavity)."""
    q_ = sp.Symbol("q", nonnegative=True)
    # q_{k+1}/q_k from the binomials (valid while q_k > 0, i.e. k <= n - c; beyond that both sides are 0).
    ratio = sp.gammasimp(
        sp.binomial(n_ - c_, k_ + 1) * sp.binomial(n_, k_) / (sp.binomial(n_ - c_, k_) * sp.binomial(n_, k_ + 1))
    )
    increment_identity = sp.simplify(q_ * (1 - ratio) - q_ * c_ / (n_ - k_)) == 0
    identity_failures, concavity_failures = [], []
    for n in range(2, EXACT_MAX_N + 1):
        unbiased, _ = _exact_table(n)
        for c in range(n + 1):
            row = unbiased[c]
            steps = [row[k] - row[k - 1] for k in range(1, n)]  # steps[k-1] = E(k+1) - E(k)
            for k in range(1, n):
                if steps[k - 1] != (1 - row[k - 1]) * Fraction(c, n - k):
                    identity_failures.append([n, c, k])
            if any(later > earlier or later < 0 for earlier, later in zip(steps, steps[1:], strict=False)):
                concavity_failures.append([n, c])
    closed = c_ / (n_ - k_) * sp.binomial(n_ - c_, k_) / sp.binomial(n_, k_)
    # Only where q_k > 0: the lambdified binomials (gamma functions) have poles at n - c - k < 0.
    grid = [(n, c, k) for n in BRIDGE_N for k in range(1, n) for c in range(n - k + 1)]
    bridge = check_numeric_against_symbolic(
        closed, (n_, c_, k_), lambda n, c, k: passk.pass_at_k(n, c, k + 1) - passk.pass_at_k(n, c, k), grid
    )
    return Certificate(
        name="rlvr.pass_at_k_increment",
        statement=(
            "E(n,c,k+1) - E(n,c,k) = q_k c/(n-k) with q_k = C(n-c,k)/C(n,k); the increments are >= 0 and "
            "non-increasing in k, so pass@k is monotone and discretely concave in k."
        ),
        method=(
            f"sympy: gammasimp of q_(k+1)/q_k = {ratio}; exact Fractions for every (n, c, k) with "
            f"n <= {EXACT_MAX_N}; numeric: differences of theory.passk.pass_at_k against the lambdified "
            "closed form"
        ),
        holds=bool(increment_identity and not identity_failures and not concavity_failures and bridge["agree"]),
        details={
            "ratio": str(ratio),
            "increment_identity": increment_identity,
            "identity_failures": identity_failures,
            "concavity_failures": concavity_failures,
            "bridge": bridge,
        },
    )
