"""A small DDPM score network on the two-Gaussian mixture (SM B) or the 8x8 digits, trained at one training-set
size n, with the paper's measurements at log-spaced checkpoints (torch through :mod:`sims.torch_adapter` only).

Model: an MLP ε̂(x, t') with a sinusoidal embedding of the DDPM step t' (as the paper's ResNet-MLP of SM B, Fig. 8,
without residual blocks), SiLU activations. Training: ε-prediction MSE with t' ~ U{1, ..., T-1} on the linear
schedule of :mod:`theory.diffusion_rf` (T = 1000), Adam (the paper's SM A.3 variant), batch min(n, 512).

At each checkpoint (log-spaced training steps, step 0 excluded):

* train / test loss at the fixed OU time t = 0.01 (t' = 41), (1/d) E||ε̂ - ε||² over 5 noise draws (the paper's
  losses of Fig. 2 middle);
* ``n_samples`` DDIM samples (:func:`ddim_sample`), their memorized fraction f_mem (k = 1/3) and the sliced
  Wasserstein-2 distance to held-out data (the offline stand-in for FID).
"""

from __future__ import annotations

import dataclasses
import math
from typing import Any

import numpy as np

from sims._config import Config
from sims.torch_adapter import require_torch, seed_everything, set_threads, to_numpy, to_tensor
from theory._validate import check_choice, check_int, check_real
from theory.diffusion_rf import ddpm_alpha_bar, ou_to_ddpm_step

from ._datasets import DATASETS, DIGITS_SIZES, load_dataset, sliced_wasserstein
from ._memorization import memorized_fraction
from ._sampler import ddim_sample

__all__ = ["ScoreNetConfig", "train_score_net"]

_T = 1000  # DDPM steps of the linear schedule
_LOSS_T = 0.01  # OU time of the train/test losses (paper Fig. 2 middle)
_EMBED = 32  # sinusoidal embedding width


@dataclasses.dataclass(frozen=True)
class ScoreNetConfig(Config):
    """One training run: data set, training-set size, MLP width/depth, Adam steps and learning rate, and the
    evaluation (checkpoints, samples, DDIM steps, test points). ``threads`` caps torch's CPU threads."""

    dataset: str = "mixture"
    n_train: int = 64
    width: int = 256
    depth: int = 3
    steps: int = 20_000
    lr: float = 1e-3
    checkpoints: int = 12
    n_samples: int = 500
    ddim_steps: int = 50
    n_test: int = 1000
    threads: int = 1

    def __post_init__(self) -> None:
        check_choice("dataset", self.dataset, DATASETS)
        check_int("n_train", self.n_train, low=2, high=100_000)
        check_int("width", self.width, low=1, high=8192)
        check_int("depth", self.depth, low=1, high=16)
        check_int("steps", self.steps, low=1)
        object.__setattr__(self, "lr", check_real("lr", self.lr, low=0.0, low_open=True, high=1.0))
        check_int("checkpoints", self.checkpoints, low=2, high=200)
        check_int("n_samples", self.n_samples, low=2)
        check_int("ddim_steps", self.ddim_steps, low=2, high=_T)
        check_int("n_test", self.n_test, low=2)
        check_int("threads", self.threads, low=1, high=256)
        if self.dataset == "digits" and (self.n_train > DIGITS_SIZES[0] or self.n_test > DIGITS_SIZES[1]):
            raise ValueError(
                f"digits has {DIGITS_SIZES[0]} training and {DIGITS_SIZES[1]} test images; got n_train="
                f"{self.n_train}, n_test={self.n_test}"
            )
        if self.checkpoints > self.steps:
            raise ValueError(f"checkpoints ({self.checkpoints}) must be <= steps ({self.steps})")


def _network(torch, dim: int, width: int, depth: int):
    """MLP on [x, embedding(t')] -> ε̂ of shape (batch, dim)."""
    layers, size = [], dim + _EMBED
    for _ in range(depth):
        layers += [torch.nn.Linear(size, width), torch.nn.SiLU()]
        size = width
    layers.append(torch.nn.Linear(size, dim))
    return torch.nn.Sequential(*layers)


def _embed(torch, steps):
    """Sinusoidal embedding of integer DDPM steps (batch,) -> (batch, _EMBED)."""
    freqs = torch.exp(-math.log(10_000.0) * torch.arange(_EMBED // 2, dtype=torch.float32) / (_EMBED // 2))
    angles = steps.to(torch.float32)[:, None] * freqs[None, :]
    return torch.cat([torch.sin(angles), torch.cos(angles)], dim=1)


def _eps(torch, net, x, steps):
    return net(torch.cat([x, _embed(torch, steps)], dim=1))


def _fixed_t_loss(torch, net, data, alpha_bar, step: int, generator) -> float:
    """(1/d) E||ε̂ - ε||² at DDPM step ``step`` over 5 noise draws per point."""
    ab = float(alpha_bar[step - 1])
    total = 0.0
    with torch.no_grad():
        for _ in range(5):
            eps = torch.randn(data.shape, generator=generator)
            noisy = math.sqrt(ab) * data + math.sqrt(1.0 - ab) * eps
            pred = _eps(torch, net, noisy, torch.full((data.shape[0],), step, dtype=torch.long))
            total += float(((pred - eps) ** 2).mean())
    return total / 5.0


def train_score_net(config: ScoreNetConfig, seed: int) -> dict[str, Any]:
    """Train and measure one model; returns JSON-ready lists per checkpoint (see the module docstring)."""
    if not isinstance(config, ScoreNetConfig):
        raise TypeError(f"config must be a ScoreNetConfig, got {type(config).__name__}")
    seed = check_int("seed", seed, low=0)
    torch = require_torch()
    set_threads(config.threads)
    seed_everything(seed)
    train_np, test_np = load_dataset(config.dataset, config.n_train, config.n_test, seed)
    dim = train_np.shape[1]
    train, test = to_tensor(train_np), to_tensor(test_np)
    alpha_bar_np = ddpm_alpha_bar(_T)
    alpha_bar = to_tensor(alpha_bar_np)
    generator = torch.Generator().manual_seed(seed)
    net = _network(torch, dim, config.width, config.depth)
    opt = torch.optim.Adam(net.parameters(), lr=config.lr)
    batch = min(config.n_train, 512)
    marks = set(np.unique(np.geomspace(max(1, config.steps // 1000), config.steps, config.checkpoints).astype(int)))
    loss_step = ou_to_ddpm_step(_LOSS_T, _T)
    out: dict[str, list] = {k: [] for k in ("steps", "train_loss", "test_loss", "f_mem", "f_mem_low", "f_mem_high")}
    out["sliced_w2"] = []

    def score(x: np.ndarray, t: float) -> np.ndarray:
        # Score from the ε-prediction at the DDPM step of OU time t: s = -ε̂ / √Δ_t.
        step = min(max(ou_to_ddpm_step(t, _T), 1), _T - 1)
        with torch.no_grad():
            eps = _eps(torch, net, to_tensor(x), torch.full((x.shape[0],), step, dtype=torch.long))
        return -to_numpy(eps).astype(np.float64) / math.sqrt(-math.expm1(-2.0 * t))

    for k in range(1, config.steps + 1):
        idx = torch.randint(0, config.n_train, (batch,), generator=generator) if batch < config.n_train else None
        x0 = train if idx is None else train[idx]
        steps = torch.randint(1, _T, (x0.shape[0],), generator=generator)
        eps = torch.randn(x0.shape, generator=generator)
        ab = alpha_bar[steps - 1][:, None]
        loss = ((_eps(torch, net, ab.sqrt() * x0 + (1.0 - ab).sqrt() * eps, steps) - eps) ** 2).mean()
        opt.zero_grad()
        loss.backward()
        opt.step()
        if k in marks:
            samples = ddim_sample(score, config.n_samples, dim, ddim_steps=config.ddim_steps, steps=_T, seed=seed + k)
            mem = memorized_fraction(samples, train_np, bootstrap=200, seed=seed)
            out["steps"].append(k)
            out["train_loss"].append(_fixed_t_loss(torch, net, train, alpha_bar_np, loss_step, generator))
            out["test_loss"].append(_fixed_t_loss(torch, net, test, alpha_bar_np, loss_step, generator))
            out["f_mem"].append(mem.fraction)
            out["f_mem_low"].append(mem.ci_low)
            out["f_mem_high"].append(mem.ci_high)
            out["sliced_w2"].append(sliced_wasserstein(samples, test_np, seed=seed))
    return {"config": config.to_dict(), "seed": seed, **out}
