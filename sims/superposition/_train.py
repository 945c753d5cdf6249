"""Batched training of every (γ, m) toy model of a :class:`ToyConfig` on shared batches, and their test loss.

All models see the same fresh batch at each step (common random numbers: differences between γ or m are not
blurred by data noise) and the same test samples. Models of one width are stacked as (G, n, m) float32 arrays
so that each step is three batched matmuls per width plus the numba kernels:

    h = x W (sparse gather)  →  z = h Wᵀ  →  δ = fused residual (adds b, ReLU, loss, ∂/∂b)
    ∂/∂W = δᵀ h (matmul) + xᵀ (δ W) (matmul, then sparse scatter)  →  row-wise AdamW (γ per model).

Models of the same width start from the same initial W and b (drawn once per width), so two γ differ only by
their decay. Seeds: one :class:`numpy.random.SeedSequence` per run spawns the init, training-data and test-data
streams.
"""

from __future__ import annotations

import dataclasses
import time
from typing import Any

import numpy as np

from sims._config import Result
from theory._validate import check_int

from ._config import ToyConfig
from ._data import SparseBatch, learning_rate, sample_sparse
from ._kernels import gather_kernel, residual_kernel, scatter_kernel, sparse_backward_kernel
from ._optim import RowAdamW

__all__ = ["SPARSE_BACKWARD_DENSITY", "TrainedModels", "train_models"]

#: A model's backward pass loops over its non-zero δ instead of calling two dense matmuls when the fraction of
#: its positive pre-activations is below 0.1 - 3/m. The rule is a cost model fitted to timings on a 2-core AVX2
#: machine: scanning δ costs ~15 dense multiply-adds per entry and each non-zero ~4 per hidden unit, so narrow
#: models (m <= 30) always use the matmuls. Both paths give the same gradient up to float32 summation order.
SPARSE_BACKWARD_DENSITY = (0.1, 3.0)


@dataclasses.dataclass
class TrainedModels(Result):
    """The outcome of :func:`train_models`. Index order is (γ, m) as in ``config.gammas`` × ``config.widths``.

    Attributes
    ----------
    config : dict
        ``ToyConfig.to_dict()``.
    seed : int
    weights : list of float32 arrays (G, n, m), one per width
    biases : float32 array (G, M, n)
    test_loss, test_loss_se : float arrays (G, M)
        Loss summed over features (the paper's convention) on ``eval_batches × batch_size`` fresh samples: the
        mean of the per-batch losses and its standard error (std over batches / sqrt(batches)).
    loss_trace : float array (G, M, T)
        Training loss (same convention) averaged over T equal windows of steps; ``trace_steps`` (T,) is the
        last step of each window.
    seconds : float
        Wall time of training and evaluation.
    """

    config: dict[str, Any]
    seed: int
    weights: list[np.ndarray]
    biases: np.ndarray
    test_loss: np.ndarray
    test_loss_se: np.ndarray
    loss_trace: np.ndarray
    trace_steps: np.ndarray
    seconds: float


class _Width:
    """The G models of one width: stacked weights (G, n, m), biases (G, n, 1) and their optimisers."""

    def __init__(self, m: int, config: ToyConfig, rng: np.random.Generator) -> None:
        n, g = config.n, len(config.gammas)
        if config.init == "paper":
            w0 = rng.standard_normal((n, m)) / np.sqrt(m)  # N(0, 1/m): row norms start near 1
            b0 = rng.standard_normal(n)
        else:
            w0 = rng.standard_normal((n, m)) * np.sqrt(2.0 / (n + m))  # torch's xavier_normal_
            b0 = np.zeros(n)
        self.weights = np.ascontiguousarray(np.broadcast_to(w0, (g, n, m)), dtype=np.float32)
        self.bias = np.ascontiguousarray(np.broadcast_to(b0[:, None], (g, n, 1)), dtype=np.float32)
        self.bias2d = self.bias[:, :, 0]  # (G, n) view sharing memory, C-contiguous
        self.opt_w = RowAdamW(self.weights, config.gammas)
        self.opt_b = RowAdamW(self.bias, np.zeros(g))

    def forward(self, batch: SparseBatch, z: np.ndarray, importance: np.ndarray, scale: float):
        """Loss sums (G,) of one batch; leaves δ in ``z`` and returns (loss, h, grad_bias, active counts)."""
        h = gather_kernel(batch.indptr, batch.indices, batch.values, self.weights)  # (G, B, m)
        np.matmul(h, self.weights.transpose(0, 2, 1), out=z)  # (G, B, m) @ (G, m, n) -> (G, B, n)
        loss, grad_bias, active = residual_kernel(
            z, self.bias2d, importance, batch.indptr, batch.indices, batch.values, scale
        )
        return loss, h, grad_bias, active

    def train_step(
        self, batch: SparseBatch, z: np.ndarray, importance: np.ndarray, lr_w: float, lr_b: float
    ) -> np.ndarray:
        """One optimiser step on the code's MSE (mean over B·n entries); returns the loss sums (G,)."""
        loss, h, grad_bias, active = self.forward(batch, z, importance, 1.0 / z[0].size)
        grad_h = np.empty_like(h)  # δ W: (G, B, n) @ (G, n, m) -> (G, B, m)
        grad_w = np.empty_like(self.weights)  # δᵀ h: (G, n, B) @ (G, B, m) -> (G, n, m)
        slope, offset = SPARSE_BACKWARD_DENSITY
        sparse = active < (slope - offset / h.shape[2]) * z[0].size
        for k in np.flatnonzero(~sparse):
            np.matmul(z[k], self.weights[k], out=grad_h[k])
            np.matmul(z[k].T, h[k], out=grad_w[k])
        sparse_backward_kernel(z, self.weights, h, np.flatnonzero(sparse), grad_h, grad_w)
        scatter_kernel(batch.indptr, batch.indices, batch.values, grad_h, grad_w)  # += xᵀ (δ W)
        self.opt_w.step(grad_w, lr_w)
        self.opt_b.step(grad_bias[:, :, None], lr_b)
        return loss


def _streams(seed: int) -> list[np.random.Generator]:
    """Independent init, training-data and test-data generators spawned from one run seed."""
    return [np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(3)]


def train_models(config: ToyConfig, seed: int) -> TrainedModels:
    """Train every (γ, m) model of ``config`` from ``seed`` and measure its test loss (see the module docstring)."""
    if not isinstance(config, ToyConfig):
        raise TypeError(f"config must be a ToyConfig, got {type(config).__name__}")
    seed = check_int("seed", seed, low=0)
    clock = time.perf_counter()
    init_rng, data_rng, test_rng = _streams(seed)
    p = config.frequencies()
    importance = config.importance().astype(np.float32)
    widths = [_Width(m, config, init_rng) for m in config.widths]
    g, steps, batch_size = len(config.gammas), config.steps, config.batch_size
    z = np.empty((g, batch_size, config.n), dtype=np.float32)  # shared work buffer: pre-activations, then δ
    losses = np.empty((steps, g, len(widths)))
    bias_ratio = (config.bias_lr or config.lr) / config.lr
    for step in range(1, steps + 1):
        lr_w = learning_rate(step, steps, config.lr, config.warmup_steps, config.min_lr_ratio)
        batch = sample_sparse(p, batch_size, data_rng, config.value_max)
        for j, width in enumerate(widths):
            losses[step - 1, :, j] = width.train_step(batch, z, importance, lr_w, lr_w * bias_ratio)

    test = np.empty((config.eval_batches, g, len(widths)))
    for t in range(config.eval_batches):
        batch = sample_sparse(p, batch_size, test_rng, config.value_max)
        for j, width in enumerate(widths):
            test[t, :, j] = width.forward(batch, z, importance, 0.0)[0]
    test /= batch_size  # sums over the batch -> per-sample loss summed over features
    windows = np.array_split(np.arange(steps), config.trace_points)
    trace = np.stack([losses[w].mean(axis=0) for w in windows], axis=-1) / batch_size  # (G, M, T)
    return TrainedModels(
        config=config.to_dict(),
        seed=seed,
        weights=[w.weights for w in widths],
        biases=np.stack([w.bias2d for w in widths], axis=1),
        test_loss=test.mean(axis=0),
        test_loss_se=test.std(axis=0, ddof=1) / np.sqrt(config.eval_batches),
        loss_trace=trace,
        trace_steps=np.array([w[-1] + 1 for w in windows]),
        seconds=time.perf_counter() - clock,
    )
