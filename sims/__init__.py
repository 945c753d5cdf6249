"""Stochastic simulators: pure functions of (config, seed) returning a result object. No file I/O, no plotting.

Neural components go through the thin torch adapter :mod:`sims.torch_adapter` (lazy import).
"""
