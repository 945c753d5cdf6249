"""Certificates for Bonnaire, Urfin, Biroli, Mézard, "Why Diffusion Models Don't Memorize" (NeurIPS 2025).

Coefficients (spec §1.4): :func:`stein_identities`, :func:`coefficient_identities` (with the SM's b_t² typo),
:func:`gamma_convention_erratum` (Γ_t is a standard deviation). Spectrum (§1.5): :func:`marchenko_pastur_reduction`
(with the main text's ψ_p/ψ_n typo in Eq. 19), :func:`delta_peak_count`, :func:`density_normalization`. Dynamics
(§1.3): :func:`gradient_flow_solution` (with SM Eq. 206's typo). Diffusion time (§1.7): :func:`time_map`. Each
proves its statement with sympy and bridges it to :mod:`theory.diffusion_rf`; ``workbench prove diffusion_rf``
runs :data:`CERTIFICATES`.

>>> from proofs.diffusion_rf import time_map
>>> time_map().holds
True
"""

from collections.abc import Callable

from proofs._certificate import Certificate
from proofs._diffusion_rf_coefficients import coefficient_identities as coefficient_identities
from proofs._diffusion_rf_coefficients import gamma_convention_erratum as gamma_convention_erratum
from proofs._diffusion_rf_coefficients import stein_identities as stein_identities
from proofs._diffusion_rf_coefficients import time_map as time_map
from proofs._diffusion_rf_spectrum import delta_peak_count as delta_peak_count
from proofs._diffusion_rf_spectrum import density_normalization as density_normalization
from proofs._diffusion_rf_spectrum import gradient_flow_solution as gradient_flow_solution
from proofs._diffusion_rf_spectrum import marchenko_pastur_reduction as marchenko_pastur_reduction

__all__ = [
    "CERTIFICATES",
    "coefficient_identities",
    "delta_peak_count",
    "density_normalization",
    "gamma_convention_erratum",
    "gradient_flow_solution",
    "marchenko_pastur_reduction",
    "stein_identities",
    "time_map",
]

CERTIFICATES: list[Callable[[], Certificate]] = [
    stein_identities,
    coefficient_identities,
    gamma_convention_erratum,
    marchenko_pastur_reduction,
    delta_peak_count,
    density_normalization,
    gradient_flow_solution,
    time_map,
]
