"""A sweep on a real Dask cluster: a scheduler and a worker started as separate processes, as on a cluster."""

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.fast import _fake_experiments as fx
from tests.fast._fake_experiments import fake_registry  # noqa: F401  (pytest fixture)
from workbench import store
from workbench.cli import app
from workbench.executors import THREAD_ENV, open_executor

distributed = pytest.importorskip("distributed")

pytestmark = [pytest.mark.dask, pytest.mark.usefixtures("fake_registry")]

REPO = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def cluster_address(tmp_path):
    """``tcp://127.0.0.1:<port>`` of a scheduler with one single-threaded worker, torn down afterwards."""
    address = f"tcp://127.0.0.1:{_free_port()}"
    # The worker unpickles the fake experiment by module path, so it must be able to import `tests.fast`.
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")])}
    common = {"cwd": tmp_path, "env": env, "stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    port = address.rsplit(":", 1)[1]
    scheduler_cmd = ["-m", "distributed.cli.dask_scheduler", "--host", "127.0.0.1", "--port", port]
    worker_cmd = ["-m", "distributed.cli.dask_worker", address, "--nworkers", "1", "--nthreads", "1"]
    procs = [subprocess.Popen([sys.executable, *scheduler_cmd, "--no-dashboard"], **common)]
    try:
        procs.append(subprocess.Popen([sys.executable, *worker_cmd, "--no-dashboard"], **common))
        with distributed.Client(address, timeout="20s") as client:
            client.wait_for_workers(1, timeout=20)
            try:
                yield address
            finally:
                # Stops scheduler and worker gracefully; SIGTERM to a worker sometimes takes 8 s to land.
                client.shutdown()
    finally:
        for proc in procs:
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def test_cli_sweep_on_a_dask_cluster_stores_every_point(tmp_path, cluster_address):
    spec = fx.write_spec(tmp_path / "spec.toml", "rlvr.test_fake_sweep", grid="x = [1.0, 2.0]")
    results = tmp_path / "results"
    args = ["sweep", str(spec), "--executor", "dask", "--address", cluster_address, "--results", str(results)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "0 done, 4 to run" in result.stdout and "4 ran, 0 already stored, 0 failed of 4 points" in result.stdout
    points = [store.read_json(p) for p in results.glob("sweeps/fake-*/points/*.json")]
    assert len(points) == 4
    for point in points:
        assert point["result"]["y"] == point["config"]["x"] * 2 + 100 * point["seed"]
        assert point["provenance"]["pid"] != os.getpid()  # computed in the Dask worker process
    again = CliRunner().invoke(app, args)
    assert again.exit_code == 0 and "4 done, 0 to run" in again.stdout


def test_embedded_local_cluster_caps_worker_threads(monkeypatch):
    for name in THREAD_ENV:
        monkeypatch.setenv(name, "4")  # the Nanny must override what the worker would inherit
    with open_executor("dask", workers=1) as executor:
        assert executor.submit(fx.thread_env, 0).result() == THREAD_ENV
        assert list(executor.map(fx.square, range(4))) == [0, 1, 4, 9]
