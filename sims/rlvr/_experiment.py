"""One sweepable RL experiment: draw an environment, train, summarise base vs RL (pass@k, ΔSE, coverage)."""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np

from sims._config import Config, jsonable
from theory._validate import check_int, check_real

from ._algorithms import RLConfig
from ._environment import EnvConfig, make_environment
from ._policy import _policy_p_correct
from ._train import train_rl

__all__ = ["RLExperimentConfig", "run_training"]


@dataclasses.dataclass(frozen=True)
class RLExperimentConfig(Config):
    """An environment, an RL run, and the summary settings. ``to_dict`` nests ``env`` and ``rl`` as mappings.

    Attributes
    ----------
    env : EnvConfig
    rl : RLConfig
    delta_se_k : int
        The k of ΔSE = pass@k(base) - pass@1(RL) (paper: 256); must be in ``rl.k_grid``.
    solvable_threshold : float in (0, 1)
        A problem counts as solvable when its exact success probability exceeds this (spec prototype: 1e-3).
    """

    env: EnvConfig = dataclasses.field(default_factory=EnvConfig)
    rl: RLConfig = dataclasses.field(default_factory=RLConfig)
    delta_se_k: int = 256
    solvable_threshold: float = 1e-3

    def __post_init__(self) -> None:
        if not isinstance(self.env, EnvConfig):
            raise TypeError(f"env must be an EnvConfig, got {type(self.env).__name__}")
        if not isinstance(self.rl, RLConfig):
            raise TypeError(f"rl must be an RLConfig, got {type(self.rl).__name__}")
        check_int("delta_se_k", self.delta_se_k, low=1)
        if self.delta_se_k not in self.rl.k_grid or 1 not in self.rl.k_grid:
            raise ValueError(f"delta_se_k = {self.delta_se_k} and 1 must both be in rl.k_grid {self.rl.k_grid}")
        check_real("solvable_threshold", self.solvable_threshold, low=0.0, high=1.0, low_open=True, high_open=True)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RLExperimentConfig:
        """Inverse of ``to_dict``; ``env`` and ``rl`` may be partial mappings (missing fields: defaults)."""
        if not isinstance(data, dict):
            raise TypeError(f"RLExperimentConfig.from_dict needs a mapping, got {type(data).__name__}")
        fixed = dict(data)
        for name, kind in (("env", EnvConfig), ("rl", RLConfig)):
            if isinstance(fixed.get(name), dict):
                fixed[name] = kind.from_dict(fixed[name])
        # The base class rejects unknown keys by name and restores tuples; nested configs pass through as is.
        return super().from_dict(fixed)


def run_training(config: RLExperimentConfig, seed: int) -> dict[str, Any]:
    """Draw the environment and train on it; return base vs RL summaries as JSON values.

    The environment and the training run get independent streams spawned from ``seed``.

    Returns
    -------
    dict with ``k_grid``, ``steps_evaluated``, ``pass_at_k`` (per evaluated step; row 0 is the base model),
    ``base_pass_at_k``, ``rl_pass_at_k``, ``delta_se`` (base pass@k - RL pass@1 at ``delta_se_k``, fractions),
    the scalars ``base_pass_at_1``, ``rl_pass_at_1``, ``base_pass_at_delta_se_k``, ``rl_pass_at_delta_se_k``,
    ``base_p_correct`` / ``rl_p_correct`` (per problem), ``solvable`` counts (``base``, ``rl``, ``rl_only``,
    ``base_only``, ``problems``), ``samples_drawn``, ``mean_reward`` and the resolved ``config``.
    """
    if not isinstance(config, RLExperimentConfig):
        raise TypeError(f"config must be an RLExperimentConfig, got {type(config).__name__}")
    seed = check_int("seed", seed, low=0)
    env_seed, rl_seed = (int(s.generate_state(1)[0]) for s in np.random.SeedSequence(seed).spawn(2))
    env = make_environment(config.env, env_seed)
    result = train_rl(env, config.rl, rl_seed)

    base_p = _policy_p_correct(env, np.zeros(env.n_strategies))
    rl_p = result.final_p_correct
    base_solvable = base_p > config.solvable_threshold
    rl_solvable = rl_p > config.solvable_threshold
    k_index = {int(k): i for i, k in enumerate(result.k_grid)}
    base_curve, rl_curve = result.pass_at_k[0], result.pass_at_k[-1]
    return jsonable(
        {
            "config": {**config.to_dict(), "rl": result.config},
            "k_grid": result.k_grid,
            "steps_evaluated": result.steps_evaluated,
            "pass_at_k": result.pass_at_k,
            "base_pass_at_k": base_curve,
            "rl_pass_at_k": rl_curve,
            "delta_se": base_curve[k_index[config.delta_se_k]] - rl_curve[k_index[1]],
            # Scalars, so that a sweep's summary table shows them beside the grid fields.
            "base_pass_at_1": base_curve[k_index[1]],
            "rl_pass_at_1": rl_curve[k_index[1]],
            "base_pass_at_delta_se_k": base_curve[k_index[config.delta_se_k]],
            "rl_pass_at_delta_se_k": rl_curve[k_index[config.delta_se_k]],
            "base_p_correct": base_p,
            "rl_p_correct": rl_p,
            "solvable": {
                "base": int(base_solvable.sum()),
                "rl": int(rl_solvable.sum()),
                "rl_only": int((rl_solvable & ~base_solvable).sum()),
                "base_only": int((base_solvable & ~rl_solvable).sum()),
                "problems": env.n_problems,
            },
            "samples_drawn": result.samples_drawn,
            "mean_reward": result.mean_reward,
        }
    )
