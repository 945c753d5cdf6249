"""Toy reasoning environment with a verifiable reward, the six RLVR algorithms, and distillation (Yue et al.).

The environment (spec §2.4 (b), (c)) has P problems with M solution paths each; paths follow S strategies
shared across problems, and the RL policy reweights strategies, so RL can sharpen pass@1 while narrowing
large-k coverage, and can never leave the base top-p support. Distillation from a teacher with broader
coverage can.
"""

from ._algorithms import ALGORITHMS as ALGORITHMS
from ._algorithms import K_GRID as K_GRID
from ._algorithms import RLConfig as RLConfig
from ._distill import DistillConfig as DistillConfig
from ._distill import DistillResult as DistillResult
from ._distill import distill as distill
from ._distill import teacher_probs as teacher_probs
from ._environment import EnvConfig as EnvConfig
from ._environment import ReasoningEnv as ReasoningEnv
from ._environment import make_environment as make_environment
from ._environment import nucleus as nucleus
from ._evaluate import nll_under_base as nll_under_base
from ._evaluate import sampled_pass_at_k_curve as sampled_pass_at_k_curve
from ._experiment import RLExperimentConfig as RLExperimentConfig
from ._experiment import run_training as run_training
from ._policy import greedy_paths as greedy_paths
from ._policy import pass_at_k_curve as pass_at_k_curve
from ._policy import policy_probs as policy_probs
from ._policy import probability_correct as probability_correct
from ._policy import strategy_marginals as strategy_marginals
from ._policy import student_probs as student_probs
from ._sampling import count_correct as count_correct
from ._sampling import sample_paths as sample_paths
from ._train import RLResult as RLResult
from ._train import train_rl as train_rl

__all__ = [
    "ALGORITHMS",
    "K_GRID",
    "DistillConfig",
    "DistillResult",
    "EnvConfig",
    "RLConfig",
    "RLExperimentConfig",
    "RLResult",
    "ReasoningEnv",
    "count_correct",
    "distill",
    "greedy_paths",
    "make_environment",
    "nll_under_base",
    "nucleus",
    "pass_at_k_curve",
    "policy_probs",
    "probability_correct",
    "run_training",
    "sample_paths",
    "sampled_pass_at_k_curve",
    "strategy_marginals",
    "student_probs",
    "teacher_probs",
    "train_rl",
]
