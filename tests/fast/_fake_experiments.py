"""Fake claims, figures and experiments for the workbench-layer tests, and the fixture that registers them.

Everything submitted to an executor lives at module level here, so process-pool and Dask workers can unpickle
it by module path (``tests.fast._fake_experiments``). The tests never depend on a real paper module.
"""

from __future__ import annotations

import dataclasses
import os
from concurrent.futures import Executor
from pathlib import Path

import pytest

from sims._config import Config
from theory._validate import check_int, check_real
from workbench import registry
from workbench.executors import THREAD_ENV


@dataclasses.dataclass(frozen=True)
class FakeConfig(Config):
    """``x`` in [-10, 10], ``n`` in [1, 5]."""

    x: float = 0.0
    n: int = 1

    def __post_init__(self) -> None:
        check_real("x", self.x, low=-10.0, high=10.0)
        check_int("n", self.n, low=1, high=5)


def fake_run(config: FakeConfig, seed: int) -> dict:
    """A pure function of (config, seed) whose value identifies the point."""
    return {"y": config.x * config.n + 100 * seed, "label": f"x={config.x}"}


#: Set by tests (serial executor only): the file each ``recording_run`` call appends to, and the 1-based call
#: number at which it raises KeyboardInterrupt, as if the user pressed Ctrl-C.
CALLS: Path | None = None
INTERRUPT_AT: int | None = None


def recording_run(config: FakeConfig, seed: int) -> dict:
    assert CALLS is not None, "set CALLS before running the recording experiment"
    made = len(CALLS.read_text().splitlines()) if CALLS.exists() else 0
    if INTERRUPT_AT is not None and made + 1 == INTERRUPT_AT:
        raise KeyboardInterrupt
    with CALLS.open("a") as fh:
        fh.write(f"{config.x},{config.n},{seed}\n")
    return fake_run(config, seed)


def failing_run(config: FakeConfig, seed: int) -> dict:
    if config.x < 0:
        raise ValueError(f"negative x={config.x}")
    return fake_run(config, seed)


def square(v: int) -> int:
    return v * v


def thread_env(_: int) -> dict:
    """The thread-cap variables as a worker process sees them."""
    return {name: os.environ.get(name) for name in THREAD_ENV}


def startup_thread_env(_: int) -> dict:
    """The thread variables this worker process was *started* with (Linux: /proc/self/environ), which is
    what BLAS saw when numpy was imported during unpickling, before any initializer ran."""
    with open("/proc/self/environ", "rb") as fh:
        pairs = (item.split(b"=", 1) for item in fh.read().split(b"\0") if b"=" in item)
        start = {k.decode(): v.decode() for k, v in pairs}
    return {name: start.get(name) for name in THREAD_ENV}


def _measure_pass(budget: str, executor: Executor) -> registry.Outcome:
    value = executor.submit(square, 3).result()
    return registry.Outcome(measured=str(value), verdict=registry.Verdict.PASS, values={"value": value, "seed": 7})


def _measure_fail(budget: str, executor: Executor) -> registry.Outcome:
    return registry.Outcome(measured="0.5", verdict=registry.Verdict.FAIL, note="below the paper's 0.9")


def _measure_crash(budget: str, executor: Executor) -> registry.Outcome:
    raise RuntimeError("simulated crash in measure")


def _measure_inconclusive(budget: str, executor: Executor) -> registry.Outcome:
    return registry.Outcome(measured="n/a", verdict=registry.Verdict.INCONCLUSIVE, values={"budget": budget})


def _make_figure(budget: str, executor: Executor):
    import matplotlib.pyplot as plt

    from workbench.style import figure_size

    fig, ax = plt.subplots(figsize=figure_size("half"))
    ax.plot([0, 1, 2], [0, 1, 4])
    ax.set_xlabel("$k$")
    return fig


def _claim(name: str, measure, paper: str = "rlvr") -> registry.Claim:
    return registry.Claim(
        id=f"{paper}.test_fake_{name}",
        where="Fig. 1 (v2)",
        statement=f"the fake {name} claim | with a pipe",
        paper_value="9",
        rule="PASS if measured == 9",
        measure=measure,
    )


PASS = _claim("pass", _measure_pass)
FAIL = _claim("fail", _measure_fail)
CRASH = _claim("crash", _measure_crash)
OTHER = _claim("other", _measure_inconclusive, paper="hivemind")
FIGURE = registry.FigureSpec(paper="rlvr", name="test_fake_figure", caption="a parabola", make=_make_figure)
EXPERIMENTS = {
    name: registry.Experiment(name=f"rlvr.test_fake_{name}", config_type=FakeConfig, run=run)
    for name, run in (("sweep", fake_run), ("recording", recording_run), ("failing", failing_run))
}
_TABLES = (registry._CLAIMS, registry._FIGURES, registry._EXPERIMENTS)


@pytest.fixture
def fake_registry(monkeypatch):
    """Registry holding only the fakes for the test (real paper modules are neither imported nor visible)."""
    monkeypatch.setattr(registry, "_load", lambda: None)
    saved = [dict(table) for table in _TABLES]
    for table in _TABLES:
        table.clear()
    for item in (PASS, FAIL, CRASH, OTHER, FIGURE, *EXPERIMENTS.values()):
        registry.register(item)
    yield
    for table, before in zip(_TABLES, saved, strict=True):
        table.clear()
        table.update(before)


def write_spec(path: Path, experiment: str, grid: str = "x = [1.0, 2.0, 3.0]", seeds: str = "[0, 1]") -> Path:
    """A sweep spec file for ``experiment`` (e.g. "rlvr.test_fake_sweep")."""
    path.write_text(f'experiment = "{experiment}"\nname = "fake"\nseeds = {seeds}\n[base]\nn = 2\n[grid]\n{grid}\n')
    return path
