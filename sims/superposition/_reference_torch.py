"""A faithful torch reference of the official small-model training loop (``exp-10.py`` with ``exp/adamw.py``),
for the benchmark and the equivalence check; torch comes only through :mod:`sims.torch_adapter`.

As the official code does: one model at a time; W ~ N(0, 1/m), b ~ N(0, 1); a fresh dense batch every step,
``x = (rand < p) * rand * 2``; the loss ``nn.MSELoss`` (mean over batch and features); the hand-written AdamW
(decay before the moment update with the current lr; γ < 0 moves each row's norm toward 1); the bias in a
group without decay; warm-up then cosine schedule; ``loss.item()`` logged every step. Unlike the official
code it is seeded, and it evaluates the test loss the paper describes (100 × the batch of fresh samples).
"""

from __future__ import annotations

import math
import time
from typing import Any

import numpy as np

from sims.torch_adapter import require_torch, seed_everything, set_threads, to_numpy, to_tensor
from theory._validate import check_int, check_real

from ._config import ToyConfig
from ._data import learning_rate

__all__ = ["train_reference"]


def _paper_adamw(torch: Any) -> type:
    """The official optimiser as a ``torch.optim.Optimizer`` (betas 0.9/0.999, eps 1e-8, no AMSGrad)."""

    class PaperAdamW(torch.optim.Optimizer):
        def __init__(self, params, lr: float, weight_decay: float = 0.0):
            super().__init__(params, {"lr": lr, "betas": (0.9, 0.999), "eps": 1e-8, "weight_decay": weight_decay})

        @torch.no_grad()
        def step(self):
            for group in self.param_groups:
                beta1, beta2 = group["betas"]
                lr, wd, eps = group["lr"], group["weight_decay"], group["eps"]
                for p in group["params"]:
                    if p.grad is None:
                        continue
                    if wd >= 0:
                        p.mul_(1 - lr * wd)
                    else:  # rows of a 2-D parameter move toward unit norm (exp/adamw.py's growth branch)
                        row_norms = p.norm(dim=1, keepdim=True) + eps
                        p.add_(lr * wd * p * (1 - 1 / row_norms))
                    state = self.state[p]
                    if not state:
                        state["step"] = 0
                        state["exp_avg"] = torch.zeros_like(p)
                        state["exp_avg_sq"] = torch.zeros_like(p)
                    state["step"] += 1
                    exp_avg, exp_avg_sq = state["exp_avg"], state["exp_avg_sq"]
                    exp_avg.mul_(beta1).add_(p.grad, alpha=1 - beta1)
                    exp_avg_sq.mul_(beta2).addcmul_(p.grad, p.grad, value=1 - beta2)
                    correction1 = 1 - beta1 ** state["step"]
                    correction2 = 1 - beta2 ** state["step"]
                    denom = (exp_avg_sq.sqrt() / math.sqrt(correction2)).add_(eps)
                    p.addcdiv_(exp_avg, denom, value=-lr / correction1)

    return PaperAdamW


def train_reference(
    config: ToyConfig, gamma: float, width: int, seed: int, threads: int | None = None
) -> dict[str, Any]:
    """Train one (γ, m) model of ``config`` the official way; return its losses, weights and timings.

    Returns a dict with ``test_loss`` and ``test_loss_se`` (summed over features, on ``eval_batches`` fresh
    batches), ``train_loss`` (per step, the code's MSE), ``weights`` (n, m), ``bias`` (n,), ``seconds``
    (training only) and ``ms_per_step``. ``threads`` caps torch's intra-op threads (None: torch's default).
    """
    if not isinstance(config, ToyConfig):
        raise TypeError(f"config must be a ToyConfig, got {type(config).__name__}")
    gamma = check_real("gamma", gamma, low=-10.0, high=10.0)
    width = check_int("width", width, low=1, high=config.n)
    seed = check_int("seed", seed, low=0)
    torch = require_torch()
    if threads is not None:
        set_threads(threads)
    seed_everything(seed, deterministic=False)
    n, batch = config.n, config.batch_size
    p = to_tensor(config.frequencies())
    weights = torch.nn.Parameter(torch.randn(n, width) / math.sqrt(width))
    bias = torch.nn.Parameter(torch.randn(n))
    lr_scale = (config.bias_lr or config.lr) / config.lr
    optimizer = _paper_adamw(torch)(
        [{"params": [weights], "weight_decay": gamma}, {"params": [bias], "weight_decay": 0.0}], lr=config.lr
    )
    criterion = torch.nn.MSELoss()

    def draw() -> Any:
        return (torch.rand(batch, n) < p) * torch.rand(batch, n) * config.value_max

    def forward(x: Any) -> Any:
        return torch.relu(x @ weights @ weights.T + bias)

    train_loss = np.empty(config.steps)
    clock = time.perf_counter()
    for step in range(1, config.steps + 1):
        lr = learning_rate(step, config.steps, config.lr, config.warmup_steps, config.min_lr_ratio)
        optimizer.param_groups[0]["lr"], optimizer.param_groups[1]["lr"] = lr, lr * lr_scale
        x = draw()
        loss = criterion(forward(x), x)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        train_loss[step - 1] = loss.item()
    seconds = time.perf_counter() - clock
    with torch.no_grad():
        test = np.array([float(criterion(forward(x), x)) * n for x in (draw() for _ in range(config.eval_batches))])
    return {
        "test_loss": float(test.mean()),
        "test_loss_se": float(test.std(ddof=1) / math.sqrt(test.size)) if test.size > 1 else 0.0,
        "train_loss": train_loss,
        "weights": to_numpy(weights),
        "bias": to_numpy(bias),
        "seconds": seconds,
        "ms_per_step": 1e3 * seconds / config.steps,
    }
