"""Theory of "Why Diffusion Models Don't Memorize" (Bonnaire, Urfin, Biroli, Mézard): the random-features score
model at one diffusion time t.

Coefficients by Gauss-Hermite quadrature (:func:`rf_coefficients`); the Gaussian-equivalent matrices
(:func:`equivalent_u`, :func:`equivalent_features`, :func:`population_u`, :func:`equivalent_v`); the Theorem 3.1
fixed point and the density ρ(λ) (:func:`solve_stieltjes`, :func:`spectral_density`); the Theorem 3.2 weights,
bulk edges and timescales (:func:`spectrum_weights`, :func:`rho1_edges`, :func:`rho2_edges`, :func:`tau_gen`,
:func:`tau_mem`, :func:`finite_size_lambda_min`, :func:`interpolation_threshold`); the closed-form gradient-flow
losses (:func:`modes_from_matrices`, :func:`equivalent_modes`, :func:`loss_curves`) and the times read off them
(:func:`memorization_time`, :func:`generalization_time`); the DDPM time map and the empirical score.
"""

from ._bulks import SpectrumWeights as SpectrumWeights
from ._bulks import finite_size_lambda_min as finite_size_lambda_min
from ._bulks import interpolation_threshold as interpolation_threshold
from ._bulks import rho1_edges as rho1_edges
from ._bulks import rho2_edges as rho2_edges
from ._bulks import spectrum_weights as spectrum_weights
from ._bulks import tau_gen as tau_gen
from ._bulks import tau_mem as tau_mem
from ._bulks import timescale as timescale
from ._coefficients import ACTIVATIONS as ACTIVATIONS
from ._coefficients import RFCoefficients as RFCoefficients
from ._coefficients import activation_function as activation_function
from ._coefficients import rf_coefficients as rf_coefficients
from ._dynamics import LossCurves as LossCurves
from ._dynamics import TrainingModes as TrainingModes
from ._dynamics import equivalent_modes as equivalent_modes
from ._dynamics import loss_curves as loss_curves
from ._dynamics import modes_from_matrices as modes_from_matrices
from ._empirical_score import empirical_score as empirical_score
from ._empirical_score import posterior_mean as posterior_mean
from ._equivalent import check_matrix as check_matrix
from ._equivalent import equivalent_features as equivalent_features
from ._equivalent import equivalent_u as equivalent_u
from ._equivalent import equivalent_v as equivalent_v
from ._equivalent import population_u as population_u
from ._fixed_point import FixedPointError as FixedPointError
from ._fixed_point import StieltjesSolution as StieltjesSolution
from ._fixed_point import covariance_spectrum as covariance_spectrum
from ._fixed_point import solve_stieltjes as solve_stieltjes
from ._fixed_point import spectral_density as spectral_density
from ._readout import generalization_time as generalization_time
from ._readout import memorization_time as memorization_time
from ._schedule import ddpm_alpha_bar as ddpm_alpha_bar
from ._schedule import ddpm_betas as ddpm_betas
from ._schedule import ddpm_to_ou_time as ddpm_to_ou_time
from ._schedule import ou_to_ddpm_step as ou_to_ddpm_step

__all__ = [
    "ACTIVATIONS",
    "FixedPointError",
    "LossCurves",
    "RFCoefficients",
    "SpectrumWeights",
    "StieltjesSolution",
    "TrainingModes",
    "activation_function",
    "check_matrix",
    "covariance_spectrum",
    "ddpm_alpha_bar",
    "ddpm_betas",
    "ddpm_to_ou_time",
    "empirical_score",
    "equivalent_features",
    "equivalent_modes",
    "equivalent_u",
    "equivalent_v",
    "finite_size_lambda_min",
    "generalization_time",
    "interpolation_threshold",
    "loss_curves",
    "memorization_time",
    "modes_from_matrices",
    "ou_to_ddpm_step",
    "population_u",
    "posterior_mean",
    "rf_coefficients",
    "rho1_edges",
    "rho2_edges",
    "solve_stieltjes",
    "spectral_density",
    "spectrum_weights",
    "tau_gen",
    "tau_mem",
    "timescale",
]
