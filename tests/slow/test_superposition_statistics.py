"""Seeded statistical checks of spec §5.3: random overlaps follow Beta(1/2, (m-1)/2), and the reduced strong-regime
training (n = 1000, B = 256, 4000 steps, γ = -1, α = 1) gives α_m in [0.7, 1.1] with every feature represented."""

import numpy as np
import pytest
from scipy import stats

import theory.superposition as T
from sims.superposition import ToyConfig, measure_models, train_models

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("m", [10, 100])
def test_squared_overlaps_of_random_unit_vectors_follow_the_beta_law(m):
    rng = np.random.default_rng(m)
    u, v = rng.standard_normal((2, 20_000, m))
    c2 = (np.sum(u * v, axis=1) / (np.linalg.norm(u, axis=1) * np.linalg.norm(v, axis=1))) ** 2
    assert stats.kstest(c2, T.overlap_distribution(m).cdf).pvalue > 1e-3
    mean, var = T.overlap_moments(m)
    assert c2.mean() == pytest.approx(mean, rel=0.03) and c2.var() == pytest.approx(var, rel=0.1)


def test_reduced_strong_regime_run():
    config = ToyConfig(gammas=(-1.0,), batch_size=256, steps=4000, eval_batches=100)
    metrics = measure_models(train_models(config, 0))
    assert 0.7 <= metrics["alpha_m"][0] <= 1.1
    assert np.all(metrics["phi_half"][0] == 1.0)
