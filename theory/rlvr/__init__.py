"""Policy-gradient mathematics of RLVR (Yue et al., NeurIPS 2025): advantages, clipped surrogate, KL,
perplexity.

Deterministic numpy functions; every one validates its input. The conventions (ddof, eps, aggregation modes)
are explicit arguments because verl, TRL and OpenRLHF differ on them (spec §4).
"""

from ._advantages import batch_whiten as batch_whiten
from ._advantages import grpo_advantages as grpo_advantages
from ._advantages import reinforce_pp_advantages as reinforce_pp_advantages
from ._advantages import remax_advantages as remax_advantages
from ._advantages import rloo_advantages as rloo_advantages
from ._kl import categorical_kl as categorical_kl
from ._kl import kl_estimators as kl_estimators
from ._kl import perplexity as perplexity
from ._surrogate import AGGREGATION_MODES as AGGREGATION_MODES
from ._surrogate import aggregation_weights as aggregation_weights
from ._surrogate import clipped_surrogate as clipped_surrogate

__all__ = [
    "AGGREGATION_MODES",
    "aggregation_weights",
    "batch_whiten",
    "categorical_kl",
    "clipped_surrogate",
    "grpo_advantages",
    "kl_estimators",
    "perplexity",
    "reinforce_pp_advantages",
    "remax_advantages",
    "rloo_advantages",
]
