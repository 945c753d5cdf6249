"""Claims of "Does RL Really Incentivize Reasoning Capacity in LLMs Beyond the Base Model?" (Yue et al.).

Each verdict rule is fixed here, before any measurement, and stated in the claim. Simulated claims run the toy
reasoning environment of :mod:`sims.rlvr` (shared experiment in :mod:`._rlvr_runs`). With several seeds (full
budget) a rule must hold on every seed to PASS and fail on every seed to FAIL; it is INCONCLUSIVE when the
seeds disagree. The where-fields cite arXiv 2504.13837 v2 (the PDF in the official repository).
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Executor

import numpy as np
from scipy.stats import binom

from sims.rlvr import ALGORITHMS, RLExperimentConfig, run_training
from theory.passk import (
    crossover_k,
    pass_at_k,
    pass_at_k_variance,
    plugin_pass_at_k,
    sampling_efficiency_gap,
)
from workbench.registry import Claim, Experiment, Outcome, Verdict, register, verdict_over_seeds

from . import _rlvr_figures  # noqa: F401  (registers the figures)
from . import _rlvr_paper as paper
from ._rlvr_runs import PRESETS, SeedRun, rlvr_run

NAMES = {"grpo": "GRPO", "ppo": "PPO", "remax": "ReMax", "rloo": "RLOO", "reinforce_pp": "Reinforce++", "dapo": "DAPO"}
K_BIG = 256  # the paper's large k (ΔSE, Table 2/3)
MARGIN = 0.01  # an exact pass@k difference smaller than one point is not called a difference


def _simulated(measure: Callable[[list[SeedRun]], Outcome]) -> Callable[[str, Executor], Outcome]:
    def run(budget: str, executor: Executor) -> Outcome:
        return measure(rlvr_run(budget, executor).seeds)

    return run


def estimator_unbiased(budget: str, executor: Executor) -> Outcome:
    """Exact expectation over c ~ Binomial(n, p), and a seeded Monte-Carlo mean, against 1 - (1 - p)^k.

    The Monte-Carlo z-score divides by the *exact* standard error sqrt(Var/R) (``pass_at_k_variance``): where
    1 - (1-p)^k is within 1e-11 of 1 the estimator is so skewed that the sample standard deviation of 20,000
    draws underestimates the spread and gives a false |z| of about 7.7 (n = 1024, p = 0.05, k = 512).
    """
    replicates = PRESETS[budget].mc_replicates
    rng = np.random.default_rng(250413837)
    exact_dev, worst_z, plugin_bias, cells = 0.0, 0.0, 0.0, 0
    for n in (4, 16, 64, 256, 1024):
        c = np.arange(n + 1)
        for p in (0.003, 0.05, 0.3, 0.8):
            pmf = binom.pmf(c, n, p)
            for k in sorted({1, 2, max(1, n // 8), n // 2, n}):
                truth = 1.0 - (1.0 - p) ** k
                exact_dev = max(exact_dev, abs(float(pmf @ pass_at_k(n, c, k)) - truth))
                plugin_bias = min(plugin_bias, float(pmf @ plugin_pass_at_k(n, c, k)) - truth)
                draws = pass_at_k(n, rng.binomial(n, p, size=replicates), k)
                se = np.sqrt(pass_at_k_variance(n, p, k) / replicates)
                if se > 0:  # se = 0 only when the estimator is constant, then exact_dev decides
                    worst_z, cells = max(worst_z, abs(draws.mean() - truth) / se), cells + 1
    # About 90 z-scores: |z| <= 4.5 keeps the family-wise false-alarm rate below 0.1 %.
    holds = exact_dev <= 1e-12 and worst_z <= 4.5
    return Outcome(
        measured=f"max |E[est] - (1-(1-p)^k)| = {exact_dev:.1e}; worst MC |z| = {worst_z:.2f} over {cells} cells",
        verdict=Verdict.PASS if holds else Verdict.FAIL,
        values={
            "max_exact_deviation": exact_dev,
            "worst_mc_z": worst_z,
            "mc_cells": cells,
            "replicates": replicates,
            "plugin_most_negative_bias": plugin_bias,
        },
        note=f"For contrast, the plug-in 1-(1-c/n)^k is biased low by up to {-plugin_bias:.3f} on this grid.",
    )


def rl_crossover(seeds: list[SeedRun]) -> Outcome:
    rows = []
    for run in seeds:
        base, rl = run.curve("base"), run.curve("grpo")
        rows.append(
            {
                "seed": run.seed,
                "base_pass1": base[0],
                "rl_pass1": rl[0],
                "base_pass256": run.value("base", K_BIG),
                "rl_pass256": run.value("grpo", K_BIG),
                "crossover_k": crossover_k(run.k_grid, rl, base),
                "crossover_k_sampled": crossover_k(
                    run.sampled_k_grid, run.sampled_curve("grpo"), run.sampled_curve("base")
                ),
            }
        )
    flags = [r["rl_pass1"] - r["base_pass1"] >= MARGIN and r["base_pass256"] - r["rl_pass256"] >= MARGIN for r in rows]
    r = rows[0]
    cross = "none" if r["crossover_k"] is None else f"{r['crossover_k']:.1f}"
    return Outcome(
        measured=f"pass@1 {r['base_pass1']:.3f} -> {r['rl_pass1']:.3f}; pass@256 {r['base_pass256']:.3f} -> "
        f"{r['rl_pass256']:.3f}; crossover k = {cross}",
        verdict=verdict_over_seeds(flags),
        values={"per_seed": rows},
        note="Exact population pass@k of GRPO vs base; crossover_k_sampled uses the estimator on n samples.",
    )


def support_narrowing(seeds: list[SeedRun]) -> Outcome:
    rows, flags = [], []
    for run in seeds:
        base, rl = run.counts["base"] > 0, run.counts["grpo"] > 0
        row = {
            "seed": run.seed,
            "problems": int(base.size),
            "base": int(base.sum()),
            "rl": int(rl.sum()),
            "base_only": int((base & ~rl).sum()),
            "rl_only": int((rl & ~base).sum()),
            "n": run.n_samples,
        }
        rows.append(row)
        flags.append(row["rl_only"] <= 0.05 * row["rl"] and row["base_only"] > row["rl_only"])
    r = rows[0]
    return Outcome(
        measured=f"solvable at n={r['n']}: base {r['base']}/{r['problems']}, RL {r['rl']}; "
        f"base-only {r['base_only']}, RL-only {r['rl_only']}",
        verdict=verdict_over_seeds(flags),
        values={"per_seed": rows},
    )


def rl_paths_likely_under_base(seeds: list[SeedRun]) -> Outcome:
    rows, flags = [], []
    for run in seeds:
        base_nll, rl_nll = run.nll["base"].ravel(), run.nll["grpo"].ravel()
        inside = float(np.isfinite(rl_nll).mean())
        rl_median = float(np.median(rl_nll))
        rows.append(
            {
                "seed": run.seed,
                "median_nll_base_samples": float(np.median(base_nll)),
                "median_nll_rl_samples": rl_median,
                "rl_inside_base_support": inside,
                "base_quantile_of_rl_median": float((base_nll < rl_median).mean()),
            }
        )
        flags.append(inside == 1.0 and rows[-1]["base_quantile_of_rl_median"] < 0.5)
    r = rows[0]
    return Outcome(
        measured=f"median per-token NLL under base: RL samples {r['median_nll_rl_samples']:.4f} vs base samples "
        f"{r['median_nll_base_samples']:.4f} (RL median at base quantile {r['base_quantile_of_rl_median']:.2f})",
        verdict=verdict_over_seeds(flags),
        values={"per_seed": rows},
        note="RL samples lie in the base support by construction (top-p mask); the quantile is the measurement.",
    )


def algorithms_delta_se(seeds: list[SeedRun]) -> Outcome:
    rows, flags = [], []
    for run in seeds:
        gaps = {a: 100 * sampling_efficiency_gap(run.value("base", K_BIG), run.value(a, 1)) for a in ALGORITHMS}
        drawn = {a: int(run.rl[a]["samples_drawn"]) for a in ALGORITHMS}
        spread = max(gaps.values()) - min(gaps.values())
        # At the first checkpoint the algorithms' sample efficiency can still differ; at the end of training
        # they all approach the best shared-strategy policy of the toy (see docs/papers/rlvr.md).
        early_step = int(run.rl["grpo"]["steps_evaluated"][1])
        early = {
            a: 100 * (run.value("base", K_BIG) - float(np.asarray(run.rl[a]["pass_at_k"])[1][0])) for a in ALGORITHMS
        }
        rows.append(
            {
                "seed": run.seed,
                "delta_se_pp": gaps,
                "spread_pp": spread,
                "samples_drawn": drawn,
                "pass1": {a: run.value(a, 1) for a in ALGORITHMS},
                "pass256": {a: run.value(a, K_BIG) for a in ALGORITHMS},
                "early_step": early_step,
                "delta_se_pp_early": early,
                "spread_pp_early": max(early.values()) - min(early.values()),
            }
        )
        flags.append(min(gaps.values()) > 0 and spread <= 0.25 * float(np.mean(list(gaps.values()))))
    gaps, r = rows[0]["delta_se_pp"], rows[0]
    return Outcome(
        measured=", ".join(f"{NAMES[a]} {g:.1f}" for a, g in gaps.items())
        + f" (spread {r['spread_pp']:.1f}; at step {r['early_step']}: spread {r['spread_pp_early']:.1f})",
        verdict=verdict_over_seeds(flags),
        values={"per_seed": rows},
        note="ΔSE in percentage points; samples_drawn shows DAPO's dynamic-sampling cost.",
    )


def distillation_expands(seeds: list[SeedRun]) -> Outcome:
    rows, flags = [], []
    for run in seeds:
        diff = run.curve("distilled") - run.curve("base")
        rows.append(
            {
                "seed": run.seed,
                "min_gain": float(diff.min()),
                "gain_at_256": float(diff[list(run.k_grid).index(K_BIG)]),
                "distilled": run.curve("distilled"),
                "base": run.curve("base"),
            }
        )
        flags.append(bool(diff.min() >= MARGIN / 2))
    r = rows[0]
    return Outcome(
        measured=f"distilled - base: min over k {r['min_gain']:+.3f}, at k=256 {r['gain_at_256']:+.3f}",
        verdict=verdict_over_seeds(flags),
        values={"per_seed": rows},
    )


def training_steps_trend(seeds: list[SeedRun]) -> Outcome:
    rows, flags = [], []
    for run in seeds:
        steps = np.asarray(run.rl["grpo"]["steps_evaluated"])
        curves = np.asarray(run.rl["grpo"]["pass_at_k"])
        # Three checkpoints at a third, two thirds and the end of training, like steps 150/300/450.
        picks = [int(np.argmin(np.abs(steps - steps[-1] * f))) for f in (1 / 3, 2 / 3, 1.0)]
        i1, i256 = 0, list(run.k_grid).index(K_BIG)
        p1, p256 = curves[picks, i1], curves[picks, i256]
        rows.append(
            {
                "seed": run.seed,
                "steps": steps[picks],
                "pass1": p1,
                "pass256": p256,
                "base": [curves[0, i1], curves[0, i256]],
            }
        )
        flags.append(bool(np.all(np.diff(p1) > 0) and np.all(np.diff(p256) < 0)))
    r = rows[0]
    return Outcome(
        measured=f"steps {list(map(int, r['steps']))}: pass@1 "
        + "->".join(f"{v:.3f}" for v in r["pass1"])
        + ", pass@256 "
        + "->".join(f"{v:.3f}" for v in r["pass256"]),
        verdict=verdict_over_seeds(flags),
        values={"per_seed": rows},
    )


def paper_delta_se_text(budget: str, executor: Executor) -> Outcome:
    """Recompute ΔSE (test split) from Tables 2 and 3 and compare with what the §4.3 text says."""
    base256 = paper.BASE["test"][1]
    gaps = {a: round(base256 - v["test"][0], 1) for a, v in paper.TABLE2.items()}
    best = min(gaps, key=gaps.get)
    matches = {a: abs(gaps[a] - quoted) <= 0.15 for a, quoted in paper.TEXT_DELTA_SE_TEST.items()}
    holds = all(matches.values()) and best == "RLOO"
    owner_of_42_6 = [a for a, g in gaps.items() if abs(g - paper.TEXT_DELTA_SE_TEST["RLOO"]) <= 0.05]
    return Outcome(
        measured=f"table: GRPO {gaps['GRPO']}, RLOO {gaps['RLOO']} (best: {best}); 42.6 is "
        f"{'/'.join(owner_of_42_6) or 'nobody'}'s; range {min(gaps.values())}-{max(gaps.values())}",
        verdict=Verdict.PASS if holds else Verdict.FAIL,
        values={
            "delta_se_test_from_tables": gaps,
            "text": paper.TEXT_DELTA_SE_TEST,
            "best": best,
            "all_above_40": min(gaps.values()) > 40,
        },
        note="The text's numbers are misattributed; its conclusion (all ΔSE > 40 on the test split) holds.",
    )


_CLAIMS = [
    (
        "estimator_unbiased",
        "App. A.2, Eq. 2 (Chen et al. 2021)",
        "The pass@k estimator 1 - C(n-c,k)/C(n,k) is unbiased for 1 - (1-p)^k when c ~ Binomial(n, p).",
        "unbiased (exact)",
        "PASS if the exact binomial expectation matches 1-(1-p)^k to 1e-12 on a grid of n<=1024, p, k, and every "
        "Monte-Carlo mean lies within |z| <= 4.5 (exact standard error).",
        estimator_unbiased,
    ),
    (
        "rl_crossover",
        "§3, Fig. 2 (and Figs. 3, 4, 9-11)",
        "RL beats the base model at k = 1 but the base model wins at large k; the curves cross.",
        "RL > base at k=1, base > RL at large k; crossover at 'tens or hundreds' of k (figures only)",
        "PASS if GRPO's exact pass@1 exceeds the base's and the base's pass@256 exceeds GRPO's, each by >= 0.01.",
        _simulated(rl_crossover),
    ),
    (
        "support_narrowing",
        "§4.1, Table 4 (AIME24), Table 5 (LiveCodeBench)",
        "Problems RL solves are (nearly) a subset of those the base model solves; RL loses some base-solvable ones.",
        "AIME24 at n=1024: base 23/30, RL 19/30, RL-only 0, base-only 4",
        "PASS if RL-only problems (c>0 after RL, c=0 for base, n samples each) are <= 5% of RL-solvable ones and "
        "base-only problems outnumber RL-only ones.",
        _simulated(support_narrowing),
    ),
    (
        "rl_paths_likely_under_base",
        "§4.1, Fig. 6 (perplexity analysis)",
        "What RL samples, the base could already sample: RL outputs are high-likelihood outputs of the base.",
        "PPL_Base(Y_RL) sits in the lower part of PPL_Base(Y_Base)",
        "PASS if every RL sample has non-zero base probability and the median per-token NLL under the base of RL "
        "samples lies below the base samples' median.",
        _simulated(rl_paths_likely_under_base),
    ),
    (
        "algorithms_delta_se",
        "§4.3, Table 2, Fig. 8",
        "Six RL algorithms (GRPO, PPO, ReMax, RLOO, Reinforce++, DAPO) land close together, all far from the "
        "base model's pass@256.",
        "ΔSE (Omni-MATH test) 41.0-45.3 pp, all > 40",
        "PASS if every algorithm's ΔSE = pass@256(base) - pass@1(RL) is > 0 and their spread (max - min) is at "
        "most 25% of their mean.",
        _simulated(algorithms_delta_se),
    ),
    (
        "distillation_expands",
        "§4.2, Fig. 7 (Minerva)",
        "Distillation from a stronger teacher expands the reasoning boundary: its pass@k is above the base at all k.",
        "distilled above base at every k",
        "PASS if the distilled student's exact pass@k exceeds the base's by >= 0.005 at every k of the grid.",
        _simulated(distillation_expands),
    ),
    (
        "training_steps_trend",
        "§4.4, Table 3, Fig. 1 (right)",
        "Longer RL training raises pass@1 and lowers pass@256.",
        "Omni-MATH train, steps 150/300/450: pass@1 26.1/33.6/42.5, pass@256 66.3/65.3/64.3",
        "PASS if, at a third, two thirds and all of GRPO training, pass@1 strictly rises and pass@256 strictly falls.",
        _simulated(training_steps_trend),
    ),
    (
        "paper_delta_se_text",
        "§4.3 text vs Tables 2-3 (v2)",
        "The §4.3 text's ΔSE figures ('from GRPO's 43.9 to RLOO's best 42.6') match the paper's own tables.",
        "GRPO 43.9, RLOO 42.6 (best)",
        "PASS if each quoted ΔSE is within 0.15 of 69.1 - pass@1 from Table 2 and RLOO is the table's best.",
        paper_delta_se_text,
    ),
]

for _name, _where, _statement, _value, _rule, _measure in _CLAIMS:
    register(Claim(f"rlvr.{_name}", _where, _statement, _value, _rule, _measure))

register(
    Experiment(
        "rlvr.train",
        RLExperimentConfig,
        run_training,
        "Draw a toy reasoning environment, train one RL algorithm, report base vs RL pass@k.",
    )
)
