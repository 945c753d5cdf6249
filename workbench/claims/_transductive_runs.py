"""Shared computations behind the transductive claims and figures, cached per budget and process.

Four groups, each computed on first use: exact solves of random classes, exact solves of tree classes and C_lw
products, adversary sequences on Bernoulli tree classes (d = 12..20), and learner games on them. Work goes to the
executor as module-level functions of plain ints, floats and dicts (picklable for a process pool or Dask).
"""

from __future__ import annotations

import dataclasses
import math
import time
from concurrent.futures import Executor
from typing import Any

import numpy as np
from tqdm.auto import tqdm

from sims.transductive import (
    AdversaryConfig,
    ExtremalConfig,
    LearnerConfig,
    run_adversary,
    run_learner,
    search_extremal,
)
from theory.transductive import (
    clw_class,
    disjoint_product,
    littlestone_dimension,
    minimal_forcing_sequence,
    mistake_bound_search,
    random_class,
    thresholds,
    transductive_value,
    tree_class,
    vc_dimension,
)
from workbench.registry import check_budget

__all__ = ["PRESETS", "Preset", "extremal_run", "gap_runs", "learner_runs", "random_runs", "tradeoff_runs", "tree_runs"]


@dataclasses.dataclass(frozen=True)
class Preset:
    """What a budget runs (sizes and seeds of every group)."""

    random_classes: int  # random classes solved exactly (sandwich, Theorem C.2)
    random_points: int  # at most this many points ...
    random_rows: int  # ... and hypotheses each
    thresholds_n: int  # thresholds on n = 1..thresholds_n points
    minimal_d: int  # minimal tree classes d = 1..minimal_d
    bernoulli_d: tuple[int, ...]  # exact M_tr of Bernoulli(2^-√d) tree classes (figure)
    bernoulli_seeds: int
    node_limit: int  # branch-and-bound budget per tree class (results are marked exact or not)
    products: tuple[str, ...]  # C_lw products solved exactly
    gap_d: tuple[int, ...]  # d of the adversary sweep on Bernoulli(2^-√d) classes
    gap_m: tuple[int, ...]  # Algorithm 2 budgets M tried
    gap_seeds: tuple[int, ...]
    learner_d: tuple[int, ...]
    learner_seeds: tuple[int, ...]
    tradeoff_d: int  # d of the d/k + k sweep over the density exponent k
    tradeoff_k: tuple[float, ...]
    extremal: ExtremalConfig  # the f(4) search


PRESETS: dict[str, Preset] = {
    "smoke": Preset(12, 6, 24, 7, 4, (3, 4, 5), 3, 20_000, ("C_lw x thresholds(3)",), (12,), (1, 2), (0,), (12,), (0,),
                    12, (2.0, 4.0), ExtremalConfig(max_ones=1, samples=100, anneal_steps=50, anneal_orders=64)),
    "quick": Preset(300, 8, 64, 12, 6, (3, 4, 5, 6, 7), 8, 100_000,
                    ("C_lw x C_lw", "C_lw x thresholds(3)"), (12, 14, 16, 18, 20), (1, 2, 3),
                    (0, 1), (12, 14, 16, 18, 20), (0, 1), 14, (1.0, 2.0, 3.0, 4.0, 6.0),
                    ExtremalConfig(max_ones=3, samples=4000, anneal_steps=1500)),
    "full": Preset(1000, 8, 64, 15, 7, (3, 4, 5, 6, 7, 8), 16, 2_000_000,
                   ("C_lw x C_lw", "C_lw x thresholds(3)", "C_lw x C_lw x C_lw"), (12, 14, 16, 18, 20), (1, 2, 3, 4),
                   (0, 1, 2, 3), (12, 14, 16, 18, 20), (0, 1, 2, 3), 16, (1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 8.0),
                   ExtremalConfig(max_ones=5, samples=50_000, anneal_steps=20_000)),
}  # fmt: skip

PRODUCTS = {
    "C_lw x C_lw": lambda: disjoint_product(clw_class(), clw_class()),
    "C_lw x thresholds(3)": lambda: disjoint_product(clw_class(), thresholds(3)),
    "C_lw x C_lw x C_lw": lambda: disjoint_product(clw_class(), clw_class(), clw_class()),
}


# --- tasks (run on workers) ------------------------------------------------------------------------------------
def random_classes_task(start: int, stop: int, max_points: int, max_rows: int) -> list[dict[str, Any]]:
    """Solve the random classes with seeds [start, stop) exactly: VC, LD, M_tr, and Theorem C.2 on a witness."""
    rows = []
    for seed in range(start, stop):
        rng = np.random.default_rng(seed)
        n, m = int(rng.integers(2, max_points + 1)), int(rng.integers(2, max_rows + 1))
        H = random_class(m, n, float(rng.uniform(0.15, 0.85)), seed=seed)
        search = mistake_bound_search(H)
        order = rng.permutation(n)  # a random ordering: Theorem C.2 must hold on every sequence
        short = [minimal_forcing_sequence(H, seq) for seq in (search.witness, order)]
        rows.append(
            {
                "seed": seed,
                "points": n,
                "rows": m,
                "vc": vc_dimension(H),
                "ld": littlestone_dimension(H),
                "mtr": search.value,
                "log2_size": int(math.floor(math.log2(m))),
                "order_value": transductive_value(H, order),
                "forcing": [[len(s), transductive_value(H, s)] for s in short],
            }
        )
    return rows


def tree_task(d: int, p: float, seed: int, node_limit: int | None) -> dict[str, Any]:
    """Exact (or node-limited) M_tr of one dense tree class, with its LD and the breadth-first value."""
    H = tree_class(d, p, seed)
    clock = time.perf_counter()
    search = mistake_bound_search(H, node_limit=node_limit)
    return {
        "d": d,
        "p": p,
        "seed": seed,
        "ld": littlestone_dimension(H),
        "mtr": search.value,
        "exact": search.exact,
        "upper": search.upper,
        "expanded": search.expanded,
        "bfs_value": transductive_value(H, np.arange(H.shape[1])),
        "seconds": time.perf_counter() - clock,
    }


def product_task(name: str) -> dict[str, Any]:
    H = PRODUCTS[name]()
    search = mistake_bound_search(H)
    return {"name": name, "ld": littlestone_dimension(H), "mtr": search.value, "exact": search.exact}


def adversary_task(config: dict[str, Any], seed: int) -> dict[str, Any]:
    return run_adversary(AdversaryConfig.from_dict(config), seed)


def learner_task(config: dict[str, Any], seed: int) -> dict[str, Any]:
    return run_learner(LearnerConfig.from_dict(config), seed)


def extremal_task(config: dict[str, Any], seed: int) -> dict[str, Any]:
    return search_extremal(ExtremalConfig.from_dict(config), seed)


# --- cached groups ---------------------------------------------------------------------------------------------
_CACHE: dict[tuple[str, str], Any] = {}


def _cached(group: str, budget: str, compute) -> Any:
    check_budget(budget)
    if (group, budget) not in _CACHE:
        _CACHE[group, budget] = compute(PRESETS[budget])
    return _CACHE[group, budget]


def _gather(futures: dict, desc: str) -> dict:
    return {key: f.result() for key, f in tqdm(futures.items(), desc=desc, leave=False, disable=None)}


def random_runs(budget: str, executor: Executor) -> list[dict[str, Any]]:
    """One row per random class (see :func:`random_classes_task`), in seed order."""

    def compute(preset: Preset) -> list[dict[str, Any]]:
        chunk = 25  # a few seconds per task at most
        starts = range(0, preset.random_classes, chunk)
        futures = {
            s: executor.submit(
                random_classes_task, s, min(s + chunk, preset.random_classes), preset.random_points, preset.random_rows
            )
            for s in starts
        }
        done = _gather(futures, f"random classes ({budget})")
        return [row for s in starts for row in done[s]]

    return _cached("random", budget, compute)


def tree_runs(budget: str, executor: Executor) -> dict[str, Any]:
    """Minimal tree classes, Bernoulli(2^-√d) tree classes and the C_lw products, solved exactly."""

    def compute(preset: Preset) -> dict[str, Any]:
        futures = {
            ("minimal", d, 0): executor.submit(tree_task, d, 0.0, 0, None) for d in range(1, preset.minimal_d + 1)
        }
        for d in preset.bernoulli_d:
            p = 2.0 ** -math.sqrt(d)
            for seed in range(preset.bernoulli_seeds):
                futures["bernoulli", d, seed] = executor.submit(tree_task, d, p, seed, preset.node_limit)
        for name in preset.products:
            futures["product", name, 0] = executor.submit(product_task, name)
        done = _gather(futures, f"tree classes ({budget})")
        return {
            "minimal": [v for k, v in done.items() if k[0] == "minimal"],
            "bernoulli": [v for k, v in done.items() if k[0] == "bernoulli"],
            "products": {k[1]: v for k, v in done.items() if k[0] == "product"},
        }

    return _cached("trees", budget, compute)


def _adversary_configs(d: int, preset: Preset, k: float | None = None) -> list[AdversaryConfig]:
    """Algorithm 2 for each M, and the §2.4 heuristics on a small grid of sizes."""
    configs = [AdversaryConfig(d=d, k=k, sequence="algorithm2", m=m) for m in preset.gap_m]
    for levels, leaves in ((None, None), (2, 64), (3, 256), (4, 1024)):
        if leaves is None or leaves <= 2 ** (d - 1):
            configs.append(AdversaryConfig(d=d, k=k, sequence="bfs+leaves", bfs_levels=levels, n_leaves=leaves))
    # The whole tree breadth-first up to 10 levels (1023 nodes: at d = 20 their columns take 134 MB).
    configs.append(AdversaryConfig(d=d, k=k, sequence="bfs", bfs_levels=min(d, 10)))
    return configs


def gap_runs(budget: str, executor: Executor) -> list[dict[str, Any]]:
    """run_adversary rows for every d, seed and sequence of the sweep on Bernoulli(2^-√d) classes."""

    def compute(preset: Preset) -> list[dict[str, Any]]:
        futures = {
            (d, seed, i): executor.submit(adversary_task, cfg.to_dict(), seed)
            for d in preset.gap_d
            for seed in preset.gap_seeds
            for i, cfg in enumerate(_adversary_configs(d, preset))
        }
        return list(_gather(futures, f"adversary sequences ({budget})").values())

    return _cached("gap", budget, compute)


def tradeoff_runs(budget: str, executor: Executor) -> list[dict[str, Any]]:
    """run_adversary rows at d = preset.tradeoff_d over density exponents k (the d/k + k trade-off)."""

    def compute(preset: Preset) -> list[dict[str, Any]]:
        d = preset.tradeoff_d
        futures = {
            (k, seed, i): executor.submit(adversary_task, cfg.to_dict(), seed)
            for k in preset.tradeoff_k
            for seed in preset.gap_seeds
            for i, cfg in enumerate(_adversary_configs(d, preset, k))
        }
        return list(_gather(futures, f"trade-off over k ({budget})").values())

    return _cached("tradeoff", budget, compute)


def learner_runs(budget: str, executor: Executor) -> list[dict[str, Any]]:
    """run_learner rows: the splitting-experts learner (Halving switch at 2^{√d}) on Algorithm 2's sequence and on
    256 random leaves (where experts split), for every d and seed."""

    def compute(preset: Preset) -> list[dict[str, Any]]:
        futures = {}
        for d in preset.learner_d:
            for name, adv in (
                ("algorithm2", AdversaryConfig(d=d, sequence="algorithm2", m=2)),
                ("leaves", AdversaryConfig(d=d, sequence="leaves", n_leaves=min(256, 2 ** (d - 1)))),
            ):
                cfg = LearnerConfig(adversary=adv, c_halving=1.0).to_dict()
                for seed in preset.learner_seeds:
                    futures[d, name, seed] = executor.submit(learner_task, cfg, seed)
        done = _gather(futures, f"learner games ({budget})")
        return [{"sequence": name, **row} for (d, name, seed), row in done.items()]

    return _cached("learners", budget, compute)


def extremal_run(budget: str, executor: Executor) -> dict[str, Any]:
    """The f(4) search of the budget (:func:`sims.transductive.search_extremal`, seed 0)."""

    def compute(preset: Preset) -> dict[str, Any]:
        return executor.submit(extremal_task, preset.extremal.to_dict(), 0).result()

    return _cached("extremal", budget, compute)
