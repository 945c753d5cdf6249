"""The transductive certificates hold on the real numeric code, fail on a wrong one, and report JSON-only details."""

import json

import numpy as np
import pytest

import theory.transductive
from proofs import Certificate
from proofs import transductive as proofs_transductive

_CORRECT_BOUND = theory.transductive.proof_implied_lower_bound


@pytest.fixture(scope="module")
def certificates() -> dict[str, Certificate]:
    """Run every certificate once for the whole module (about 6 s in all, most of it the d <= 2000 scan)."""
    return {proof.__name__: proof() for proof in proofs_transductive.CERTIFICATES}


def test_every_certificate_function_is_listed_once():
    names = [proof.__name__ for proof in proofs_transductive.CERTIFICATES]
    assert len(names) == len(set(names)) == 8
    assert set(names) == set(proofs_transductive.__all__) - {"CERTIFICATES"}


@pytest.mark.parametrize("proof", [proof.__name__ for proof in proofs_transductive.CERTIFICATES])
def test_certificate_holds_and_reports_json_only(certificates, proof):
    cert = certificates[proof]
    assert isinstance(cert, Certificate)
    assert cert.name.startswith("transductive.") and cert.statement and cert.method
    # Strict JSON: no NaN/inf, string keys, no numpy or sympy objects anywhere in the details.
    assert json.loads(json.dumps(cert.details, allow_nan=False)) == cert.details
    assert cert.holds, json.dumps(cert.details, default=str)[:2000]


def test_details_carry_the_constants(certificates):
    assert certificates["theorem_b1_counting"].details["first_d"] == 774
    assert certificates["claim_d6"].details["fails_at"] == [2, 3]
    assert abs(certificates["claim_d7_sum"].details["coefficient"] - 18.676) < 1e-3
    assert certificates["claim_d8_ratio"].details["worst_ratio"] == "3/4"
    assert abs(certificates["claim_d8_ratio"].details["constant"] - 115.652) < 1e-3
    implied = certificates["proof_implied_bound"].details
    assert implied["minimiser"] == "M/(M + n - 1)"
    # The spec's L(10^4) = 97 and L(10^5) = 312 use n = (d+1)·2^M; with Claim B.3b's n_d = (d+1)·2^{M+1}: 96, 311.
    assert implied["differs_from_spec"] == {"10000": [96, 97], "100000": [311, 312]} or implied[
        "differs_from_spec"
    ] == {
        10000: [96, 97],
        100000: [311, 312],
    }


def _shifted(function, shift):
    return lambda *args: np.asarray(function(*args)) + shift


@pytest.mark.parametrize(
    ("attribute", "proof"),
    [
        ("lemma_d2_margin", "lemma_d2_threshold"),
        ("survival_log2", "theorem_b1_counting"),
        ("sequence_length_bound", "claim_b3b_count"),
        ("claim_d6_margin", "claim_d6"),
        ("claim_d7_total", "claim_d7_sum"),
        ("wm_weight_ratio", "claim_d8_ratio"),
        ("d8_mistake_bound", "claim_d8_ratio"),
        ("tradeoff", "min_tradeoff"),
    ],
)
def test_certificate_fails_when_the_numeric_code_is_wrong(monkeypatch, attribute, proof):
    monkeypatch.setattr(theory.transductive, attribute, _shifted(getattr(theory.transductive, attribute), 0.5))
    cert = getattr(proofs_transductive, proof)()
    assert cert.holds is False
    assert cert.details["bridge"]["agree"] is False


def test_proof_implied_certificate_fails_on_an_off_by_one(monkeypatch):
    monkeypatch.setattr(theory.transductive, "proof_implied_lower_bound", lambda levels: _CORRECT_BOUND(levels) + 1)
    assert proofs_transductive.proof_implied_bound().holds is False
