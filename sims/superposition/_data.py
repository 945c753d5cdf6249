"""Samplers of the toy data x_i = u_i · v_i, u_i ~ Bernoulli(p_i), v_i ~ U(0, value_max), i.i.d. over features
and samples, and the optimiser's learning-rate schedule.

:func:`sample_sparse` is exact and never draws the dense (B, n) uniforms: a feature with p_i above
``dense_threshold`` gets one uniform per sample (its column of the dense sampler); every rarer feature gets a
count c_i ~ Binomial(B, p_i) and a uniformly random c_i-subset of the B samples. The subset comes from i.i.d.
uniform positions with colliding positions redrawn until none collide: the procedure commutes with every
permutation of the samples, and it returns exactly c_i distinct positions, so the subset is uniform.
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np

from theory._validate import check_int, check_real

__all__ = ["SparseBatch", "learning_rate", "sample_dense", "sample_sparse"]


@dataclasses.dataclass(frozen=True)
class SparseBatch:
    """A (B, n) batch in CSR form: row b's features ``indices[indptr[b]:indptr[b+1]]`` (increasing) with
    ``values`` (float32); ``indptr`` (B+1,) and ``indices`` are int64."""

    indptr: np.ndarray
    indices: np.ndarray
    values: np.ndarray
    n: int

    @property
    def batch_size(self) -> int:
        return self.indptr.size - 1

    def to_dense(self) -> np.ndarray:
        """The batch as a dense (B, n) float32 array."""
        out = np.zeros((self.batch_size, self.n), dtype=np.float32)
        rows = np.repeat(np.arange(self.batch_size), np.diff(self.indptr))
        out[rows, self.indices] = self.values
        return out

    @classmethod
    def from_dense(cls, x: np.ndarray) -> SparseBatch:
        """The CSR form of a dense (B, n) batch (its non-zero entries)."""
        rows, cols = np.nonzero(x)  # row-major order: rows sorted, columns increasing within a row
        indptr = np.concatenate([[0], np.cumsum(np.bincount(rows, minlength=x.shape[0]))]).astype(np.int64)
        return cls(indptr, cols.astype(np.int64), x[rows, cols].astype(np.float32), x.shape[1])


def _check(p: np.ndarray, batch: int, value_max: float) -> None:
    if p.ndim != 1 or p.size == 0 or p.min() < 0.0 or p.max() > 1.0:
        raise ValueError(f"p must be a non-empty 1-D array of probabilities in [0, 1], got shape {p.shape}")
    check_int("batch", batch, low=1)
    check_real("value_max", value_max, low=0.0, low_open=True)


def sample_dense(p: np.ndarray, batch: int, rng: np.random.Generator, value_max: float = 2.0) -> np.ndarray:
    """A (B, n) float32 batch from two dense uniform draws (activation, then value): the obvious sampler."""
    p = np.asarray(p, dtype=np.float64)
    _check(p, batch, value_max)
    active = rng.random((batch, p.size)) < p  # (B, n)
    return np.where(active, value_max * rng.random((batch, p.size)), 0.0).astype(np.float32)


def _distinct_positions(counts: np.ndarray, batch: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """For each feature f, ``counts[f]`` distinct uniform positions in [0, batch); returns (features, positions)."""
    features = np.repeat(np.arange(counts.size), counts)
    positions = rng.integers(0, batch, features.size)
    while True:
        order = np.lexsort((positions, features))
        key = features[order] * batch + positions[order]
        repeated = order[1:][key[1:] == key[:-1]]  # every copy after the first of a (feature, position) pair
        if repeated.size == 0:
            return features, positions
        positions[repeated] = rng.integers(0, batch, repeated.size)


def sample_sparse(
    p: np.ndarray, batch: int, rng: np.random.Generator, value_max: float = 2.0, dense_threshold: float = 0.05
) -> SparseBatch:
    """An exact (B, n) batch in CSR form, in O(B·Σp + n) work (see the module docstring)."""
    p = np.asarray(p, dtype=np.float64)
    _check(p, batch, value_max)
    check_real("dense_threshold", dense_threshold, low=0.0, high=1.0)
    frequent = np.flatnonzero(p > dense_threshold)
    rare = np.flatnonzero(p <= dense_threshold)
    rows_f, cols_f = np.nonzero(rng.random((batch, frequent.size)) < p[frequent])  # (B, F) column draws
    rare_features, rows_r = _distinct_positions(rng.binomial(batch, p[rare]), batch, rng)
    rows = np.concatenate([rows_f, rows_r])
    cols = np.concatenate([frequent[cols_f], rare[rare_features]])
    order = np.lexsort((cols, rows))
    rows, cols = rows[order], cols[order]
    indptr = np.concatenate([[0], np.cumsum(np.bincount(rows, minlength=batch))]).astype(np.int64)
    values = (value_max * rng.random(cols.size)).astype(np.float32)
    return SparseBatch(indptr, cols.astype(np.int64), values, p.size)


def learning_rate(step: int, steps: int, lr: float, warmup: int, min_ratio: float) -> float:
    """The paper's schedule at ``step`` (counted from 1): lr · step / warmup during the warm-up, then cosine
    from lr down to min_ratio · lr at ``step = steps``.

    >>> learning_rate(2000, 20000, 0.01, 2000, 0.05), learning_rate(20000, 20000, 0.01, 2000, 0.05)
    (0.01, 0.0005)
    """
    steps = check_int("steps", steps, low=1)
    step = check_int("step", step, low=1, high=steps)
    warmup = check_int("warmup", warmup, low=0, high=steps - 1)
    lr = check_real("lr", lr, low=0.0)
    min_ratio = check_real("min_ratio", min_ratio, low=0.0, high=1.0)
    if step <= warmup:
        return lr * step / warmup
    progress = (step - warmup) / (steps - warmup)
    return lr * (min_ratio + 0.5 * (1.0 - min_ratio) * (1.0 + math.cos(math.pi * progress)))
