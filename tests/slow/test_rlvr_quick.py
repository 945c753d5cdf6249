"""The rlvr claims at the `quick` budget (the README's main job), through the CLI with the process pool: the
verdicts documented in docs/papers/rlvr.md. About a minute on 2 cores; run with `pytest -m slow`."""

import json

import pytest
from typer.testing import CliRunner

from workbench.cli import app

pytestmark = pytest.mark.slow

DOCUMENTED = {
    "rlvr.estimator_unbiased": "PASS",
    "rlvr.rl_crossover": "PASS",
    "rlvr.support_narrowing": "PASS",
    "rlvr.rl_paths_likely_under_base": "PASS",
    "rlvr.algorithms_delta_se": "PASS",
    "rlvr.distillation_expands": "PASS",
    "rlvr.training_steps_trend": "PASS",
    "rlvr.paper_delta_se_text": "FAIL",
}


def test_quick_verdicts_match_the_docs(tmp_path):
    out = tmp_path / "verdicts.json"
    args = ["verify", "rlvr", "--budget", "quick", "--executor", "process", "--workers", "2"]
    result = CliRunner().invoke(app, [*args, "--results", str(tmp_path), "--json", str(out), "--no-figures"])
    assert result.exit_code == 0, result.output
    assert {r["claim"]: r["verdict"] for r in json.loads(out.read_text())} == DOCUMENTED
