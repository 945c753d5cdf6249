"""The `workbench` CLI end to end on fake claims: list, verify (table, --json, crashes), figures, prove,
sweep, report, and one-line errors with exit code 2 for bad arguments."""

import importlib.machinery
import json
import sys
import types

import pytest
from typer.testing import CliRunner

from proofs import Certificate
from tests.fast import _fake_experiments as fx
from tests.fast._fake_experiments import fake_registry  # noqa: F401  (pytest fixture)
from workbench import store
from workbench import verify as verify_module
from workbench.cli import app
from workbench.executors import SerialExecutor
from workbench.registry import Claim, Outcome, Verdict

pytestmark = pytest.mark.usefixtures("fake_registry")

SERIAL = ["--budget", "smoke", "--executor", "serial"]


def invoke(*args):
    return CliRunner().invoke(app, [str(a) for a in args])


def test_list_shows_papers_claims_and_experiments():
    result = invoke("list")
    assert result.exit_code == 0, result.output
    for text in ("rlvr: Does RL Really", "rlvr.test_fake_pass", "Fig. 1 (v2)", "the fake crash claim"):
        assert text in result.output
    assert "hivemind.test_fake_other" in result.output
    assert "transductive: Optimal Mistake Bounds" in result.output and "(no claims yet)" in result.output
    assert "rlvr.test_fake_failing, rlvr.test_fake_recording, rlvr.test_fake_sweep" in result.output


def test_verify_prints_table_writes_json_and_stores_runs(tmp_path):
    claims = ["rlvr.test_fake_pass", "rlvr.test_fake_fail", "hivemind"]
    out, results = tmp_path / "verdicts.json", tmp_path / "results"
    result = invoke("verify", *claims, *SERIAL, "--json", out, "--results", results)
    assert result.exit_code == 0, result.output  # a FAIL verdict is a result, not an error
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["claim", "where", "paper", "value", "measured", "verdict"]
    assert lines[2].split()[0] == "rlvr.test_fake_pass" and lines[2].split()[-1] == "PASS"
    assert lines[3].split()[-1] == "FAIL" and lines[4].split()[-1] == "INCONCLUSIVE"
    assert "3 claims in" in lines[-1] and lines[-1].endswith("1 PASS, 1 FAIL, 1 INCONCLUSIVE, 0 ERROR")

    rows = json.loads(out.read_text())
    assert [r["claim"] for r in rows] == [
        "rlvr.test_fake_pass",
        "rlvr.test_fake_fail",
        "hivemind.test_fake_other",
    ]
    for row in rows:
        assert set(row) == {
            "claim",
            "paper_value",
            "measured",
            "verdict",
            "where",
            "note",
            "values",
            "seconds",
        }
    assert rows[0]["measured"] == "9" and rows[0]["values"] == {"value": 9, "seed": 7}
    assert rows[1]["note"] == "below the paper's 0.9"

    latest = store.latest_results(results)
    assert sorted(latest) == ["hivemind.test_fake_other", "rlvr.test_fake_fail", "rlvr.test_fake_pass"]
    passed = latest["rlvr.test_fake_pass"]
    assert passed.result["verdict"] == "PASS" and passed.result["rule"] == "PASS if measured == 9"
    assert passed.config["executor"] == "serial" and passed.config["budget"] == "smoke"
    assert passed.provenance["seeds"] == 7
    assert not (results / "rlvr" / "_figures").exists()  # single claim ids: no figures


def test_verify_reports_a_crash_as_error_row_runs_the_rest_and_exits_2(tmp_path):
    out, results = tmp_path / "v.json", tmp_path / "results"
    result = invoke("verify", "rlvr", *SERIAL, "--json", out, "--results", results)
    assert result.exit_code == 2
    verdicts = {r["claim"]: r["verdict"] for r in json.loads(out.read_text())}
    assert verdicts == {
        "rlvr.test_fake_pass": "PASS",
        "rlvr.test_fake_fail": "FAIL",
        "rlvr.test_fake_crash": "ERROR",
    }
    assert "rlvr.test_fake_crash crashed: RuntimeError: simulated crash in measure" in result.stderr
    crash = store.latest_results(results)["rlvr.test_fake_crash"]
    assert "Traceback" in crash.result["traceback"] and crash.result["verdict"] == "ERROR"
    # A whole paper was verified, so its figures were made into a figure run.
    figure_runs = list((results / "rlvr" / "_figures").iterdir())
    assert len(figure_runs) == 1 and (figure_runs[0] / "test_fake_figure.png").is_file()
    assert (figure_runs[0] / "provenance.json").is_file()

    again = invoke("verify", "rlvr", *SERIAL, "--no-figures", "--results", tmp_path / "r2")
    assert again.exit_code == 2 and not (tmp_path / "r2" / "rlvr" / "_figures").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["verify", "rlvr.nope"], "no paper or claim named 'rlvr.nope'"),
        (["verify", "--budget", "huge"], "budget must be one of smoke, quick, full"),
        (["verify", "--executor", "threads"], "executor must be one of"),
        (["verify", "--address", "tcp://h:8786"], "needs the dask executor"),
        (["verify", "--workers", "0"], "workers must be >= 1"),
        (["verify", "--json", "."], "--json needs a file path"),
        (["sweep", "missing.toml", "--executor", "serial"], "sweep spec 'missing.toml' does not exist"),
        (["figures", "nopaper"], "no paper named 'nopaper'"),
        (["figures", "hivemind"], "no figures registered for 'hivemind'"),
        (["prove", "nopaper"], "no paper named 'nopaper'"),
        (["report", "--results", "no_such_results_dir"], "does not exist"),
    ],
)
def test_bad_arguments_give_one_line_error_and_exit_2(args, message):
    result = invoke(*args)
    assert result.exit_code == 2
    assert message in result.stderr and result.stderr.startswith("error: ")
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.output


def test_figures_writes_publication_pngs(tmp_path):
    result = invoke("figures", "rlvr", *SERIAL, "--out", tmp_path, "--pdf")
    assert result.exit_code == 0, result.output
    png = tmp_path / "rlvr" / "test_fake_figure.png"
    assert png.read_bytes()[:4] == b"\x89PNG" and png.with_suffix(".pdf").is_file()
    assert "rlvr.test_fake_figure" in result.stdout


def _cert(name, holds):
    return lambda: Certificate(name=name, statement=f"{name} holds", method="sympy simplify", holds=holds)


def _crashing_proof():
    raise ZeroDivisionError("bad algebra")


@pytest.mark.parametrize(
    ("proofs", "code", "shown"),
    [
        ([_cert("a", True), _cert("b", True)], 0, ["yes", "yes"]),
        ([_cert("a", True), _cert("b", False)], 1, ["yes", "NO"]),
        ([_cert("a", False), _crashing_proof], 2, ["NO", "ERROR"]),
    ],
)
def test_prove_prints_certificates_and_exit_code(tmp_path, monkeypatch, proofs, code, shown):
    module = types.ModuleType("proofs.hivemind")
    module.__spec__ = importlib.machinery.ModuleSpec("proofs.hivemind", None)  # found by importlib.util.find_spec
    module.CERTIFICATES = proofs
    monkeypatch.setitem(sys.modules, "proofs.hivemind", module)
    result = invoke("prove", "hivemind", "--json", tmp_path / "certs.json")
    assert result.exit_code == code, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["name", "holds", "method"]
    assert [line.split()[1] for line in lines[2:4]] == shown
    rows = json.loads((tmp_path / "certs.json").read_text())
    assert [r["holds"] for r in rows] == [{"yes": True, "NO": False, "ERROR": None}[s] for s in shown]
    if code == 2:
        assert "ZeroDivisionError: bad algebra" in lines[3] and "ZeroDivisionError" in rows[1]["traceback"]


def test_prove_rejects_paper_without_proofs(monkeypatch):
    monkeypatch.setattr(verify_module, "papers_with_proofs", lambda: ["rlvr"])
    result = invoke("prove", "hivemind")
    assert result.exit_code == 2 and "paper 'hivemind' has no proofs module; papers with proofs: rlvr" in result.stderr


def test_sweep_runs_then_resumes(tmp_path):
    spec = fx.write_spec(tmp_path / "spec.toml", "rlvr.test_fake_sweep")
    first = invoke("sweep", spec, "--executor", "serial", "--results", tmp_path / "r")
    assert first.exit_code == 0, first.output
    assert "0 done, 6 to run" in first.stdout and "6 ran, 0 already stored, 0 failed of 6 points" in first.stdout
    second = invoke("sweep", spec, "--executor", "serial", "--results", tmp_path / "r")
    assert "6 done, 0 to run" in second.stdout and "0 ran, 6 already stored" in second.stdout
    bad = fx.write_spec(tmp_path / "bad.toml", "rlvr.test_fake_sweep", grid="x = [99.0]")
    result = invoke("sweep", bad, "--executor", "serial", "--results", tmp_path / "r")
    assert result.exit_code == 2 and "x must be <= 10.0" in result.stderr


def test_sweep_with_failing_points_exits_2(tmp_path):
    spec = fx.write_spec(tmp_path / "spec.toml", "rlvr.test_fake_failing", grid="x = [-1.0, 1.0]")
    result = invoke("sweep", spec, "--executor", "serial", "--results", tmp_path / "r")
    assert result.exit_code == 2 and "2 ran, 0 already stored, 2 failed" in result.stdout
    assert "failed: ValueError: negative x=-1.0" in result.stdout


def test_report_lists_latest_verdicts_and_claims_not_run(tmp_path):
    results, page = tmp_path / "results", tmp_path / "docs" / "claims.md"
    assert invoke("verify", "rlvr.test_fake_pass", *SERIAL, "--results", results).exit_code == 0
    result = invoke("report", "--results", results, "--out", page)
    assert result.exit_code == 0, result.output
    text = page.read_text()
    assert "Generated by `workbench report` on" in text
    assert "| claim | where | statement | paper value | measured | verdict | budget | run date |" in text
    rows = {line.split("|")[1].strip(): line for line in text.splitlines() if line.startswith("| `")}
    assert "| 9 | PASS | smoke |" in rows["`rlvr.test_fake_pass`"]
    assert "| — | not run |" in rows["`rlvr.test_fake_fail`"]
    assert "the fake pass claim \\| with a pipe" in rows["`rlvr.test_fake_pass`"]
    assert "`hivemind.test_fake_other`" in rows and "_No claims registered yet._" in text


def _junk_claim(name, measure):
    return Claim(id=f"rlvr.test_fake_{name}", where="-", statement="-", paper_value="-", rule="-", measure=measure)


def test_invalid_outcomes_become_error_rows(tmp_path):
    claims = [
        _junk_claim("int", lambda budget, executor: 42),
        _junk_claim("verdict", lambda budget, executor: Outcome(measured="1", verdict="pass")),
        _junk_claim("list", lambda budget, executor: Outcome(measured="1", verdict=Verdict.PASS, values=[1])),
        _junk_claim("obj", lambda budget, executor: Outcome("1", Verdict.PASS, values={"o": object()})),
    ]
    rows = verify_module.verify_claims(claims, "smoke", SerialExecutor(), tmp_path, run_config={}, command="t")
    assert [r.verdict for r in rows] == [verify_module.ERROR] * 4
    notes = [r.note for r in rows]
    assert "returned int, expected an Outcome" in notes[0] and "'pass' is not a valid Verdict" in notes[1]
    assert "must be a dict, got list" in notes[2] and "not JSON serializable" in notes[3]
    assert len(store.latest_results(tmp_path)) == 4  # crashed claims still leave a complete, readable run
    with pytest.raises(TypeError, match="claims must all be Claim objects, got str"):
        verify_module.verify_claims(["rlvr.x"], "smoke", SerialExecutor(), tmp_path, run_config={}, command="t")


def test_format_table_aligns_truncates_and_flattens_newlines():
    text = verify_module.format_table(("a", "bb"), [("x" * 10, "multi\nline")], max_width=5)
    assert text.splitlines() == ["a      bb", "-----  -----", "xxxx…  mult…"]
    assert verify_module.summary_line([], 0.0) == "0 claims in 0.0 s: 0 PASS, 0 FAIL, 0 INCONCLUSIVE, 0 ERROR"
