"""The random-features score model of the paper at one diffusion time: draw it, and build U, V, Ũ, Ṽ.

A model instance is W (p, d) i.i.d. N(0, 1), training data X (d, n) with columns ~ N(0, σ_x² I), and, for the
Gaussian equivalent, Ω (p, n) i.i.d. N(0, 1) — all drawn from one seed (independent streams spawned from it).
The Gaussian-equivalent matrices come from :mod:`theory.diffusion_rf`. The *sampled* (true RF) matrices replace
the expectation over the noise ξ by ``noise_draws`` draws per training point (spec §1.2, Eq. 11):

    U = (1/(nK)) Σ_{ν,k} σ(W x_t^{νk}/√d) σ(W x_t^{νk}/√d)ᵀ,   V = (1/(nK)) Σ_{ν,k} σ(W x_t^{νk}/√d) ξ^{νkᵀ},

with x_t^{νk} = e^{-t} x^ν + √Δ_t ξ^{νk}; Ũ, Ṽ use ``population_points`` fresh x ~ N(0, σ_x² I) instead.
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np

from sims._config import Config
from theory._validate import check_choice, check_int, check_real
from theory.diffusion_rf import (
    ACTIVATIONS,
    RFCoefficients,
    TrainingModes,
    activation_function,
    equivalent_modes,
    rf_coefficients,
)

__all__ = ["RFConfig", "RFInstance", "draw_instance", "instance_modes", "sampled_matrices"]


@dataclasses.dataclass(frozen=True)
class RFConfig(Config):
    """One RF model: input dimension ``d``, ψ_p = p/d, ψ_n = n/d (p and n rounded to integers), diffusion time
    ``t``, data scale ``sigma_x`` and a named odd ``activation``."""

    d: int = 32
    psi_p: float = 64.0
    psi_n: float = 8.0
    t: float = 0.1
    sigma_x: float = 1.0
    activation: str = "tanh"

    def __post_init__(self) -> None:
        check_int("d", self.d, low=1, high=100_000)
        # Store the real fields as floats, so that psi_p=4 and psi_p=4.0 are one config with one key.
        for name, high in (("psi_p", 1e4), ("psi_n", 1e4), ("t", 50.0), ("sigma_x", 1e3)):
            object.__setattr__(self, name, check_real(name, getattr(self, name), low=0.0, low_open=True, high=high))
        check_choice("activation", self.activation, tuple(ACTIVATIONS))
        if self.p < 1 or self.n < 1:
            raise ValueError(f"psi_p * d and psi_n * d must round to >= 1, got p={self.p}, n={self.n}")

    @property
    def p(self) -> int:
        return int(round(self.psi_p * self.d))

    @property
    def n(self) -> int:
        return int(round(self.psi_n * self.d))


@dataclasses.dataclass(frozen=True)
class RFInstance:
    """A drawn model: its config, the coefficients at ``config.t``, W (p, d), X (d, n) and Ω (p, n)."""

    config: RFConfig
    coeffs: RFCoefficients
    w: np.ndarray
    x: np.ndarray
    omega: np.ndarray


def draw_instance(config: RFConfig, seed: int) -> RFInstance:
    """Draw W, X, Ω from ``seed`` (three independent streams, so changing n leaves W unchanged)."""
    if not isinstance(config, RFConfig):
        raise TypeError(f"config must be an RFConfig, got {type(config).__name__}")
    seed = check_int("seed", seed, low=0)
    rng_w, rng_x, rng_o = (np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(3))
    p, d, n = config.p, config.d, config.n
    return RFInstance(
        config=config,
        coeffs=rf_coefficients(config.t, config.sigma_x, config.activation),
        w=rng_w.standard_normal((p, d)),
        x=config.sigma_x * rng_x.standard_normal((d, n)),
        omega=rng_o.standard_normal((p, n)),
    )


def instance_modes(instance: RFInstance) -> TrainingModes:
    """The Gaussian-equivalent training modes of ``instance`` (reduced (n + d) trick)."""
    return equivalent_modes(instance.w, instance.x, instance.omega, instance.coeffs)


def _moments(sigma, w: np.ndarray, x0: np.ndarray, t: float, draws: int, rng) -> tuple[np.ndarray, np.ndarray]:
    """(U, V) averaged over the rows of x0 (m, d) and ``draws`` noise draws each; blocks bound the memory."""
    p, d = w.shape
    decay, root = math.exp(-t), math.sqrt(-math.expm1(-2.0 * t))
    u, v, count = np.zeros((p, p)), np.zeros((p, d)), 0
    for _ in range(draws):
        for start in range(0, x0.shape[0], 512):
            block = x0[start : start + 512]
            xi = rng.standard_normal(block.shape)  # (b, d)
            feats = sigma((decay * block + root * xi) @ w.T / math.sqrt(d))  # (b, p)
            u += feats.T @ feats
            v += feats.T @ xi
            count += block.shape[0]
    return u / count, v / count


def sampled_matrices(
    instance: RFInstance, *, noise_draws: int = 64, population_points: int = 20_000, seed: int = 0
) -> dict[str, np.ndarray]:
    """Monte-Carlo U, V of the true RF model on the instance's data, and Ũ, Ṽ on fresh data; keys
    ``u`` (p, p), ``v`` (p, d), ``u_pop`` (p, p), ``v_pop`` (p, d)."""
    noise_draws = check_int("noise_draws", noise_draws, low=1)
    population_points = check_int("population_points", population_points, low=1)
    rng = np.random.default_rng(check_int("seed", seed, low=0))
    _, sigma = activation_function(instance.config.activation)
    cfg = instance.config
    u, v = _moments(sigma, instance.w, instance.x.T, cfg.t, noise_draws, rng)
    fresh = cfg.sigma_x * rng.standard_normal((population_points, cfg.d))
    u_pop, v_pop = _moments(sigma, instance.w, fresh, cfg.t, 1, rng)
    return {"u": u, "v": v, "u_pop": u_pop, "v_pop": v_pop}
