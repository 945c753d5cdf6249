"""The PPO/DAPO clipped surrogate and the loss-aggregation weights of verl's ``agg_loss`` modes."""

from __future__ import annotations

import numpy as np

from theory._validate import as_float_array, as_int_array, check_choice, check_int, check_real

__all__ = ["AGGREGATION_MODES", "aggregation_weights", "clipped_surrogate"]

#: The loss-aggregation modes of :func:`aggregation_weights` (verl's names).
AGGREGATION_MODES = ("token-mean", "seq-mean-token-mean", "seq-mean-token-sum-norm")


def clipped_surrogate(
    ratio: object,
    advantages: object,
    *,
    eps_low: float = 0.2,
    eps_high: float = 0.2,
    dual_clip: float | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Per-sample clipped objective (to be maximised) and its derivative with respect to ``log π_θ``.

    ``J = min(ρ A, clip(ρ, 1 - eps_low, 1 + eps_high) A)``; with ``dual_clip = c`` (verl ``clip_ratio_c``,
    3.0) and ``A < 0`` the objective is further bounded below, ``J = max(J, c A)``, so the loss ``-J`` is at
    most ``-c A``. Since ``dρ/d log π_θ = ρ``, the derivative is ``ρ A`` where the unclipped branch is the
    active one and 0 where a clip is active: ``ρ > 1 + eps_high`` with ``A > 0``, ``ρ < 1 - eps_low`` with
    ``A < 0``, or ``ρ > c`` with ``A < 0``. At ``ρ = 1`` it is the vanilla policy-gradient coefficient ``A``.
    On a clip boundary (``ρ = 1 + eps_high``, say) the unclipped branch counts as active; the value agrees.

    Parameters
    ----------
    ratio : array, >= 0
        ``ρ = π_θ(y|x) / π_old(y|x)``.
    advantages : array, broadcastable with ``ratio``
    eps_low : float in [0, 1)
    eps_high : float >= 0
        DAPO's "clip-higher" uses 0.2 / 0.28.
    dual_clip : float > 1 or None

    Returns
    -------
    objective, grad_coef : arrays of the broadcast shape
    """
    rho = as_float_array("ratio", ratio)
    adv = as_float_array("advantages", advantages)
    if np.any(rho < 0):
        raise ValueError(f"ratio must be >= 0 (a ratio of probabilities), got minimum {rho.min()}")
    try:
        rho, adv = np.broadcast_arrays(rho, adv)
    except ValueError as exc:
        raise ValueError(f"ratio {rho.shape} and advantages {adv.shape} must broadcast together") from exc
    eps_low = check_real("eps_low", eps_low, low=0.0, high=1.0, high_open=True)
    eps_high = check_real("eps_high", eps_high, low=0.0)
    if dual_clip is not None:
        dual_clip = check_real("dual_clip", dual_clip, low=1.0, low_open=True)

    unclipped = rho * adv
    clipped = np.clip(rho, 1.0 - eps_low, 1.0 + eps_high) * adv
    objective = np.minimum(unclipped, clipped)
    # Which branch is active follows from the signs, not from comparing the two values: those can tie by
    # underflow (tiny A) even where the clip binds.
    frozen = ((adv > 0) & (rho > 1.0 + eps_high)) | ((adv < 0) & (rho < 1.0 - eps_low))
    if dual_clip is not None:
        # For A < 0 and rho > c the objective is rho A < c A, which the dual clip raises to c A.
        dual_active = (adv < 0) & (rho > dual_clip)
        objective = np.where(dual_active, dual_clip * adv, objective)
        frozen |= dual_active
    return objective, np.where(frozen, 0.0, unclipped)


def aggregation_weights(lengths: object, mode: str, *, max_length: int | None = None) -> np.ndarray:
    """Per-response weights ``w_i`` such that the batch loss is ``Σ_i w_i · mean_t ℓ_{i,t}``.

    ``ℓ_{i,t}`` is the per-token loss of response i (length ``|o_i|``), and the N = B·G responses of the batch
    are the entries of ``lengths``:

    * ``"token-mean"`` (DAPO, TRL's default ``loss_type="dapo"``): ``Σ_{i,t} ℓ / Σ_j |o_j|``, so
      ``w_i = |o_i| / Σ_j |o_j|``: long responses weigh more, every token weighs the same.
    * ``"seq-mean-token-mean"`` (original GRPO): the mean over responses of the per-response token mean,
      ``w_i = 1 / N``: each response weighs the same, so tokens of long responses weigh less (length bias).
    * ``"seq-mean-token-sum-norm"`` (Dr. GRPO): ``Σ_{i,t} ℓ / (N · L_max)`` with a constant ``L_max``, so
      ``w_i = |o_i| / (N · L_max)``: proportional to token-mean with a batch-independent scale.

    Parameters
    ----------
    lengths : int array, any shape, entries >= 1
        Response lengths in tokens.
    mode : one of :data:`AGGREGATION_MODES`
    max_length : int or None
        ``L_max`` of Dr. GRPO (the generation cap); defaults to ``max(lengths)``. Must be >= every length.

    Returns
    -------
    array of float64, same shape as ``lengths``
        Sums to 1 for the first two modes and to ``mean(|o|) / L_max <= 1`` for the third.
    """
    lens = as_int_array("lengths", lengths, low=1)
    if lens.size == 0:
        raise ValueError("lengths must not be empty")
    mode = check_choice("mode", mode, AGGREGATION_MODES)
    n = lens.size
    if mode == "token-mean":
        return lens / lens.sum()
    if mode == "seq-mean-token-mean":
        return np.full(lens.shape, 1.0 / n)
    cap = int(lens.max()) if max_length is None else check_int("max_length", max_length, low=int(lens.max()))
    return lens / (n * cap)
