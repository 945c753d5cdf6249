"""Small real and synthetic data sets for the score-network experiment, and an offline sample-quality metric.

* ``mixture``: the paper's two-Gaussian mixture (SM B, Eq. 23), P0 = ½ N(μ, I_d) + ½ N(-μ, I_d), μ = 1_d, d = 8.
* ``digits``: scikit-learn's bundled 8x8 digits (1797 images, d = 64; shipped with the package, no download),
  pixels scaled by 1/16, centred by the mean image and divided by the global pixel std. The last 297 images
  (after a seeded shuffle) are the test set; training sets are prefixes of the rest.

FID needs Inception weights that cannot be fetched offline; the quality metric is the sliced Wasserstein-2
distance between generated samples and held-out data: sqrt(mean over random unit directions θ of W2²(θ·X, θ·Y)),
each one-dimensional W2 from sorted projections (equal sizes by quantile matching).
"""

from __future__ import annotations

import importlib.util

import numpy as np

from theory._validate import check_choice, check_int
from theory.diffusion_rf import check_matrix

__all__ = ["DATASETS", "DIGITS_SIZES", "dataset_available", "load_dataset", "sliced_wasserstein"]

DATASETS = ("mixture", "digits")
#: (training pool, test set) sizes of the digits split: 1797 = 1500 + 297.
DIGITS_SIZES = (1500, 297)


def dataset_available(name: str) -> bool:
    """Whether ``name`` can be loaded here (digits needs scikit-learn, the optional ``diffusion`` extra)."""
    check_choice("dataset", name, DATASETS)
    return name == "mixture" or importlib.util.find_spec("sklearn") is not None


def load_dataset(name: str, n_train: int, n_test: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """(train (n_train, d), test (n_test, d)) float64 arrays; seeded and deterministic."""
    check_choice("dataset", name, DATASETS)
    n_train, n_test = check_int("n_train", n_train, low=2), check_int("n_test", n_test, low=2)
    rng = np.random.default_rng(check_int("seed", seed, low=0))
    if name == "mixture":
        d = 8
        signs = rng.choice([-1.0, 1.0], size=(n_train + n_test, 1))
        data = signs + rng.standard_normal((n_train + n_test, d))  # ±μ with μ = 1_d, plus unit noise
        return data[:n_train], data[n_train:]
    if not dataset_available("digits"):
        raise ImportError("the digits data set needs scikit-learn: `pip install scikit-learn` (extra `diffusion`)")
    from sklearn.datasets import load_digits

    images = load_digits().data / 16.0  # (1797, 64) in [0, 1]
    images = images[rng.permutation(images.shape[0])]
    pool, test = images[: DIGITS_SIZES[0]], images[DIGITS_SIZES[0] :]
    if n_train > pool.shape[0] or n_test > test.shape[0]:
        raise ValueError(
            f"digits has {pool.shape[0]} training and {test.shape[0]} test images; got {n_train}, {n_test}"
        )
    mean, scale = pool.mean(axis=0), pool.std()
    return (pool[:n_train] - mean) / scale, (test[:n_test] - mean) / scale


def sliced_wasserstein(x: object, y: object, *, projections: int = 256, seed: int = 0) -> float:
    """Sliced W2 between point clouds x (m, d) and y (k, d) over ``projections`` seeded random directions."""
    x = check_matrix("x", x, (None, None))
    y = check_matrix("y", y, (None, x.shape[1]))
    projections = check_int("projections", projections, low=1)
    theta = np.random.default_rng(check_int("seed", seed, low=0)).standard_normal((x.shape[1], projections))
    theta /= np.linalg.norm(theta, axis=0)
    levels = (np.arange(max(x.shape[0], y.shape[0])) + 0.5) / max(x.shape[0], y.shape[0])
    # Quantile functions of each projected sample at common levels (exact sorted matching when m == k).
    qx = np.quantile(x @ theta, levels, axis=0, method="inverted_cdf")
    qy = np.quantile(y @ theta, levels, axis=0, method="inverted_cdf")
    return float(np.sqrt(np.mean((qx - qy) ** 2)))
