"""The diffusion_rf certificates hold on the real numeric code, fail on a wrong one, and report JSON-only details."""

import dataclasses
import json

import numpy as np
import pytest

import theory.diffusion_rf as rf
from proofs import Certificate
from proofs import diffusion_rf as proofs_rf

_CORRECT_COEFFS = rf.rf_coefficients
_CORRECT_WEIGHTS = rf.spectrum_weights
_CORRECT_CURVES = rf.loss_curves
_CORRECT_TIME = rf.ddpm_to_ou_time


@pytest.fixture(scope="module")
def certificates() -> dict[str, Certificate]:
    return {proof.__name__: proof() for proof in proofs_rf.CERTIFICATES}


def test_every_certificate_function_is_listed_once():
    names = [proof.__name__ for proof in proofs_rf.CERTIFICATES]
    assert len(names) == len(set(names)) == 8
    assert set(names) == set(proofs_rf.__all__) - {"CERTIFICATES"}


@pytest.mark.parametrize("proof", [proof.__name__ for proof in proofs_rf.CERTIFICATES])
def test_certificate_holds_and_reports_json_only(certificates, proof):
    cert = certificates[proof]
    assert cert.name.startswith("diffusion_rf.") and cert.statement and cert.method
    assert json.loads(json.dumps(cert.details, allow_nan=False)) == cert.details
    assert cert.holds, json.dumps(cert.details)[:2000]


def test_errata_certificates_state_the_corrected_forms(certificates):
    assert "sqrt(e^{-2t}σ_x² + Δ_t)" in certificates["gamma_convention_erratum"].statement
    assert "(2Δ_t/ψ_p) U τ" in certificates["gradient_flow_solution"].statement
    assert "ψ_n" in certificates["marchenko_pastur_reduction"].statement
    assert certificates["coefficient_identities"].details["printed_form_error_at_sigma_x_2_t_0.1"] != 0
    assert certificates["coefficient_identities"].details["v2_cubic"] == "2*sigma_x**6*exp(-6*t)/3"


def _coefficients_with_stein_broken(t, sigma_x=1.0, activation="tanh", **kw):
    c = _CORRECT_COEFFS(t, sigma_x, activation, **kw)
    return dataclasses.replace(c, a=c.a * (1 + 1e-6))


def _coefficients_with_variance_gamma(t, sigma_x=1.0, activation="tanh", **kw):
    c = _CORRECT_COEFFS(t, sigma_x, activation, **kw)
    return dataclasses.replace(c, v2=c.v2 + 1e-3 * sigma_x)


def _weights_off_by_one(psi_p, psi_n):
    w = _CORRECT_WEIGHTS(psi_p, psi_n)
    return dataclasses.replace(w, delta=max(0.0, 1 - psi_n / psi_p))


def _curves_with_wrong_rate(modes, tau, *, step=None):
    return _CORRECT_CURVES(dataclasses.replace(modes, psi_p=modes.psi_p * 2), tau, step=step)


def _time_off_by_one_step(t_prime, steps=1000, beta_start=1e-4, beta_end=2e-2):
    return _CORRECT_TIME(np.minimum(np.asarray(t_prime) + 1, steps), steps, beta_start, beta_end)


@pytest.mark.parametrize(
    ("attribute", "wrong", "proof"),
    [
        ("rf_coefficients", _coefficients_with_stein_broken, "stein_identities"),
        ("rf_coefficients", _coefficients_with_variance_gamma, "coefficient_identities"),
        ("spectrum_weights", _weights_off_by_one, "delta_peak_count"),
        ("loss_curves", _curves_with_wrong_rate, "gradient_flow_solution"),
        ("ddpm_to_ou_time", _time_off_by_one_step, "time_map"),
    ],
)
def test_certificate_fails_when_the_numeric_code_is_wrong(monkeypatch, attribute, wrong, proof):
    monkeypatch.setattr(rf, attribute, wrong)
    cert = getattr(proofs_rf, proof)()
    assert cert.holds is False
    assert cert.details["bridge"]["agree"] is False


def test_normalization_fails_for_a_wrong_density(monkeypatch):
    correct = rf.spectral_density
    monkeypatch.setattr(rf, "spectral_density", lambda lam, *a, **k: 1.01 * correct(lam, *a, **k))
    assert proofs_rf.density_normalization().holds is False
