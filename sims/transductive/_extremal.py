"""Search for f(d) = min{M_tr(H) : LD(H) = d} over tree classes (spec §2.1: every LD-d class restricts to one).

A tree class with LD = d is fixed by its 2^d·(2^d - 1 - d) off-path bits (176 for d = 4). Three searches, each
deciding "M_tr <= target?" with the exact solver (``lower = target`` looks only for sequences forcing more):

* exhaustive over every class with at most ``max_ones`` off-path ones; flipping every column (and mirroring the
  tree) maps a class to one with the same M_tr and LD whose off-path bits are complemented, so this also covers
  every class with at most ``max_ones`` off-path zeros;
* uniform samples at several off-path densities;
* annealing: single-bit flips scored by (M_tr, fraction of fixed random orderings on which W > target), the second
  term giving the walk a slope on the plateau where M_tr does not move.

Nothing here proves f(d) = target + 1: only the exhaustive part is a statement about all the classes it covers.
"""

from __future__ import annotations

import dataclasses
import itertools
import math
from typing import Any

import numpy as np

from sims._config import Config, jsonable
from theory._validate import check_int, check_real
from theory.transductive import mistake_bound_search, off_path_mask, transductive_values, tree_class_from_bits

__all__ = ["ExtremalConfig", "search_extremal"]


@dataclasses.dataclass(frozen=True)
class ExtremalConfig(Config):
    """What :func:`search_extremal` tries.

    Attributes
    ----------
    d : int in [2, 5]
    target : int >= 1
        A class with M_tr <= target is a hit (for d = 4, target 2 would prove f(4) = 2).
    max_ones : int >= 0
        Exhaustive part: every class with at most this many off-path ones.
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
        check_int("d", self.d, low=2, high=5)
        check_int("target", self.target, low=1)
        check_int("max_ones", self.max_ones, low=0, high=4)
        check_int("samples", self.samples, low=0)
        if not self.densities:
            raise ValueError("densities must hold at least one value")
        for p in self.densities:
            check_real("densities", p, low=0.0, high=1.0)
        check_int("anneal_steps", self.anneal_steps, low=0)
        check_int("anneal_orders", self.anneal_orders, low=1)
        check_real("temperature", self.temperature, low=0.0, low_open=True)


def _value(d: int, bits: np.ndarray, target: int) -> int:
    """max(target, M_tr) of the class: a result equal to target means M_tr <= target (a hit)."""
    return mistake_bound_search(tree_class_from_bits(d, bits), lower=target).value


def search_extremal(config: ExtremalConfig, seed: int) -> dict[str, Any]:
    """Run the three searches; returns counts, the smallest max(target, M_tr) seen by each, and any hit's bits."""
    if not isinstance(config, ExtremalConfig):
        raise TypeError(f"config must be an ExtremalConfig, got {type(config).__name__}")
    rng = np.random.default_rng(check_int("seed", seed, low=0))
    d, target = config.d, config.target
    free = int(off_path_mask(d).sum())
    hits: list[list[int]] = []

    def score(bits: np.ndarray) -> int:
        value = _value(d, bits, target)
        if value <= target:
            hits.append(bits.tolist())
        return value

    exhaustive = {"classes": 0, "min": math.inf}
    for k in range(config.max_ones + 1):
        for ones in itertools.combinations(range(free), k):
            bits = np.zeros(free, dtype=np.int64)
            bits[list(ones)] = 1
            exhaustive["min"] = min(exhaustive["min"], score(bits))
            exhaustive["classes"] += 1
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
            "hits": hits[:5],
            "found": bool(hits),
        }
    )
