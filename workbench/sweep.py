"""Resumable sweeps: a TOML grid over an experiment's config and seeds, one JSON file per finished point.

A spec file reads::

    experiment = "rlvr.train"     # a registered workbench Experiment
    name = "kl"                   # optional; defaults to the file's stem
    seeds = [0, 1, 2]
    [base]                        # config fields shared by every point
    steps = 200
    [grid]                        # field = list of values; the points are the cartesian product x seeds
    kl_coef = [0.0, 0.001, 0.01]

Every point is validated (``config_type.from_dict``) before anything runs. Points are stored as they finish in
``<results>/sweeps/<name>-<spec hash>/points/<point key>.json``, the key being a stable hash of the resolved
config and the seed; a rerun of the same spec skips the stored points, so a killed sweep loses nothing
finished and recomputes nothing finished.
"""

from __future__ import annotations

import dataclasses
import itertools
import json
import math
import os
import re
import time
import tomllib
from collections.abc import Callable
from concurrent.futures import Executor, Future, as_completed
from pathlib import Path
from typing import Any

from tqdm import tqdm

from sims._config import jsonable, stable_key
from theory._validate import check_int
from workbench import registry
from workbench.store import atomic_write_json, provenance, read_json, utc_now

__all__ = [
    "MAX_POINTS",
    "SweepOutcome",
    "SweepPlan",
    "SweepPoint",
    "SweepSpec",
    "load_spec",
    "plan_sweep",
    "run_sweep",
]

#: Default cap on the number of points of one sweep: a typo in a grid should not queue a week of work.
MAX_POINTS = 10_000

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
_KEYS = {"experiment", "name", "seeds", "base", "grid"}


@dataclasses.dataclass(frozen=True)
class SweepSpec:
    """A sweep spec (usually from :func:`load_spec`), validated on construction.

    ``key`` hashes everything but the name, so an edited spec gets a fresh directory.
    """

    experiment: str
    name: str
    seeds: tuple[int, ...]
    base: dict[str, Any] = dataclasses.field(default_factory=dict)
    grid: dict[str, list[Any]] = dataclasses.field(default_factory=dict)

    def __post_init__(self) -> None:
        if not isinstance(self.experiment, str) or not self.experiment:
            raise ValueError(f"'experiment' must name a registered experiment, got {self.experiment!r}")
        if not isinstance(self.name, str) or not _NAME.match(self.name):
            raise ValueError(f"'name' must be letters, digits, '_', '.', '-', got {self.name!r}")
        if not isinstance(self.seeds, list | tuple) or not self.seeds:
            raise ValueError(f"'seeds' must be a non-empty list of integers, got {self.seeds!r}")
        # A tuple of ints whatever came in (a TOML list), so equal specs compare equal.
        object.__setattr__(self, "seeds", tuple(check_int("seed", s, low=0) for s in self.seeds))
        if len(set(self.seeds)) != len(self.seeds):
            raise ValueError(f"'seeds' has duplicates: {list(self.seeds)}")
        if not isinstance(self.base, dict) or not isinstance(self.grid, dict):
            raise ValueError("[base] and [grid] must be tables (field = value / field = [values])")
        for field, values in self.grid.items():
            if not isinstance(values, list) or not values:
                raise ValueError(f"grid field {field!r} must be a non-empty list, got {values!r}")
        both = sorted(set(self.base) & set(self.grid))
        if both:
            raise ValueError(f"field(s) {', '.join(both)} are in both [base] and [grid]; keep one")

    @property
    def key(self) -> str:
        return stable_key({"experiment": self.experiment, "seeds": self.seeds, "base": self.base, "grid": self.grid})

    @property
    def size(self) -> int:
        """Number of points: product of the grid lengths times the number of seeds."""
        return len(self.seeds) * math.prod(len(values) for values in self.grid.values())

    def raw_points(self) -> list[tuple[dict[str, Any], int]]:
        """``(config fields, seed)`` for every point, grid fields varying in file order, seeds innermost.

        Dotted field names address nested configs: ``rl.kl_coef = 0.01`` becomes ``{"rl": {"kl_coef": 0.01}}``.
        """
        fields = list(self.grid)
        return [
            (_nest({**self.base, **dict(zip(fields, combo, strict=True))}), seed)
            for combo in itertools.product(*(self.grid[f] for f in fields))
            for seed in self.seeds
        ]


def _flatten(table: Any, prefix: str = "") -> Any:
    """TOML sub-tables to dotted keys (``[grid.rl] kl_coef = [...]`` -> ``{"rl.kl_coef": [...]}``)."""
    if not isinstance(table, dict):
        return table
    flat: dict[str, Any] = {}
    for key, value in table.items():
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = value
    return flat


def _nest(fields: dict[str, Any]) -> dict[str, Any]:
    """Dotted keys back to nested mappings, the form a config with sub-configs takes in ``from_dict``."""
    nested: dict[str, Any] = {}
    for dotted, value in fields.items():
        *parents, leaf = dotted.split(".")
        node = nested
        for name in parents:
            node = node.setdefault(name, {})
        node[leaf] = value
    return nested


def _lookup(config: dict[str, Any], dotted: str) -> Any:
    """The value of a dotted field in a (nested) resolved config."""
    node: Any = config
    for name in dotted.split("."):
        node = node[name]
    return node


def load_spec(path: str | os.PathLike) -> SweepSpec:
    """Read and check a sweep spec file; errors name the file and the offending key or value."""
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"sweep spec {str(path)!r} does not exist")
    try:
        data = tomllib.loads(path.read_text())
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"sweep spec {path} is not valid TOML: {exc}") from exc
    unknown = sorted(set(data) - _KEYS)
    if unknown:
        allowed = ", ".join(sorted(_KEYS))
        raise ValueError(f"sweep spec {path}: unknown key(s) {', '.join(unknown)}; allowed: {allowed}")
    try:
        return SweepSpec(
            experiment=data.get("experiment"),
            name=data.get("name", path.stem),
            seeds=data.get("seeds"),
            base=_flatten(data.get("base", {})),
            grid=_flatten(data.get("grid", {})),
        )
    except (ValueError, TypeError) as exc:
        raise type(exc)(f"sweep spec {path}: {exc}") from exc


@dataclasses.dataclass(frozen=True)
class SweepPoint:
    """One point: its stable key, the resolved config (every field, defaults included) and the seed."""

    key: str
    config: dict[str, Any]
    seed: int


@dataclasses.dataclass(frozen=True)
class SweepPlan:
    """A validated sweep: the spec, its experiment, every point, and the directory its points go to."""

    spec: SweepSpec
    experiment: registry.Experiment
    points: tuple[SweepPoint, ...]
    directory: Path

    def path(self, point: SweepPoint) -> Path:
        return self.directory / "points" / f"{point.key}.json"

    def pending(self) -> list[SweepPoint]:
        """Points without a stored file (files appear atomically, so a present file is a finished point)."""
        return [p for p in self.points if not self.path(p).is_file()]


def plan_sweep(spec: SweepSpec, results_dir: str | os.PathLike, *, max_points: int | None = None) -> SweepPlan:
    """Resolve the experiment and validate *every* point before anything runs or is written.

    Raises ``ValueError`` naming the point and the field if any config is invalid, if the experiment is not
    registered, or if the sweep has more than ``max_points`` points (default :data:`MAX_POINTS`).
    """
    if not isinstance(spec, SweepSpec):
        raise TypeError(f"spec must be a SweepSpec (see load_spec), got {type(spec).__name__}")
    max_points = MAX_POINTS if max_points is None else check_int("max_points", max_points, low=1)
    experiments = registry.all_experiments()
    if spec.experiment not in experiments:
        known = ", ".join(sorted(experiments)) or "none registered"
        raise ValueError(f"sweep {spec.name!r}: no experiment named {spec.experiment!r}; known: {known}")
    experiment = experiments[spec.experiment]
    if spec.size > max_points:
        raise ValueError(
            f"sweep {spec.name!r} has {spec.size} points, more than max_points={max_points}; "
            f"shrink the grid or raise --max-points"
        )
    points = []
    for i, (fields, seed) in enumerate(spec.raw_points()):
        try:
            config = experiment.config_type.from_dict(fields).to_dict()
        except (ValueError, TypeError) as exc:
            raise ValueError(f"sweep {spec.name!r} point {i} {fields} (seed {seed}) is invalid: {exc}") from exc
        # Keyed on the resolved config, so writing a default explicitly in [base] names the same point.
        key = stable_key({"experiment": spec.experiment, "config": config, "seed": seed})
        points.append(SweepPoint(key=key, config=config, seed=seed))
    directory = Path(results_dir) / "sweeps" / f"{spec.name}-{spec.key}"
    return SweepPlan(spec=spec, experiment=experiment, points=tuple(points), directory=directory)


def _run_point(
    run: Callable[[Any, int], dict[str, Any]], config_type: type, config: dict[str, Any], seed: int
) -> dict[str, Any]:
    """Worker side of one point: rebuild the config, run, return the JSON-ready result, timing, provenance."""
    started, clock = utc_now(), time.perf_counter()
    result = jsonable(run(config_type.from_dict(config), seed))
    # Fail here, on the worker, with the point's traceback, rather than when the driver writes the file.
    json.dumps(result, allow_nan=False)
    info = provenance(git=False)
    info.update(pid=os.getpid(), started=started, finished=utc_now())
    return {"result": result, "seconds": round(time.perf_counter() - clock, 6), "provenance": info}


@dataclasses.dataclass(frozen=True)
class SweepOutcome:
    """What a sweep did: its directory, how many points were already stored, ran now, or failed (why)."""

    directory: Path
    total: int
    skipped: int
    ran: int
    failed: dict[str, str]

    @property
    def complete(self) -> bool:
        return self.skipped + self.ran == self.total


def run_sweep(plan: SweepPlan, executor: Executor, *, log: Callable[[str], None] | None = None) -> SweepOutcome:
    """Run the points of ``plan`` not yet stored, storing each as it finishes; then write ``summary.json``.

    A point that raises is reported in ``failed`` (key -> error) and not stored, so the next run retries it.
    ``log`` receives one-line messages ("N done, M to run", failures).
    """
    if not isinstance(plan, SweepPlan):
        raise TypeError(f"plan must be a SweepPlan (see plan_sweep), got {type(plan).__name__}")
    say = log or (lambda message: None)
    spec, experiment = plan.spec, plan.experiment
    atomic_write_json(plan.directory / "spec.json", dataclasses.asdict(spec))
    todo = plan.pending()
    say(f"sweep {spec.name!r} ({plan.directory}): {len(plan.points) - len(todo)} done, {len(todo)} to run")

    git = provenance()["git"]
    failed: dict[str, str] = {}
    bar = tqdm(total=len(todo), desc=f"sweep {spec.name}", unit="point", disable=None)

    def collect(future: Future, point: SweepPoint) -> None:
        try:
            out = future.result()
        except Exception as exc:
            failed[point.key] = f"{type(exc).__name__}: {exc}"
            say(f"point {point.key} {point.config} seed {point.seed} failed: {failed[point.key]}")
        else:
            record = {
                "key": point.key,
                "experiment": spec.experiment,
                "config": point.config,
                "seed": point.seed,
            }
            # The worker may not hold the repository: the code version is the driver's.
            out["provenance"]["git"] = git
            atomic_write_json(plan.path(point), {**record, **out})
        bar.update()

    with bar:
        pending: dict[Future, SweepPoint] = {}
        for point in todo:
            future = executor.submit(_run_point, experiment.run, experiment.config_type, point.config, point.seed)
            if future.done():
                # A serial executor has already run it: store it now, so an interrupt later loses nothing.
                collect(future, point)
            else:
                pending[future] = point
        for future in as_completed(pending):
            collect(future, pending[future])

    _write_summary(plan)
    return SweepOutcome(
        directory=plan.directory,
        total=len(plan.points),
        skipped=len(plan.points) - len(todo),
        ran=len(todo) - len(failed),
        failed=failed,
    )


def _write_summary(plan: SweepPlan) -> None:
    # One table over all stored points: the grid fields, the seed, then every scalar the experiment returned.
    grid = list(plan.spec.grid)
    stored = [read_json(plan.path(p)) for p in plan.points if plan.path(p).is_file()]
    scalars = sorted({k for s in stored for k, v in s["result"].items() if isinstance(v, int | float | str | bool)})
    rows = [
        [_lookup(s["config"], f) for f in grid] + [s["seed"]] + [s["result"].get(k) for k in scalars] for s in stored
    ]
    missing = [p.key for p in plan.pending()]
    summary = {
        "name": plan.spec.name,
        "experiment": plan.spec.experiment,
        "spec_key": plan.spec.key,
        "total": len(plan.points),
        "complete": not missing,
        "missing": missing,
        "columns": [*grid, "seed", *scalars],
        "rows": rows,
        "points": stored,
    }
    atomic_write_json(plan.directory / "summary.json", summary)
