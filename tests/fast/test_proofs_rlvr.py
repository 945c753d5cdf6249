"""The rlvr certificates hold on the real numeric code, fail on a wrong one, and report JSON-only details."""

import json

import numpy as np
import pytest
import sympy as sp

import theory.passk
import theory.rlvr
from proofs import Certificate, check_numeric_against_symbolic, merge_checks
from proofs import rlvr as proofs_rlvr

_CORRECT_GRPO = theory.rlvr.grpo_advantages


@pytest.fixture(scope="module")
def certificates() -> dict[str, Certificate]:
    """Run every certificate once for the whole module (each takes well under a second)."""
    return {proof.__name__: proof() for proof in proofs_rlvr.CERTIFICATES}


def test_every_certificate_function_is_listed_once():
    names = [proof.__name__ for proof in proofs_rlvr.CERTIFICATES]
    assert len(names) == len(set(names)) == 6
    assert all(getattr(proofs_rlvr, name) in proofs_rlvr.CERTIFICATES for name in proofs_rlvr.__all__[1:])


@pytest.mark.parametrize("proof", [proof.__name__ for proof in proofs_rlvr.CERTIFICATES])
def test_certificate_holds_and_reports_json_only(certificates, proof):
    cert = certificates[proof]
    assert isinstance(cert, Certificate)
    assert cert.name.startswith("rlvr.") and cert.statement and cert.method
    # Strict JSON: no NaN/inf, no numpy or sympy objects anywhere in the details.
    assert json.loads(json.dumps(cert.details, allow_nan=False)) == cert.details
    assert cert.holds, json.dumps(cert.details)[:2000]


def test_certificates_have_unique_names(certificates):
    assert len({cert.name for cert in certificates.values()}) == len(certificates)


def test_details_carry_the_derived_forms(certificates):
    bias = certificates["plugin_bias"].details
    p = sp.Symbol("p")
    # The n = 4, k = 3 bias computed by hand from the 5 binomial terms: -p(1-p)(11-10p)/16 <= 0 on [0, 1].
    assert sp.expand(sp.sympify(bias["example_bias"]) + p * (1 - p) * (11 - 10 * p) / 16) == 0
    assert bias["exact_triples"] > 20_000 and not bias["pointwise_violations"]
    grpo = certificates["grpo_advantage_identities"].details
    assert grpo["bessel_factor"] == "sqrt(G - 1)/sqrt(G)"
    assert certificates["pass_at_one"].details["product"] == "(-c + n)/n"
    assert certificates["pass_at_k_unbiased"].details["bridge"]["points"] >= 200


def test_certificates_are_deterministic():
    first, second = proofs_rlvr.rloo_baseline_identity(), proofs_rlvr.rloo_baseline_identity()
    assert first == second


def _grpo_with_ddof_flipped(rewards, *, ddof=1, eps=1e-6, scale=True):
    return _CORRECT_GRPO(rewards, ddof=1 - ddof, eps=eps, scale=scale)


def _grpo_ignoring_eps(rewards, *, ddof=1, eps=1e-6, scale=True):
    return _CORRECT_GRPO(rewards, ddof=ddof, eps=0.0, scale=scale)


def _rloo_without_rescaling(rewards):
    return _CORRECT_GRPO(rewards, scale=False)


def _population_with_extra_draw(p, k):
    return 1 - (1 - np.asarray(p)) ** (k + 1)


def _pass_at_1_off_by_one(n, c, k):
    return np.asarray(c) / (np.asarray(n) + 1)


@pytest.mark.parametrize(
    ("module", "attribute", "wrong", "proof"),
    [
        (theory.passk, "pass_at_k", theory.passk.plugin_pass_at_k, "pass_at_k_unbiased"),
        (theory.passk, "pass_at_k", theory.passk.plugin_pass_at_k, "pass_at_k_increment"),
        (theory.passk, "pass_at_k", _pass_at_1_off_by_one, "pass_at_one"),
        (theory.passk, "plugin_pass_at_k", theory.passk.pass_at_k, "plugin_bias"),
        (theory.passk, "population_pass_at_k", _population_with_extra_draw, "plugin_bias"),
        (theory.rlvr, "grpo_advantages", _grpo_with_ddof_flipped, "grpo_advantage_identities"),
        (theory.rlvr, "grpo_advantages", _grpo_ignoring_eps, "grpo_advantage_identities"),
        (theory.rlvr, "rloo_advantages", _rloo_without_rescaling, "rloo_baseline_identity"),
    ],
)
def test_certificate_fails_when_the_numeric_code_is_wrong(monkeypatch, module, attribute, wrong, proof):
    monkeypatch.setattr(module, attribute, wrong)
    cert = getattr(proofs_rlvr, proof)()
    assert cert.holds is False
    assert cert.details["bridge"]["agree"] is False


def test_grpo_certificate_catches_a_constant_group_that_is_not_zero(monkeypatch):
    def grpo_without_zero_guard(rewards, *, ddof=1, eps=1e-6, scale=True):
        r = np.asarray(rewards, dtype=float)
        return (r - r.mean(axis=1, keepdims=True)) / (r.std(axis=1, ddof=ddof, keepdims=True) + eps + 1e-300)

    monkeypatch.setattr(theory.rlvr, "grpo_advantages", grpo_without_zero_guard)
    cert = proofs_rlvr.grpo_advantage_identities()
    assert cert.holds is False
    assert cert.details["constant_groups"]["max_abs"] > cert.details["constant_groups"]["tolerance"]


def test_merge_checks_combines_reports():
    x = sp.Symbol("x")
    good = check_numeric_against_symbolic(x**2, (x,), lambda v: v * v, [(0.5,), (2.0,)])
    bad = check_numeric_against_symbolic(x**2, (x,), lambda v: v * v + 0.25, [(1.0,)])
    merged = merge_checks({"good": good, "bad": bad})
    assert merged["points"] == 3 and merged["cases"] == 2 and merged["agree"] is False
    assert merged["worst_case"] == "bad" and merged["max_abs_diff"] == 0.25 and merged["worst_point"] == [1.0]
    assert merge_checks({"good": good})["agree"] is True


def test_merge_checks_rejects_an_empty_mapping():
    with pytest.raises(ValueError, match="checks must hold at least one report"):
        merge_checks({})
