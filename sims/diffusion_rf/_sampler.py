"""Deterministic DDIM sampling (η = 0; paper Eq. 22) on the DDPM linear schedule, for any score function.

With ᾱ from :func:`theory.diffusion_rf.ddpm_alpha_bar` and the OU time t(t') = -½ log ᾱ(t'), a score s(x, t)
gives the noise prediction ε̂ = -√(1 - ᾱ) s, the clean estimate x̂0 = (x - √(1 - ᾱ) ε̂)/√ᾱ, and the step to
the previous kept step t'' is x ← √ᾱ(t'') x̂0 + √(1 - ᾱ(t'')) ε̂ (x̂0 itself at the last step). Sampling starts
from x ~ N(0, I) at t' = T.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from theory._validate import check_int
from theory.diffusion_rf import ddpm_alpha_bar

__all__ = ["ddim_sample"]


def ddim_sample(
    score: Callable[[np.ndarray, float], np.ndarray],
    n_samples: int,
    dim: int,
    *,
    ddim_steps: int = 100,
    steps: int = 1000,
    seed: int = 0,
) -> np.ndarray:
    """Draw ``n_samples`` points (n_samples, dim) with ``ddim_steps`` evenly spaced DDIM steps.

    ``score(x, t)`` takes x (m, dim) and an OU time t > 0 and returns the score (m, dim).
    """
    n_samples = check_int("n_samples", n_samples, low=1)
    dim = check_int("dim", dim, low=1)
    steps = check_int("steps", steps, low=2)
    ddim_steps = check_int("ddim_steps", ddim_steps, low=1, high=steps)
    alpha_bar = ddpm_alpha_bar(steps)
    kept = np.unique(np.linspace(1, steps, ddim_steps).round().astype(np.int64))[::-1]  # T ... 1
    x = np.random.default_rng(check_int("seed", seed, low=0)).standard_normal((n_samples, dim))
    for i, step in enumerate(kept):
        ab = alpha_bar[step - 1]
        eps = -np.sqrt(1.0 - ab) * np.asarray(score(x, -0.5 * np.log(ab)), dtype=np.float64)
        x0 = (x - np.sqrt(1.0 - ab) * eps) / np.sqrt(ab)
        if i + 1 == kept.size:
            return x0
        ab_prev = alpha_bar[kept[i + 1] - 1]
        x = np.sqrt(ab_prev) * x0 + np.sqrt(1.0 - ab_prev) * eps
    return x
