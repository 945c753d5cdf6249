"""CHMS25 Lemma D.2 on sampled sparse tree classes at small d: how often do its two items fail?

The lemma, in its own index d' (class h_b, b ∈ {0,1}^{d'+1}, on the d' + 1 levels of T_{d'}; on-path values forced,
off-path values i.i.d. Bernoulli(2^{-√d'})): with high probability, for all H' ⊆ H and X' ⊆ T_{d'},

1. if every x ∈ X' is off-path with h(x) = 0 for every h ∈ H', then min{|H'|, |X'|} < 2^{2√d'};
2. if every x ∈ X' is off-path with h(x) = 1 for every h ∈ H', then |H'| < 2^{2√d'} or |X'| < 3√d'.

Indexing (spec §1.2): Theorem D.1 applies the lemma with d' = d - 1 to a class of Littlestone dimension d. Here
``d`` is that LD, as everywhere in the package: the class is :class:`TreeClass` (d, p), 2^d functions on the
2^d - 1 nodes of T_{d-1}, and every formula of the lemma is evaluated at d' = d - 1.

Rescaling. The proof needs d' >= 42; at d <= 6 the paper's cut-offs are unreachable or nearly so. Item 1's
2^{2√d'} exceeds the 2^d - 1 - d nodes off one function's path for d <= 4. Item 2's row cut-off 2^{2√d'} = p^{-2}
exceeds the expected number of off-path ones of a column (at most p·2^d) whenever 3√d' > d' + 1, i.e. d' <= 6, so
only rare columns reach it. The cut-offs are therefore parameters (and the paper's are decided in every run too):

* item 1: min{|H'|, |X'|} >= 2^{a0·√d'} is a failure. Paper a0 = 2; default a0 = 1.5, the geometric midpoint
  between p^{-1} (a0 = 1) and the paper's p^{-2}.
* item 2: |H'| >= 2^{a1·√d'} and |X'| >= c·√d' is a failure. Paper a1 = 2, c = 3; default a1 = 1 (p^{-1} rows,
  the largest round exponent with 2^{a1·√d'} <= p·2^{d'+1} for every d', as 2√d' <= d' + 1) and c = 3.

A failure needs integer sizes at or above a cut-off, so each cut-off is rounded up. The run decides both items at
the rescaled and at the paper's cut-offs, each by an exact search (:func:`has_rectangle`), and reports failure
rates with Wilson intervals. A cut-off no class could reach (more than 2^d - 2 functions, as every node is on at
least two paths, or more than 2^d - 1 - d nodes, as every path has d) is flagged ``vacuous``.
"""

from __future__ import annotations

import dataclasses
import math
from typing import Any

import numpy as np
from numba import njit
from scipy.stats import binomtest

from sims._config import Config, jsonable
from theory._validate import check_int, check_real
from theory.transductive import TreeClass, check_class, off_path_mask

__all__ = ["LemmaD2Config", "has_rectangle", "lemma_d2_cutoffs", "run_lemma_d2"]

#: The paper's constants: item 1 and item 2 row cut-off 2^{2√d'}, item 2 column cut-off 3√d'.
PAPER = {"zero_exponent": 2.0, "one_exponent": 2.0, "one_factor": 3.0}


@njit(cache=True)
def _peel(good, alive, cand, k, rows, need, counts):  # pragma: no cover - jitted
    """Shrink the candidate columns ``cand[:k]`` and the rows ``alive`` to what a completion can still use.

    A completion adds ``need`` columns from the candidates and keeps >= ``rows`` alive rows good on all of them, so
    a column with fewer than ``rows`` good alive rows, and a row good on fewer than ``need`` candidates, can go;
    removing one can doom the other, hence the fixpoint. Survivors are sorted by decreasing count (most promising
    first, so a witness is found early). Returns the new number of candidates, or -1 if no completion exists.
    """
    m = good.shape[0]
    while True:
        kept = 0
        for j in range(k):
            total = 0
            for h in range(m):
                total += alive[h] & good[h, cand[j]]
            if total >= rows:
                cand[kept] = cand[j]
                counts[kept] = total
                kept += 1
        if kept < need:
            return -1
        changed = kept < k
        k = kept
        live = 0
        for h in range(m):
            if alive[h]:
                total = 0
                for j in range(k):
                    total += good[h, cand[j]]
                if total < need:
                    alive[h] = 0
                    changed = True
                else:
                    live += 1
        if live < rows:
            return -1
        if not changed:
            break
    cand[:k] = cand[:k][np.argsort(-counts[:k], kind="mergesort")]
    return k


@njit(cache=True)
def _rectangle_kernel(good, rows, cols):  # pragma: no cover - jitted
    """(found, search nodes): is there a rectangle of >= rows rows and >= cols columns, all good? rows, cols >= 1.

    Depth-first over column sets, one column per level; at depth s the state is the rows good on the s chosen
    columns (``alive[s]``) and the candidate columns (``cand[s, :ncand[s]]``), of which child i takes the i-th and
    passes on those after it, so each column set is met once. Explicit stack: numba's cache cannot reload a
    recursive function.
    """
    m, n = good.shape
    alive = np.zeros((cols, m), dtype=np.uint8)
    cand = np.zeros((cols, n), dtype=np.int64)
    ncand = np.zeros(cols, dtype=np.int64)
    pos = np.zeros(cols, dtype=np.int64)
    counts = np.zeros(n, dtype=np.int64)
    alive[0, :] = 1
    cand[0, :] = np.arange(n)
    ncand[0] = n
    nodes = 0
    s = 0
    entering = True
    while s >= 0:
        need = cols - s
        if entering:
            nodes += 1
            entering = False
            k = _peel(good, alive[s], cand[s], ncand[s], rows, need, counts)
            if k < 0:
                s -= 1
                continue
            if need == 1:
                return True, nodes  # every surviving candidate has >= rows good alive rows
            ncand[s] = k
            pos[s] = 0
        i = pos[s]
        if i > ncand[s] - need:  # fewer than `need` candidates left after the i-th
            s -= 1
            continue
        pos[s] = i + 1
        c = cand[s, i]
        for h in range(m):
            alive[s + 1, h] = alive[s, h] & good[h, c]
        rest = ncand[s] - i - 1
        cand[s + 1, :rest] = cand[s, i + 1 : ncand[s]]
        ncand[s + 1] = rest
        s += 1
        entering = True
    return False, nodes


def _search(good: np.ndarray, rows: int, cols: int) -> tuple[bool, int]:
    """:func:`has_rectangle` on a validated uint8 matrix, with the number of search nodes."""
    if rows == 0 or cols == 0:
        # An empty side makes the other side unconstrained: all rows, or all columns, qualify.
        return (good.shape[0] >= rows and good.shape[1] >= cols), 0
    found, nodes = _rectangle_kernel(good, np.int64(rows), np.int64(cols))
    return bool(found), int(nodes)


def has_rectangle(good: object, rows: int, cols: int) -> bool:
    """Whether some H' (>= ``rows`` rows) and X' (>= ``cols`` columns) of the 0/1 matrix ``good`` (m, n) have
    good[h, x] = 1 for every h ∈ H', x ∈ X': an exact branch and bound over column sets.

    >>> has_rectangle([[1, 1, 0], [1, 1, 1], [0, 1, 1]], 2, 2)
    True
    >>> has_rectangle([[1, 1, 0], [1, 1, 1], [0, 1, 1]], 3, 2)
    False
    """
    mat = check_class(good, "good")
    return _search(mat, check_int("rows", rows, low=0), check_int("cols", cols, low=0))[0]


def lemma_d2_cutoffs(d: int, zero_exponent: float, one_exponent: float, one_factor: float) -> dict[str, int]:
    """Integer cut-offs at LD d (lemma index d' = d - 1): item 1 side ⌈2^{a0·√d'}⌉, item 2 rows ⌈2^{a1·√d'}⌉ and
    columns ⌈c·√d'⌉ (a size reaches a real cut-off iff it reaches its ceiling).

    >>> lemma_d2_cutoffs(5, 2.0, 2.0, 3.0)
    {'item1_side': 16, 'item2_rows': 16, 'item2_cols': 6}
    """
    root = math.sqrt(check_int("d", d, low=2) - 1)
    a0 = check_real("zero_exponent", zero_exponent, low=0.0, low_open=True)
    a1 = check_real("one_exponent", one_exponent, low=0.0, low_open=True)
    c = check_real("one_factor", one_factor, low=0.0, low_open=True)
    return {
        "item1_side": math.ceil(2.0 ** (a0 * root)),
        "item2_rows": math.ceil(2.0 ** (a1 * root)),
        "item2_cols": math.ceil(c * root),
    }


@dataclasses.dataclass(frozen=True)
class LemmaD2Config(Config):
    """Sampled tree classes and the (rescaled) cut-offs of Lemma D.2 (see the module docstring).

    Attributes
    ----------
    d : int in [2, 6]
        LD of the sampled classes (2^d functions on the 2^d - 1 nodes of T_{d-1}); the lemma is read at d' = d - 1.
        d = 7 (128 x 127) is out: deciding a cut-off near the largest rectangle can take minutes per class.
    k : float >= 0 or None
        Off-path density p = 2^{-k}; None means the lemma's k = √d'.
    zero_exponent : float > 0
        a0 of item 1's cut-off 2^{a0·√d'} (paper: 2).
    one_exponent, one_factor : float > 0
        a1 and c of item 2's cut-offs 2^{a1·√d'} rows and c·√d' columns (paper: 2 and 3).
    samples : int >= 1
        Number of classes sampled.
    confidence : float in (0, 1)
        Level of the Wilson intervals.
    """

    d: int = 5
    k: float | None = None
    zero_exponent: float = 1.5
    one_exponent: float = 1.0
    one_factor: float = 3.0
    samples: int = 100
    confidence: float = 0.95

    def __post_init__(self) -> None:
        check_int("d", self.d, low=2, high=6)
        if self.k is not None:
            check_real("k", self.k, low=0.0)
        for name in ("zero_exponent", "one_exponent", "one_factor"):
            check_real(name, getattr(self, name), low=0.0, low_open=True)
        check_int("samples", self.samples, low=1)
        check_real("confidence", self.confidence, low=0.0, high=1.0, low_open=True, high_open=True)

    @property
    def density(self) -> float:
        """The off-path probability p."""
        return 2.0 ** -(math.sqrt(self.d - 1) if self.k is None else float(self.k))

    def cutoffs(self, paper: bool = False) -> dict[str, int]:
        """The configured cut-offs, or the paper's (``paper=True``), at this d."""
        constants = PAPER if paper else {name: getattr(self, name) for name in PAPER}
        return lemma_d2_cutoffs(self.d, **constants)


def _shapes(cut: dict[str, int]) -> dict[str, tuple[int, int]]:
    """(rows, columns) of the smallest rectangle that makes each item fail."""
    return {"item1": (cut["item1_side"], cut["item1_side"]), "item2": (cut["item2_rows"], cut["item2_cols"])}


def _rate(failures: int, samples: int, confidence: float, vacuous: bool) -> dict[str, Any]:
    """Failure count, rate and its Wilson interval [low, high] at level ``confidence``."""
    ci = binomtest(failures, samples).proportion_ci(confidence_level=confidence, method="wilson")
    return {"failures": failures, "rate": failures / samples, "ci": [ci.low, ci.high], "vacuous": vacuous}


def run_lemma_d2(config: LemmaD2Config, seed: int) -> dict[str, Any]:
    """Sample ``config.samples`` classes and decide, for each, whether items 1 and 2 fail at the configured
    ("rescaled") and at the paper's cut-offs. Returns the cut-offs; per item and cut-off set the failure count,
    rate, Wilson interval and vacuity flag; the largest number of off-path ones in any column (what item 2's row
    cut-off is up against); and the total number of search nodes. Class i is :class:`TreeClass` (d, p, s_i) with
    s_i = ``np.random.default_rng(seed).integers(0, 2**63 - 1, size=samples)[i]``, so any class can be rebuilt."""
    if not isinstance(config, LemmaD2Config):
        raise TypeError(f"config must be a LemmaD2Config, got {type(config).__name__}")
    seed = check_int("seed", seed, low=0)
    d = config.d
    cutoffs = {"rescaled": config.cutoffs(), "paper": config.cutoffs(paper=True)}
    shapes = {which: _shapes(cut) for which, cut in cutoffs.items()}
    off = off_path_mask(d)  # (2^d, 2^d - 1): the cells the lemma quantifies over
    failures = {(which, item): 0 for which, items in shapes.items() for item in items}
    most_ones, nodes = 0, 0
    for class_seed in np.random.default_rng(seed).integers(0, 2**63 - 1, size=config.samples).tolist():
        H = TreeClass(d, config.density, class_seed).dense().astype(bool)
        good = {
            "item1": np.ascontiguousarray(off & ~H, dtype=np.uint8),
            "item2": np.ascontiguousarray(off & H, dtype=np.uint8),
        }
        most_ones = max(most_ones, int(good["item2"].sum(axis=0).max()))
        for which, item in failures:
            found, searched = _search(good[item], *shapes[which][item])
            failures[which, item] += found
            nodes += searched
    # Off-path cells of one node: at most 2^d - 2 functions (a leaf is on two paths); of one function: at most
    # 2^d - 1 - d nodes (its path has d). A cut-off beyond these cannot be reached by any class.
    most_rows, most_cols = 2**d - 2, 2**d - 1 - d
    out: dict[str, Any] = {"config": config.to_dict(), "seed": seed, "d": d, "lemma_d": d - 1, "p": config.density}
    out.update(n_hypotheses=2**d, n_points=2**d - 1, cutoffs=cutoffs, max_column_ones=most_ones, search_nodes=nodes)
    for item in ("item1", "item2"):
        out[item] = {}
        for which in shapes:
            rows, cols = shapes[which][item]
            vacuous = rows > most_rows or cols > most_cols
            out[item][which] = _rate(failures[which, item], config.samples, config.confidence, vacuous)
    return jsonable(out)
