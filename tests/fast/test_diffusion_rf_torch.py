"""The score-network experiment's data sets, quality metric and (with torch) one tiny deterministic run."""

import numpy as np
import pytest

from sims.diffusion_rf import ScoreNetConfig, dataset_available, load_dataset, sliced_wasserstein


def test_mixture_data():
    train, test = load_dataset("mixture", 400, 300, 0)
    assert train.shape == (400, 8) and test.shape == (300, 8)
    # Two clusters at ±1_d: the mean coordinate of each point is about ±1.
    means = train.mean(axis=1)
    assert np.all(np.abs(np.abs(means) - 1) < 1.5) and 0.3 < (means > 0).mean() < 0.7
    assert np.array_equal(load_dataset("mixture", 400, 300, 0)[0], train)


def test_digits_data():
    pytest.importorskip("sklearn")
    assert dataset_available("digits")
    train, test = load_dataset("digits", 1000, 297, 3)
    assert train.shape == (1000, 64) and test.shape == (297, 64)
    assert abs(train.mean()) < 0.05  # centred by the training pool's mean image
    with pytest.raises(ValueError, match="digits has"):
        load_dataset("digits", 1600, 10, 0)


def test_sliced_wasserstein():
    x = np.random.default_rng(0).standard_normal((500, 4))
    assert sliced_wasserstein(x, x) == 0.0
    shifted = sliced_wasserstein(x, x + 1.0)
    assert 0.9 < shifted < 1.1 and sliced_wasserstein(x, x + 1.0, seed=1) > 0.5  # |θ·1| averages ~1 in d = 4
    with pytest.raises(ValueError, match="y must have shape"):
        sliced_wasserstein(x, np.ones((3, 5)))


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"dataset": "cifar"}, "dataset must be one of"),
        ({"n_train": 1}, "n_train must be >= 2"),
        ({"steps": 5, "checkpoints": 6}, "checkpoints"),
        ({"lr": 0.0}, "lr must be > 0"),
        ({"dataset": "digits", "n_test": 1000}, "digits has 1500 training and 297 test"),
    ],
)
def test_config_rejects_bad_values(kwargs, match):
    with pytest.raises(ValueError, match=match):
        ScoreNetConfig(**kwargs)


def test_tiny_run_is_deterministic_and_well_formed():
    pytest.importorskip("torch")
    from sims.diffusion_rf import train_score_net

    cfg = ScoreNetConfig(n_train=8, width=8, depth=1, steps=20, checkpoints=2, n_samples=16, ddim_steps=5, n_test=32)
    first, second = train_score_net(cfg, 4), train_score_net(cfg, 4)
    assert first == second
    assert first["steps"][-1] == 20 and len(first["f_mem"]) == len(first["steps"]) == 2
    assert all(0.0 <= f <= 1.0 for f in first["f_mem"]) and all(s > 0 for s in first["sliced_w2"])


def test_digits_without_scikit_learn_says_how_to_install(monkeypatch):
    from sims.diffusion_rf import _datasets

    monkeypatch.setattr(_datasets.importlib.util, "find_spec", lambda name: None)
    assert not dataset_available("digits") and dataset_available("mixture")
    with pytest.raises(ImportError, match="pip install scikit-learn"):
        load_dataset("digits", 10, 10, 0)
