"""Running claims, figures and proof certificates, and the plain-text tables the CLI prints.

A claim that raises is not fatal: it becomes an ``ERROR`` row (its traceback stored in the run's
``result.json``) and the other claims still run. A ``FAIL`` verdict is a result, not an error.
"""

from __future__ import annotations

import dataclasses
import importlib
import importlib.util
import json
import os
import time
import traceback
from collections import Counter
from collections.abc import Sequence
from concurrent.futures import Executor
from pathlib import Path
from typing import Any

from tqdm import tqdm

from proofs import Certificate
from sims._config import jsonable
from theory._validate import check_choice
from workbench.registry import BUDGETS, PAPERS, Claim, FigureSpec, Outcome, Verdict
from workbench.store import start_run
from workbench.style import paper_style, save_figure

__all__ = [
    "ERROR",
    "CertificateRow",
    "ClaimRow",
    "FigureRow",
    "format_table",
    "make_figures",
    "papers_with_proofs",
    "run_certificates",
    "summary_line",
    "verdict_table",
    "verify_claims",
    "verify_figures",
]

#: The verdict shown for a claim whose measurement crashed.
ERROR = "ERROR"


@dataclasses.dataclass(frozen=True)
class ClaimRow:
    """One row of the verdict table. ``verdict`` is a :class:`Verdict` value or :data:`ERROR`."""

    claim: str
    where: str
    paper_value: str
    measured: str
    verdict: str
    note: str
    values: dict[str, Any]
    seconds: float
    run_dir: str

    def to_json(self) -> dict[str, Any]:
        """The ``--json`` record: the four required keys, then where, note, values and seconds."""
        keys = ("claim", "paper_value", "measured", "verdict", "where", "note", "values", "seconds")
        return {k: getattr(self, k) for k in keys}


def _check_items(name: str, items: Sequence[Any], kind: type) -> None:
    bad = [type(item).__name__ for item in items if not isinstance(item, kind)]
    if bad:
        raise TypeError(f"{name} must all be {kind.__name__} objects, got {', '.join(sorted(set(bad)))}")


def _crash() -> tuple[str, str]:
    """Inside an ``except`` block: the one-line ``"ExcType: message"`` and the full traceback."""
    trace = traceback.format_exc()
    return trace.strip().splitlines()[-1], trace


def _measure(claim: Claim, budget: str, executor: Executor) -> tuple[Outcome | None, tuple[str, str]]:
    """The claim's outcome, or ``None`` and :func:`_crash` if it crashed or returned something invalid."""
    try:
        outcome = claim.measure(budget, executor)
        if not isinstance(outcome, Outcome):
            raise TypeError(f"measure() of {claim.id} returned {type(outcome).__name__}, expected an Outcome")
        Verdict(outcome.verdict)  # a bare string like "pass" must not slip into the table
        if not isinstance(outcome.values, dict):
            raise TypeError(f"Outcome.values of {claim.id} must be a dict, got {type(outcome.values).__name__}")
        json.dumps(jsonable(outcome.values), allow_nan=False)  # stored as JSON: fail here, as this claim's error
        return outcome, ("", "")
    except Exception:
        return None, _crash()


def verify_claims(
    claims: Sequence[Claim],
    budget: str,
    executor: Executor,
    results_dir: str | os.PathLike,
    *,
    run_config: dict[str, Any],
    command: str,
) -> list[ClaimRow]:
    """Measure each claim at ``budget``, store a complete run per claim, and return the table rows.

    ``run_config`` (executor name, workers, ...) is saved in each run's ``config.json``. Seeds are recorded in
    the provenance from ``values["seeds"]`` or ``values["seed"]`` when the claim reports them.
    """
    check_choice("budget", budget, BUDGETS)
    _check_items("claims", claims, Claim)
    rows = []
    for claim in tqdm(claims, desc="verify", unit="claim", disable=None):
        run = start_run(results_dir, claim.id, budget, {"kind": "claim", "claim": claim.id, **run_config})
        clock = time.perf_counter()
        outcome, (error, trace) = _measure(claim, budget, executor)
        seconds = round(time.perf_counter() - clock, 3)
        if outcome is None:
            measured, verdict, values, note = "", ERROR, {}, error
        else:
            measured, verdict = outcome.measured, Verdict(outcome.verdict).value
            values, note = jsonable(outcome.values), outcome.note
        fields = {"where": claim.where, "statement": claim.statement, "paper_value": claim.paper_value}
        result = {"claim": claim.id, **fields, "rule": claim.rule, "measured": measured, "verdict": verdict}
        run.write_json("result.json", {**result, "values": values, "note": note, "traceback": trace or None})
        run.finish(command=command, seeds=values.get("seeds", values.get("seed")))
        rows.append(
            ClaimRow(
                claim=claim.id,
                where=claim.where,
                paper_value=claim.paper_value,
                measured=measured,
                verdict=verdict,
                note=note,
                values=values,
                seconds=seconds,
                run_dir=str(run.path),
            )
        )
    return rows


@dataclasses.dataclass(frozen=True)
class FigureRow:
    """A figure made (``paths``) or crashed (``error``: the exception line, and its ``traceback``)."""

    figure: str
    paths: list[str]
    seconds: float
    error: str = ""
    traceback: str = ""


def make_figures(
    specs: Sequence[FigureSpec],
    budget: str,
    executor: Executor,
    out_dir: str | os.PathLike,
    *,
    pdf: bool = False,
) -> list[FigureRow]:
    """Make each figure in the paper style, save it as ``<out_dir>/<name>.png`` (and ``.pdf``), close it."""
    # pyplot is slow to import, and `workbench list` / `prove` use this module without making figures.
    import matplotlib.pyplot as plt

    check_choice("budget", budget, BUDGETS)
    _check_items("specs", specs, FigureSpec)
    rows = []
    for spec in tqdm(specs, desc="figures", unit="figure", disable=None):
        clock, paths, crash = time.perf_counter(), [], ("", "")
        try:
            with paper_style():
                fig = spec.make(budget, executor)
                try:
                    paths = [str(p) for p in save_figure(fig, Path(out_dir) / spec.name, pdf=pdf)]
                finally:
                    plt.close(fig)  # figures hold memory until closed; a long run makes many
        except Exception:
            crash = _crash()
        seconds = round(time.perf_counter() - clock, 3)
        name = f"{spec.paper}.{spec.name}"
        rows.append(FigureRow(figure=name, paths=paths, seconds=seconds, error=crash[0], traceback=crash[1]))
    return rows


def verify_figures(
    paper: str,
    specs: Sequence[FigureSpec],
    budget: str,
    executor: Executor,
    results_dir: str | os.PathLike,
    *,
    run_config: dict[str, Any],
    command: str,
) -> list[FigureRow]:
    """Make a paper's figures into one run directory ``<results>/<paper>/_figures/<run>/`` with provenance."""
    run = start_run(results_dir, f"{paper}._figures", budget, {"kind": "figures", "paper": paper, **run_config})
    rows = make_figures(specs, budget, executor, run.path)
    run.write_json("figures.json", [dataclasses.asdict(r) for r in rows])
    run.finish(command=command)
    return rows


@dataclasses.dataclass(frozen=True)
class CertificateRow:
    """A proof's certificate, or ``holds=None`` and ``error``/``traceback`` if the proof function crashed."""

    paper: str
    name: str
    statement: str
    method: str
    holds: bool | None
    details: dict[str, Any]
    seconds: float
    error: str = ""
    traceback: str = ""


def papers_with_proofs() -> list[str]:
    """Paper ids that have a ``proofs.<paper>`` module."""
    return [p for p in PAPERS if importlib.util.find_spec(f"proofs.{p}") is not None]


def run_certificates(paper: str) -> list[CertificateRow]:
    """Run each proof in ``proofs.<paper>.CERTIFICATES``; a crashing proof gives a row with ``holds=None``."""
    check_choice("paper", paper, tuple(PAPERS))
    if paper not in papers_with_proofs():
        available = ", ".join(papers_with_proofs()) or "none"
        raise ValueError(f"paper {paper!r} has no proofs module; papers with proofs: {available}")
    rows = []
    for proof in importlib.import_module(f"proofs.{paper}").CERTIFICATES:
        clock = time.perf_counter()
        try:
            cert = proof()
            if not isinstance(cert, Certificate):
                raise TypeError(f"{proof.__name__}() returned {type(cert).__name__}, expected a Certificate")
            fields = {"name": cert.name, "statement": cert.statement, "method": cert.method}
            row = {**fields, "holds": bool(cert.holds), "details": jsonable(cert.details)}
        except Exception:
            error, trace = _crash()
            row = {"name": proof.__name__, "statement": "", "method": "", "holds": None, "details": {}}
            row.update(error=error, traceback=trace)
        rows.append(CertificateRow(paper=paper, seconds=round(time.perf_counter() - clock, 3), **row))
    return rows


def format_table(headers: Sequence[str], rows: Sequence[Sequence[Any]], *, max_width: int = 60) -> str:
    """Left-aligned plain-text table; cells longer than ``max_width`` are cut with an ellipsis."""

    def cell(value: Any) -> str:
        text = " ".join(str(value).split())  # newlines would break the row
        return text if len(text) <= max_width else text[: max_width - 1] + "…"

    grid = [[cell(h) for h in headers]] + [[cell(v) for v in row] for row in rows]
    widths = [max(len(r[i]) for r in grid) for i in range(len(headers))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in grid]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def verdict_table(rows: Sequence[ClaimRow]) -> str:
    """The table ``verify`` prints: claim, where, paper value, measured, verdict."""
    headers = ("claim", "where", "paper value", "measured", "verdict")
    return format_table(headers, [(r.claim, r.where, r.paper_value, r.measured, r.verdict) for r in rows])


def summary_line(rows: Sequence[ClaimRow], seconds: float) -> str:
    """E.g. ``"3 claims in 4.2 s: 2 PASS, 1 FAIL, 0 INCONCLUSIVE, 0 ERROR"``."""
    counts = Counter(r.verdict for r in rows)
    parts = ", ".join(f"{counts[v]} {v}" for v in [*(v.value for v in Verdict), ERROR])
    return f"{len(rows)} claim{'s' * (len(rows) != 1)} in {seconds:.1f} s: {parts}"
