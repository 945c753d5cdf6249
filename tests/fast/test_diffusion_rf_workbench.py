"""The diffusion_rf paper through the real registry: `verify diffusion_rf --budget smoke` end to end (figures
included), the certificates through `prove`, and the claims' registration."""

import glob
import json
import os

import pytest
from typer.testing import CliRunner

import workbench.claims.diffusion_rf  # noqa: F401  (registers the paper; also listed in workbench/claims/__init__)
from workbench import registry
from workbench.cli import app

CLAIMS = {
    f"diffusion_rf.{name}"
    for name in (
        "coefficient_identities",
        "eigenvalue_fractions",
        "spectrum_matches_theory",
        "fast_bulk_range",
        "fast_bulk_independent_of_n",
        "closed_form_equals_gd",
        "losses_separate_at_tau_mem",
        "tau_mem_linear_in_n",
        "tau_gen_constant",
        "no_memorization_beyond_n_star",
        "mixture_tau_mem_linear",
    )
}
FIGURES = {"spectrum", "losses", "tau_mem_vs_n", "memorized_fraction"}


def invoke(*args):
    return CliRunner().invoke(app, [str(a) for a in args])


def test_every_claim_is_registered_with_a_rule_and_a_paper_value():
    claims = {c.id: c for c in registry.all_claims() if c.paper == "diffusion_rf"}
    assert set(claims) == CLAIMS
    for claim in claims.values():
        assert claim.where and claim.statement and claim.paper_value and "PASS if" in claim.rule
    assert {f.name for f in registry.all_figures("diffusion_rf")} == FIGURES


@pytest.fixture(scope="module")
def smoke(tmp_path_factory):
    results = tmp_path_factory.mktemp("results")
    out = results / "verdicts.json"
    result = invoke(
        "verify", "diffusion_rf", "--budget", "smoke", "--executor", "serial", "--results", results, "--json", out
    )
    assert result.exit_code == 0, result.output
    return results, {r["claim"]: r for r in json.loads(out.read_text())}


def test_verify_smoke_gives_a_verdict_for_every_claim(smoke):
    _, rows = smoke
    assert set(rows) == CLAIMS
    assert all(r["verdict"] in {"PASS", "FAIL", "INCONCLUSIVE"} for r in rows.values())


def test_smoke_verdicts_that_do_not_depend_on_scale(smoke):
    _, rows = smoke
    # Exact at any size: quadrature identities, rank counting, the closed form against GD.
    for claim in ("coefficient_identities", "eigenvalue_fractions", "closed_form_equals_gd"):
        assert rows[f"diffusion_rf.{claim}"]["verdict"] == "PASS", rows[f"diffusion_rf.{claim}"]
    assert rows["diffusion_rf.eigenvalue_fractions"]["measured"].startswith("0.859375 / 0.125000 / 0.015625")
    # Two hundred Adam steps cannot memorize: the score-network claim must say so, not guess.
    assert rows["diffusion_rf.mixture_tau_mem_linear"]["verdict"] == "INCONCLUSIVE"


def test_verify_writes_the_figures(smoke):
    results, _ = smoke
    pngs = {os.path.basename(p)[:-4] for p in glob.glob(str(results / "diffusion_rf" / "_figures" / "*" / "*.png"))}
    assert pngs == FIGURES


def test_prove_diffusion_rf():
    result = invoke("prove", "diffusion_rf")
    assert result.exit_code == 0, result.output
    assert "8 of 8 certificates hold" in result.output


def test_score_network_claim_and_figure_without_torch(monkeypatch):
    # Without the torch extra the claim is INCONCLUSIVE with the install hint, and the figure still renders.
    from workbench.claims import _diffusion_rf_figures, _diffusion_rf_runs, _diffusion_rf_torch
    from workbench.executors import open_executor

    monkeypatch.setattr(_diffusion_rf_runs, "torch_available", lambda: False)
    with open_executor("serial") as executor:
        outcome = _diffusion_rf_torch.score_net_outcome("smoke", executor)
        fig = _diffusion_rf_figures.memorized_fraction("smoke", executor)
    import matplotlib.pyplot as plt

    text = fig.axes[0].texts[0].get_text()
    plt.close(fig)
    assert outcome.verdict == "INCONCLUSIVE" and "torch" in outcome.note
    assert "needs the torch extra" in text
