"""A minimal first-order optimiser (Adam or plain gradient steps) on one flat float64 parameter vector."""

from __future__ import annotations

import numpy as np

__all__ = ["OPTIMIZERS", "Optimizer"]

OPTIMIZERS = ("adam", "sgd")


class Optimizer:
    """Gradient *ascent* on a flat parameter vector (callers pass the gradient of what they maximise).

    ``"adam"``: Kingma & Ba with bias correction, betas (0.9, 0.999) and eps 1e-8 (torch's defaults);
    ``"sgd"``: ``θ ← θ + lr · g``. The caller validates ``kind`` and ``lr`` (they come from a checked config).
    """

    def __init__(self, kind: str, lr: float, size: int) -> None:
        self.kind, self.lr = kind, lr
        self.beta1, self.beta2, self.eps = 0.9, 0.999, 1e-8
        self.m = np.zeros(size)
        self.v = np.zeros(size)
        self.t = 0

    def step(self, params: np.ndarray, grad: np.ndarray) -> np.ndarray:
        """Return the updated parameters (a new array; ``params`` is not modified)."""
        if self.kind == "sgd":
            return params + self.lr * grad
        self.t += 1
        self.m = self.beta1 * self.m + (1 - self.beta1) * grad
        self.v = self.beta2 * self.v + (1 - self.beta2) * grad**2
        m_hat = self.m / (1 - self.beta1**self.t)
        v_hat = self.v / (1 - self.beta2**self.t)
        return params + self.lr * m_hat / (np.sqrt(v_hat) + self.eps)
