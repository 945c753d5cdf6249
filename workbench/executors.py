"""Executors: one ``concurrent.futures.Executor`` interface over serial, local-process and Dask execution.

Claims, figures and sweeps only ever call ``executor.submit(fn, *args)`` on picklable module-level functions,
so the same code runs inline (``serial``), in a local process pool (``process``) or on Dask (``dask``).
Every worker is capped at one BLAS/OpenMP/numba thread: parallelism comes from the workers, and nested thread
pools on a 2-core laptop (or a shared cluster node) only oversubscribe the cores.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import re
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from typing import Any

from theory._validate import check_choice, check_int

__all__ = ["EXECUTORS", "THREAD_ENV", "SerialExecutor", "cap_threads", "check_executor_args", "open_executor"]

EXECUTORS = ("serial", "process", "dask")

#: Environment that caps every numeric library to one thread per worker process.
THREAD_ENV: dict[str, str] = {
    "NUMBA_NUM_THREADS": "1",
    "OMP_NUM_THREADS": "1",
    "OPENBLAS_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
}

# scheme://host:port, as Dask addresses are written (tcp://10.0.0.5:8786, tls://scheduler:8786).
_ADDRESS = re.compile(r"^(tcp|tls|ucx|inproc)://[^\s/:]+(:\d{1,5})?$")


class SerialExecutor(Executor):
    """Run each submitted call inline, in the calling process, and return an already-completed future.

    An ``Exception`` raised by the call is stored in the future (as a pool would do); ``KeyboardInterrupt``
    and ``SystemExit`` propagate, so Ctrl-C stops a serial run at once instead of being recorded as a result.
    """

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future:
        future: Future = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except Exception as exc:
            future.set_exception(exc)
        return future


def cap_threads() -> None:
    """Set :data:`THREAD_ENV` in this process: the worker initializer, run before tasks import numpy/numba."""
    os.environ.update(THREAD_ENV)


def check_executor_args(kind: str, workers: int | None = None, address: str | None = None) -> int | None:
    """Validate the arguments of :func:`open_executor` (without opening anything); return ``workers``."""
    check_choice("executor", kind, EXECUTORS)
    if workers is not None:
        workers = check_int("workers", workers, low=1)
        if kind == "serial":
            raise ValueError("workers is meaningless with the serial executor; use --executor process or dask")
    if address is not None:
        if kind != "dask":
            raise ValueError(f"address {address!r} needs the dask executor (--executor dask); got {kind!r}")
        if not isinstance(address, str) or not _ADDRESS.match(address):
            raise ValueError(f"address must look like tcp://host:8786, got {address!r}")
        if workers is not None:
            raise ValueError("workers is set by the cluster when an address is given; drop --workers")
    return workers


@contextlib.contextmanager
def open_executor(kind: str, workers: int | None = None, address: str | None = None) -> Iterator[Executor]:
    """Open an executor of ``kind`` and shut it down (cancelling queued work on error) when the block exits.

    Parameters
    ----------
    kind : {"serial", "process", "dask"}
        ``serial`` runs calls inline; ``process`` is a spawn-context process pool; ``dask`` is a Dask client.
    workers : int, optional
        Number of worker processes (>= 1). ``process`` defaults to ``os.cpu_count()``; an embedded Dask
        ``LocalCluster`` defaults to 2. Not allowed for ``serial`` or with ``address``.
    address : str, optional
        Scheduler address ``scheme://host:port`` of an existing Dask cluster (``dask`` only). Its workers
        should be started with :data:`THREAD_ENV` set: their numeric libraries are loaded before we connect.
    """
    workers = check_executor_args(kind, workers, address)
    if kind == "serial":
        yield SerialExecutor()
    elif kind == "process":
        with _process_pool(workers or os.cpu_count() or 1) as pool:
            yield pool
    else:
        with _dask_executor(workers, address) as executor:
            yield executor


@contextlib.contextmanager
def _process_pool(workers: int) -> Iterator[Executor]:
    # "spawn" rather than fork: forking a parent that already runs numba/BLAS thread pools can deadlock, and
    # spawn behaves the same on Linux, macOS and Windows.
    pool = ProcessPoolExecutor(
        max_workers=workers, mp_context=multiprocessing.get_context("spawn"), initializer=cap_threads
    )
    ok = False
    try:
        # A spawned worker imports numpy while unpickling its initializer, before cap_threads runs, and BLAS
        # sizes its pool at import. Workers start on the first submit and inherit the environment then, so
        # the caps must be in this process's environment for the pool's lifetime (restored afterwards).
        with _environment(THREAD_ENV):
            yield pool
            ok = True
    finally:
        # On an error or Ctrl-C, drop the queued points instead of computing work nobody will collect.
        pool.shutdown(wait=True, cancel_futures=not ok)


@contextlib.contextmanager
def _environment(values: dict[str, str]) -> Iterator[None]:
    """Set environment variables inside the block and restore the previous values (or absence) after it."""
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@contextlib.contextmanager
def _dask_executor(workers: int | None, address: str | None) -> Iterator[Executor]:
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:
        raise ImportError(
            "the dask executor needs dask.distributed; install it with: pip install -e '.[dask]'"
        ) from exc
    with contextlib.ExitStack() as stack:
        if address is None:
            cluster = LocalCluster(
                n_workers=workers or 2,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                env=THREAD_ENV,  # passed to each Nanny, which sets it before spawning its worker process
            )
            stack.enter_context(cluster)
            client = Client(cluster)
        else:
            try:
                client = Client(address, timeout="10s")
            except OSError as exc:
                raise ConnectionError(f"cannot reach the Dask scheduler at {address}: {exc}") from exc
        stack.enter_context(client)
        # pure=False: each submit is a fresh call, as in concurrent.futures (Dask would merge equal calls).
        executor = client.get_executor(pure=False)
        ok = False
        try:
            yield executor
            ok = True
        finally:
            executor.shutdown(wait=ok)
