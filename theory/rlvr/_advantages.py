"""Outcome-reward advantage estimators of the six RLVR algorithms (paper §4.3; verl, TRL, OpenRLHF).

Rewards are laid out as ``(B, G)``: one row per prompt (a *group*), one column per sampled response. With an
outcome reward and no KL-in-reward the return is the same at every token of a response (γ = 1), so a
per-response advantage is the per-token advantage broadcast along the response.
"""

from __future__ import annotations

import numpy as np

from theory._validate import as_float_array, check_int, check_real

__all__ = [
    "batch_whiten",
    "grpo_advantages",
    "reinforce_pp_advantages",
    "remax_advantages",
    "rloo_advantages",
]


def _grouped_rewards(rewards: object, *, min_group: int = 1) -> np.ndarray:
    """Validate a ``(B, G)`` finite reward array with ``G >= min_group`` and return it as float64."""
    r = as_float_array("rewards", rewards)
    if r.ndim != 2:
        raise ValueError(f"rewards must be 2-D (B prompts, G responses), got shape {r.shape}")
    if r.shape[1] < min_group:
        raise ValueError(f"rewards must have group size G >= {min_group} (columns), got shape {r.shape}")
    return r


def _check_ddof(ddof: object) -> int:
    return check_int("ddof", ddof, low=0, high=1)


def grpo_advantages(rewards: object, *, ddof: int = 1, eps: float = 1e-6, scale: bool = True) -> np.ndarray:
    """GRPO group-normalised advantage ``A_i = (r_i - mean(r)) / (std_ddof(r) + eps)`` per row.

    Parameters
    ----------
    rewards : array (B, G)
        Rewards of G responses to each of B prompts.
    ddof : {0, 1}
        Degrees of freedom of the group std. verl, TRL and OpenRLHF all use 1 (``torch.std``); numpy's default
        is 0.
    eps : float >= 0
        Added to the std: verl 1e-6, TRL 1e-4, OpenRLHF 1e-9.
    scale : bool
        ``False`` gives Dr. GRPO (``r_i - mean(r)``, no std division).

    Returns
    -------
    array (B, G)
        Advantages. Each row sums to zero; a constant row (all right or all wrong) is all zeros, and so is
        every singleton group (G = 1; verl instead returns ``r / (1 + eps)``: a lone sample has no baseline).
    """
    r = _grouped_rewards(rewards)
    ddof = _check_ddof(ddof)
    eps = check_real("eps", eps, low=0.0)
    if not isinstance(scale, bool | np.bool_):
        raise TypeError(f"scale must be a bool, got {scale!r}")
    if r.shape[1] == 1:
        return np.zeros_like(r)
    centred = r - r.mean(axis=1, keepdims=True)  # (B, G)
    # A constant group's float mean can miss its value by one rounding (0.1 * 3 / 3 != 0.1); with eps = 0 that
    # residue divided by an equally tiny std would be a unit-size advantage, so constant rows are set to 0.
    centred[np.all(r == r[:, :1], axis=1)] = 0.0
    if not scale:
        return centred
    std = r.std(axis=1, ddof=ddof, keepdims=True)  # (B, 1)
    denom = std + eps
    # A constant group has centred == 0; with eps == 0 its 0/0 is defined here as 0 (no learning signal).
    return np.divide(centred, denom, out=np.zeros_like(r), where=denom > 0)


def rloo_advantages(rewards: object) -> np.ndarray:
    """RLOO leave-one-out advantage ``A_i = r_i - (1/(G-1)) Σ_{j≠i} r_j = G/(G-1) (r_i - mean(r))``.

    Parameters
    ----------
    rewards : array (B, G), G >= 2

    Returns
    -------
    array (B, G)
    """
    r = _grouped_rewards(rewards, min_group=2)
    g = r.shape[1]
    # (sum - r_i) / (G - 1) is the mean of the other G - 1 rewards of the group.
    return r - (r.sum(axis=1, keepdims=True) - r) / (g - 1)


def remax_advantages(rewards: object, greedy_rewards: object) -> np.ndarray:
    """ReMax advantage ``A = r(x, y) - r(x, ȳ)`` with ȳ the greedy response to the same prompt.

    Parameters
    ----------
    rewards : array (B, G)
    greedy_rewards : array (B,)
        Reward of the greedy response of each prompt.

    Returns
    -------
    array (B, G)
        In ``{-1, 0, 1}`` when rewards are binary.
    """
    r = _grouped_rewards(rewards)
    greedy = as_float_array("greedy_rewards", greedy_rewards)
    if greedy.shape != (r.shape[0],):
        raise ValueError(f"greedy_rewards must have shape (B,) = ({r.shape[0]},), got {greedy.shape}")
    return r - greedy[:, None]


def _whiten(name: str, values: object, weights: object, ddof: object, eps: object) -> np.ndarray:
    """Validate (naming the values argument ``name``), then whiten: the body of both public functions."""
    v = as_float_array(name, values)
    if v.size == 0:
        raise ValueError(f"{name} must not be empty")
    ddof = _check_ddof(ddof)
    eps = check_real("eps", eps, low=0.0)
    if weights is None:
        w = np.ones_like(v)
    else:
        w = as_float_array("weights", weights)
        if w.shape != v.shape:
            raise ValueError(f"weights must have the shape of {name} {v.shape}, got {w.shape}")
        if np.any(w < 0):
            raise ValueError(f"weights must be >= 0, got minimum {w.min()}")
    total = w.sum()
    if total <= ddof:
        raise ValueError(f"weights must sum to more than ddof = {ddof}, got {total}")
    mean = (w * v).sum() / total
    var = (w * (v - mean) ** 2).sum() / (total - ddof)
    denom = np.sqrt(var + eps)
    weighted = v[w > 0]
    if denom == 0 or np.all(weighted == weighted[0]):
        # A constant batch has no signal; its float mean can miss the value by one rounding, which divided
        # by an equally tiny std (eps = 0) would otherwise come out as unit-size advantages.
        return np.zeros_like(v)
    return (v - mean) / denom


def batch_whiten(values: object, weights: object = None, *, ddof: int = 1, eps: float = 1e-8) -> np.ndarray:
    """Whiten over the whole batch: ``(v - m) / sqrt(s² + eps)``, weighted by token counts if given.

    With weights ``w`` (e.g. response lengths) the mean is ``m = Σ w v / W`` and the variance
    ``s² = Σ w (v - m)² / (W - ddof)`` with ``W = Σ w``: exactly verl's ``masked_whiten`` over the tokens when
    each response's value is repeated along its ``w`` tokens (``ddof = 1`` is its Bessel correction).

    Parameters
    ----------
    values : array, any shape
    weights : array of the same shape, >= 0, or None (every entry weighs 1)
    ddof : {0, 1}
    eps : float >= 0
        Added to the variance under the square root (verl 1e-8).

    Returns
    -------
    array, same shape as ``values``
    """
    return _whiten("values", values, weights, ddof, eps)


def reinforce_pp_advantages(rewards: object, weights: object = None, *, ddof: int = 1, eps: float = 1e-8) -> np.ndarray:
    """REINFORCE++ advantage: the γ = 1 outcome return (= the reward at every token), whitened over the batch.

    Parameters
    ----------
    rewards : array (B, G) or any shape
        Outcome rewards; the whitening is global (over all prompts and responses), not per group.
    weights : array like ``rewards`` or None
        Token counts per response; the statistics are then those of verl's per-token ``masked_whiten``.
    ddof, eps
        See :func:`batch_whiten`.

    Returns
    -------
    array, same shape as ``rewards``
        Weighted mean 0 and weighted (ddof-corrected) variance ``s² / (s² + eps)``.
    """
    return _whiten("rewards", rewards, weights, ddof, eps)
