"""The DDPM linear noise schedule and its map to the Ornstein-Uhlenbeck time of the theory (paper Eq. 21).

DDPM with T steps and β_{t'} linear from β_1 to β_T has ᾱ(t') = Π_{s <= t'} (1 - β_s). Its noised sample
√ᾱ x0 + √(1 - ᾱ) ξ equals the OU marginal e^{-t} x0 + √Δ_t ξ exactly when e^{-2t} = ᾱ, i.e.

    t(t') = -½ log ᾱ(t'),   Δ_t = 1 - ᾱ(t').

For the paper's schedule (T = 1000, β from 1e-4 to 2e-2): t(1) ≈ 5e-5, t(1000) ≈ 5.06; t = 0.01 ↔ t' ≈ 41.
"""

from __future__ import annotations

import numpy as np

from theory._validate import as_int_array, check_int, check_real

__all__ = ["ddpm_alpha_bar", "ddpm_betas", "ddpm_to_ou_time", "ou_to_ddpm_step"]


def ddpm_betas(steps: int = 1000, beta_start: float = 1e-4, beta_end: float = 2e-2) -> np.ndarray:
    """β_1..β_T, linear (shape (T,)); 0 < β_start <= β_end < 1."""
    steps = check_int("steps", steps, low=1, high=10**7)
    beta_start = check_real("beta_start", beta_start, low=0.0, low_open=True, high=1.0, high_open=True)
    beta_end = check_real("beta_end", beta_end, low=beta_start, high=1.0, high_open=True)
    return np.linspace(beta_start, beta_end, steps)


def ddpm_alpha_bar(steps: int = 1000, beta_start: float = 1e-4, beta_end: float = 2e-2) -> np.ndarray:
    """ᾱ(t') for t' = 1..T (shape (T,)), computed as exp(Σ log1p(-β)) to keep precision near t' = 1."""
    return np.exp(np.cumsum(np.log1p(-ddpm_betas(steps, beta_start, beta_end))))


def ddpm_to_ou_time(t_prime: object, steps: int = 1000, beta_start: float = 1e-4, beta_end: float = 2e-2):
    """t(t') = -½ log ᾱ(t') for integer steps 1 <= t' <= T (array or scalar, float64)."""
    tp = as_int_array("t_prime", t_prime, low=1)
    if tp.size and tp.max() > steps:
        raise ValueError(f"t_prime must be <= steps={steps}, got {tp.max()}")
    log_alpha_bar = np.cumsum(np.log1p(-ddpm_betas(steps, beta_start, beta_end)))  # (T,)
    out = -0.5 * log_alpha_bar[tp - 1]
    return float(out) if out.ndim == 0 else out


def ou_to_ddpm_step(t: float, steps: int = 1000, beta_start: float = 1e-4, beta_end: float = 2e-2) -> int:
    """The DDPM step t' whose OU time t(t') is closest to ``t`` (t > 0)."""
    t = check_real("t", t, low=0.0, low_open=True)
    grid = ddpm_to_ou_time(np.arange(1, steps + 1), steps, beta_start, beta_end)
    return int(np.argmin(np.abs(grid - t))) + 1
