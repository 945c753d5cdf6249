"""Certificates for the group advantages of GRPO and RLOO (spec §5 G1, G2, G3).

For one group of G rewards r_1..r_G with mean m: GRPO uses ``A_i = (r_i - m) / (s_ddof + eps)`` with
``s_ddof² = Σ (r_j - m)² / (G - ddof)``; RLOO uses ``A_i = r_i - (1/(G-1)) Σ_{j≠i} r_j``. Identities are
proved with symbolic rewards (and a symbolic eps) for small G, the binary closed form for symbolic G and c,
and every formula is bridged to :mod:`theory.rlvr` on seeded random rewards.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import sympy as sp

import theory.rlvr as theory_rlvr
from proofs._certificate import Certificate, check_numeric_against_symbolic, merge_checks

__all__ = ["grpo_advantage_identities", "rloo_baseline_identity"]

GRPO_GROUPS = range(2, 7)
RLOO_GROUPS = range(2, 9)
BRIDGE_EPS = (0.0, 1e-6, 0.5)
BINARY_GROUPS = range(2, 17)
# Seeded so every run bridges the same reward vectors; a few per group size are enough for an identity.
BRIDGE_SEED, BRIDGE_DRAWS = 20250413, 6
# Constant groups carry no signal; their advantages must vanish up to rounding of the mean (~1e-16 / eps).
CONSTANT_TOL = 1e-8

eps_ = sp.Symbol("epsilon", nonnegative=True)


def _rewards(g: int) -> tuple[sp.Symbol, ...]:
    return sp.symbols(f"r1:{g + 1}", real=True)


def _reward_draws(g: int) -> list[list[float]]:
    """Seeded reward vectors for the bridge: continuous ones and a binary one (the RLVR case)."""
    rng = np.random.default_rng([BRIDGE_SEED, g])
    draws = rng.normal(size=(BRIDGE_DRAWS, g)).tolist()
    return [*draws, [float(i % 2) for i in range(g)]]


def _bridge_per_index(
    exprs: list[sp.Expr], symbols: tuple[sp.Symbol, ...], advantages: Callable[..., np.ndarray], grid: list
) -> dict[str, dict]:
    """Bridge every A_i: ``advantages(*point)`` returns the (G,) numeric advantages of one group."""
    return {
        f"G={len(exprs)},i={i}": check_numeric_against_symbolic(
            expr, symbols, lambda *point, i=i: advantages(*point)[i], grid
        )
        for i, expr in enumerate(exprs)
    }


def _binary_closed_form() -> dict[str, sp.Expr | bool]:
    """GRPO advantages (eps = 0) of a binary group with c >= 1 correct and G - c >= 1 wrong.

    G - c is written 1 + e with e >= 0 so that sympy knows G - 1 = c + e > 0 and can simplify the radicals.
    """
    c = sp.Symbol("c", integer=True, positive=True)
    e = sp.Symbol("e", integer=True, nonnegative=True)
    g, wrong_count = c + 1 + e, 1 + e
    mean = c / g
    squares = sp.simplify(c * (1 - mean) ** 2 + wrong_count * mean**2)  # Σ (r_j - m)² = c (G-c) / G
    correct, wrong = {}, {}
    for ddof in (0, 1):
        std = sp.sqrt(squares / (g - ddof))
        correct[ddof], wrong[ddof] = sp.simplify((1 - mean) / std), sp.simplify(-mean / std)
    # The ddof = 1 factor is derived, not assumed: the ratio of the Bessel to the population advantage.
    factor = sp.simplify(correct[1] / correct[0])
    g_sym = sp.Symbol("G", integer=True, positive=True)
    return {
        "sum_of_squares": squares,
        "population_form": sp.simplify(correct[0] - sp.sqrt(wrong_count / c)) == 0
        and sp.simplify(wrong[0] + sp.sqrt(c / wrong_count)) == 0,
        "bessel_factor": sp.simplify(factor - sp.sqrt((g - 1) / g)) == 0,
        "same_factor_for_wrong": sp.simplify(wrong[1] / wrong[0] - factor) == 0,
        "derived_factor": factor,
        "factor": sp.sqrt((g_sym - 1) / g_sym),
        "G": g_sym,
    }


def _constant_groups() -> dict[str, object]:
    """Largest |A| GRPO gives a constant group (G1: it must be 0), over G, values, ddof and eps.

    Values such as 0.1 are not exact in binary, so the float mean can differ from them by one rounding; with
    eps = 0 that residue must still not be blown up into a unit-size advantage.
    """
    worst, worst_case = -1.0, None
    for g in GRPO_GROUPS:
        for value in (0.0, 1.0, 0.1, 0.7, -2.3):
            for ddof in (0, 1):
                for eps in BRIDGE_EPS:
                    rewards = np.full((1, g), value)
                    size = float(np.abs(theory_rlvr.grpo_advantages(rewards, ddof=ddof, eps=eps)).max())
                    if size > worst:
                        worst, worst_case = size, {"G": g, "value": value, "ddof": ddof, "eps": eps}
    return {"max_abs": worst, "worst_case": worst_case, "tolerance": CONSTANT_TOL}


def _grpo_symbolic_rewards() -> tuple[list[list[int]], dict[str, dict]]:
    """G1 for symbolic rewards and eps, then each symbolic A_i bridged to ``grpo_advantages``.

    Returns the failing ``[G, ddof]`` cases and the bridge reports keyed by ``G, i, ddof``.
    """
    failures, bridges = [], {}
    for g in GRPO_GROUPS:
        r = _rewards(g)
        mean = sum(r) / g
        centred = [ri - mean for ri in r]
        for ddof in (0, 1):
            std = sp.sqrt(sum(x**2 for x in centred) / (g - ddof))
            advantages = [x / (std + eps_) for x in centred]
            # Σ A_i = Σ (r_i - m) / (s + eps) = 0 for every eps; Σ A_i² (s+eps)² = Σ (r_i - m)² = (G-ddof) s².
            if sp.expand(sum(centred)) != 0 or sp.expand(sum(x**2 for x in centred) - (g - ddof) * std**2) != 0:
                failures.append([g, ddof])
            grid = [(*draw, eps) for draw in _reward_draws(g) for eps in BRIDGE_EPS]

            def numeric(*point: float, ddof: int = ddof) -> np.ndarray:
                # point = (r_1, ..., r_G, eps): one group, as a (1, G) batch.
                return theory_rlvr.grpo_advantages([point[:-1]], ddof=ddof, eps=point[-1])[0]

            reports = _bridge_per_index(advantages, (*r, eps_), numeric, grid)
            bridges.update({f"{label},ddof={ddof}": report for label, report in reports.items()})
    return failures, bridges


def _grpo_binary_bridges(factor: sp.Expr, g_sym: sp.Symbol) -> dict[str, dict]:
    """Binary closed forms (factor 1 for ddof = 0, ``factor`` for ddof = 1) against ``grpo_advantages``."""
    c_sym = sp.Symbol("c", integer=True, positive=True)
    grid = [(g, c) for g in BINARY_GROUPS for c in range(1, g)]
    bridges = {}
    for ddof, scale in ((0, sp.Integer(1)), (1, factor)):
        # The group lists its c correct answers first: index 0 is correct, index -1 is wrong.
        for name, expr, index in (
            ("correct", scale * sp.sqrt((g_sym - c_sym) / c_sym), 0),
            ("wrong", -scale * sp.sqrt(c_sym / (g_sym - c_sym)), -1),
        ):

            def numeric(g: int, c: int, ddof: int = ddof, index: int = index) -> float:
                return theory_rlvr.grpo_advantages([[1.0] * c + [0.0] * (g - c)], ddof=ddof, eps=0.0)[0, index]

            bridges[f"binary,{name},ddof={ddof}"] = check_numeric_against_symbolic(expr, (g_sym, c_sym), numeric, grid)
    return bridges


def grpo_advantage_identities() -> Certificate:
    """G1 and G2: GRPO advantages sum to 0, Σ A² = (G-ddof) s²/(s+eps)², and the binary closed form."""
    symbolic_failures, bridges = _grpo_symbolic_rewards()
    binary = _binary_closed_form()
    factor = binary["factor"]
    bridges.update(_grpo_binary_bridges(factor, binary["G"]))
    constant = _constant_groups()
    bridge = merge_checks(bridges)
    holds = (
        not symbolic_failures
        and binary["population_form"]
        and binary["bessel_factor"]
        and binary["same_factor_for_wrong"]
        and bridge["agree"]
        and constant["max_abs"] <= CONSTANT_TOL
    )
    return Certificate(
        name="rlvr.grpo_advantages",
        statement=(
            "GRPO advantages satisfy Σ_i A_i = 0 for every eps >= 0 and "
            "Σ_i A_i² = (G-ddof) s²/(s+eps)² <= G-ddof; a constant group gives A = 0; a binary group with "
            "c of G correct has A_correct = f sqrt((G-c)/c), A_wrong = -f sqrt(c/(G-c)) at eps = 0, with "
            "f = 1 (ddof = 0) and f = sqrt((G-1)/G) (ddof = 1)."
        ),
        method=(
            f"sympy: symbolic rewards and eps for G in {list(GRPO_GROUPS)}, ddof in (0, 1); binary closed "
            "form for symbolic c, G - c >= 1 (ddof = 1 factor derived as the ratio of the two forms); "
            f"numeric: theory.rlvr.grpo_advantages on seeded rewards, eps in {list(BRIDGE_EPS)}, binary "
            f"groups G <= {max(BINARY_GROUPS)}, constant groups"
        ),
        holds=bool(holds),
        details={
            "symbolic_failures": symbolic_failures,
            "binary_sum_of_squares": f"{binary['sum_of_squares']} (c correct, G - c = e + 1 wrong)",
            "binary_population_form": bool(binary["population_form"]),
            "bessel_factor": str(factor),
            "bessel_factor_derived": f"{binary['derived_factor']} (G - 1 = c + e)",
            "bessel_factor_verified": bool(binary["bessel_factor"] and binary["same_factor_for_wrong"]),
            "constant_groups": constant,
            "bridge": bridge,
        },
    )


def rloo_baseline_identity() -> Certificate:
    """G3: the leave-one-out advantage is G/(G-1) (r_i - m), so it sums to 0 and is Dr. GRPO scaled."""
    symbolic_failures, dr_grpo_gap = [], 0.0
    bridges: dict[str, dict] = {}
    for g in RLOO_GROUPS:
        r = _rewards(g)
        mean = sum(r) / g
        advantages = [r[i] - (sum(r) - r[i]) / (g - 1) for i in range(g)]
        if any(sp.expand(a - sp.Rational(g, g - 1) * (ri - mean)) != 0 for a, ri in zip(advantages, r, strict=True)):
            symbolic_failures.append([g, "closed_form"])
        if sp.expand(sum(advantages)) != 0:
            symbolic_failures.append([g, "zero_sum"])
        bridges.update(
            _bridge_per_index(advantages, r, lambda *point: theory_rlvr.rloo_advantages([point])[0], _reward_draws(g))
        )
        # RLOO = G/(G-1) x Dr. GRPO (GRPO without the std division), on the same seeded rewards as one batch.
        batch = np.asarray(_reward_draws(g))  # (draws + 1, G)
        dr_grpo = g / (g - 1) * theory_rlvr.grpo_advantages(batch, scale=False)
        dr_grpo_gap = max(dr_grpo_gap, float(np.abs(theory_rlvr.rloo_advantages(batch) - dr_grpo).max()))
    bridge = merge_checks(bridges)
    return Certificate(
        name="rlvr.rloo_baseline",
        statement=(
            "RLOO's advantage r_i - (1/(G-1)) Σ_{j≠i} r_j equals G/(G-1) (r_i - mean(r)); hence "
            "Σ_i A_i = 0 and RLOO = G/(G-1) x Dr. GRPO."
        ),
        method=(
            f"sympy: symbolic rewards for G in {list(RLOO_GROUPS)}; numeric: theory.rlvr.rloo_advantages "
            "per index on seeded rewards, and against G/(G-1) x grpo_advantages(scale=False)"
        ),
        holds=bool(not symbolic_failures and bridge["agree"] and dr_grpo_gap <= 1e-12),
        details={
            "symbolic_failures": symbolic_failures,
            "dr_grpo_max_abs_diff": dr_grpo_gap,
            "bridge": bridge,
        },
    )
