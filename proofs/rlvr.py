"""Certificates for Yue et al., "Does RL Really Incentivize Reasoning Capacity in LLMs Beyond the Base
Model?" (NeurIPS 2025).

pass@k estimator (spec §5): :func:`pass_at_k_unbiased` (P1), :func:`pass_at_one` (P3),
:func:`pass_at_k_increment` (P5), :func:`plugin_bias` (P7 and Jensen). Group advantages:
:func:`grpo_advantage_identities` (G1, G2), :func:`rloo_baseline_identity` (G3). Each proves its identity with
sympy and bridges it to the numeric code in :mod:`theory.passk` / :mod:`theory.rlvr`; ``workbench prove rlvr``
runs :data:`CERTIFICATES`.

>>> from proofs.rlvr import pass_at_one
>>> pass_at_one().holds
True
"""

from collections.abc import Callable

from proofs._certificate import Certificate
from proofs._rlvr_advantages import grpo_advantage_identities as grpo_advantage_identities
from proofs._rlvr_advantages import rloo_baseline_identity as rloo_baseline_identity
from proofs._rlvr_passk import pass_at_k_increment as pass_at_k_increment
from proofs._rlvr_passk import pass_at_k_unbiased as pass_at_k_unbiased
from proofs._rlvr_passk import pass_at_one as pass_at_one
from proofs._rlvr_passk import plugin_bias as plugin_bias

__all__ = [
    "CERTIFICATES",
    "grpo_advantage_identities",
    "pass_at_k_increment",
    "pass_at_k_unbiased",
    "pass_at_one",
    "plugin_bias",
    "rloo_baseline_identity",
]

CERTIFICATES: list[Callable[[], Certificate]] = [
    pass_at_k_unbiased,
    plugin_bias,
    pass_at_one,
    pass_at_k_increment,
    grpo_advantage_identities,
    rloo_baseline_identity,
]
