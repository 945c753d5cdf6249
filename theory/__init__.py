"""Deterministic mathematics of the papers: closed forms, exact solvers, bounds, estimators and fitting.

No file I/O, no plotting, no hidden randomness. Subpackages: ``theory.passk`` (pass@k estimation, shared by any
paper that samples), ``theory.rlvr`` (policy-gradient advantages, surrogate losses, KL estimators).
"""
