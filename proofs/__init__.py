"""Symbolic re-derivations (sympy) of the papers' lemmas, constants and identities.

Each proof is a function returning a :class:`Certificate`. Where a formula also lives in ``theory/``, the
proof checks the symbolic form against the numeric code on a grid, so the two cannot drift apart.
``proofs.<paper>`` exposes ``CERTIFICATES``, the list of its proof functions, which ``workbench prove`` runs.
"""

from proofs._certificate import Certificate as Certificate
from proofs._certificate import check_numeric_against_symbolic as check_numeric_against_symbolic
from proofs._certificate import merge_checks as merge_checks
