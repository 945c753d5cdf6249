"""The rlvr paper through the real registry: `verify rlvr --budget smoke` end to end, its figures, its
certificates, the report, and the shipped sweep specs planned against the real experiment."""

import glob
import json
import os

import pytest
from typer.testing import CliRunner

from workbench import registry, sweep
from workbench.claims import _rlvr_paper as paper
from workbench.cli import app

RLVR_CLAIMS = {
    "rlvr.estimator_unbiased",
    "rlvr.rl_crossover",
    "rlvr.support_narrowing",
    "rlvr.rl_paths_likely_under_base",
    "rlvr.algorithms_delta_se",
    "rlvr.distillation_expands",
    "rlvr.training_steps_trend",
    "rlvr.paper_delta_se_text",
}
SHIPPED_SPECS = sorted(glob.glob(os.path.join(os.path.dirname(sweep.__file__), "sweeps", "*.toml")))


def invoke(*args):
    return CliRunner().invoke(app, [str(a) for a in args])


def test_every_rlvr_claim_is_registered_with_a_rule_and_a_paper_value():
    claims = {c.id: c for c in registry.all_claims() if c.paper == "rlvr"}
    assert set(claims) == RLVR_CLAIMS
    for claim in claims.values():
        assert claim.where and claim.statement and claim.paper_value and "PASS if" in claim.rule
    assert {f.name for f in registry.all_figures("rlvr")} == {
        "passk_curves",
        "passk_steps",
        "accuracy_histograms",
        "algorithm_comparison",
    }


@pytest.fixture(scope="module")
def smoke_verdicts(tmp_path_factory):
    """One `verify rlvr --budget smoke` run shared by the tests below (figures included)."""
    results = tmp_path_factory.mktemp("results")
    out = results / "verdicts.json"
    result = invoke("verify", "rlvr", "--budget", "smoke", "--executor", "serial", "--results", results, "--json", out)
    assert result.exit_code == 0, result.output
    return results, json.loads(out.read_text()), result.output


def test_verify_smoke_gives_a_verdict_for_every_claim(smoke_verdicts):
    _, rows, output = smoke_verdicts
    assert {r["claim"] for r in rows} == RLVR_CLAIMS
    for row in rows:
        assert {"claim", "paper_value", "measured", "verdict"} <= set(row)
        assert row["verdict"] in {"PASS", "FAIL", "INCONCLUSIVE"}, row
    assert "8 claims" in output


def test_smoke_verdicts_of_exact_claims(smoke_verdicts):
    # These two do not depend on the budget's scale: the estimator is exactly unbiased, and the paper's
    # text misattributes its ΔSE values (42.6 is DAPO's, RLOO's is 41.0).
    verdicts = {r["claim"]: r for r in smoke_verdicts[1]}
    assert verdicts["rlvr.estimator_unbiased"]["verdict"] == "PASS"
    text = verdicts["rlvr.paper_delta_se_text"]
    assert text["verdict"] == "FAIL" and "42.6 is DAPO's" in text["measured"]


def test_verify_writes_figures_and_report_reads_the_runs(smoke_verdicts, tmp_path):
    results, _, _ = smoke_verdicts
    pngs = {os.path.basename(p) for p in glob.glob(str(results / "rlvr" / "_figures" / "*" / "*.png"))}
    assert pngs == {"passk_curves.png", "passk_steps.png", "accuracy_histograms.png", "algorithm_comparison.png"}
    out = tmp_path / "claims.md"
    result = invoke("report", "--results", results, "--out", out)
    assert result.exit_code == 0, result.output
    text = out.read_text()
    for claim in RLVR_CLAIMS:
        assert claim in text
    assert "not run" not in text.split("## `rlvr`")[1].split("\n## ")[0]


def test_prove_rlvr_certificates_hold():
    result = invoke("prove", "rlvr")
    assert result.exit_code == 0, result.output
    assert "pass_at_k_unbiased" in result.output


def test_paper_tables_give_the_spec_delta_se_values():
    base256 = paper.BASE["test"][1]
    recomputed = {a: round(base256 - v["test"][0], 1) for a, v in paper.TABLE2.items()}
    assert recomputed == {"GRPO": 44.0, "PPO": 42.3, "ReMax": 45.3, "RLOO": 41.0, "Reinforce++": 41.1, "DAPO": 42.6}


@pytest.mark.parametrize("path", SHIPPED_SPECS, ids=os.path.basename)
def test_shipped_specs_plan_against_the_real_registry(path, tmp_path):
    # plan_sweep builds every point's config through the experiment's from_dict, so a field name the real
    # experiment does not have fails here, not after a user queued the sweep.
    plan = sweep.plan_sweep(sweep.load_spec(path), tmp_path)
    assert len(plan.points) == plan.spec.size > 1
    assert len({p.key for p in plan.points}) == len(plan.points)


def test_dotted_and_table_fields_address_nested_configs(tmp_path):
    spec_file = tmp_path / "nested.toml"
    spec_file.write_text(
        'experiment = "rlvr.train"\nseeds = [0]\n[base]\n"rl.steps" = 7\n[grid.env]\nn_solvable = [1, 2]\n'
    )
    spec = sweep.load_spec(spec_file)
    assert spec.grid == {"env.n_solvable": [1, 2]} and spec.base == {"rl.steps": 7}
    assert [fields for fields, _ in spec.raw_points()] == [
        {"rl": {"steps": 7}, "env": {"n_solvable": 1}},
        {"rl": {"steps": 7}, "env": {"n_solvable": 2}},
    ]
    plan = sweep.plan_sweep(spec, tmp_path)
    assert [p.config["env"]["n_solvable"] for p in plan.points] == [1, 2]
    assert all(p.config["rl"]["steps"] == 7 for p in plan.points)
