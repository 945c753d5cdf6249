"""The score-network claim: τ_mem ∝ n and τ_gen constant for a small DDPM on the two-Gaussian mixture (SM B).

Times are read off the checkpoints of :func:`sims.diffusion_rf.train_score_net` (log-interpolated):
τ_mem is the first step with f_mem >= 0.2; τ_gen the first step where the sliced W2 to held-out data has made
90% of its drop from the first checkpoint to its minimum.
"""

from __future__ import annotations

import math
from concurrent.futures import Executor
from typing import Any

import numpy as np

from theory.fitting import fit_power_law
from workbench.registry import Outcome, Verdict

from ._diffusion_rf_runs import score_net_run

__all__ = ["MEMORIZED_LEVEL", "first_crossing_step", "score_net_outcome", "score_net_times"]

MEMORIZED_LEVEL = 0.2


def first_crossing_step(steps: list[int], values: list[float], level: float, *, upward: bool) -> float | None:
    """First step where ``values`` crosses ``level``, log-interpolated between checkpoints; None if never."""
    x, y = np.log(np.asarray(steps, dtype=float)), np.asarray(values, dtype=float)
    hit = y >= level if upward else y <= level
    if not hit.any():
        return None
    i = int(np.argmax(hit))
    if i == 0:
        return float(steps[0])
    frac = (level - y[i - 1]) / (y[i] - y[i - 1])
    return float(math.exp(x[i - 1] + frac * (x[i] - x[i - 1])))


def score_net_times(run: dict[str, Any]) -> dict[str, float | None]:
    """τ_mem and τ_gen (in training steps) of one run."""
    sw = np.asarray(run["sliced_w2"])
    level = sw.min() + 0.1 * (sw[0] - sw.min())
    return {
        "tau_mem": first_crossing_step(run["steps"], run["f_mem"], MEMORIZED_LEVEL, upward=True),
        "tau_gen": first_crossing_step(run["steps"], list(sw), float(level), upward=False),
        "final_f_mem": float(run["f_mem"][-1]),
    }


def score_net_outcome(budget: str, executor: Executor) -> Outcome:
    runs = score_net_run(budget, executor)
    if runs is None:
        return Outcome(
            measured="not run",
            verdict=Verdict.INCONCLUSIVE,
            note="needs the optional torch extra (`pip install torch==2.13.0` then `pip install -e '.[torch]'`)",
        )
    times = {n: score_net_times(run) for n, run in sorted(runs.items())}
    memorized = {n: t["tau_mem"] for n, t in times.items() if t["tau_mem"] is not None}
    gens = [t["tau_gen"] for t in times.values() if t["tau_gen"] is not None]
    values: dict[str, Any] = {"per_n": {str(n): t for n, t in times.items()}}
    if len(memorized) < 3:
        return Outcome(
            measured=f"τ_mem reached for n in {sorted(memorized)} only",
            verdict=Verdict.INCONCLUSIVE,
            values=values,
            note="fewer than 3 sizes memorized within the training budget; run a larger budget",
        )
    fit = fit_power_law(list(memorized), list(memorized.values()))
    spread = max(gens) / min(gens)
    values.update(slope=fit.exponent, stderr=fit.stderr, tau_gen_spread=spread)
    holds = 0.6 <= fit.exponent <= 1.4 and spread <= 2.0
    return Outcome(
        measured=f"τ_mem slope {fit.exponent:.2f} ± {fit.stderr:.2f} over n = {sorted(memorized)}; "
        f"τ_gen spread x{spread:.2f}",
        verdict=Verdict.PASS if holds else Verdict.FAIL,
        values=values,
        note="Adam on an MLP score network, two-Gaussian mixture (d = 8); f_mem with k = 1/3 on DDIM samples.",
    )
