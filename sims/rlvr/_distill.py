"""Distillation (paper §4.2, spec §1.9): SFT of a student on a teacher with broader coverage than the base.

Teacher: ``softmax(base_logits + bonus · correct)`` over *all* M paths (no top-p mask), so it puts mass on
correct paths that the base nucleus excludes. Student: ``softmax(base_logits + w[strategy] + u)``, also
unmasked (:func:`sims.rlvr.student_probs`), trained by full-batch cross-entropy
``L = -(1/P) Σ_p Σ_m t[p, m] log s[p, m]`` against either the exact teacher distribution
(``teacher_samples = 0``) or the empirical distribution of a fixed SFT set of ``teacher_samples`` teacher
samples per problem. ``dL / d logits = (s - t) / P``, which flows to ``u`` directly and to ``w[s]`` summed
over the paths of strategy s.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np

from sims._config import Config, Result
from theory._validate import check_choice, check_int, check_real

from ._algorithms import K_GRID, check_k_grid
from ._environment import ReasoningEnv, check_env
from ._optim import OPTIMIZERS, Optimizer
from ._policy import _student_log_probs, pass_at_k_curve
from ._rows import log_softmax_rows, success_probability
from ._sampling import _inverse_cdf_kernel

__all__ = ["DistillConfig", "DistillResult", "distill", "teacher_probs"]


@dataclasses.dataclass(frozen=True)
class DistillConfig(Config):
    """Configuration of a distillation run.

    Attributes
    ----------
    teacher_bonus : float >= 0
        Logit added to every correct path by the teacher (spec prototype: 3).
    steps : int
        Full-batch optimiser steps.
    learning_rate : float > 0
    optimizer : ``"adam"`` or ``"sgd"``
    teacher_samples : int >= 0
        0: fit the exact teacher distribution; n > 0: fit a fixed set of n teacher samples per problem.
    eval_every : int
    k_grid : tuple of int
    """

    teacher_bonus: float = 3.0
    steps: int = 300
    learning_rate: float = 0.05
    optimizer: str = "adam"
    teacher_samples: int = 0
    eval_every: int = 50
    k_grid: tuple[int, ...] = K_GRID

    def __post_init__(self) -> None:
        check_real("teacher_bonus", self.teacher_bonus, low=0.0)
        check_int("steps", self.steps, low=1)
        check_real("learning_rate", self.learning_rate, low=0.0, low_open=True)
        check_choice("optimizer", self.optimizer, OPTIMIZERS)
        check_int("teacher_samples", self.teacher_samples, low=0)
        check_int("eval_every", self.eval_every, low=1)
        check_k_grid(self.k_grid)


@dataclasses.dataclass
class DistillResult(Result):
    """Outcome of :func:`distill`; the pass@k fields mean what they mean in :class:`sims.rlvr.RLResult`.

    Attributes
    ----------
    config : dict
    k_grid : int array (K,)
    steps_evaluated : int array (E,)
        Step 0 is the untrained student: the base logits *without* the top-p mask.
    pass_at_k : float array (E, K)
    teacher_pass_at_k : float array (K,)
    final_p_correct : float array (P,)
    cross_entropy : float array (steps,)
        Loss before each step, in nats per problem.
    """

    config: dict[str, Any]
    k_grid: np.ndarray
    steps_evaluated: np.ndarray
    pass_at_k: np.ndarray
    teacher_pass_at_k: np.ndarray
    final_p_correct: np.ndarray
    cross_entropy: np.ndarray


def teacher_probs(env: ReasoningEnv, bonus: float) -> np.ndarray:
    """(P, M) teacher distribution ``softmax(base_logits + bonus · correct)`` over all paths."""
    check_env(env)
    bonus = check_real("bonus", bonus, low=0.0)
    return np.exp(log_softmax_rows(env.base_logits + bonus * env.correct))


def _sft_targets(env: ReasoningEnv, teacher: np.ndarray, n: int, rng: np.random.Generator) -> np.ndarray:
    """Empirical (P, M) distribution of ``n`` teacher samples per problem (the teacher itself if n = 0)."""
    if n == 0:
        return teacher
    paths = _inverse_cdf_kernel(teacher, rng.random((env.n_problems, n)))  # (P, n)
    flat = (np.arange(env.n_problems)[:, None] * env.n_paths + paths).ravel()
    counts = np.bincount(flat, minlength=env.n_problems * env.n_paths).reshape(env.base_logits.shape)
    return counts / n


def distill(env: ReasoningEnv, cfg: DistillConfig, seed: int) -> DistillResult:
    """Train the student (``w = 0``, ``u = 0`` at the start) by cross-entropy on the teacher; deterministic.

    Parameters
    ----------
    env : ReasoningEnv
    cfg : DistillConfig
    seed : int >= 0
        Used only to draw the SFT set when ``cfg.teacher_samples > 0``.
    """
    check_env(env)
    if not isinstance(cfg, DistillConfig):
        raise TypeError(f"cfg must be a DistillConfig, got {type(cfg).__name__}")
    seed = check_int("seed", seed, low=0)
    teacher = teacher_probs(env, cfg.teacher_bonus)
    targets = _sft_targets(env, teacher, cfg.teacher_samples, np.random.default_rng(seed))
    p, s = env.n_problems, env.n_strategies
    params = np.zeros(s + p * env.n_paths)  # [w (S,), u (P*M,)] as one flat vector for the optimiser
    opt = Optimizer(cfg.optimizer, cfg.learning_rate, params.size)
    k_grid = np.asarray(cfg.k_grid, dtype=np.int64)

    def log_student() -> np.ndarray:
        return _student_log_probs(env, params[:s], params[s:].reshape(env.base_logits.shape))  # (P, M)

    def p_correct() -> np.ndarray:
        return success_probability(np.exp(log_student()), env.correct)  # (P,)

    evaluated, curves = [0], [pass_at_k_curve(p_correct(), k_grid)]
    losses = np.zeros(cfg.steps)
    for step in range(1, cfg.steps + 1):
        log_probs = log_student()
        # The student is unmasked, so every log-probability is finite and a zero target contributes exactly 0.
        losses[step - 1] = -(targets * log_probs).sum() / p
        grad_logits = (np.exp(log_probs) - targets) / p  # (P, M): d loss / d logits
        grad_w = np.bincount(env.strategy.ravel(), weights=grad_logits.ravel(), minlength=s)  # (S,)
        params = opt.step(params, -np.concatenate([grad_w, grad_logits.ravel()]))  # descent on the loss
        if step % cfg.eval_every == 0 or step == cfg.steps:
            evaluated.append(step)
            curves.append(pass_at_k_curve(p_correct(), k_grid))
    return DistillResult(
        config=cfg.to_dict(),
        k_grid=k_grid,
        steps_evaluated=np.asarray(evaluated, dtype=np.int64),
        pass_at_k=np.asarray(curves),
        teacher_pass_at_k=pass_at_k_curve(success_probability(teacher, env.correct), k_grid),
        final_p_correct=p_correct(),
        cross_entropy=losses,
    )
