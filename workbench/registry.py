"""The claim, figure and experiment registry: the contract between a paper's slice and the workbench layer.

A paper module (``workbench/claims/<paper>.py``) registers, at import time:

* :class:`Claim` objects: id ``<paper>.<name>``, where in the paper, the statement, the paper's value, the verdict
  rule fixed in advance, and ``measure(budget, executor) -> Outcome``;
* :class:`FigureSpec` objects: ``make(budget, executor) -> matplotlib Figure``;
* :class:`Experiment` objects: a config type and ``run(config, seed) -> dict`` (a pure function of config and
  seed), which is what ``workbench sweep`` maps over a grid.

``measure`` and ``make`` receive a ``concurrent.futures.Executor``; anything they submit to it must be a picklable
module-level function, so that the same code runs serially, in a local process pool or on Dask.
"""

from __future__ import annotations

import dataclasses
import enum
import re
from collections.abc import Callable
from concurrent.futures import Executor
from typing import Any

__all__ = [
    "BUDGETS",
    "PAPERS",
    "Claim",
    "Experiment",
    "FigureSpec",
    "Outcome",
    "Verdict",
    "all_claims",
    "all_experiments",
    "all_figures",
    "check_budget",
    "register",
    "resolve_claims",
    "verdict_over_seeds",
]

BUDGETS = ("smoke", "quick", "full")

#: The seven papers, by the id used in folders, the CLI and claim ids.
PAPERS: dict[str, str] = {
    "transductive": "Optimal Mistake Bounds for Transductive Online Learning (Chase, Hanneke, Moran, Shafer)",
    "diffusion_rf": "Why Diffusion Models Don't Memorize (Bonnaire, Urfin, Biroli, Mezard)",
    "superposition": "Superposition Yields Robust Neural Scaling (Liu, Liu, Gore)",
    "rlvr": "Does RL Really Incentivize Reasoning Capacity in LLMs Beyond the Base Model? (Yue et al.)",
    "gated_attention": "Gated Attention for LLMs (Qiu et al.)",
    "deep_crl": "1000 Layer Networks for Self-Supervised RL (Wang et al.)",
    "hivemind": "Artificial Hivemind: The Open-Ended Homogeneity of LMs (Jiang et al.)",
}

_ID = re.compile(r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$")


class Verdict(enum.StrEnum):
    """A claim's verdict. INCONCLUSIVE means the measurement cannot decide at this budget (say why)."""

    PASS = "PASS"
    FAIL = "FAIL"
    INCONCLUSIVE = "INCONCLUSIVE"


def verdict_over_seeds(flags: list[bool]) -> Verdict:
    """The verdict of a rule measured on several seeds: PASS if it holds on every seed, FAIL if on none,
    INCONCLUSIVE if the seeds disagree (the measurement cannot decide at this budget)."""
    if not flags:
        raise ValueError("verdict_over_seeds needs at least one seed's result")
    if all(flags):
        return Verdict.PASS
    return Verdict.INCONCLUSIVE if any(flags) else Verdict.FAIL


def check_budget(budget: str) -> str:
    if budget not in BUDGETS:
        raise ValueError(f"budget must be one of {', '.join(BUDGETS)}; got {budget!r}")
    return budget


@dataclasses.dataclass(frozen=True)
class Outcome:
    """What a claim's measurement returns.

    ``measured`` is the short human-readable number put beside the paper's value; ``values`` holds every number
    behind it (JSON types only); ``note`` says anything a reader must know (e.g. why INCONCLUSIVE).
    """

    measured: str
    verdict: Verdict
    values: dict[str, Any] = dataclasses.field(default_factory=dict)
    note: str = ""


@dataclasses.dataclass(frozen=True)
class Claim:
    id: str
    where: str
    statement: str
    paper_value: str
    rule: str
    measure: Callable[[str, Executor], Outcome]

    @property
    def paper(self) -> str:
        return self.id.split(".", 1)[0]


@dataclasses.dataclass(frozen=True)
class FigureSpec:
    paper: str
    name: str
    caption: str
    make: Callable[[str, Executor], Any]


@dataclasses.dataclass(frozen=True)
class Experiment:
    """A sweepable experiment: ``run(config_type.from_dict(point), seed) -> dict`` of JSON values."""

    name: str
    config_type: type
    run: Callable[[Any, int], dict[str, Any]]
    description: str = ""

    @property
    def paper(self) -> str:
        return self.name.split(".", 1)[0]


_CLAIMS: dict[str, Claim] = {}
_FIGURES: dict[str, FigureSpec] = {}
_EXPERIMENTS: dict[str, Experiment] = {}


def register(item: Claim | FigureSpec | Experiment) -> Claim | FigureSpec | Experiment:
    """Add a claim, figure or experiment to the registry; ids must be unique and of the form ``paper.name``."""
    if isinstance(item, Claim):
        key, table = item.id, _CLAIMS
    elif isinstance(item, FigureSpec):
        key, table = f"{item.paper}.{item.name}", _FIGURES
    elif isinstance(item, Experiment):
        key, table = item.name, _EXPERIMENTS
    else:
        raise TypeError(f"register takes a Claim, FigureSpec or Experiment, got {type(item).__name__}")
    if not _ID.match(key) or key.split(".")[0] not in PAPERS:
        raise ValueError(f"id {key!r} must be '<paper>.<name>' with paper one of {', '.join(PAPERS)}")
    if key in table and table[key] is not item:
        raise ValueError(f"{type(item).__name__} {key!r} is registered twice")
    table[key] = item
    return item


def _load() -> None:
    # Importing the package registers every paper module (see workbench/claims/__init__.py).
    import workbench.claims  # noqa: F401


def all_claims() -> list[Claim]:
    _load()
    return list(_CLAIMS.values())


def all_figures(paper: str | None = None) -> list[FigureSpec]:
    _load()
    return [f for f in _FIGURES.values() if paper is None or f.paper == paper]


def all_experiments() -> dict[str, Experiment]:
    _load()
    return dict(_EXPERIMENTS)


def resolve_claims(selectors: list[str] | tuple[str, ...] | None) -> list[Claim]:
    """Claims named by paper ids or claim ids (all claims if none); unknown names raise listing what exists."""
    claims = all_claims()
    if not selectors:
        return claims
    chosen: list[Claim] = []
    for sel in selectors:
        hits = [c for c in claims if c.id == sel or c.paper == sel]
        if not hits:
            known_papers = sorted({c.paper for c in claims})
            raise ValueError(
                f"no paper or claim named {sel!r}; papers with claims: {', '.join(known_papers)} "
                f"(see `workbench list` for claim ids)"
            )
        chosen.extend(c for c in hits if c not in chosen)
    return chosen
