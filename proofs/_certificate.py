"""The certificate a proof returns, and the symbolic-against-numeric bridge every proof uses."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from typing import Any

import numpy as np
import sympy as sp

__all__ = ["Certificate", "check_numeric_against_symbolic", "merge_checks"]


@dataclasses.dataclass(frozen=True)
class Certificate:
    """The outcome of one proof.

    ``statement`` is the mathematical claim, ``method`` how it was established (e.g. "sympy polynomial
    identity for n <= 8, k <= n; lambdify against theory.passk.pass_at_k on a grid"), ``holds`` whether it
    was, and ``details`` the numbers behind it (JSON types only: maximum deviations, grid sizes,
    counterexamples).
    """

    name: str
    statement: str
    method: str
    holds: bool
    details: dict[str, Any] = dataclasses.field(default_factory=dict)


def check_numeric_against_symbolic(
    expr: sp.Expr,
    symbols: tuple[sp.Symbol, ...],
    numeric: Callable[..., Any],
    grid: Iterable[tuple[float, ...]],
    *,
    atol: float = 1e-12,
    rtol: float = 1e-10,
) -> dict[str, Any]:
    """Evaluate ``expr`` (through ``sympy.lambdify``) and ``numeric`` at every point of ``grid`` and compare.

    Returns ``{"points": N, "max_abs_diff": d, "agree": bool, "worst_point": [...]}``; ``agree`` uses
    ``|a - b| <= atol + rtol * |a|`` at every point.
    """
    symbolic = sp.lambdify(symbols, expr, modules="numpy")
    worst, worst_point, agree, count = 0.0, None, True, 0
    for point in grid:
        a = float(symbolic(*point))
        b = float(np.asarray(numeric(*point)))
        diff = abs(a - b)
        count += 1
        if diff > worst:
            worst, worst_point = diff, list(point)
        if not diff <= atol + rtol * abs(a):
            agree = False
    return {"points": count, "max_abs_diff": worst, "agree": agree, "worst_point": worst_point}


def merge_checks(checks: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Combine several :func:`check_numeric_against_symbolic` reports, keyed by a case label, into one.

    Returns ``{"points", "max_abs_diff", "agree", "worst_case", "worst_point", "cases"}``: total points, the
    largest deviation and where it occurred, and whether every case agreed.
    """
    if not checks:
        raise ValueError("checks must hold at least one report, got an empty mapping")
    worst_case = max(checks, key=lambda label: checks[label]["max_abs_diff"])
    return {
        "points": sum(report["points"] for report in checks.values()),
        "max_abs_diff": checks[worst_case]["max_abs_diff"],
        "agree": all(report["agree"] for report in checks.values()),
        "worst_case": worst_case,
        "worst_point": checks[worst_case]["worst_point"],
        "cases": len(checks),
    }
