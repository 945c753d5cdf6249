"""The toy-model trainings behind the superposition claims and figures, per budget, computed once per process.

A *run* is one :class:`ToyConfig` (one frequency vector, several γ, all widths) at one seed. Its γ are trained
as separate executor tasks: every model's init, training batches and test samples depend on the seed and its
width only, so a γ trained alone gives exactly the numbers it gives inside a batch, and splitting by γ only
balances the work across workers. Tasks are module-level functions of plain dicts and ints (picklable).

Runs: ``main`` (power law α = 1, strong and weak γ), ``family:<name>`` (the three frequency families at
γ = -1), ``density:<E>`` (activation densities at γ = -1), ``weak:<α>`` (trained weak regime, full budget
only), and ``phase:<α>`` (the α_m phase map of the figures).
"""

from __future__ import annotations

import dataclasses
from concurrent.futures import Executor
from typing import Any

import numpy as np
from tqdm.auto import tqdm

from sims.superposition import PAPER_GAMMAS, ToyConfig, run_sweep
from workbench.registry import check_budget

from . import _superposition_paper as paper

__all__ = ["PRESETS", "Preset", "claim_runs", "phase_runs", "sweep_task"]

STRONG_GAMMA = -1.0


@dataclasses.dataclass(frozen=True)
class Preset:
    """What a budget trains. ``base`` fixes n, widths, batch, steps and the schedule of every run."""

    base: ToyConfig
    seeds: tuple[int, ...]
    weak_gammas: tuple[float, ...]
    densities: tuple[float, ...]
    weak_alphas: tuple[float, ...]  # trained weak-regime α (empty: the closed form decides the claim)
    phase_alphas: tuple[float, ...]
    phase_gammas: tuple[float, ...]
    phase_steps: int
    minilm_rows: int | None  # rows of the MiniLM embedding analysed (None: all 30522)


PRESETS: dict[str, Preset] = {
    "smoke": Preset(
        base=ToyConfig(n=120, widths=(4, 6, 9, 14, 20), batch_size=64, steps=150, eval_batches=4, trace_points=5),
        seeds=(0,),
        weak_gammas=(1.0,),
        densities=(2.0,),
        weak_alphas=(),
        phase_alphas=(0.5, 1.5),
        phase_gammas=(-1.0, 1.0),
        phase_steps=100,
        minilm_rows=2000,
    ),
    # Spec §2.3's reduced configuration: n = 1000, B = 256, 4000 steps, the paper's widths and schedule shape.
    "quick": Preset(
        base=ToyConfig(batch_size=256, steps=4000, eval_batches=100),
        seeds=(0,),
        weak_gammas=(0.333, 1.0),
        densities=(2.5, 5.0),
        weak_alphas=(),
        phase_alphas=(0.5, 1.0, 1.5, 2.0),
        phase_gammas=(-1.0, -0.333, 0.333, 1.0),
        phase_steps=2000,
        minilm_rows=None,
    ),
    # The paper's small-model setting (App. B.2): B = 2048, 20 000 steps, three seeds, its γ grid.
    "full": Preset(
        base=ToyConfig(batch_size=2048, steps=20_000, eval_batches=100),
        seeds=(0, 1, 2),
        weak_gammas=(0.333, 0.556, 1.0),
        densities=(2.5, 5.0, 7.485),
        weak_alphas=(1.25, 1.5, 1.75, 2.0),
        phase_alphas=tuple(np.round(np.linspace(0.0, 2.0, 9), 3)),
        phase_gammas=PAPER_GAMMAS,
        phase_steps=20_000,
        minilm_rows=None,
    ),
}


def sweep_task(config: dict[str, Any], seed: int) -> dict[str, Any]:
    """One run (or one γ of it) on a worker: ``run_sweep(ToyConfig.from_dict(config), seed)``."""
    return run_sweep(ToyConfig.from_dict(config), seed)


def _claim_configs(preset: Preset) -> dict[str, ToyConfig]:
    base = preset.base
    runs = {"main": base.replace(gammas=(STRONG_GAMMA, *preset.weak_gammas))}
    for family, settings in paper.FAMILY_SETTINGS.items():
        runs[f"family:{family}"] = base.replace(family=family, gammas=(STRONG_GAMMA,), **settings)
    for density in preset.densities:
        runs[f"density:{density}"] = base.replace(density=density, gammas=(STRONG_GAMMA,))
    for alpha in preset.weak_alphas:
        runs[f"weak:{alpha}"] = base.replace(alpha=alpha, gammas=preset.weak_gammas)
    return runs


def _phase_configs(preset: Preset) -> dict[str, ToyConfig]:
    base = preset.base.replace(steps=preset.phase_steps, gammas=preset.phase_gammas)
    return {f"phase:{alpha}": base.replace(alpha=float(alpha)) for alpha in preset.phase_alphas}


def _merge(parts: list[dict[str, Any]]) -> dict[str, Any]:
    """Join the single-γ results of one run along the γ axis (first axis of every per-model array)."""
    merged = dict(parts[0])
    per_gamma = [k for k, v in parts[0].items() if isinstance(v, list) and k not in ("widths", "trace_steps")]
    for key in per_gamma:
        merged[key] = [row for part in parts for row in part[key]]
    merged["config"] = {**parts[0]["config"], "gammas": [g for part in parts for g in part["config"]["gammas"]]}
    merged["seconds"] = sum(part["seconds"] for part in parts)
    return merged


_CACHE: dict[tuple[str, str], list[dict[str, Any]]] = {}


def _compute(budget: str, executor: Executor, configs: dict[str, ToyConfig]) -> dict[str, list[dict[str, Any]]]:
    """Run every config x seed not cached yet (one task per γ, longest first); return name -> per-seed results."""
    seeds = PRESETS[budget].seeds
    missing = [(name, cfg) for name, cfg in configs.items() if (budget, name) not in _CACHE]
    tasks = [
        (name, seed, gamma, cfg.replace(gammas=(gamma,)))
        for name, cfg in missing
        for seed in seeds
        for gamma in cfg.gammas
    ]
    tasks.sort(key=lambda t: -t[3].steps * t[3].batch_size * sum(t[3].widths))  # long tasks first: less idle time
    futures = {
        (name, seed, gamma): executor.submit(sweep_task, cfg.to_dict(), seed) for name, seed, gamma, cfg in tasks
    }
    done = {key: f.result() for key, f in tqdm(futures.items(), desc=f"superposition runs ({budget})", leave=False)}
    for name, cfg in missing:
        _CACHE[budget, name] = [_merge([done[name, seed, g] for g in cfg.gammas]) for seed in seeds]
    return {name: _CACHE[budget, name] for name in configs}


def claim_runs(budget: str, executor: Executor) -> dict[str, list[dict[str, Any]]]:
    """Every run the claims use at ``budget`` (trained together on first use, then reused in this process)."""
    check_budget(budget)
    return _compute(budget, executor, _claim_configs(PRESETS[budget]))


def phase_runs(budget: str, executor: Executor) -> dict[str, list[dict[str, Any]]]:
    """The α_m phase-map runs (α x γ at ``phase_steps``) of ``budget``."""
    check_budget(budget)
    return _compute(budget, executor, _phase_configs(PRESETS[budget]))
