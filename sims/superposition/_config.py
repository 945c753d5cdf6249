"""The toy-model sweep config: data (n features, frequency family, density), the models (widths × γ) trained
together, and the optimiser schedule. Defaults are the paper's small-model setting (App. B.2, ``exp-10.py``)."""

from __future__ import annotations

import dataclasses

import numpy as np

from sims._config import Config
from theory._validate import check_choice, check_int, check_real
from theory.superposition import FAMILIES, frequencies

__all__ = ["INITS", "PAPER_GAMMAS", "PAPER_WIDTHS", "ToyConfig"]

#: The paper's widths floor(exp(linspace(ln 10, ln 100, 6))), hard-coded (float32 exp can floor 100 to 99).
PAPER_WIDTHS = (10, 15, 25, 39, 63, 100)
#: The paper's γ grid linspace(-1, 1, 10), rounded to 3 decimals as printed (γ = 0 is not in it).
PAPER_GAMMAS = (-1.0, -0.778, -0.556, -0.333, -0.111, 0.111, 0.333, 0.556, 0.778, 1.0)
#: ``paper``: W ~ N(0, 1/m), b ~ N(0, 1) (exp-10.py); ``xavier``: W ~ N(0, 2/(n + m)), b = 0 (Anthropic).
INITS = ("paper", "xavier")


def _check_tuple(name: str, value: object, check, **bounds) -> tuple:
    if not isinstance(value, tuple) or not value:
        raise ValueError(f"{name} must be a non-empty tuple, got {value!r}")
    return tuple(check(f"{name} entry", v, **bounds) for v in value)


@dataclasses.dataclass(frozen=True)
class ToyConfig(Config):
    """One batched training run: every (γ, m) pair of ``gammas`` × ``widths`` on shared data batches.

    Attributes
    ----------
    n : int
        Number of features (data dimension).
    family, alpha, scale, density :
        Frequencies p (see :func:`theory.superposition.frequencies`): p_i ∝ i^-α (``power``), exp(-i/scale)
        (``exponential``), n - i (``linear``) or constant (``uniform``), summing to the density E.
    widths : tuple of int
        Hidden widths m (each 1 <= m <= n).
    gammas : tuple of float
        Decoupled weight decay (γ > 0) or row-norm growth (γ < 0) per model, Eq. 2.
    batch_size, steps : int
        Fresh samples per step and optimiser steps.
    lr, bias_lr : float
        Peak learning rates of W and b (``bias_lr`` None: same as ``lr``).
    warmup_fraction, min_lr_ratio : float
        Linear warm-up over ``round(warmup_fraction · steps)`` steps, then cosine to ``min_lr_ratio · lr``.
        ``warmup_fraction = 0`` and ``min_lr_ratio = 1`` give a constant rate.
    value_max : float
        Active features take values v ~ U(0, value_max): 2 in the paper, 1 in Anthropic's toy models.
    importance_decay : float
        Loss weight of feature i is importance_decay^(i-1) (1: the paper's unweighted loss).
    init : one of :data:`INITS`
    eval_batches : int >= 2
        The test loss uses ``eval_batches × batch_size`` fresh samples (the paper: 100 × the batch); its
        standard error is the spread over these batches.
    trace_points : int
        Training-loss trace length (means over equal windows of steps).
    """

    n: int = 1000
    family: str = "power"
    alpha: float = 1.0
    scale: float = 400.0
    density: float = 1.0
    widths: tuple[int, ...] = PAPER_WIDTHS
    gammas: tuple[float, ...] = (-1.0, 1.0)
    batch_size: int = 2048
    steps: int = 20_000
    lr: float = 1e-2
    bias_lr: float | None = None
    warmup_fraction: float = 0.1
    min_lr_ratio: float = 0.05
    value_max: float = 2.0
    importance_decay: float = 1.0
    init: str = "paper"
    eval_batches: int = 100
    trace_points: int = 50

    def __post_init__(self) -> None:
        check_int("n", self.n, low=1)
        check_choice("family", self.family, FAMILIES)
        widths = _check_tuple("widths", self.widths, check_int, low=1)
        if max(widths) > self.n:
            raise ValueError(f"every width m must be <= n = {self.n} (m > n is not a bottleneck), got {widths}")
        if len(set(widths)) != len(widths):
            raise ValueError(f"widths must be distinct, got {widths}")
        gammas = _check_tuple("gammas", self.gammas, check_real, low=-10.0, high=10.0)
        if len(set(gammas)) != len(gammas):
            raise ValueError(f"gammas must be distinct, got {gammas}")
        check_int("batch_size", self.batch_size, low=1)
        check_int("steps", self.steps, low=1)
        check_real("lr", self.lr, low=0.0, low_open=True, high=10.0)
        if self.bias_lr is not None:
            check_real("bias_lr", self.bias_lr, low=0.0, low_open=True, high=10.0)
        check_real("warmup_fraction", self.warmup_fraction, low=0.0, high=1.0, high_open=True)
        check_real("min_lr_ratio", self.min_lr_ratio, low=0.0, high=1.0)
        check_real("value_max", self.value_max, low=0.0, low_open=True)
        check_real("importance_decay", self.importance_decay, low=0.0, low_open=True, high=1.0)
        check_choice("init", self.init, INITS)
        check_int("eval_batches", self.eval_batches, low=2)  # >= 2 batches give a standard error
        check_int("trace_points", self.trace_points, low=1, high=self.steps)
        for gamma in gammas:
            # The decay factor 1 - lr γ must stay in [0, 1]: a larger step flips the sign of the rows (b is
            # never decayed, so bias_lr is free).
            if abs(gamma) * self.lr > 1.0:
                raise ValueError(f"|gamma| * lr must be <= 1, got |{gamma}| * {self.lr} = {abs(gamma) * self.lr}")
        self.frequencies()  # raises if the density is more than the family allows

    def frequencies(self) -> np.ndarray:
        """The feature frequencies p (n,) of this config."""
        return frequencies(self.family, self.n, alpha=self.alpha, density=self.density, scale=self.scale)

    def importance(self) -> np.ndarray:
        """Loss weights importance_decay^(i-1), shape (n,)."""
        return self.importance_decay ** np.arange(self.n, dtype=np.float64)

    @property
    def warmup_steps(self) -> int:
        return int(round(self.warmup_fraction * self.steps))
