"""Online predictions of the classic learners on a version space, and the HMS23 trichotomy.

A version space is given as a bool mask over the rows of H (the hypotheses consistent with the labels so far).

* SOA (Littlestone 1988; Shalev-Shwartz & Ben-David, ch. 21): predict the label r whose half V_{x→r} has the
  larger Littlestone dimension, ties broken as 1. Each mistake lowers LD(V) by at least 1: <= LD(H) mistakes.
* Halving (CHMS25 Algorithm 7): predict 1 iff at least half of V says 1; each mistake at least halves |V|:
  <= ⌊log2|H|⌋ mistakes (Fact E.1).
* The trichotomy (HMS23): M_tr(H, n) is n if VC(H) = ∞, Θ(log n) if VC < ∞ = LD, and Θ(1) if LD < ∞.
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np

from theory._validate import check_int

from ._bits import full_set, pack_columns
from ._classes import check_class
from ._littlestone import LDTable, _ld_exact

__all__ = ["Trichotomy", "halving_prediction", "sauer_shelah_bound", "soa_prediction", "trichotomy"]


def _check_mask(H: np.ndarray, mask: object, x: object) -> tuple[np.ndarray, int]:
    v = np.asarray(mask)
    if v.dtype != bool or v.shape != (H.shape[0],):
        raise ValueError(f"version must be a bool mask of shape ({H.shape[0]},), got {v.dtype} {v.shape}")
    if not v.any():
        raise ValueError("version is empty: the labels so far are not realizable by H")
    return v, check_int("x", x, low=0, high=H.shape[1] - 1)


def halving_prediction(H: object, version: object, x: int) -> int:
    """1 iff at least half of the hypotheses in ``version`` (bool mask over rows of H) say 1 at point x."""
    mat = check_class(H)
    v, x = _check_mask(mat, version, x)
    return int(2 * int(mat[v, x].sum()) >= int(v.sum()))


def soa_prediction(H: object, version: object, x: int) -> int:
    """The label r maximising LD(V_{x→r}) (ties: 1; an empty side has LD -1, so a constant V is followed)."""
    mat = check_class(H)
    v, x = _check_mask(mat, version, x)
    sub = mat[v]
    cols = pack_columns(sub)
    ones = int(sub[:, x].sum())
    if ones in (0, sub.shape[0]):
        return int(ones > 0)  # V is constant at x: its value is the only realizable label
    table = LDTable(*cols.shape).arrays()
    # The halves as bitsets over the rows of the version space: its column x, and the complement within V.
    side1 = cols[x].copy()
    side0 = full_set(sub.shape[0]) ^ side1
    return int(_ld_exact(cols, side1, table) >= _ld_exact(cols, side0, table))


def sauer_shelah_bound(n: int, vc: int) -> int:
    """Σ_{i=0}^{vc} C(n, i): the most patterns a class of VC dimension ``vc`` shows on n points (Sauer–Shelah).

    >>> sauer_shelah_bound(5, 1)
    6
    """
    n = check_int("n", n, low=0)
    vc = check_int("vc", vc, low=0)
    # C(n, i) = 0 for i > n, so the sum stops at min(vc, n) and equals 2^n once vc >= n.
    return sum(math.comb(n, i) for i in range(min(vc, n) + 1))


@dataclasses.dataclass(frozen=True)
class Trichotomy:
    """The HMS23 regime of a class from its VC and Littlestone dimensions (``math.inf`` for infinite).

    ``regime`` is "n", "log n" or "constant". :meth:`bounds` gives elementary bounds on M_tr(H, n) valid in the
    regime: n exactly when VC = ∞; ⌊log2(n + 1)⌋ (thresholds of every length sit inside a class of infinite LD)
    up to ⌊log2 Σ_{i<=VC} C(n, i)⌋ (Halving on the projection H|x, Sauer–Shelah) when VC < ∞ = LD; and
    min(n, 1) (LD >= 1) or min(n, 2) (LD >= 2 and n >= 3: root, then both children of a shattered tree) up to
    min(n, LD) when LD < ∞. The Θ(1) constant is Θ(√LD) (CHMS25), not encoded here.
    """

    vc: float
    ld: float
    regime: str

    def bounds(self, n: int) -> tuple[int, int]:
        """(lower, upper) bound on M_tr(H, n) for sequences of n points."""
        n = check_int("n", n, low=0)
        if self.regime == "n":
            return n, n
        if self.regime == "log n":
            return int(math.log2(n + 1)), int(math.floor(math.log2(sauer_shelah_bound(n, int(self.vc)))))
        ld = int(self.ld)
        lower = 0 if ld == 0 or n == 0 else (2 if ld >= 2 and n >= 3 else 1)
        return lower, min(n, ld)


def trichotomy(vc: float, ld: float) -> Trichotomy:
    """Classify a class by (VC, LD), each a non-negative integer or ``math.inf``; requires VC <= LD."""
    for name, value in (("vc", vc), ("ld", ld)):
        if not (value == math.inf or (isinstance(value, int | np.integer) and value >= 0)):
            raise ValueError(f"{name} must be a non-negative integer or math.inf, got {value!r}")
    if vc > ld:
        raise ValueError(f"VC <= LD holds for every class, got vc = {vc} > ld = {ld}")
    regime = "n" if vc == math.inf else ("log n" if ld == math.inf else "constant")
    return Trichotomy(float(vc), float(ld), regime)
