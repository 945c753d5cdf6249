"""The ``workbench`` command line: ``list``, ``verify``, ``figures``, ``prove``, ``sweep``, ``report``.

Exit codes: 0 on success (a FAIL verdict is a result, not an error); 1 if a proof certificate does not hold;
2 for bad arguments (one-line message, no traceback) or when a claim, figure, proof or sweep point crashed.

The commands import their machinery inside their bodies: ``workbench --help`` stays fast, and a process-pool
worker (spawned workers re-import this module as their ``__main__``) does not load numpy before its
initializer has capped the BLAS/numba threads.
"""

from __future__ import annotations

import contextlib
import dataclasses
import shlex
import sys
import time
from collections.abc import Iterator
from concurrent.futures import Executor
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from workbench import registry

__all__ = ["app"]

app = typer.Typer(
    name="workbench",
    help="Reproduce, check and extend the claims of the NeurIPS 2025 best papers.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

Budget = Annotated[str, typer.Option(help="smoke (seconds), quick (minutes on a laptop) or full (paper scale).")]
ExecutorKind = Annotated[str, typer.Option("--executor", help="serial, process (local pool) or dask.")]
Workers = Annotated[int | None, typer.Option(help="Worker processes (process: all cores; dask: 2).")]
Address = Annotated[str | None, typer.Option(help="Dask scheduler, e.g. tcp://host:8786 (with --executor dask).")]
Results = Annotated[Path, typer.Option(help="Results directory.")]
JsonPath = Annotated[Path | None, typer.Option("--json", help="Also write the rows as JSON to this file.")]


def _fail(message: str) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(2)


@contextlib.contextmanager
def _user_errors() -> Iterator[None]:
    """Turn the exceptions of the up-front input checks into a one-line error and exit code 2."""
    try:
        yield
    except (ValueError, TypeError, OSError, ImportError) as exc:
        _fail(str(exc))


@contextlib.contextmanager
def _executor(kind: str, workers: int | None, address: str | None) -> Iterator[Executor]:
    from workbench.executors import open_executor

    with contextlib.ExitStack() as stack:
        # Only opening is a user error (no Dask installed, unreachable scheduler); the work itself is not.
        with _user_errors():
            executor = stack.enter_context(open_executor(kind, workers, address))
        yield executor


def _check_common(budget: str | None, kind: str, workers: int | None, address: str | None) -> None:
    from workbench.executors import check_executor_args

    with _user_errors():
        if budget is not None:
            registry.check_budget(budget)
        check_executor_args(kind, workers, address)


def _check_json_path(path: Path | None) -> None:
    if path is not None and path.is_dir():
        _fail(f"--json needs a file path, got the directory {str(path)!r}")


def _check_paper(paper: str | None) -> None:
    if paper is not None and paper not in registry.PAPERS:
        _fail(f"no paper named {paper!r}; papers: {', '.join(registry.PAPERS)}")


def _command() -> str:
    return shlex.join(sys.argv)


@app.command("list")
def list_claims() -> None:
    """List the papers, their claims (id, where in the paper, statement) and their sweepable experiments."""
    from workbench.verify import format_table

    claims, experiments = registry.all_claims(), registry.all_experiments()
    for i, (paper, title) in enumerate(registry.PAPERS.items()):
        typer.echo(("\n" if i else "") + f"{paper}: {title}")
        rows = [(c.id, c.where, c.statement) for c in claims if c.paper == paper]
        table = format_table(("claim", "where", "statement"), rows, max_width=80) if rows else "(no claims yet)"
        typer.echo("\n".join("  " + line for line in table.splitlines()))
        names = sorted(name for name, e in experiments.items() if e.paper == paper)
        if names:
            typer.echo(f"  experiments (for `workbench sweep`): {', '.join(names)}")


@app.command()
def verify(
    selectors: Annotated[list[str] | None, typer.Argument(help="Paper or claim ids (default: all).")] = None,
    budget: Budget = "quick",
    executor: ExecutorKind = "process",
    workers: Workers = None,
    address: Address = None,
    json_path: JsonPath = None,
    results: Results = Path("results"),
    figures: Annotated[bool, typer.Option("--figures/--no-figures", help="Also make the papers' figures.")] = True,
) -> None:
    """Measure claims and print the verdict table: claim, where, paper value, measured, verdict."""
    from workbench.verify import ERROR, summary_line, verdict_table, verify_claims, verify_figures

    _check_common(budget, executor, workers, address)
    _check_json_path(json_path)
    with _user_errors():
        claims = registry.resolve_claims(selectors)
    # Figures belong to papers: make them when whole papers are verified, not for a single claim id.
    papers = [s for s in selectors if s in registry.PAPERS] if selectors else list(registry.PAPERS)
    stored = {
        "run_config": {"executor": executor, "workers": workers, "address": address},
        "command": _command(),
    }
    clock, figure_rows = time.perf_counter(), []
    with _executor(executor, workers, address) as pool:
        rows = verify_claims(claims, budget, pool, results, **stored)
        for paper in papers if figures else []:
            specs = registry.all_figures(paper)
            if specs:
                figure_rows += verify_figures(paper, specs, budget, pool, results, **stored)
    typer.echo(verdict_table(rows))
    for row in rows:
        if row.verdict == ERROR:
            typer.echo(f"error: {row.claim} crashed: {row.note} (traceback in {row.run_dir}/result.json)", err=True)
    for fig in figure_rows:
        typer.echo(f"figure {fig.figure}: " + (f"error: {fig.error}" if fig.error else ", ".join(fig.paths)))
    typer.echo(summary_line(rows, time.perf_counter() - clock))
    if json_path is not None:
        from workbench.store import atomic_write_json

        atomic_write_json(json_path, [row.to_json() for row in rows])
    crashed = any(row.verdict == ERROR for row in rows) or any(fig.error for fig in figure_rows)
    raise typer.Exit(2 if crashed else 0)


@app.command()
def figures(
    paper: Annotated[str | None, typer.Argument(help="Paper id (default: every paper).")] = None,
    budget: Budget = "quick",
    out: Annotated[Path, typer.Option(help="Output directory; files go to OUT/<paper>/<name>.png.")] = Path(
        "docs/figures"
    ),
    executor: ExecutorKind = "process",
    workers: Workers = None,
    address: Address = None,
    pdf: Annotated[bool, typer.Option("--pdf", help="Also write a PDF beside each PNG.")] = False,
) -> None:
    """Make the papers' figures in the publication style."""
    from workbench.verify import format_table, make_figures

    _check_paper(paper)
    _check_common(budget, executor, workers, address)
    specs = registry.all_figures(paper)
    if not specs:
        _fail(f"no figures registered for {paper!r}" if paper else "no figures registered")
    rows = []
    with _executor(executor, workers, address) as pool:
        for name in dict.fromkeys(s.paper for s in specs):
            group = [s for s in specs if s.paper == name]
            rows += make_figures(group, budget, pool, out / name, pdf=pdf)
    table = [(r.figure, r.error or ", ".join(r.paths), f"{r.seconds:.1f}") for r in rows]
    typer.echo(format_table(("figure", "files or error", "seconds"), table, max_width=100))
    raise typer.Exit(2 if any(r.error for r in rows) else 0)


@app.command()
def prove(
    paper: Annotated[str | None, typer.Argument(help="Paper id (default: every paper with proofs).")] = None,
    json_path: JsonPath = None,
) -> None:
    """Run the sympy proofs and print their certificates; exit 1 if any does not hold."""
    from workbench.verify import format_table, papers_with_proofs, run_certificates

    _check_paper(paper)
    _check_json_path(json_path)
    available = papers_with_proofs()
    if paper is not None and paper not in available:
        _fail(f"paper {paper!r} has no proofs module; papers with proofs: {', '.join(available) or 'none'}")
    rows = [row for p in ([paper] if paper else available) for row in run_certificates(p)]
    shown = {True: "yes", False: "NO", None: "ERROR"}
    # Certificate names may already carry the paper prefix ("rlvr.pass_at_k"); qualify the others.
    names = [r.name if r.name.startswith(f"{r.paper}.") else f"{r.paper}.{r.name}" for r in rows]
    table = [(name, shown[r.holds], r.error or r.method) for name, r in zip(names, rows, strict=True)]
    typer.echo(format_table(("name", "holds", "method"), table, max_width=90))
    typer.echo(f"{sum(r.holds is True for r in rows)} of {len(rows)} certificates hold")
    if json_path is not None:
        from workbench.store import atomic_write_json

        atomic_write_json(json_path, [dataclasses.asdict(r) for r in rows])
    raise typer.Exit(2 if any(r.holds is None for r in rows) else int(any(r.holds is False for r in rows)))


@app.command()
def sweep(
    spec: Annotated[Path, typer.Argument(help="Sweep spec (TOML), e.g. workbench/sweeps/rlvr_kl.toml.")],
    executor: ExecutorKind = "process",
    workers: Workers = None,
    address: Address = None,
    results: Results = Path("results"),
    max_points: Annotated[int | None, typer.Option(help="Refuse larger sweeps (default 10000).")] = None,
) -> None:
    """Run a grid of an experiment over configs and seeds; rerunning resumes, skipping stored points."""
    from workbench.sweep import load_spec, plan_sweep, run_sweep

    _check_common(None, executor, workers, address)
    with _user_errors():
        plan = plan_sweep(load_spec(spec), results, max_points=max_points)
    with _executor(executor, workers, address) as pool:
        outcome = run_sweep(plan, pool, log=typer.echo)
    typer.echo(
        f"{outcome.ran} ran, {outcome.skipped} already stored, {len(outcome.failed)} failed "
        f"of {outcome.total} points; results in {outcome.directory}"
    )
    raise typer.Exit(2 if outcome.failed else 0)


@app.command()
def report(
    results: Results = Path("results"),
    out: Annotated[Path, typer.Option(help="The Markdown file to regenerate.")] = Path("docs/claims.md"),
) -> None:
    """Regenerate docs/claims.md from the latest complete run of every claim."""
    from workbench.report import write_report

    with _user_errors():
        path = write_report(results, out)
    typer.echo(f"wrote {path}")
