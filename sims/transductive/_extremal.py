"""Search for f(d) = min{M_tr(H) : LD(H) = d} over tree classes (spec §2.1: every LD-d class restricts to one).

A tree class with LD = d is fixed by its 2^d·(2^d - 1 - d) off-path bits (176 for d = 4). Three searches, each
deciding "M_tr <= target?" (a class with M_tr <= target is a *hit*):

* exhaustive, up to the child-swap symmetry of :mod:`._tree_symmetry`: one canonical representative of every orbit
  that holds a class with at most ``max_ones`` off-path ones. These orbits are exactly the classes of minority
  weight μ <= ``max_ones`` (per column, the fewer of its ones and zeros), so the part covers every class with at
  most ``max_ones`` off-path ones or zeros and ~2^(2^d - 2) times as many more; their number is the sum of the
  orbit sizes, computed from the stabilisers. A representative is first scored on a pool of sequences that
  forced more than ``target`` on earlier classes (W(H, x) > target on one sequence proves M_tr > target); only
  the ones no pool sequence settles go to the exact solver (``lower = target`` looks only for sequences forcing
  more), whose witness then joins the pool;
* uniform samples at several off-path densities (exact solver);
* annealing: single-bit flips scored by (M_tr, fraction of fixed random orderings on which W > target), the second
  term giving the walk a slope on the plateau where M_tr does not move.

Nothing here proves f(d) = target + 1: only the exhaustive part is a statement about all the classes it covers.
"""

from __future__ import annotations

import dataclasses
import math
from typing import Any

import numpy as np
from numba import njit

from sims._config import Config, jsonable
from theory._validate import check_int, check_real
from theory.transductive import (
    minimal_tree_class,
    mistake_bound_search,
    off_path_mask,
    pack_columns,
    transductive_values,
    tree_class_from_bits,
)

from ._tree_symmetry import MAX_D, layout, orbit_representatives

__all__ = ["ExtremalConfig", "search_extremal"]

#: The exhaustive part walks every subset of <= max_ones off-path positions once (to find the canonical ones); at
#: d = 4 the 1.37e9 subsets of max_ones = 5 take ~12 CPU minutes.
MAX_WALK = 1_500_000_000
#: Sequences kept in the witness pool (slot 0 always holds the breadth-first order of the whole tree).
POOL_SIZE = 32
#: Hits whose bits are kept in the result (all are counted).
KEPT_HITS = 5


@dataclasses.dataclass(frozen=True)
class ExtremalConfig(Config):
    """What :func:`search_extremal` tries.

    Attributes
    ----------
    d : int in [2, 5]
    target : int >= 1
        A class with M_tr <= target is a hit (for d = 4, target 2 would prove f(4) = 2).
    max_ones : int >= 0
        Exhaustive part: every orbit holding a class with at most this many off-path ones, i.e. every class of
        minority weight <= max_ones. Walking the C(free, <= max_ones) subsets must stay under ``MAX_WALK``
        (max_ones <= 5 at d = 4, <= 3 at d = 5).
    samples : int >= 0
        Uniform samples, split evenly over ``densities``.
    densities : tuple of floats in [0, 1]
    anneal_steps, anneal_orders : int >= 0
        Length of the annealing walk, and the number of fixed random orderings of its tie-breaking score.
    temperature : float > 0
    """

    d: int = 4
    target: int = 2
    max_ones: int = 2
    samples: int = 2000
    densities: tuple[float, ...] = (0.1, 0.3, 0.5, 0.7, 0.9)
    anneal_steps: int = 2000
    anneal_orders: int = 256
    temperature: float = 0.05

    def __post_init__(self) -> None:
        check_int("d", self.d, low=2, high=MAX_D)
        check_int("target", self.target, low=1)
        free = 2**self.d * (2**self.d - 1 - self.d)
        check_int("max_ones", self.max_ones, low=0, high=free)
        walk = sum(math.comb(free, j) for j in range(self.max_ones + 1))
        if walk > MAX_WALK:
            raise ValueError(
                f"max_ones = {self.max_ones} at d = {self.d} walks {walk:,} subsets of the {free} off-path bits; "
                f"at most {MAX_WALK:,} are allowed"
            )
        check_int("samples", self.samples, low=0)
        if not self.densities:
            raise ValueError("densities must hold at least one value")
        for p in self.densities:
            check_real("densities", p, low=0.0, high=1.0)
        check_int("anneal_steps", self.anneal_steps, low=0)
        check_int("anneal_orders", self.anneal_orders, low=1)
        check_real("temperature", self.temperature, low=0.0, low_open=True)


@njit(inline="always")
def _word_value(cols, seq, full, vs, ts, phase, zero_value):  # pragma: no cover - jitted
    """W(H, seq) of spec §1.3 for a class of <= 64 hypotheses (``cols[x]`` one uint64 word, bit b = H[b, x]).

    Explicit stack over (version space, position): phase 0 skips the points constant on the version space and
    pushes the 0-branch, phase 1 stores its value and pushes the 1-branch, phase 2 combines max(a, b) + [a == b].
    Every push moves past at least one point, so the stack (arrays of len(seq) + 1) never overflows.
    """
    n = seq.shape[0]
    vs[0], ts[0], phase[0] = full, 0, 0
    top, ret = 0, 0
    while top >= 0:
        if phase[top] == 0:
            v, t = vs[top], ts[top]
            while t < n and ((v & cols[seq[t]]) == 0 or (v & ~cols[seq[t]]) == 0):
                t += 1
            if t == n:
                ret = 0
                top -= 1
                continue
            ts[top], phase[top] = t, 1
            vs[top + 1], ts[top + 1], phase[top + 1] = v & ~cols[seq[t]], t + 1, 0
            top += 1
        elif phase[top] == 1:
            zero_value[top], phase[top] = ret, 2
            t = ts[top]
            vs[top + 1], ts[top + 1], phase[top + 1] = vs[top] & cols[seq[t]], t + 1, 0
            top += 1
        else:
            a = zero_value[top]
            ret = max(a, ret) + (a == ret)
            top -= 1
    return ret


@njit(cache=True)
def _screen_kernel(reps, base, full, row, col, pool, n_pool, target):  # pragma: no cover - jitted
    """For each row of ``reps`` (off-path one-positions): the largest W(H, x) over pool rows x < n_pool, stopping
    as soon as one exceeds ``target``. H is the minimal tree class (column words ``base``) with those ones set."""
    n = pool.shape[1]
    cols = np.empty_like(base)
    vs, ts = np.empty(n + 1, np.uint64), np.empty(n + 1, np.int64)
    phase, zero_value = np.empty(n + 1, np.int64), np.empty(n + 1, np.int64)
    out = np.empty(reps.shape[0], np.int64)
    for r in range(reps.shape[0]):
        cols[:] = base
        for i in range(reps.shape[1]):
            cols[col[reps[r, i]]] |= np.uint64(1) << np.uint64(row[reps[r, i]])
        best = 0
        for q in range(n_pool):
            best = max(best, _word_value(cols, pool[q], full, vs, ts, phase, zero_value))
            if best > target:
                break
        out[r] = best
    return out


class _WitnessPool:
    """Sequences that forced more than ``target`` mistakes on some class, padded to 2^d - 1 points by repeating
    their last point (a repeat never changes W). Slot 0 is the breadth-first order, which forces d on the minimal
    class; new witnesses overwrite the other slots in turn."""

    def __init__(self, d: int, target: int) -> None:
        self.target = target
        self.layout = layout(d)
        self.base = np.ascontiguousarray(pack_columns(minimal_tree_class(d))[:, 0])
        self.full = np.uint64((1 << 2**d) - 1)
        self.seqs = np.tile(np.arange(2**d - 1, dtype=np.int64), (POOL_SIZE, 1))
        self.added = 0

    def add(self, witness: np.ndarray) -> None:
        """Store a sequence with W > target; its repeated points are dropped first (so it fits 2^d - 1 slots)."""
        first = np.sort(np.unique(witness, return_index=True)[1])
        slot = 1 + self.added % (POOL_SIZE - 1)
        self.seqs[slot] = witness[first[-1]]
        self.seqs[slot, : first.size] = witness[first]
        self.added += 1

    def values(self, reps: np.ndarray) -> np.ndarray:
        """Per row of one-positions: max W over the pool (a lower bound on M_tr), early-stopped above target."""
        n_pool = np.int64(min(POOL_SIZE, 1 + self.added))
        lay = self.layout
        return _screen_kernel(reps, self.base, self.full, lay.row, lay.col, self.seqs, n_pool, np.int64(self.target))


def _exhaustive(config: ExtremalConfig, hits: list[list[int]]) -> dict[str, Any]:
    """One representative per orbit of minority weight <= max_ones; appends hits; returns the counts."""
    d, target = config.d, config.target
    free = int(off_path_mask(d).sum())
    pool = _WitnessPool(d, target)
    by_weight, solved, n_hits, lowest = [], 0, 0, math.inf
    for k in range(config.max_ones + 1):
        n_reps = n_classes = 0
        for reps, sizes in orbit_representatives(d, k):
            values = pool.values(reps)
            for r in np.flatnonzero(values <= target):
                values[r] = pool.values(reps[r : r + 1])[0]  # the pool may have grown since the chunk was scored
                if values[r] > target:
                    continue
                bits = np.zeros(free, dtype=np.int64)
                bits[reps[r]] = 1
                result = mistake_bound_search(tree_class_from_bits(d, bits), lower=target)
                solved += 1
                values[r] = result.value
                if result.value > target:
                    pool.add(result.witness)
                else:
                    n_hits += 1
                    if len(hits) < KEPT_HITS:
                        hits.append(bits.tolist())
            if values.size:
                lowest = min(lowest, int(values.min()))
            n_reps += reps.shape[0]
            n_classes += int(sizes.sum())
        by_weight.append({"weight": k, "representatives": n_reps, "classes": n_classes})
    return {
        "classes": sum(w["classes"] for w in by_weight),
        "representatives": sum(w["representatives"] for w in by_weight),
        "solved": solved,
        "hits": n_hits,
        "min": lowest,
        "few_ones": sum(math.comb(free, j) for j in range(config.max_ones + 1)),
        "by_weight": by_weight,
    }


def _value(d: int, bits: np.ndarray, target: int) -> int:
    """max(target, M_tr) of the class: a result equal to target means M_tr <= target (a hit)."""
    return mistake_bound_search(tree_class_from_bits(d, bits), lower=target).value


def search_extremal(config: ExtremalConfig, seed: int) -> dict[str, Any]:
    """Run the three searches and report what each covered, the smallest value each saw, and any hit's bits.

    ``exhaustive``: ``classes`` (raw classes covered: all of minority weight <= max_ones, the sum of the orbit
    sizes), ``representatives`` (orbits, each scored once), ``solved`` (of those, sent to the exact solver),
    ``hits`` (orbits with M_tr <= target),
    ``few_ones`` (the C(free, <= max_ones) classes with at most max_ones ones, all among the covered), ``by_weight``
    (the same per minority weight) and ``min``: every covered class has max(target, M_tr) >= min, with equality for
    hits. ``sampled``: ``classes`` and ``min`` of max(target, M_tr). ``hits``: the bits of the first ``KEPT_HITS``
    hits (exhaustive ones are canonical representatives); ``found``: whether any search hit.
    """
    if not isinstance(config, ExtremalConfig):
        raise TypeError(f"config must be an ExtremalConfig, got {type(config).__name__}")
    rng = np.random.default_rng(check_int("seed", seed, low=0))
    d, target = config.d, config.target
    free = int(off_path_mask(d).sum())
    hits: list[list[int]] = []

    def score(bits: np.ndarray) -> int:
        value = _value(d, bits, target)
        if value <= target and len(hits) < KEPT_HITS:
            hits.append(bits.tolist())
        return value

    exhaustive = _exhaustive(config, hits)
    sampled = {"classes": 0, "min": math.inf}
    for p in config.densities:
        for _ in range(config.samples // len(config.densities)):
            sampled["min"] = min(sampled["min"], score((rng.random(free) < p).astype(np.int64)))
            sampled["classes"] += 1
    orders = np.array([rng.permutation(2**d - 1) for _ in range(config.anneal_orders)])

    def energy(bits: np.ndarray) -> float:
        H = tree_class_from_bits(d, bits)
        return score(bits) + float(np.mean(transductive_values(H, orders) > target))

    bits = (rng.random(free) < 0.5).astype(np.int64)
    current = energy(bits)
    best = current
    for _ in range(config.anneal_steps):
        flip = int(rng.integers(free))
        bits[flip] ^= 1
        proposal = energy(bits)
        if proposal <= current or rng.random() < math.exp((current - proposal) / config.temperature):
            current, best = proposal, min(best, proposal)
        else:
            bits[flip] ^= 1
    return jsonable(
        {
            "config": config.to_dict(),
            "seed": seed,
            "free_bits": free,
            "exhaustive": exhaustive,
            "sampled": sampled,
            "anneal_best_energy": best,
            "hits": hits,
            "found": bool(hits),
        }
    )
