"""Benchmark: batched toy-model training (workbench) against the faithful torch reference loop (spec §6).

Workloads (n = 1000, power law α = 1, the paper's schedule shape):

* W1 single model: m in {10, 100}, B = 2048; ms/step of each implementation.
* W2 γ-sweep: the paper's 10 γ x 6 widths, B = 2048. The reference trains the 60 models one after another
  with torch's default threads; the workbench trains them with ``sims.superposition.train_models``, the γ
  split over ``--workers`` processes (1 BLAS thread each; all widths share each batch).
* W3 quick preset: B = 256, γ in {-1, -0.556, 0.111, 0.556} x 6 widths.
* Equivalence: for a few (γ, m) both implementations train ``--seeds`` seeds; their mean test losses must agree
  within 3 standard errors (the RNG streams differ, so bitwise equality is impossible).

Steps are scaled down from the paper's 20 000 with ``--steps-*`` (the per-step cost is what is compared; the
first steps, before the biases turn negative, are the workbench's slowest, so short runs understate its speed).

Usage: OPENBLAS_NUM_THREADS=1 python benchmarks/superposition_sweep.py [--steps-w1 200 --steps-w2 100 ...]
(the variable caps the workbench's worker processes; the reference sets torch's threads itself).
"""

from __future__ import annotations

import argparse
import multiprocessing
import time
from concurrent.futures import ProcessPoolExecutor

import numpy as np
from _machine import machine_report  # noqa: E402  (the benchmarks folder is the script's path)

from sims.superposition import PAPER_GAMMAS, PAPER_WIDTHS, ToyConfig, train_models
from sims.superposition._reference_torch import train_reference
from sims.torch_adapter import require_torch, set_threads


def _train_loss(config: dict, seed: int) -> tuple[np.ndarray, np.ndarray, float]:
    """Worker task: train a config, return (test_loss (G, M), its SE, seconds)."""
    result = train_models(ToyConfig.from_dict(config), seed)
    return result.test_loss, result.test_loss_se, result.seconds


def workbench_sweep(config: ToyConfig, seed: int, workers: int) -> tuple[np.ndarray, float]:
    """Train all (γ, m) of ``config`` with the γ split over ``workers`` processes; (test_loss (G, M), wall s)."""
    parts = [tuple(part) for part in np.array_split(np.asarray(config.gammas), workers) if len(part)]
    clock = time.perf_counter()
    if workers == 1:
        losses = [_train_loss(config.to_dict(), seed)[0]]
    else:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
            futures = [pool.submit(_train_loss, config.replace(gammas=part).to_dict(), seed) for part in parts]
            losses = [f.result()[0] for f in futures]
    return np.concatenate(losses), time.perf_counter() - clock


def reference_sweep(config: ToyConfig, seed: int, threads: int | None) -> tuple[np.ndarray, float]:
    """The official way: every (γ, m) model one after another; (test_loss (G, M), wall seconds)."""
    clock = time.perf_counter()
    losses = np.array(
        [[train_reference(config, g, m, seed, threads)["test_loss"] for m in config.widths] for g in config.gammas]
    )
    return losses, time.perf_counter() - clock


def single_model(width: int, steps: int, threads: int | None) -> dict[str, float]:
    config = ToyConfig(widths=(width,), gammas=(-1.0,), batch_size=2048, steps=steps, eval_batches=2, trace_points=1)
    ref = train_reference(config, -1.0, width, 0, threads)["ms_per_step"]
    wb = train_models(config, 0).seconds * 1e3 / steps  # includes 2 evaluation batches
    return {"reference_ms": ref, "workbench_ms": wb, "ratio": ref / wb}


def equivalence(steps: int, seeds: int, threads: int | None) -> list[dict[str, float]]:
    """Mean test loss over seeds of both implementations for four (γ, m); agreement within 3 standard errors."""
    config = ToyConfig(widths=(10, 63), gammas=(-1.0, 0.556), batch_size=256, steps=steps, eval_batches=20)
    wb = np.array([train_models(config, s).test_loss for s in range(seeds)])  # (S, G, M)
    ref = np.array(
        [
            [
                [train_reference(config, g, m, 100 + s, threads)["test_loss"] for m in config.widths]
                for g in config.gammas
            ]
            for s in range(seeds)
        ]
    )
    rows = []
    for gi, gamma in enumerate(config.gammas):
        for mi, width in enumerate(config.widths):
            a, b = wb[:, gi, mi], ref[:, gi, mi]
            se = np.sqrt(a.var(ddof=1) / seeds + b.var(ddof=1) / seeds)
            rows.append(
                {
                    "gamma": gamma,
                    "m": width,
                    "workbench": a.mean(),
                    "reference": b.mean(),
                    "se": se,
                    "ok": abs(a.mean() - b.mean()) <= 3 * se,
                }
            )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--steps-w1", type=int, default=200)
    parser.add_argument("--steps-w2", type=int, default=100)
    parser.add_argument("--steps-w3", type=int, default=400)
    parser.add_argument("--steps-equivalence", type=int, default=1000)
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--torch-threads", type=int, default=None, help="torch intra-op threads (default: torch's)")
    parser.add_argument("--workloads", default="w1,w2,w3,eq", help="comma-separated subset of w1,w2,w3,eq")
    args = parser.parse_args()
    torch = require_torch()
    if args.torch_threads is not None:
        set_threads(args.torch_threads)
    print(*machine_report(("numba", "torch")), sep="\n")
    print(f"torch intra-op threads: {torch.get_num_threads()}")

    workloads = set(args.workloads.split(","))
    if "w1" in workloads:
        print("\nW1 single model (B = 2048, γ = -1)")
        for width in (10, 100):
            r = single_model(width, args.steps_w1, args.torch_threads)
            print(
                f"  m = {width:3d}: reference {r['reference_ms']:.1f} ms/step, "
                f"workbench {r['workbench_ms']:.1f} ms/step, ratio {r['ratio']:.2f}x"
            )

    sweeps = {
        "w2": (
            "W2 γ-sweep (10 γ x 6 m, B = 2048)",
            ToyConfig(gammas=PAPER_GAMMAS, batch_size=2048, steps=args.steps_w2),
        ),
        "w3": (
            "W3 quick preset (4 γ x 6 m, B = 256)",
            ToyConfig(gammas=(-1.0, -0.556, 0.111, 0.556), batch_size=256, steps=args.steps_w3),
        ),
    }
    for name, config in (sweeps[key] for key in ("w2", "w3") if key in workloads):
        config = config.replace(eval_batches=2)
        wb_loss, wb_s = workbench_sweep(config, 0, args.workers)
        ref_loss, ref_s = reference_sweep(config, 0, args.torch_threads)
        models = len(config.gammas) * len(PAPER_WIDTHS)
        print(
            f"\n{name}, {config.steps} steps: reference {ref_s:.1f} s, "
            f"workbench {wb_s:.1f} s ({args.workers} workers), ratio {ref_s / wb_s:.2f}x"
        )
        print(
            f"  per model-step: reference {1e3 * ref_s / models / config.steps:.2f} ms, "
            f"workbench {1e3 * wb_s / models / config.steps:.2f} ms"
        )
        print(
            "  max relative gap of final test losses (single seed, different streams): "
            f"{np.max(np.abs(wb_loss / ref_loss - 1)):.3f}"
        )

    if "eq" not in workloads:
        return
    print(f"\nEquivalence ({args.seeds} seeds, B = 256, {args.steps_equivalence} steps): mean test loss, 3-SE rule")
    rows = equivalence(args.steps_equivalence, args.seeds, args.torch_threads)
    for r in rows:
        print(
            f"  γ = {r['gamma']:+.3f}, m = {r['m']:3d}: workbench {r['workbench']:.4f}, "
            f"reference {r['reference']:.4f}, SE {r['se']:.4f} -> {'agree' if r['ok'] else 'DISAGREE'}"
        )
    if not all(r["ok"] for r in rows):
        raise SystemExit("the workbench and the reference disagree beyond 3 standard errors")


if __name__ == "__main__":
    main()
