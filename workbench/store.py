"""The result store: atomic writes, run directories with provenance, and the latest complete run per claim.

Layout: ``<results>/<paper>/<name>/<run>/`` for claim ``<paper>.<name>`` (figures made by ``verify`` go to
``<results>/<paper>/_figures/<run>/``; no claim name starts with ``_``). A run directory holds
``config.json`` (written first), ``result.json`` and figures, then ``provenance.json`` *last*: a run is
complete exactly when its provenance file exists, and readers ignore every other run (crashed or running).
Every file is written atomically (temp file in the same directory, fsync, ``os.replace``), so a reader or a
crash never sees a half-written file: an existing file is either the old one or the new one.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import itertools
import json
import os
import platform
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import IO, Any

from sims._config import jsonable
from theory._validate import check_choice
from workbench.executors import THREAD_ENV
from workbench.registry import BUDGETS

__all__ = [
    "Run",
    "StoredRun",
    "atomic_write",
    "atomic_write_json",
    "latest_results",
    "provenance",
    "read_json",
    "start_run",
    "utc_now",
]

_PACKAGES = ("numpy", "numba", "scipy", "sympy", "matplotlib", "torch", "dask", "distributed", "typer")
_REPO = Path(__file__).resolve().parent.parent


def utc_now() -> str:
    """The current UTC time as ISO 8601 with microseconds (sorts chronologically as text)."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")


def atomic_write(path: str | os.PathLike, write: Callable[[IO[bytes]], Any]) -> Path:
    """Create or replace ``path`` with what ``write(binary_file)`` writes, atomically.

    The data goes to a temp file in the same directory (same filesystem, so ``os.replace`` is an atomic
    rename), is fsynced, then renamed over ``path``. On failure the temp file is removed and ``path`` is
    untouched.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    _fsync_dir(path.parent)
    return path


def _fsync_dir(directory: Path) -> None:
    # Makes the rename itself durable on POSIX; directories cannot be opened this way on Windows.
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def atomic_write_json(path: str | os.PathLike, data: Any) -> Path:
    """Write ``data`` (converted by :func:`sims._config.jsonable`) as indented JSON, atomically."""
    # Serialise before touching the disk, so unserialisable data raises without leaving anything behind.
    text = json.dumps(jsonable(data), indent=2, allow_nan=False, ensure_ascii=False) + "\n"
    return atomic_write(path, lambda fh: fh.write(text.encode()))


def read_json(path: str | os.PathLike) -> Any:
    """Read a JSON file written by :func:`atomic_write_json`."""
    return json.loads(Path(path).read_text())


def _git_state() -> dict[str, Any]:
    def git(*args: str) -> str:
        done = subprocess.run(["git", "-C", str(_REPO), *args], capture_output=True, text=True, timeout=10, check=True)
        return done.stdout.strip()

    try:
        return {"commit": git("rev-parse", "HEAD"), "dirty": bool(git("status", "--porcelain"))}
    except (OSError, subprocess.SubprocessError):
        return {"commit": None, "dirty": None}  # not a git checkout (an installed wheel) or no git binary


def provenance(*, git: bool = True) -> dict[str, Any]:
    """What is needed to reproduce a number: code version, packages, interpreter, machine and thread settings.

    ``git=False`` skips the git query (used on remote workers, which may not hold the repository).
    """
    versions = {}
    for name in _PACKAGES:
        with contextlib.suppress(metadata.PackageNotFoundError):
            versions[name] = metadata.version(name)
    return {
        "git": _git_state() if git else None,
        "packages": versions,
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "machine": platform.machine(),
        "host": socket.gethostname(),
        "cpu_count": os.cpu_count(),
        "thread_env": {name: os.environ.get(name) for name in THREAD_ENV},
    }


@dataclasses.dataclass
class Run:
    """An open run directory. Write files into it, then :meth:`finish` marks it complete.

    Attributes
    ----------
    path : Path
        ``<results>/<paper>/<name>/<run id>``; the run id is ``YYYYmmddTHHMMSSZ-<budget>[-NNN]``.
    started : str
        UTC ISO start time; ``started_clock`` is the matching ``time.perf_counter`` reading.
    """

    path: Path
    started: str
    started_clock: float

    def write_json(self, name: str, data: Any) -> Path:
        return atomic_write_json(self.path / name, data)

    def finish(self, *, command: str, seeds: Any = None) -> Path:
        """Write ``provenance.json`` (last: it marks the run complete): timings, command line, seeds."""
        info = provenance()
        info.update(
            command=command,
            seeds=seeds,
            started=self.started,
            finished=utc_now(),
            seconds=round(time.perf_counter() - self.started_clock, 6),
        )
        return self.write_json("provenance.json", info)


def start_run(results_dir: str | os.PathLike, subject: str, budget: str, config: dict[str, Any]) -> Run:
    """Create a fresh run directory for ``subject`` (``"<paper>.<name>"``) and write its ``config.json``.

    The run id starts with the UTC second, so runs sort by time; a suffix ``-001``, ``-002``... keeps two
    runs started in the same second apart (``os.mkdir`` fails on a taken name, so concurrent callers never
    share one).
    """
    check_choice("budget", budget, BUDGETS)
    paper, _, name = subject.partition(".")
    if not paper or not name or "/" in subject or subject.startswith("."):
        raise ValueError(f"subject must be '<paper>.<name>', got {subject!r}")
    started, clock = utc_now(), time.perf_counter()
    stamp = started[:19].replace("-", "").replace(":", "") + "Z"
    parent = Path(results_dir) / paper / name
    parent.mkdir(parents=True, exist_ok=True)
    for attempt in itertools.count():
        run_id = f"{stamp}-{budget}" + (f"-{attempt:03d}" if attempt else "")
        with contextlib.suppress(FileExistsError):
            (parent / run_id).mkdir()
            break
    run = Run(path=parent / run_id, started=started, started_clock=clock)
    run.write_json("config.json", {"subject": subject, "budget": budget, **config})
    return run


@dataclasses.dataclass(frozen=True)
class StoredRun:
    """A complete run read back from disk: its directory and its three JSON files."""

    path: Path
    config: dict[str, Any]
    result: dict[str, Any]
    provenance: dict[str, Any]

    @property
    def subject(self) -> str:
        return str(self.config["subject"])


def latest_results(results_dir: str | os.PathLike) -> dict[str, StoredRun]:
    """The newest *complete* claim run per claim id under ``results_dir`` (``{}`` if there is no such dir).

    Incomplete runs (no ``provenance.json``) and figure runs are skipped; "newest" is the latest start time,
    ties broken by run id.
    """
    root = Path(results_dir)
    best: dict[str, tuple[tuple[str, str], StoredRun]] = {}
    if not root.is_dir():
        return {}
    for marker in root.glob("*/*/*/provenance.json"):
        run_dir = marker.parent
        if run_dir.parent.name.startswith("_") or not (run_dir / "result.json").is_file():
            continue
        stored = StoredRun(
            path=run_dir,
            config=read_json(run_dir / "config.json"),
            result=read_json(run_dir / "result.json"),
            provenance=read_json(marker),
        )
        order = (str(stored.provenance.get("started", "")), run_dir.name)
        if stored.subject not in best or order > best[stored.subject][0]:
            best[stored.subject] = (order, stored)
    return {subject: stored for subject, (_, stored) in sorted(best.items())}
