"""Benchmark: RF training curves by the closed form against explicit gradient descent, and the reduced (n + d)
trick against a full eigendecomposition (spec papers/diffusion_rf.md §6, B3 and B1).

Part 1 (curves). One Gaussian-equivalent RF model (ψ_p = 64, ψ_n = 8, t = 0.1, d = ``--d``), train/test/score
losses at ``--points`` log-spaced τ up to 10 τ_mem (leading order):

* peer: explicit full-batch GD on A with the exact U, V (:func:`sims.diffusion_rf.gradient_descent`, the paper's
  loop with the noise average done exactly) at the step dτ that puts the fastest mode at 2Δ_t λ_max dτ/ψ_p = 1;
* workbench: :func:`theory.diffusion_rf.equivalent_modes` (reduced trick) + :func:`loss_curves` with ``step=dτ``.

Both follow the same discrete trajectory, so they must agree to 1e-5 (the script exits with an error otherwise);
the distance of GD to gradient flow (O(dτ)) is printed too.

Part 2 (spectral step at ``--big-d`` = 64, p = 4096, n = 512): ``np.linalg.eigh`` of the full U (p x p) +
projection, against the SVD of B (p, n + d); the loss curves of the two must agree to 1e-8.

Usage: OMP_NUM_THREADS=2 OPENBLAS_NUM_THREADS=2 python benchmarks/diffusion_rf_dynamics.py [--d 24 --big-d 64]
"""

from __future__ import annotations

import argparse
import sys
import time

import numpy as np
from _machine import machine_report  # noqa: E402  (the benchmarks folder is the script's path)

from sims.diffusion_rf import RFConfig, draw_instance, gradient_descent
from theory.diffusion_rf import (
    equivalent_modes,
    equivalent_u,
    equivalent_v,
    loss_curves,
    modes_from_matrices,
    population_u,
    tau_mem,
)

PSI_P, PSI_N, T = 64.0, 8.0, 0.1


def curves_benchmark(d: int, points: int) -> float:
    """Part 1; returns the speed-up (GD time / closed-form time)."""
    inst = draw_instance(RFConfig(d=d, psi_p=PSI_P, psi_n=PSI_N, t=T), 0)
    c = inst.coeffs
    horizon = 10.0 * tau_mem(c, PSI_P, PSI_N)

    tic = time.perf_counter()
    modes = equivalent_modes(inst.w, inst.x, inst.omega, c)
    step = PSI_P / (2.0 * c.delta * modes.eigenvalues.max())  # fastest mode at 2Δλ dτ/ψ_p = 1
    n_steps = int(np.ceil(horizon / step))
    record = np.unique(np.geomspace(1, n_steps, points).astype(np.int64))
    closed = loss_curves(modes, record * step, step=step)
    closed_time = time.perf_counter() - tic

    u, v, u_pop = equivalent_u(inst.w, inst.x, inst.omega, c), equivalent_v(inst.w, c), population_u(inst.w, c)
    tic = time.perf_counter()
    gd = gradient_descent(u, v, u_pop, v, c, eta=step * d**2, n_steps=n_steps, record=record)
    gd_time = time.perf_counter() - tic

    diff = max(float(np.abs(getattr(gd, k) - getattr(closed, k)).max()) for k in ("train", "test", "score"))
    flow = loss_curves(modes, gd.tau)
    to_flow = max(float(np.abs(getattr(gd, k) - getattr(flow, k)).max()) for k in ("train", "test"))
    ratio = gd_time / closed_time
    print(f"\n## curves: d={d}, p={inst.config.p}, n={inst.config.n}, {len(record)} τ to 10 τ_mem = {horizon:.4g}")
    print(f"GD: {n_steps} steps of dτ = {step:.4g} (η = {step * d**2:.4g}): {gd_time:.2f} s")
    print(f"closed form (SVD of B + curves): {closed_time:.4f} s")
    print(f"speed-up: {ratio:.0f}x (target >= 100x)")
    print(f"max |GD - closed form| (train, test, score): {diff:.2e} (required <= 1e-5)")
    print(f"max |GD - gradient flow| (train, test): {to_flow:.2e} (O(dτ) discretisation)")
    if diff > 1e-5:
        sys.exit(f"closed form and gradient descent disagree: {diff:.3e} > 1e-5")
    return ratio


def spectral_benchmark(d: int) -> float:
    """Part 2; returns the speed-up (full eigh time / reduced SVD time)."""
    inst = draw_instance(RFConfig(d=d, psi_p=PSI_P, psi_n=PSI_N, t=T), 0)
    c = inst.coeffs
    tau = np.geomspace(1e-2, 10.0 * tau_mem(c, PSI_P, PSI_N), 200)

    tic = time.perf_counter()
    reduced = equivalent_modes(inst.w, inst.x, inst.omega, c)
    reduced_curves = loss_curves(reduced, tau)
    reduced_time = time.perf_counter() - tic

    u, v, u_pop = equivalent_u(inst.w, inst.x, inst.omega, c), equivalent_v(inst.w, c), population_u(inst.w, c)
    tic = time.perf_counter()
    full = modes_from_matrices(u, v, u_pop, c)
    full_curves = loss_curves(full, tau)
    full_time = time.perf_counter() - tic

    diff = max(float(np.abs(getattr(full_curves, k) - getattr(reduced_curves, k)).max()) for k in ("train", "test"))
    top = np.sort(full.eigenvalues)[-reduced.eigenvalues.size :]
    eig_diff = float(np.abs(top - np.sort(reduced.eigenvalues)).max() / top.max())
    ratio = full_time / reduced_time
    p, m = inst.config.p, reduced.eigenvalues.size
    print(f"\n## spectral step: p={p}, n={inst.config.n}, d={d}; reduced to m = n + d = {m}")
    print(f"full eigh of U ({p}x{p}) + projection + curves: {full_time:.2f} s")
    print(f"reduced SVD of B ({p}x{m}) + projection + curves: {reduced_time:.2f} s")
    print(f"speed-up: {ratio:.1f}x")
    print(f"max |full - reduced| over 200 τ (train, test): {diff:.2e} (required <= 1e-8)")
    print(f"max relative difference of the top n + d eigenvalues: {eig_diff:.1e}")
    if diff > 1e-8:
        sys.exit(f"reduced and full eigendecomposition disagree: {diff:.3e} > 1e-8")
    return ratio


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--d", type=int, default=24, help="input dimension of the curves benchmark (p = 64 d)")
    parser.add_argument("--big-d", type=int, default=64, help="input dimension of the spectral benchmark")
    parser.add_argument("--points", type=int, default=200, help="recorded τ values")
    args = parser.parse_args()
    print("\n".join(machine_report()))
    curves_benchmark(args.d, args.points)
    spectral_benchmark(args.big_d)


if __name__ == "__main__":
    main()
