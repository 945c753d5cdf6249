"""The memorization criterion of the paper (Eq. 6; Yoon et al. 2023, Gu et al. 2023) with an exact 2-NN search.

A generated sample x is memorized when ||x - a^{μ1}|| / ||x - a^{μ2}|| < k, where a^{μ1} and a^{μ2} are its
nearest and second-nearest training points in Euclidean distance; k = 1/3 in the paper. f_mem is the fraction of
memorized samples. Distances use ||x||² - 2 x·a + ||a||² by blocks (BLAS), clipped at 0 against rounding.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from sims._config import Result
from theory._validate import check_int, check_real
from theory.diffusion_rf import check_matrix

__all__ = ["MemorizationResult", "memorized_fraction", "nearest_two"]

_BLOCK = 1024  # samples per block: a (1024, n) float64 distance block for n = 1797 digits is 15 MB


def nearest_two(samples: object, train: object) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Exact nearest and second-nearest training point of each sample.

    ``samples`` (m, d), ``train`` (n, d) with n >= 2. Returns (index of the nearest (m,) int64, distance to it
    (m,), distance to the second nearest (m,)).
    """
    train = check_matrix("train", train, (None, None))
    samples = check_matrix("samples", samples, (None, train.shape[1]))
    if train.shape[0] < 2:
        raise ValueError(f"train must hold at least 2 points (a second-nearest neighbour), got {train.shape[0]}")
    train_sq = np.einsum("ij,ij->i", train, train)  # (n,)
    first = np.empty(samples.shape[0], dtype=np.int64)
    d1, d2 = np.empty(samples.shape[0]), np.empty(samples.shape[0])
    for start in range(0, samples.shape[0], _BLOCK):
        block = samples[start : start + _BLOCK]  # (b, d)
        sq = np.einsum("ij,ij->i", block, block)[:, None] - 2.0 * block @ train.T + train_sq[None, :]  # (b, n)
        np.maximum(sq, 0.0, out=sq)
        two = np.argpartition(sq, 1, axis=1)[:, :2]  # the two smallest, in either order
        pair = np.take_along_axis(sq, two, axis=1)
        order = np.argsort(pair, axis=1, kind="stable")
        stop = start + block.shape[0]
        first[start:stop] = np.take_along_axis(two, order[:, :1], axis=1)[:, 0]
        pair = np.take_along_axis(pair, order, axis=1)
        d1[start:stop], d2[start:stop] = np.sqrt(pair[:, 0]), np.sqrt(pair[:, 1])
    return first, d1, d2


@dataclasses.dataclass
class MemorizationResult(Result):
    """f_mem with its bootstrap interval, the per-sample distance ratios (m,) and the threshold k."""

    fraction: float
    ci_low: float
    ci_high: float
    ratios: np.ndarray
    k: float


def memorized_fraction(
    samples: object,
    train: object,
    *,
    k: float = 1.0 / 3.0,
    bootstrap: int = 1000,
    level: float = 0.95,
    seed: int = 0,
) -> MemorizationResult:
    """f_mem = mean over samples of [d1/d2 < k], with a percentile bootstrap interval over samples.

    A sample equidistant from its two nearest points (d2 = 0, i.e. duplicated training points) has ratio 1
    (not memorized: it cannot be attributed to one training point).
    """
    k = check_real("k", k, low=0.0, low_open=True, high=1.0)
    bootstrap = check_int("bootstrap", bootstrap, low=1)
    level = check_real("level", level, low=0.0, low_open=True, high=1.0, high_open=True)
    _, d1, d2 = nearest_two(samples, train)
    ratios = np.divide(d1, d2, out=np.ones_like(d1), where=d2 > 0)
    hits = (ratios < k).astype(np.float64)
    rng = np.random.default_rng(check_int("seed", seed, low=0))
    means = hits[rng.integers(0, hits.size, size=(bootstrap, hits.size))].mean(axis=1)
    tail = 100.0 * (1.0 - level) / 2.0
    low, high = np.percentile(means, [tail, 100.0 - tail])
    return MemorizationResult(fraction=float(hits.mean()), ci_low=float(low), ci_high=float(high), ratios=ratios, k=k)
