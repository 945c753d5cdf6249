"""Certificates for Liu, Liu & Gore, "Superposition Yields Robust Neural Scaling" (NeurIPS 2025), spec §5.1.

Data and scaling: :func:`data_moments` (U(0,2) moments, optimal bias), :func:`eq14_integral` (Eq. 14 and its
α → 1 limit), :func:`zeta_asymptotics` (both exponents, the normaliser), :func:`chinchilla_arithmetic`.
Geometry and training: :func:`beta_moments`, :func:`welch_limits`, :func:`decay_contraction` (the γ < 0 rule),
:func:`cross_entropy_expansion` (App. A.2). Each proves its statement with sympy and bridges it to
:mod:`theory.superposition`; ``workbench prove superposition`` runs :data:`CERTIFICATES`.

>>> from proofs.superposition import welch_limits
>>> welch_limits().holds
True
"""

from collections.abc import Callable

from proofs._certificate import Certificate
from proofs._superposition_geometry import beta_moments as beta_moments
from proofs._superposition_geometry import cross_entropy_expansion as cross_entropy_expansion
from proofs._superposition_geometry import decay_contraction as decay_contraction
from proofs._superposition_geometry import welch_limits as welch_limits
from proofs._superposition_scaling import chinchilla_arithmetic as chinchilla_arithmetic
from proofs._superposition_scaling import data_moments as data_moments
from proofs._superposition_scaling import eq14_integral as eq14_integral
from proofs._superposition_scaling import zeta_asymptotics as zeta_asymptotics

__all__ = [
    "CERTIFICATES",
    "beta_moments",
    "chinchilla_arithmetic",
    "cross_entropy_expansion",
    "data_moments",
    "decay_contraction",
    "eq14_integral",
    "welch_limits",
    "zeta_asymptotics",
]

CERTIFICATES: list[Callable[[], Certificate]] = [
    data_moments,
    eq14_integral,
    zeta_asymptotics,
    beta_moments,
    welch_limits,
    decay_contraction,
    cross_entropy_expansion,
    chinchilla_arithmetic,
]
