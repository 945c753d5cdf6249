"""theory.transductive's proof constants, online predictions and trichotomy: values and bad input."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.fast.test_transductive_oracles import classes, oracle_ld
from theory.transductive import (
    claim_d6_margin,
    claim_d7_total,
    counting_exponent,
    d8_mistake_bound,
    halving_prediction,
    lemma_d2_margin,
    optimal_epsilon,
    proof_implied_lower_bound,
    sequence_length_bound,
    soa_prediction,
    survival_log2,
    thresholds,
    tradeoff,
    trichotomy,
    wm_weight_ratio,
)


def test_threshold_crossings():
    assert lemma_d2_margin(41) >= -1 > lemma_d2_margin(42)
    assert survival_log2(773) < -1 <= survival_log2(774)
    assert claim_d6_margin(3) < 0 <= claim_d6_margin(4)
    assert np.all(claim_d7_total(np.arange(1, 10_000)) <= 24 * np.sqrt(np.arange(1, 10_000)))


def test_weight_ratio_and_mistake_bound():
    assert wm_weight_ratio(0.5) == 0.75 and wm_weight_ratio(1.0) == 0.5
    assert math.isclose(float(wm_weight_ratio(0.6)), 0.7)
    assert math.isclose(float(d8_mistake_bound(100, 0.5)), 480.0)
    assert math.isclose(float(d8_mistake_bound(1, 0.75)), 48 / math.log2(4 / 3))


def test_counting_bound_and_its_optimum():
    levels, m = 40, 3
    best = optimal_epsilon(levels, m)
    grid = np.linspace(1e-4, 0.4, 2000)
    assert counting_exponent(levels, m, best) <= min(counting_exponent(levels, m, e) for e in grid) + 1e-9
    assert sequence_length_bound(levels, m) == 40 * 16
    # The spec's values at levels = d + 1 up to 800 (it states 97 and 312 at 10^4 and 10^5: see the certificate).
    assert [proof_implied_lower_bound(d + 1) for d in (100, 400, 800)] == [8, 17, 25]
    assert proof_implied_lower_bound(1) == 1


def test_tradeoff_minimum():
    k = np.linspace(0.5, 20, 4001)
    assert math.isclose(tradeoff(16.0, k).min(), 8.0, rel_tol=1e-5)


def test_predictions_on_thresholds():
    H = thresholds(3)  # rows t = 0..3: 1[x >= t]
    everyone = np.ones(4, dtype=bool)
    assert halving_prediction(H, everyone, 1) == 1  # t = 0, 1 say 1 at x = 1: a tie goes to 1
    assert halving_prediction(H, np.array([False, False, True, True]), 1) == 0
    # SOA: at x = 1 the halves {t <= 1} and {t >= 2} both have LD 1: tie, so 1.
    assert soa_prediction(H, everyone, 1) == 1
    assert soa_prediction(H, np.array([True, False, False, False]), 2) == 1  # constant version: follow it


@given(classes(max_points=5, max_rows=12), st.data())
def test_soa_prediction_follows_the_larger_littlestone_half(H, data):
    mask = np.array(data.draw(st.lists(st.booleans(), min_size=H.shape[0], max_size=H.shape[0])))
    mask[data.draw(st.integers(0, H.shape[0] - 1))] = True
    x = data.draw(st.integers(0, H.shape[1] - 1))
    halves = [H[mask & (H[:, x] == y)] for y in (0, 1)]
    ld = [oracle_ld(h) if len(h) else -1 for h in halves]
    assert soa_prediction(H, mask, x) == int(ld[1] >= ld[0])


def test_trichotomy_regimes_and_bounds():
    assert trichotomy(math.inf, math.inf).bounds(7) == (7, 7)
    log_regime = trichotomy(1, math.inf)
    assert log_regime.regime == "log n" and log_regime.bounds(7) == (3, 3)  # thresholds: ⌊log2 8⌋, Σ C(7, i<=1)
    constant = trichotomy(2, 5)
    assert constant.regime == "constant" and constant.bounds(2) == (1, 2) and constant.bounds(100) == (2, 5)
    with pytest.raises(ValueError, match="VC <= LD"):
        trichotomy(3, 2)
    with pytest.raises(ValueError, match="non-negative integer or math.inf"):
        trichotomy(-1, 2)


def test_bad_inputs_of_the_constants():
    with pytest.raises(ValueError, match="wrong_fraction must lie in"):
        wm_weight_ratio(0.3)
    with pytest.raises(ValueError, match="ratio must be < 1"):
        d8_mistake_bound(10, 1.0)
    with pytest.raises(ValueError, match="epsilon must be <= 0.5"):
        counting_exponent(10, 1, 0.7)
    with pytest.raises(ValueError, match="m must be >= 1"):
        optimal_epsilon(10, 0)
    with pytest.raises(ValueError, match="version must be a bool mask"):
        halving_prediction(thresholds(3), [1, 1, 1, 1], 0)
    with pytest.raises(ValueError, match="version is empty"):
        soa_prediction(thresholds(3), np.zeros(4, dtype=bool), 0)
