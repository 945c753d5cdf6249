"""Executors: the serial executor's future semantics, argument checks, and serial == process pool results."""

import os
import sys

import pytest

from tests.fast import _fake_experiments as fx
from tests.fast._fake_experiments import fake_registry  # noqa: F401  (pytest fixture)
from workbench import store, sweep
from workbench.executors import THREAD_ENV, SerialExecutor, check_executor_args, open_executor


def test_serial_executor_runs_inline_and_captures_exceptions():
    executor = SerialExecutor()
    future = executor.submit(fx.square, 7)
    assert future.done() and future.result() == 49
    failed = executor.submit(fx.failing_run, fx.FakeConfig(x=-1.0), 0)
    assert failed.done() and isinstance(failed.exception(), ValueError)
    with pytest.raises(ValueError, match="negative x"):
        failed.result()


def test_serial_executor_lets_keyboard_interrupt_through():
    def interrupt():
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        SerialExecutor().submit(interrupt)


@pytest.mark.parametrize(
    ("kind", "workers", "address", "error", "match"),
    [
        ("threads", None, None, ValueError, "executor must be one of 'serial', 'process', 'dask'"),
        ("process", 0, None, ValueError, "workers must be >= 1"),
        ("process", 1.5, None, TypeError, "workers must be an integer"),
        ("serial", 2, None, ValueError, "workers is meaningless with the serial executor"),
        ("process", None, "tcp://h:8786", ValueError, "needs the dask executor"),
        ("dask", None, "http://h:8786", ValueError, "address must look like tcp://host:8786"),
        ("dask", None, "tcp://h:8786/x", ValueError, "address must look like"),
        ("dask", 2, "tcp://h:8786", ValueError, "drop --workers"),
    ],
)
def test_bad_executor_arguments_are_rejected(kind, workers, address, error, match):
    with pytest.raises(error, match=match):
        check_executor_args(kind, workers, address)
    with pytest.raises(error, match=match), open_executor(kind, workers, address):
        pass


def test_missing_dask_gives_install_hint(monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)  # makes `import distributed` raise ImportError
    with pytest.raises(ImportError, match=r"pip install -e '\.\[dask\]'"), open_executor("dask"):
        pass


@pytest.mark.usefixtures("fake_registry")
def test_serial_and_process_pool_agree_and_workers_cap_threads(tmp_path, monkeypatch):
    for name in THREAD_ENV:
        monkeypatch.setenv(name, "4")  # the spawned workers inherit this; their initializer must override it
    spec = sweep.load_spec(fx.write_spec(tmp_path / "spec.toml", "rlvr.test_fake_sweep"))
    serial_plan = sweep.plan_sweep(spec, tmp_path / "serial")
    process_plan = sweep.plan_sweep(spec, tmp_path / "process")
    with open_executor("serial") as executor:
        sweep.run_sweep(serial_plan, executor)
        serial_squares = [executor.submit(fx.square, v).result() for v in range(5)]
    with open_executor("process", workers=2) as executor:
        outcome = sweep.run_sweep(process_plan, executor)
        process_squares = list(executor.map(fx.square, range(5)))
        worker_env = executor.submit(fx.thread_env, 0).result()
        startup_env = (
            executor.submit(fx.startup_thread_env, 0).result() if os.path.exists("/proc/self/environ") else None
        )
    assert outcome.complete and outcome.ran == 6
    assert serial_squares == process_squares == [0, 1, 4, 9, 16]
    assert worker_env == THREAD_ENV
    # The caps must already be there when the worker starts (numpy is imported before the initializer runs)...
    assert startup_env in (None, THREAD_ENV)
    # ...and the parent's own environment comes back once the pool is closed.
    assert all(os.environ[name] == "4" for name in THREAD_ENV)

    def results(plan):
        return {p.key: store.read_json(plan.path(p))["result"] for p in plan.points}

    assert results(serial_plan) == results(process_plan)
