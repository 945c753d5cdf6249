"""The numeric constants of CHMS25's proofs, as functions (checked against sympy in :mod:`proofs.transductive`).

Convention: a class with Littlestone dimension L ("levels") lives on a tree with L levels and has 2^L functions.
The paper's proofs say "H shatters T_d and |H| = 2^{d+1}", i.e. L = d + 1 (spec §1.2); the functions that
follow the paper's own formulas take its d, and say so.
"""

from __future__ import annotations

import numpy as np

from theory._validate import as_float_array, check_int, check_real

__all__ = [
    "claim_d6_margin",
    "claim_d7_total",
    "counting_exponent",
    "d8_mistake_bound",
    "lemma_d2_margin",
    "optimal_epsilon",
    "proof_implied_lower_bound",
    "sequence_length_bound",
    "survival_log2",
    "tradeoff",
    "wm_weight_ratio",
]


def lemma_d2_margin(d: object) -> np.ndarray:
    """2d + 4 - 2^{√d}: Lemma D.2's union bound needs this below -1 (paper's d; true from d = 42 on)."""
    d = as_float_array("d", d)
    return 2.0 * d + 4.0 - 2.0 ** np.sqrt(d)


def survival_log2(d: object) -> np.ndarray:
    """log2 of (1 - 2^{-√d/2})^{(d+1)·2^{√d/10 + 1}}: Theorem B.1's unforced steps keep >= 1/2 of H iff >= -1."""
    d = as_float_array("d", d)
    return (d + 1.0) * 2.0 ** (np.sqrt(d) / 10.0 + 1.0) * np.log2(-np.expm1(-np.sqrt(d) / 2.0 * np.log(2.0)))


def claim_d6_margin(d: object) -> np.ndarray:
    """(2^{4√d} - d·2^{2√d+1} - 2^{4√d-1}) / 2^{4√d} = 1/2 - d·2^{1-2√d}; Claim D.6 holds iff >= 0 (from d = 4)."""
    d = as_float_array("d", d)
    return 0.5 - d * 2.0 ** (1.0 - 2.0 * np.sqrt(d))


def claim_d7_total(d: object) -> np.ndarray:
    """The consistent expert's mistakes over Claim D.7's six cases: 2√d + 1 + 2(4√d / log2(3/2) + 1) + 3√d."""
    root = np.sqrt(as_float_array("d", d))
    return 2.0 * root + 1.0 + 2.0 * (4.0 * root / np.log2(1.5) + 1.0) + 3.0 * root


def wm_weight_ratio(wrong_fraction: object) -> np.ndarray:
    """Total weight after a learner mistake over the weight before, if the erring experts (holding this fraction
    of the weight, >= 1/2 since the weighted majority erred) each keep half their weight: 1 - f/2 <= 3/4."""
    f = as_float_array("wrong_fraction", wrong_fraction)
    if np.any((f < 0.5) | (f > 1.0)):
        raise ValueError("wrong_fraction must lie in [1/2, 1]: a weighted-majority mistake means >= half erred")
    return 1.0 - f / 2.0


def d8_mistake_bound(d: object, ratio: float) -> np.ndarray:
    """Claim D.8's count: the consistent expert keeps weight >= 2^{-48√d}, each mistake multiplies the total by
    <= ``ratio``, so mistakes <= 48√d / log2(1/ratio) (48√d for the paper's ratio 1/2; 115.65√d for 3/4)."""
    ratio = check_real("ratio", ratio, low=0.0, high=1.0, low_open=True, high_open=True)
    return 48.0 * np.sqrt(as_float_array("d", d)) / np.log2(1.0 / ratio)


def tradeoff(d: object, k: object) -> np.ndarray:
    """d/k + k: forced mistakes of the §2.4 heuristics on a class with off-path density 2^{-k}; min 2√d at k = √d."""
    return as_float_array("d", d) / as_float_array("k", k) + as_float_array("k", k)


def sequence_length_bound(levels: int, m: int) -> int:
    """Claim B.3b: Algorithm 2 presents fewer than L·2^{M+1} nodes (<= L pushes per index b, < 2^{M+1} indices)."""
    return check_int("levels", levels, low=1) * 2 ** (check_int("m", m, low=0) + 1)


def counting_exponent(levels: int, m: int, epsilon: float) -> float:
    """M·log2(1/ε) + (n - 1)·log2(1/(1 - ε)) with n = L·2^{M+1}.

    If this is below L = log2|H| then ε^M (1-ε)^{n-1} |H| > 1, so the version space of an adversary that forced
    only M mistakes cannot have shrunk to one function (Claims B.4–B.5): Algorithm 1 forces >= M + 1.
    """
    n = sequence_length_bound(levels, m)
    epsilon = check_real("epsilon", epsilon, low=0.0, high=0.5, low_open=True)
    return float(m * -np.log2(epsilon) - (n - 1) * np.log1p(-epsilon) / np.log(2.0))


def optimal_epsilon(levels: int, m: int) -> float:
    """The ε minimising :func:`counting_exponent` for M >= 1: M / (M + n - 1) with n = L·2^{M+1} (< 1/2, as
    n - 1 > M). It solves -M/ε + (n - 1)/(1 - ε) = 0, the derivative of the exponent times ln 2."""
    m = check_int("m", m, low=1)
    n = sequence_length_bound(levels, m)
    return m / (m + n - 1)


def proof_implied_lower_bound(levels: int) -> int:
    """1 + the largest M whose counting exponent at the optimal ε is below L: the mistakes Algorithms 1–2 force
    on every class with 2^L functions shattering L levels, by the proof of Theorem B.1 with ε tuned (spec §2.4).

    The spec's L(d) is this function at levels = d + 1 (the paper's T_d has d + 1 levels): L(100) = 8.
    """
    levels = check_int("levels", levels, low=1, high=10**7)
    best = 0
    m = 1
    # The minimised exponent grows with M (n doubles), so the first M that fails ends the scan.
    while counting_exponent(levels, m, optimal_epsilon(levels, m)) < levels:
        best = m
        m += 1
    return best + 1
