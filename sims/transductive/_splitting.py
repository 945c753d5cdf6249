"""The splitting-experts learner of CHMS25 (Algorithms 5, 6a–6c) on tree classes, with tunable thresholds.

An expert e = (S, u, H) with weight w(e): S is the "danger zone" (unlabelled nodes among the first t_max that
might be on the target's path, not ancestors of u), u the deepest node assumed on the path (the root at first),
H its version space. One expert ({x_1..x_tmax}, root, H) starts with weight 1; the learner predicts the weighted
majority (ties: 1). EXPERT.PREDICT(e, x):
  1. |H| <= 2^{c_h·√d}: the Halving prediction on H;
  2. x a strict ancestor of u: the direction from x towards u;
  3. else 1 iff more than |S|/3 of S lies in x's 1-subtree (danger-zone minimisation).
After y_t every expert filters H (BASICUPDATE); an expert that erred also runs EXTENDEDUPDATE, which returns U:
  1. |H| <= 2^{c_h·√d}: U = {e};
  2. |S_{1-y}| > |S|/3 (S_b: the part of S in x's b-subtree): U = {(S \\ S_{1-y}, u, H)};
  3. otherwise split: U = {(S, u, {h : x ∉ path(h)}), (S_0 ∪ S_1, x if u ≼ x else u, {h : x ∈ path(h)})};
each returned expert gets weight w(e) / (2|U|). The paper takes t_max = 2^{4√d} and c_h = 2; both constants are
parameters here so the learner can run at d <= 20. Experts left with an empty H are dropped (their weight is
logged). Choices the spec leaves open, made here: a labelled node leaves every S after the round.
"""

from __future__ import annotations

import dataclasses
import math
from typing import Any

import numpy as np

from theory._validate import check_int, check_real
from theory.transductive import node_depth

from ._sequences import range_bitset
from ._space import GameClass, count, restrict

__all__ = ["SplittingExpertsLearner"]


@dataclasses.dataclass
class _Expert:
    zone: np.ndarray  # S, sorted int64 node indices
    u: int
    version: np.ndarray  # H as a bitset
    weight: float
    mistakes: int = 0


def _in_subtree(nodes: np.ndarray, top: int) -> np.ndarray:
    """Mask of the ``nodes`` that are ``top`` or below it (heap numbering: ancestors are prefixes of i + 1)."""
    if nodes.size == 0:
        return np.zeros(0, dtype=bool)
    depth, top_depth = node_depth(nodes), int(node_depth(top))
    shift = np.maximum(depth - top_depth, 0)
    return (depth >= top_depth) & (((nodes + 1) >> shift) == top + 1)


def _is_ancestor(a: int, v: int) -> bool:
    """a ≼ v (a is v or above it)."""
    return bool(_in_subtree(np.array([v]), a)[0])


class SplittingExpertsLearner:
    """CHMS25 Algorithm 5 with t_max = 2^{c_tmax·√d} and the Halving switch at |H| <= 2^{c_halving·√d}.

    ``target`` (optional, a hypothesis index) only adds diagnostics to :meth:`info`: per round, how many experts
    hold the target (Claim D.4: one), whether that expert's u is on the target's path and its S holds every
    later on-path node below u among the first t_max (Claim D.5), and its weight and own mistakes (Claim D.7).
    """

    def __init__(self, c_tmax: float = 4.0, c_halving: float = 2.0, target: int | None = None) -> None:
        self.c_tmax = check_real("c_tmax", c_tmax, low=0.0)
        self.c_halving = check_real("c_halving", c_halving, low=0.0)
        self.target = None if target is None else check_int("target", target, low=0)

    def start(self, cls: GameClass, order: np.ndarray | None) -> None:
        if cls.tree is None or order is None:
            raise ValueError(
                "SplittingExpertsLearner plays the transductive game on a tree class (GameClass.from_tree)"
            )
        self.cls, self.order = cls, order
        root = math.sqrt(cls.tree.d)
        self.halving_size = 2.0 ** (self.c_halving * root)
        self.t_max = int(min(len(order), math.floor(2.0 ** (self.c_tmax * root))))
        zone = np.unique(order[: self.t_max]).astype(np.int64)
        self.experts = [_Expert(zone, 0, cls.full(), 1.0)]
        self.log: dict[str, list] = {k: [] for k in ("experts", "total_weight", "mistake_ratios", "dropped_weight")}
        self.log.update({k: [] for k in ("d4_holders", "d5_holds", "target_weight", "target_mistakes")})

    def _predict_one(self, e: _Expert, x: int, col: np.ndarray) -> int:
        size = count(e.version)
        if size <= self.halving_size:
            return int(2 * count(e.version & col) >= size)
        if x != e.u and _is_ancestor(x, e.u):
            # The bit of u's path just below x: u + 1 in binary is the path, read from the top.
            return int(((e.u + 1) >> (int(node_depth(e.u)) - int(node_depth(x)) - 1)) & 1)
        return int(3 * int(_in_subtree(e.zone, 2 * x + 2).sum()) > e.zone.size)

    def predict(self, t: int, x: int) -> int:
        col = self.cls.column(x)
        self._votes = [self._predict_one(e, x, col) for e in self.experts]
        ones = sum(e.weight for e, v in zip(self.experts, self._votes, strict=True) if v == 1)
        total = sum(e.weight for e in self.experts)
        self._prediction = int(2 * ones >= total)
        return self._prediction

    def _extended(self, e: _Expert, x: int, y: int) -> list[_Expert]:
        if count(e.version) <= self.halving_size:
            return [e]
        sides = [_in_subtree(e.zone, 2 * x + 1 + b) for b in (0, 1)]
        if 3 * int(sides[1 - y].sum()) > e.zone.size:
            return [_Expert(e.zone[~sides[1 - y]], e.u, e.version, e.weight, e.mistakes)]
        on_path = range_bitset(*self.cls.tree.on_path(x), self.cls.n_hypotheses)
        below = e.zone[sides[0] | sides[1]]
        u_in = x if _is_ancestor(e.u, x) else e.u
        return [
            _Expert(e.zone, e.u, e.version & ~on_path, e.weight, e.mistakes),
            _Expert(below, u_in, e.version & on_path, e.weight, e.mistakes),
        ]

    def update(self, t: int, x: int, y: int) -> None:
        col = self.cls.column(x)
        before = sum(e.weight for e in self.experts)
        grown: list[_Expert] = []
        for e, vote in zip(self.experts, self._votes, strict=True):
            e.version = restrict(e.version, col, y)  # BASICUPDATE
            if vote == y:
                grown.append(e)
                continue
            e.mistakes += 1
            returned = self._extended(e, x, y)
            for r in returned:
                r.weight = e.weight / (2 * len(returned))
            grown.extend(returned)
        after = sum(e.weight for e in grown)
        if self._prediction != y:
            self.log["mistake_ratios"].append(after / before)  # Claim D.8: the paper says <= 1/2
        self.log["dropped_weight"].append(sum(e.weight for e in grown if not e.version.any()))
        self.experts = [e for e in grown if e.version.any()]
        for e in self.experts:
            e.zone = e.zone[e.zone != x]
        self.log["experts"].append(len(self.experts))
        self.log["total_weight"].append(sum(e.weight for e in self.experts))
        if self.target is not None:
            self._check_target(t)

    def _check_target(self, t: int) -> None:
        h = self.target
        holders = [e for e in self.experts if (int(e.version[h >> 6]) >> (h & 63)) & 1]
        self.log["d4_holders"].append(len(holders))
        if len(holders) != 1:
            self.log["d5_holds"].append(False)
            return
        e = holders[0]
        path = set(self.cls.tree.path(h).tolist())
        future = [v for v in self.order[t + 1 : self.t_max].tolist() if v in path and _is_ancestor(e.u, v)]
        covered = all(v == e.u or v in set(e.zone.tolist()) for v in future)
        self.log["d5_holds"].append(bool(e.u in path and covered))
        self.log["target_weight"].append(e.weight)
        self.log["target_mistakes"].append(e.mistakes)

    def info(self) -> dict[str, Any]:
        return {
            "t_max": self.t_max,
            "halving_size": self.halving_size,
            "final_experts": len(self.experts),
            # Counts stay integers in the JSON log; weights and ratios are floats.
            **{k: [v if isinstance(v, bool | int) else float(v) for v in vals] for k, vals in self.log.items()},
        }
