"""Least-squares power-law fits shared by every paper: a single law, and a shared exponent with group offsets.

* :func:`fit_power_law` fits ``y = C · x^k`` by ordinary least squares of ``ln y`` on ``ln x``, with the
  slope's standard error (the one scipy's ``linregress`` reports) and the R² of the log-log line.
* :func:`fit_shared_power_law` fits ``y_g(x) = C · x^k + c_g``: one prefactor ``C`` and exponent ``k`` shared by
  every group ``g`` and one additive offset ``c_g`` per group (Liu, Liu & Gore, Eq. 6, where the groups are
  (model family, dataset) pairs). It minimises the squared residuals of ``ln y`` with
  ``scipy.optimize.least_squares`` and reports standard errors from the Jacobian at the optimum,
  ``cov = s² (JᵀJ)⁻¹`` with ``s² = RSS / (N - P)``.

The exponent ``k`` is signed: a decaying law has ``k < 0`` (a scaling paper's "α" is ``-k``).

>>> fit = fit_power_law([1.0, 2.0, 4.0, 8.0], [3.0, 1.5, 0.75, 0.375])
>>> round(fit.exponent, 12), round(fit.prefactor, 12), round(fit.r_squared, 12)
(-1.0, 3.0, 1.0)
"""

from __future__ import annotations

import dataclasses

import numpy as np
from scipy import optimize

from theory._validate import as_float_array, as_int_array

__all__ = ["PowerLawFit", "SharedPowerLawFit", "fit_power_law", "fit_shared_power_law"]


@dataclasses.dataclass(frozen=True)
class PowerLawFit:
    """``y ≈ prefactor · x^exponent`` from an OLS line through ``(ln x, ln y)``.

    ``stderr`` is the slope's standard error (``linregress``: ``sqrt(RSS / (N - 2) / Σ(ln x - mean)²)``), so it
    is the exponent's; ``r_squared`` is that of the log-log line; ``points`` the number of points fitted.
    """

    exponent: float
    stderr: float
    prefactor: float
    r_squared: float
    points: int


@dataclasses.dataclass(frozen=True)
class SharedPowerLawFit:
    """``y_g(x) ≈ prefactor · x^exponent + offsets[g]`` with standard errors of every parameter.

    ``offsets`` and ``offsets_stderr`` follow the sorted group labels in ``groups``; ``rmse_log`` is the root
    mean square of the ``ln y`` residuals; ``points`` the number of points fitted.
    """

    exponent: float
    stderr: float
    prefactor: float
    prefactor_stderr: float
    groups: tuple[int, ...]
    offsets: tuple[float, ...]
    offsets_stderr: tuple[float, ...]
    rmse_log: float
    points: int


def _positive_pairs(x: object, y: object, *, min_points: int) -> tuple[np.ndarray, np.ndarray]:
    """Validate two equal-length 1-D arrays of positive finite numbers with at least ``min_points`` entries."""
    xs, ys = as_float_array("x", x), as_float_array("y", y)
    if xs.ndim != 1 or ys.shape != xs.shape:
        raise ValueError(f"x and y must be 1-D arrays of equal length, got shapes {xs.shape} and {ys.shape}")
    if xs.size < min_points:
        raise ValueError(f"a fit needs at least {min_points} points, got {xs.size}")
    for name, arr in (("x", xs), ("y", ys)):
        if np.any(arr <= 0):
            raise ValueError(f"{name} must be positive for a log-log fit, got minimum {arr.min()}")
    if np.ptp(xs) == 0:
        raise ValueError(f"x must take at least two distinct values, got all x = {xs[0]}")
    return xs, ys


def fit_power_law(x: object, y: object) -> PowerLawFit:
    """Fit ``y = C · x^k`` by least squares on ``(ln x, ln y)``; needs >= 3 positive points (so the SE exists).

    Exact for exact power laws: ``fit_power_law(m, 5 * m**-0.7).exponent == -0.7`` to rounding.
    """
    xs, ys = _positive_pairs(x, y, min_points=3)
    lx, ly = np.log(xs), np.log(ys)
    dx, dy = lx - lx.mean(), ly - ly.mean()
    sxx, syy = float(dx @ dx), float(dy @ dy)
    slope = float(dx @ dy) / sxx
    intercept = float(ly.mean()) - slope * float(lx.mean())
    rss = max(syy - slope * float(dx @ dy), 0.0)  # residual sum of squares of the least-squares line
    # R² = 1 - RSS/SST; a constant y (SST zero up to rounding) is fitted exactly by slope 0: R² = 1.
    rounding = (64 * np.finfo(np.float64).eps) ** 2 * float(ly @ ly + 1.0)
    r_squared = 1.0 - rss / syy if syy > rounding else 1.0
    return PowerLawFit(
        exponent=slope,
        stderr=float(np.sqrt(rss / (xs.size - 2) / sxx)),
        prefactor=float(np.exp(intercept)),
        r_squared=r_squared,
        points=int(xs.size),
    )


#: Exponents scanned for the start of the shared fit (the model is linear in C and the offsets once k is fixed).
_START_EXPONENTS = np.linspace(-4.0, 4.0, 161)


def _shared_start(xs, ys, index, groups, lower, upper, residuals) -> np.ndarray:
    """Best start over :data:`_START_EXPONENTS`: for each k, (C, c_g) from a least-squares fit of y / y = 1
    (relative residuals, close to the log-space ones), clipped into the bounds; keep the lowest log-space RSS."""
    onehot = np.eye(groups)[index]  # (N, G)
    best, best_rss = None, np.inf
    for k in _START_EXPONENTS:
        design = np.hstack([(xs**k)[:, None], onehot]) / ys[:, None]  # rows scaled by 1/y: relative errors
        coef = np.linalg.lstsq(design, np.ones_like(ys), rcond=None)[0]
        theta = np.concatenate([[np.log(max(coef[0], 1e-300)), k], coef[1:]])
        theta = np.clip(theta, lower, upper)
        rss = float(np.sum(residuals(theta) ** 2))
        if rss < best_rss:
            best, best_rss = theta, rss
    return best


def fit_shared_power_law(x: object, y: object, groups: object) -> SharedPowerLawFit:
    """Fit ``y = C · x^k + c_g`` (one ``C`` and ``k``; one offset ``c_g >= 0`` per group) in log space.

    Parameters
    ----------
    x, y : 1-D arrays (N,) of positive numbers
    groups : 1-D int array (N,), the group label of each point

    Bounds every offset to ``[0, min y of its group)`` so that ``y - c_g`` stays positive, and needs
    ``N > 2 + #groups`` points. The start comes from :func:`_shared_start` (a scan over the exponent), since
    a pooled log-log line can start the local search in the wrong basin when the offsets differ a lot.
    """
    xs, ys = _positive_pairs(x, y, min_points=3)
    labels = as_int_array("groups", groups)
    if labels.shape != xs.shape:
        raise ValueError(f"groups must have one label per point, shape {xs.shape}, got {labels.shape}")
    names, index = np.unique(labels, return_inverse=True)  # index: (N,) position of each point's group
    n_params = 2 + names.size
    if xs.size <= n_params:
        raise ValueError(f"{names.size} groups need more than {n_params} points, got {xs.size}")
    ymin = np.array([ys[index == g].min() for g in range(names.size)])
    # Parameters: (ln C, k, c_1..c_G). Offsets stay strictly below each group's smallest y.
    lower = np.concatenate([[-np.inf, -np.inf], np.zeros(names.size)])
    upper = np.concatenate([[np.inf, np.inf], ymin * (1 - 1e-9)])
    log_x, log_y = np.log(xs), np.log(ys)

    def residuals(theta: np.ndarray) -> np.ndarray:
        return np.log(np.exp(theta[0] + theta[1] * log_x) + theta[2:][index]) - log_y

    start = _shared_start(xs, ys, index, names.size, lower, upper, residuals)

    sol = optimize.least_squares(
        residuals, start, bounds=(lower, upper), method="trf", x_scale="jac", xtol=1e-15, ftol=1e-15, gtol=1e-15
    )
    dof = xs.size - n_params
    s2 = float(sol.fun @ sol.fun) / dof
    # Gauss-Newton covariance; pinv keeps it finite if an offset sits on a bound (then its column is tiny).
    cov = s2 * np.linalg.pinv(sol.jac.T @ sol.jac)
    se = np.sqrt(np.clip(np.diag(cov), 0.0, None))
    prefactor = float(np.exp(sol.x[0]))
    return SharedPowerLawFit(
        exponent=float(sol.x[1]),
        stderr=float(se[1]),
        prefactor=prefactor,
        prefactor_stderr=prefactor * float(se[0]),  # delta method: dC = C · d(ln C)
        groups=tuple(int(g) for g in names),
        offsets=tuple(float(c) for c in sol.x[2:]),
        offsets_stderr=tuple(float(s) for s in se[2:]),
        rmse_log=float(np.sqrt(np.mean(sol.fun**2))),
        points=int(xs.size),
    )
