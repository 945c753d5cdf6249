"""The superposition certificates hold on the real numeric code, fail on a wrong one, and report JSON only."""

import json

import numpy as np
import pytest

import theory.superposition as sup
from proofs import Certificate
from proofs import superposition as proofs_sup


@pytest.fixture(scope="module")
def certificates() -> dict[str, Certificate]:
    """Run every certificate once for the module (about 10 s in all, mostly sympy integrals)."""
    return {proof.__name__: proof() for proof in proofs_sup.CERTIFICATES}


def test_every_certificate_function_is_listed_once():
    names = [proof.__name__ for proof in proofs_sup.CERTIFICATES]
    assert len(names) == len(set(names)) == 8
    assert sorted(names) == sorted(proofs_sup.__all__[1:])


@pytest.mark.parametrize("proof", [proof.__name__ for proof in proofs_sup.CERTIFICATES])
def test_certificate_holds_and_reports_json_only(certificates, proof):
    cert = certificates[proof]
    assert cert.name.startswith("superposition.") and cert.statement and cert.method
    assert json.loads(json.dumps(cert.details, allow_nan=False)) == cert.details
    assert cert.holds, json.dumps(cert.details)[:2000]


def test_details_carry_the_derived_forms(certificates):
    assert certificates["data_moments"].details["argmin"] == "[p]"
    assert certificates["welch_limits"].details["gap"] == "(m - 1)/(m*(nu - 1))"
    assert certificates["zeta_asymptotics"].details["strong_exponent"] == "2 - 2*alpha"
    assert certificates["chinchilla_arithmetic"].details["value"] == "441/500"


# The correct functions, captured before any monkeypatching (the wrong variants below call them).
_EQ14, _DECAY, _EXPANSION = sup.weak_fraction_integral, sup.decay_rows, sup.overlap_cross_entropy_expansion


def _variance_without_square(p):
    return 4 / 3 * np.asarray(p, dtype=float)


def _eq14_off_by_one(phi, n, alpha):
    return _EQ14(phi, n + 1, alpha)


def _decay_too_weak(W, lr, gamma, eps=1e-8):
    return _DECAY(W, lr, gamma * 0.9, eps)


def _welch_simplex_wrong(nu, m):
    return np.sqrt((nu - m) / (m * nu))


def _strong_exponent_halved(alpha):
    return alpha - 1.0


def _expansion_missing_cross_term(overlaps, norm):
    terms = dict(_EXPANSION(overlaps, norm))
    terms["quadratic"] = terms["leading"]
    return terms


@pytest.mark.parametrize(
    ("attribute", "wrong", "proof"),
    [
        ("feature_variance", _variance_without_square, "data_moments"),
        ("weak_fraction_integral", _eq14_off_by_one, "eq14_integral"),
        ("decay_rows", _decay_too_weak, "decay_contraction"),
        ("welch_bound", _welch_simplex_wrong, "welch_limits"),
        ("strong_skewed_exponent", _strong_exponent_halved, "zeta_asymptotics"),
        ("overlap_cross_entropy_expansion", _expansion_missing_cross_term, "cross_entropy_expansion"),
        ("overlap_moments", lambda m: (1.0 / m, 2.0 / m**2), "beta_moments"),
        ("chinchilla_width_exponent", lambda a, sa, b, sb: (a * b, sa + sb), "chinchilla_arithmetic"),
    ],
)
def test_certificate_fails_when_the_numeric_code_is_wrong(monkeypatch, attribute, wrong, proof):
    monkeypatch.setattr(sup, attribute, wrong)
    cert = getattr(proofs_sup, proof)()
    assert cert.holds is False
    assert cert.details["bridge"]["agree"] is False
