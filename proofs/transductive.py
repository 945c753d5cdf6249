"""Certificates for Chase, Hanneke, Moran, Shafer, "Optimal Mistake Bounds for Transductive Online Learning"
(NeurIPS 2025): one per constant of the proofs.

Lower bound (App. B): :func:`theorem_b1_counting` (the smallest d of the counting step; the paper uses 800),
:func:`claim_b3b_count`, :func:`proof_implied_bound` (the bound the proof gives with ε optimised, up to 10^5).
Upper bound (App. D): :func:`lemma_d2_threshold`, :func:`claim_d6`, :func:`claim_d7_sum`, :func:`claim_d8_ratio`
(the 1/2 vs 3/4 erratum). Heuristic (§2.4): :func:`min_tradeoff`. Each checks sympy against the numeric functions
of :mod:`theory.transductive`; ``workbench prove transductive`` runs :data:`CERTIFICATES`.

>>> from proofs.transductive import min_tradeoff
>>> min_tradeoff().holds
True
"""

from collections.abc import Callable

from proofs._certificate import Certificate
from proofs._transductive_lower import claim_b3b_count as claim_b3b_count
from proofs._transductive_lower import lemma_d2_threshold as lemma_d2_threshold
from proofs._transductive_lower import proof_implied_bound as proof_implied_bound
from proofs._transductive_lower import theorem_b1_counting as theorem_b1_counting
from proofs._transductive_upper import claim_d6 as claim_d6
from proofs._transductive_upper import claim_d7_sum as claim_d7_sum
from proofs._transductive_upper import claim_d8_ratio as claim_d8_ratio
from proofs._transductive_upper import min_tradeoff as min_tradeoff

__all__ = [
    "CERTIFICATES",
    "claim_b3b_count",
    "claim_d6",
    "claim_d7_sum",
    "claim_d8_ratio",
    "lemma_d2_threshold",
    "min_tradeoff",
    "proof_implied_bound",
    "theorem_b1_counting",
]

CERTIFICATES: list[Callable[[], Certificate]] = [
    lemma_d2_threshold,
    theorem_b1_counting,
    claim_b3b_count,
    proof_implied_bound,
    claim_d6,
    claim_d7_sum,
    claim_d8_ratio,
    min_tradeoff,
]
