"""Theory of "Superposition Yields Robust Neural Scaling" (Liu, Liu & Gore, NeurIPS 2025).

Frequencies: :data:`FAMILIES`, :func:`frequencies` (normalised to activation density E), :func:`max_density`,
:func:`density_scan`, :func:`feature_variance` (Var(x_i) = 4/3 p_i - p_i²).
Weak regime (Eq. 4/14): :func:`weak_regime_loss` (exact), :func:`weak_regime_loss_approx`,
:func:`weak_fraction_integral`, :func:`ideal_weak_exponent` (finite grid), :func:`tail_exponent_infinite_n`.
Strong regime: :func:`welch_bound` (κ), :func:`overlap_moments` / :func:`overlap_distribution`
(Beta(1/2, (m-1)/2)), :func:`strong_fraction` (min{1, m²/2n}), :data:`STRONG_EXPONENT`,
:func:`strong_skewed_exponent` (2(α-1)), :func:`strong_tail_mass`.
Matrices: :func:`row_norms`, :func:`represented_fraction` (φ_t), :func:`overlap_stats`, :func:`ambiguity`,
:func:`feature_dimensionality`. Optimiser: :func:`decay_rows` (Eq. 2). Arithmetic:
:func:`chinchilla_width_exponent`, :func:`overlap_cross_entropy`, :func:`overlap_cross_entropy_expansion`.
Exponent fits live in :mod:`theory.fitting`.
"""

from ._arithmetic import chinchilla_width_exponent as chinchilla_width_exponent
from ._arithmetic import overlap_cross_entropy as overlap_cross_entropy
from ._arithmetic import overlap_cross_entropy_expansion as overlap_cross_entropy_expansion
from ._decay import decay_rows as decay_rows
from ._frequencies import FAMILIES as FAMILIES
from ._frequencies import V_MEAN as V_MEAN
from ._frequencies import V_SECOND_MOMENT as V_SECOND_MOMENT
from ._frequencies import density_scan as density_scan
from ._frequencies import feature_variance as feature_variance
from ._frequencies import frequencies as frequencies
from ._frequencies import max_density as max_density
from ._geometry import STRONG_EXPONENT as STRONG_EXPONENT
from ._geometry import overlap_distribution as overlap_distribution
from ._geometry import overlap_moments as overlap_moments
from ._geometry import strong_fraction as strong_fraction
from ._geometry import strong_skewed_exponent as strong_skewed_exponent
from ._geometry import strong_tail_mass as strong_tail_mass
from ._geometry import welch_bound as welch_bound
from ._metrics import NORM_EPS as NORM_EPS
from ._metrics import OverlapStats as OverlapStats
from ._metrics import ambiguity as ambiguity
from ._metrics import feature_dimensionality as feature_dimensionality
from ._metrics import overlap_stats as overlap_stats
from ._metrics import represented_fraction as represented_fraction
from ._metrics import row_norms as row_norms
from ._weak import ideal_weak_exponent as ideal_weak_exponent
from ._weak import tail_exponent_infinite_n as tail_exponent_infinite_n
from ._weak import weak_fraction_integral as weak_fraction_integral
from ._weak import weak_regime_loss as weak_regime_loss
from ._weak import weak_regime_loss_approx as weak_regime_loss_approx

__all__ = [
    "FAMILIES",
    "NORM_EPS",
    "STRONG_EXPONENT",
    "V_MEAN",
    "V_SECOND_MOMENT",
    "OverlapStats",
    "ambiguity",
    "chinchilla_width_exponent",
    "decay_rows",
    "density_scan",
    "feature_dimensionality",
    "feature_variance",
    "frequencies",
    "ideal_weak_exponent",
    "max_density",
    "overlap_cross_entropy",
    "overlap_cross_entropy_expansion",
    "overlap_distribution",
    "overlap_moments",
    "overlap_stats",
    "represented_fraction",
    "row_norms",
    "strong_fraction",
    "strong_skewed_exponent",
    "strong_tail_mass",
    "tail_exponent_infinite_n",
    "weak_fraction_integral",
    "weak_regime_loss",
    "weak_regime_loss_approx",
    "welch_bound",
]
