"""Reading pass@k curves and counts: solvable set, coverage, crossover k, ΔSE and the accuracy histogram."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from theory._validate import as_float_array, as_int_array, check_int, check_real

from ._inputs import per_problem_counts


def solvable(c: object) -> np.ndarray:
    """Solvable set as a mask: problem i is solvable iff c_i > 0 (at least one correct sample, pass@n > 0).

    Parameters
    ----------
    c : array of int
        Correct samples per problem, c >= 0.

    Returns
    -------
    ndarray of bool, shape of ``c``
    """
    return as_int_array("c", c, low=0) > 0


def coverage(n: object, c: object) -> float:
    """Coverage = fraction of solvable problems = dataset pass@n_i (pass@n is 1 iff c > 0, else 0).

    Parameters
    ----------
    n : int or array of int, shape (P,)
        Samples per problem.
    c : array of int, shape (P,)
        Correct samples per problem, 0 <= c <= n.
    """
    _, c_arr = per_problem_counts(n, c)
    return float(np.mean(c_arr > 0))


def _curve(name: str, values: object, size: int) -> np.ndarray:
    """Validate a pass@k curve: 1-D, ``size`` points, finite, inside [0, 1]."""
    arr = as_float_array(name, values)
    if arr.shape != (size,):
        raise ValueError(f"{name} must have the shape of ks ({size},), got shape {arr.shape}")
    if arr.min() < 0.0 or arr.max() > 1.0:
        raise ValueError(f"{name} must lie in [0, 1] (a pass@k curve), got values in [{arr.min()}, {arr.max()}]")
    return arr


def crossover_k(ks: object, curve_high_at_small_k: object, curve_other: object) -> float | None:
    """Smallest k at which ``curve_other`` meets or overtakes ``curve_high_at_small_k``.

    With d = high - other on the grid, the crossover lies between the last grid point with d > 0 and the first
    with d <= 0; there d is interpolated linearly in log k, k* = exp(log k_a + d_a / (d_a - d_b) *
    (log k_b - log k_a)). If d <= 0 already at ks[0] the answer is ks[0]; if d > 0 everywhere it is None.
    In the paper's plots the RL curve starts above the base curve and the base curve catches up at large k.

    Parameters
    ----------
    ks : array, shape (K,)
        Strictly increasing draw sizes, ks[0] >= 1 (real values allowed: only log k is used).
    curve_high_at_small_k, curve_other : array, shape (K,)
        pass@k values in [0, 1] on the grid ``ks``.

    Returns
    -------
    float or None
        The interpolated crossover k, in the units of ``ks``.
    """
    ks_arr = as_float_array("ks", ks)
    if ks_arr.ndim != 1 or ks_arr.size == 0:
        raise ValueError(f"ks must be a non-empty 1-D grid, got shape {ks_arr.shape}")
    if ks_arr[0] < 1.0 or np.any(np.diff(ks_arr) <= 0):
        raise ValueError(f"ks must be strictly increasing with ks[0] >= 1, got {ks_arr.tolist()[:8]}")
    gap = _curve("curve_high_at_small_k", curve_high_at_small_k, ks_arr.size) - _curve(
        "curve_other", curve_other, ks_arr.size
    )
    met = np.flatnonzero(gap <= 0.0)
    if met.size == 0:
        return None
    b = int(met[0])
    if b == 0:
        return float(ks_arr[0])
    a = b - 1
    fraction = gap[a] / (gap[a] - gap[b])  # in (0, 1]: gap[a] > 0 >= gap[b]
    log_k = np.log(ks_arr[a]) + fraction * (np.log(ks_arr[b]) - np.log(ks_arr[a]))
    return float(np.exp(log_k))


def sampling_efficiency_gap(base_pass_at_k: float, rl_pass_at_1: float) -> float:
    """ΔSE = pass@k(base) - pass@1(RL) (paper §4.3, with k = 256), in the units of the inputs.

    Lower is better; 0 means RL reaches the base model's large-k coverage with one sample. Pass both values in
    the same units (fractions or percentage points); a negative ΔSE is allowed and means RL at k = 1 beats the
    base at large k.
    """
    base = check_real("base_pass_at_k", base_pass_at_k, low=0.0)
    rl = check_real("rl_pass_at_1", rl_pass_at_1, low=0.0)
    return base - rl


# eq=False: a generated __eq__ would compare the array fields elementwise and fail on bool(); compare fields.
@dataclass(frozen=True, eq=False)
class AccuracyHistogram:
    """Per-problem accuracy c/n binned as {0}, (0, 1/B], ..., ((B-1)/B, 1].

    Attributes
    ----------
    labels : tuple of str, length B + 1
        "0" for the exactly-zero bin, then "(lo,hi]".
    counts : ndarray of int64, shape (B + 1,)
        Problems per bin.
    fractions : ndarray of float64, shape (B + 1,)
        counts / P; sums to 1.
    """

    labels: tuple[str, ...]
    counts: np.ndarray
    fractions: np.ndarray


def accuracy_histogram(n: object, c: object, n_bins: int = 10) -> AccuracyHistogram:
    """Histogram of per-problem accuracy c/n with a separate bin for exactly 0 (paper §4.1, Figures 5 and 13).

    The zero bin matters: RLVR raises the mass at exactly 0 (problems no sample solves) while it sharpens the
    rest. A problem with c > 0 goes to bin b = ceil(B * c / n) - 1, i.e. c/n in (b/B, (b+1)/B]; the bin is
    computed in integer arithmetic so accuracies on a bin edge (0.1, 0.2, ...) are never mis-rounded.

    Parameters
    ----------
    n : int or array of int, shape (P,)
        Samples per problem.
    c : array of int, shape (P,)
        Correct samples per problem.
    n_bins : int
        Number B of bins over (0, 1], B >= 1.
    """
    n_arr, c_arr = per_problem_counts(n, c)
    n_bins = check_int("n_bins", n_bins, low=1)
    # slot = ceil(B*c/n) by integer floor division: exactly 0 iff c = 0 (the zero bin), else b + 1 in 1..B.
    slot = (c_arr * n_bins + n_arr - 1) // n_arr  # (P,)
    counts = np.bincount(slot, minlength=n_bins + 1).astype(np.int64)
    edges = [f"{b / n_bins:g}" for b in range(n_bins + 1)]
    labels = ("0",) + tuple(f"({edges[b]},{edges[b + 1]}]" for b in range(n_bins))
    return AccuracyHistogram(labels=labels, counts=counts, fractions=counts / c_arr.size)
