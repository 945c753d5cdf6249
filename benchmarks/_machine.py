"""The machine, versions and thread settings every benchmark prints beside its timings (benchmarks/RESULTS.md).

Benchmarks run as scripts (``python benchmarks/<paper>_*.py``), so this module is imported as ``_machine`` from
the script's own folder.
"""

from __future__ import annotations

import os
import platform
import subprocess
from importlib import metadata

import numpy as np

THREAD_VARIABLES = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "NUMBA_NUM_THREADS")


def _cpu_model() -> str:
    try:
        lscpu = subprocess.run(["lscpu"], capture_output=True, text=True, check=True).stdout
        return next(line.split(":", 1)[1].strip() for line in lscpu.splitlines() if "Model name" in line)
    except (OSError, subprocess.CalledProcessError, StopIteration):
        return platform.processor() or platform.machine() or "unknown"


def machine_report(packages: tuple[str, ...] = ()) -> list[str]:
    """Lines describing the CPU, load, platform, Python/numpy (and its BLAS), ``packages``' versions and the
    thread variables. Timings on a shared machine mean little without these."""
    blas = np.show_config(mode="dicts")["Build Dependencies"]["blas"]
    versions = [f"python {platform.python_version()}", f"numpy {np.__version__} (BLAS {blas.get('name')} "
                f"{blas.get('version')})"] + [f"{name} {metadata.version(name)}" for name in packages]  # fmt: skip
    threads = ", ".join(f"{name}={os.environ.get(name, 'unset')}" for name in THREAD_VARIABLES)
    return [
        f"machine: {_cpu_model()}, {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f}, "
        f"{platform.platform()}",
        ", ".join(versions),
        f"threads: {threads}",
    ]
