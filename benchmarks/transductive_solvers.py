"""Benchmark: the numba exact solvers of theory.transductive against a pure-Python reference of the same algorithms
(spec papers/transductive.md §5). The reference uses Python ints as bitsets and follows the kernels step for step
(same candidate orders, bounds and pruning), so both must return identical values and, for the search, expand the
same number of nodes; the script exits with an error otherwise.

Workloads:
  (a) LD of a sparse random class: 2,000 functions on 60 points, Bernoulli(0.05) entries, seed 0 (the spec's), and
      two denser ones: the same with p = 0.3, and the Bernoulli(2^-√10) tree class with d = 10;
  (b) fixed-sequence value W(H, x): sequences per second for |H| in {64, 1024} and n in {15, 63};
  (c) the prefix branch and bound for M_tr on Bernoulli(2^-√d) tree classes, d = 4..8 (seeds 0-2); the reference
      runs with the same node limit as a cut-off where it would take hours, so the ratio compares identical work;
      then the exact times of the whole solver (prefix probe + decision search, numba only; a time cap per
      class), beside the prefix branch and bound alone on the same classes.

Usage: python benchmarks/transductive_solvers.py [--repeats 5] [--reference-nodes 300] [--cap-seconds 120]
"""

from __future__ import annotations

import argparse
import math
import multiprocessing
import statistics
import sys
import time

import numpy as np
from _machine import machine_report  # noqa: E402  (the benchmarks folder is the script's path)

from theory.transductive import (
    littlestone_dimension,
    mistake_bound_search,
    random_class,
    transductive_values,
    tree_class,
)

MAX_LD = 62


# --- pure-Python reference ---------------------------------------------------------------------------------------
def int_columns(H: np.ndarray) -> list[int]:
    """Column x as the int whose bit h is H[h, x] (numpy packs the bits, as pack_columns does for the kernels)."""
    return [int.from_bytes(np.packbits(H[:, x], bitorder="little").tobytes(), "little") for x in range(H.shape[1])]


class ReferenceLD:
    """LD by the kernel's capped AND-OR search with the (lo, hi) memo, recursive, in Python ints.

    A frame scans only the points its parent found with low >= 2 (all points at the top and at k = 1, where the
    first splitting point witnesses), orders its viable points stably by low descending, and hands its own
    low >= 2 points down. The kernel counts every point in one vector pass instead; both find the same viable
    points, because low only shrinks on a subset and a viable point at k >= 2 needs low >= 2^{k-1} >= 2.
    """

    def __init__(self, cols: list[int]) -> None:
        self.cols, self.memo, self.calls = cols, {}, 0
        self.points = list(range(len(cols)))

    def _record(self, v: int, size: int, k: int, holds: bool) -> None:
        lo, hi = self.memo.get(v, (0, int(math.floor(math.log2(size)))))
        self.memo[v] = (max(lo, k), hi) if holds else (lo, min(hi, k - 1))

    def _quick(self, v: int, size: int, k: int) -> int:
        if k <= 0:
            return 1
        if k > MAX_LD or size < (1 << k):
            return 0
        self.calls += 1
        if v in self.memo:
            lo, hi = self.memo[v]
            if lo >= k:
                return 1
            if hi < k:
                return 0
        return -1

    def at_least(self, v: int, size: int, k: int, scan: list[int] | None = None) -> bool:
        quick = self._quick(v, size, k)
        if quick >= 0:
            return quick == 1
        need, viable, handed = 1 << (k - 1), [], []
        for x in self.points if k == 1 or scan is None else scan:
            ones = (v & self.cols[x]).bit_count()
            low = min(ones, size - ones)
            if low >= need:
                viable.append((low, x))
                if k == 1:
                    break
            if low >= 2:
                handed.append(x)
        viable.sort(key=lambda item: -item[0])  # stable, like the kernel's
        holds = False
        for _, x in viable:
            ones = v & self.cols[x]
            n1 = ones.bit_count()
            halves = [(v ^ ones, size - n1), (ones, n1)]
            if size - n1 > n1:
                halves.reverse()  # the smaller half first (the 0-half on a tie), as the kernel does
            if all(self.at_least(h, s, k - 1, handed) for h, s in halves):
                holds = True
                break
        self._record(v, size, k, holds)
        return holds

    def exact(self, v: int) -> int:
        size = v.bit_count()
        if size == 0:
            return -1
        k = min(int(math.floor(math.log2(size))), MAX_LD)
        if v in self.memo:
            lo, hi = self.memo[v]
            k = min(k, hi)
            if lo >= k:
                return k
        while k > 0 and not self.at_least(v, size, k):
            k -= 1
        return k


def reference_value(cols: list[int], m: int, order) -> int:
    """W(H, x) by the trie recursion of spec §1.3 on Python-int version spaces; a block of one hypothesis never
    splits again, so it returns 0 at once (the kernel never visits such blocks either)."""

    def w(v: int, t: int) -> int:
        if v & (v - 1) == 0:
            return 0
        while t < len(order):
            ones = v & cols[order[t]]
            if ones and ones != v:
                a, b = w(v ^ ones, t + 1), w(ones, t + 1)
                return max(a, b) + (a == b)
            t += 1
        return 0

    return w((1 << m) - 1, 0)


class ReferenceSearch:
    """The branch and bound of theory/transductive/_search.py, statement for statement, in Python."""

    def __init__(self, H: np.ndarray) -> None:
        self.m, self.n = H.shape
        self.cols = int_columns(H)
        self.ld = ReferenceLD(self.cols)

    def _apply(self, z, exact, dep, nn):
        kept = []
        for v in self.leaves[dep]:
            ones = self.block[v] & self.cols[z]
            n1 = ones.bit_count()
            if n1 == 0 or n1 == self.size[v]:
                kept.append(v)
                continue
            self.child[v] = [nn, nn + 1]
            for c, part, n_c in ((nn, self.block[v] ^ ones, self.size[v] - n1), (nn + 1, ones, n1)):
                self._set(c, part, v, n_c)
                if n_c < 2:
                    self.ldv[c] = 0
                    continue
                if exact and self.need[v] >= 0:
                    self.ldv[c] = self.ld.exact(part)
                else:
                    self.ldv[c] = min(int(math.floor(math.log2(n_c))), self.ldv[v])
                kept.append(c)
            nn += 2
        self.leaves[dep + 1] = kept
        return nn

    def _set(self, c, part, parent, n_c):
        for name, value in (("block", part), ("parent", parent), ("size", n_c), ("child", [-1, -1])):
            arr = getattr(self, name)
            if c < len(arr):
                arr[c] = value
            else:
                arr.append(value)
        for arr in (self.ldv, self.need, self.lbv, self.ubv):
            if c >= len(arr):
                arr.append(0)

    def _bounds(self, nn):
        for v in range(nn - 1, -1, -1):
            if self.child[v][0] < 0:
                self.lbv[v], self.ubv[v] = 0, self.ldv[v]
            else:
                c0, c1 = self.child[v]
                for arr in (self.lbv, self.ubv):
                    a, b = arr[c0], arr[c1]
                    arr[v] = max(a, b) + (a == b)
        return self.ubv[0], self.lbv[0]

    def _liveness(self, nn, target):
        self._bounds(nn)
        self.need[0] = target
        for v in range(nn):
            if self.child[v][0] < 0:
                continue
            r = self.need[v]
            for side in range(2):
                c, s = self.child[v][side], self.child[v][1 - side]
                if r < 0:
                    self.need[c] = -1
                elif self.ubv[c] >= r - 1 and self.ubv[s] >= r - 1:
                    self.need[c] = max(r - 1, 0)
                elif self.ubv[c] >= r:
                    self.need[c] = r
                else:
                    self.need[c] = -1

    def _splits_live(self, z, dep):
        for v in self.leaves[dep]:
            if self.need[v] >= 0 and 0 < (self.block[v] & self.cols[z]).bit_count() < self.size[v]:
                return True
        return False

    def _undo(self, old, new):
        for c in range(old, new, 2):
            self.child[self.parent[c]] = [-1, -1]

    def _open(self, dep, best):
        nn, last_lo, last_hi, last = self.frames[dep][:4]
        self._liveness(nn, best + 1)
        ub_of, key = [-1] * self.n, [-1] * self.n
        for z in range(self.n):
            if z < last and not any(
                self.size[c] >= 2 and 0 < (self.block[c] & self.cols[z]).bit_count() < self.size[c]
                for c in range(last_lo, last_hi)
            ):
                continue
            if not self._splits_live(z, dep):
                continue
            new = self._apply(z, False, dep, nn)
            ub, lb = self._bounds(new)
            self._undo(nn, new)
            if ub > best:
                ub_of[z], key[z] = ub, ub * (self.n + 1) + lb
        order = [z for z in sorted(range(self.n), key=lambda z: -key[z]) if key[z] >= 0]
        self.cands[dep] = [(z, ub_of[z]) for z in order]
        self.frames[dep][4:6] = [len(order), 0]

    def run(self, node_limit: int | None = None) -> tuple[int, bool, int]:
        """(best value, finished, nodes expanded), as mistake_bound_search's (value, exact, expanded)."""
        full = (1 << self.m) - 1
        self.block, self.parent, self.size, self.child = [full], [-1], [self.m], [[-1, -1]]
        self.ldv, self.need, self.lbv, self.ubv = [self.ld.exact(full)], [0], [0], [0]
        self.leaves = {0: [0] if self.m >= 2 else []}
        ceiling, best = self.ldv[0], 0
        if self.m < 2 or best >= ceiling:
            return best, True, 0
        self.frames = {0: [1, 0, 0, -1, 0, 0, 0]}
        self.cands = {}
        self._open(0, best)
        expanded, dep, aborted = 1, 0, False
        while dep >= 0:
            frame = self.frames[dep]
            j = frame[5]
            if j >= frame[4] or self.cands[dep][j][1] <= best:
                dep -= 1
                if dep >= 0:
                    self._undo(self.frames[dep][0], self.frames[dep][6])
                    self.frames[dep][5] += 1
                continue
            z, nn = self.cands[dep][j][0], frame[0]
            self._liveness(nn, best + 1)
            if not self._splits_live(z, dep):
                frame[5] += 1
                continue
            new = self._apply(z, True, dep, nn)
            ub, lb = self._bounds(new)
            if ub > best:
                if lb > best:
                    best = lb
                    if lb >= ceiling:
                        break
                if lb < ub:
                    if node_limit is not None and expanded >= node_limit:
                        aborted = True
                        break
                    frame[6] = new
                    self.frames[dep + 1] = [new, nn, new, z, 0, 0, 0]
                    dep += 1
                    self._open(dep, best)
                    expanded += 1
                    continue
            self._undo(nn, new)
            frame[5] += 1
        return best, not aborted, expanded


# --- harness -----------------------------------------------------------------------------------------------------
def timed(fn, repeats: int):
    times, result = [], None
    for _ in range(repeats):
        clock = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - clock)
    return result, statistics.median(times), min(times)


def check(label: str, ours, reference) -> None:
    if ours != reference:
        sys.exit(f"MISMATCH in {label}: workbench {ours} != reference {reference}")


def workload_ld(repeats: int):
    classes = (
        ("random class 2000 x 60, p = 0.05", random_class(2000, 60, 0.05, seed=0)),
        ("random class 2000 x 60, p = 0.3", random_class(2000, 60, 0.3, seed=0)),
        ("tree class d = 10, p = 2^-√10", tree_class(10, 2.0 ** -math.sqrt(10), 0)),
    )

    def reference_ld(H: np.ndarray) -> tuple[int, int]:
        ref = ReferenceLD(int_columns(H))
        return ref.exact((1 << H.shape[0]) - 1), len(ref.memo)

    littlestone_dimension(classes[0][1][:8])  # compile / load the kernel outside the timing
    for label, H in classes:
        ours, median, fastest = timed(lambda H=H: littlestone_dimension(H), repeats)
        # Both sides from the 0/1 matrix: validation and packing count for the workbench, packing for the reference.
        (reference, entries), ref_time, _ = timed(lambda H=H: reference_ld(H), repeats)
        check(f"LD {label}", ours, reference)
        yield (
            f"| (a) LD, {label} (LD = {ours}; {entries} memo entries) | {ref_time:.4f} s | "
            f"{median:.4f} s (min {fastest:.4f}) | {ref_time / median:.0f}x |"
        )


def workload_values(repeats: int):
    rng = np.random.default_rng(0)
    for m, n in ((64, 15), (64, 63), (1024, 15), (1024, 63)):
        H = random_class(m, n, 0.5, seed=m + n)
        orders = np.array([rng.permutation(n) for _ in range(2000)])
        ours, median, _ = timed(lambda H=H, orders=orders: transductive_values(H, orders), repeats)
        cols = int_columns(H)
        batch = orders[:200].tolist()  # the reference is slow: time a tenth of the batch
        reference, ref_time, _ = timed(
            lambda cols=cols, m=m, batch=batch: [reference_value(cols, m, o) for o in batch], repeats
        )
        check(f"W |H|={m} n={n}", ours[: len(batch)].tolist(), reference)
        ref_rate, rate = len(batch) / ref_time, len(orders) / median
        label = f"(b) W(H, x), \\|H\\| = {m}, n = {n}"
        yield f"| {label} | {ref_rate:,.0f} seq/s | {rate:,.0f} seq/s | {rate / ref_rate:.0f}x |"


def _numba_exact(d: int, seed: int, prefix_only: bool, queue) -> None:
    H = tree_class(d, 2.0 ** -math.sqrt(d), seed)
    mistake_bound_search(H[:8, :7])  # load the kernels before the clock starts
    clock = time.perf_counter()
    r = mistake_bound_search(H, max_length=H.shape[1] if prefix_only else None)
    queue.put((r.value, r.exact, r.expanded, time.perf_counter() - clock))


def workload_search(reference_nodes: int, cap: float):
    for d in range(4, 9):
        for seed in range(3):
            H = tree_class(d, 2.0 ** -math.sqrt(d), seed)
            limit = None if d <= 6 else reference_nodes
            mistake_bound_search(H[:4, :3])
            # max_length = n imposes nothing but selects the prefix branch and bound alone (the reference's algorithm).
            ours, median, _ = timed(
                lambda H=H, limit=limit: mistake_bound_search(H, node_limit=limit, max_length=H.shape[1]), 3
            )
            clock = time.perf_counter()
            reference = ReferenceSearch(H).run(limit)
            ref_time = time.perf_counter() - clock
            check(f"search d={d} seed={seed}", (ours.value, ours.exact, ours.expanded), reference)
            kind = "exact" if ours.exact else f"first {limit} nodes"
            yield (
                f"| (c) M_tr, d = {d}, seed {seed} ({kind}; value {ours.value}, {ours.expanded} nodes) | "
                f"{ref_time:.3f} s | {median:.4f} s | {ref_time / median:.0f}x |"
            )
    yield "\n| exact M_tr (numba only) | solver | value | exact | nodes | seconds |\n|---|---|---|---|---|---|"
    for d in (7, 8):
        for seed in range(3):
            for prefix_only in (False, True):
                # A separate process per class, so that a class that hits the cap can be stopped.
                context = multiprocessing.get_context("spawn")
                queue = context.Queue()
                proc = context.Process(target=_numba_exact, args=(d, seed, prefix_only, queue))
                proc.start()
                proc.join(cap)
                label = f"| d = {d}, seed {seed} | {'prefix B&B only' if prefix_only else 'probe + decisions'} |"
                if proc.is_alive():
                    proc.terminate()
                    proc.join()
                    yield f"{label} - | not within {cap:.0f} s | - | > {cap:.0f} |"
                else:
                    value, exact, nodes, seconds = queue.get()
                    yield f"{label} {value} | {exact} | {nodes} | {seconds:.2f} |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--reference-nodes", type=int, default=300)
    parser.add_argument("--cap-seconds", type=float, default=120.0)
    args = parser.parse_args()
    print("\n".join(machine_report(("numba",))))
    print("\n| workload | pure-Python reference | workbench (numba) | ratio |\n|---|---|---|---|")
    for workload in (
        workload_ld(args.repeats),
        workload_values(args.repeats),
        workload_search(args.reference_nodes, args.cap_seconds),
    ):
        for row in workload:
            print(row, flush=True)


if __name__ == "__main__":
    main()
