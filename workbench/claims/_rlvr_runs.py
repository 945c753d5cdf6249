"""The shared RLVR experiment behind every simulated claim and figure: one environment per seed, the base policy,
the six RL algorithms, distillation, and sampled pass@k counts as the paper measures them.

Computed once per budget and process (claims and figures of one ``verify`` reuse it). Training runs are
independent, so they are submitted to the executor: module-level functions of plain dicts and ints, picklable
for a process pool or Dask.
"""

from __future__ import annotations

import dataclasses
from concurrent.futures import Executor
from typing import Any

import numpy as np
from tqdm.auto import tqdm

from sims.rlvr import (
    ALGORITHMS,
    DistillConfig,
    EnvConfig,
    RLConfig,
    count_correct,
    distill,
    make_environment,
    nll_under_base,
    pass_at_k_curve,
    policy_probs,
    probability_correct,
    train_rl,
)
from theory.passk import pass_at_k_mean
from workbench.registry import check_budget

__all__ = ["PRESETS", "Preset", "RlvrRun", "SeedRun", "rlvr_run"]


@dataclasses.dataclass(frozen=True)
class Preset:
    """What a budget runs. ``n_samples`` is the paper's n per problem (1024 for AIME24/AMC23).

    Two inner updates per rollout batch (``ppo_epochs=2``), as with verl's mini-batches, so that the ratio
    leaves 1 and each algorithm's clipping (PPO's 0.2, DAPO's clip-higher 0.28) actually acts.
    """

    env: EnvConfig
    rl: RLConfig
    distill: DistillConfig
    seeds: tuple[int, ...]
    n_samples: int
    nll_samples: int
    mc_replicates: int


_SMOKE_ENV = EnvConfig(n_problems=120, n_paths=24, n_strategies=10)
PRESETS: dict[str, Preset] = {
    "smoke": Preset(
        env=_SMOKE_ENV,
        rl=RLConfig(steps=150, batch_prompts=32, eval_every=50, learning_rate=0.03, ppo_epochs=2),
        distill=DistillConfig(steps=100, eval_every=50),
        seeds=(0,),
        n_samples=256,
        nll_samples=8,
        mc_replicates=2_000,
    ),
    "quick": Preset(
        env=EnvConfig(),
        rl=RLConfig(ppo_epochs=2),
        distill=DistillConfig(),
        seeds=(0, 1, 2),
        n_samples=1024,
        nll_samples=16,
        mc_replicates=20_000,
    ),
    "full": Preset(
        env=EnvConfig(n_problems=2000),
        rl=RLConfig(steps=3000, batch_prompts=128, ppo_epochs=2),
        distill=DistillConfig(steps=600),
        seeds=tuple(range(10)),
        n_samples=2048,
        nll_samples=16,
        mc_replicates=200_000,
    ),
}


def _seeds(seed: int) -> tuple[int, int, int]:
    """Independent environment, training and evaluation-sampling seeds spawned from one run seed."""
    return tuple(int(s.generate_state(1)[0]) for s in np.random.SeedSequence(seed).spawn(3))  # type: ignore[return-value]


def train_task(env_cfg: dict, rl_cfg: dict, env_seed: int, rl_seed: int) -> dict[str, Any]:
    """One RL run from plain dicts (runs on a worker); returns ``RLResult.to_dict()``."""
    env = make_environment(EnvConfig.from_dict(env_cfg), env_seed)
    return train_rl(env, RLConfig.from_dict(rl_cfg), rl_seed).to_dict()


def distill_task(env_cfg: dict, distill_cfg: dict, env_seed: int, seed: int) -> dict[str, Any]:
    """One distillation run from plain dicts (runs on a worker); returns ``DistillResult.to_dict()``."""
    env = make_environment(EnvConfig.from_dict(env_cfg), env_seed)
    return distill(env, DistillConfig.from_dict(distill_cfg), seed).to_dict()


@dataclasses.dataclass
class SeedRun:
    """Everything measured on one environment seed. Curves are exact population pass@k on ``k_grid``;
    ``counts`` are correct samples out of ``n_samples`` per problem, as the paper counts them."""

    seed: int
    k_grid: np.ndarray
    n_samples: int
    base_p: np.ndarray  # (P,) exact success probability of the base policy
    rl: dict[str, dict[str, Any]]  # algorithm -> RLResult.to_dict()
    distilled: dict[str, Any]  # DistillResult.to_dict()
    counts: dict[str, np.ndarray]  # "base" / algorithm -> (P,) int64
    nll: dict[str, np.ndarray]  # "base" / "grpo" -> per-token NLL under the base of sampled paths

    def curve(self, model: str) -> np.ndarray:
        """Exact pass@k curve on ``k_grid`` of "base", "distilled" or an algorithm (its final step)."""
        if model == "base":
            return pass_at_k_curve(self.base_p, self.k_grid)
        if model == "distilled":
            return np.asarray(self.distilled["pass_at_k"])[-1]
        return np.asarray(self.rl[model]["pass_at_k"])[-1]

    @property
    def sampled_k_grid(self) -> np.ndarray:
        return self.k_grid[self.k_grid <= self.n_samples]

    def sampled_curve(self, model: str) -> np.ndarray:
        """pass@k estimated from the sampled counts with the unbiased estimator, on ``sampled_k_grid``."""
        return pass_at_k_mean(self.n_samples, self.counts[model], self.sampled_k_grid)

    def value(self, model: str, k: int) -> float:
        return float(self.curve(model)[list(self.k_grid).index(k)])


@dataclasses.dataclass
class RlvrRun:
    budget: str
    preset: Preset
    seeds: list[SeedRun]


_CACHE: dict[str, RlvrRun] = {}


def rlvr_run(budget: str, executor: Executor) -> RlvrRun:
    """The shared experiment for ``budget`` (computed on first use, then reused in this process)."""
    check_budget(budget)
    if budget not in _CACHE:
        _CACHE[budget] = _compute(budget, executor)
    return _CACHE[budget]


def _compute(budget: str, executor: Executor) -> RlvrRun:
    preset = PRESETS[budget]
    env_dict, distill_dict = preset.env.to_dict(), preset.distill.to_dict()
    futures = {}
    for seed in preset.seeds:
        env_seed, rl_seed, _ = _seeds(seed)
        for algorithm in ALGORITHMS:
            rl_dict = preset.rl.replace(algorithm=algorithm).to_dict()
            futures[seed, algorithm] = executor.submit(train_task, env_dict, rl_dict, env_seed, rl_seed)
        futures[seed, "distilled"] = executor.submit(distill_task, env_dict, distill_dict, env_seed, rl_seed)
    results = {key: f.result() for key, f in tqdm(futures.items(), desc=f"rlvr runs ({budget})", leave=False)}
    return RlvrRun(budget, preset, [_measure(preset, seed, results) for seed in preset.seeds])


def _measure(preset: Preset, seed: int, results: dict) -> SeedRun:
    """Sample every trained policy the way the paper evaluates a model: n samples per problem, count correct."""
    env_seed, _, eval_seed = _seeds(seed)
    env = make_environment(preset.env, env_seed)
    rng = np.random.default_rng(eval_seed)
    probs = {"base": policy_probs(env, np.zeros(env.n_strategies))}
    for algorithm in ALGORITHMS:
        probs[algorithm] = policy_probs(env, results[seed, algorithm]["final_w"])
    counts = {
        name: count_correct(p, env.correct, rng.random((env.n_problems, preset.n_samples))) for name, p in probs.items()
    }
    nll = {
        name: nll_under_base(env, probs[name], n_samples=preset.nll_samples, seed=int(rng.integers(2**31)))
        for name in ("base", "grpo")
    }
    return SeedRun(
        seed=seed,
        k_grid=np.asarray(preset.rl.k_grid),
        n_samples=preset.n_samples,
        base_p=probability_correct(env, probs["base"]),
        rl={a: results[seed, a] for a in ALGORITHMS},
        distilled=results[seed, "distilled"],
        counts=counts,
        nll=nll,
    )
