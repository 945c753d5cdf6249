"""sims.superposition: the sampler, the schedule, the model's symmetries, zero padding, the ideal weak
configuration, the batched trainer against a float64 oracle, batching and seed invariance, Anthropic's 5-in-2
pentagon, and bad input."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy import stats

import theory.superposition as T
from sims.superposition import (
    RowAdamW,
    SparseBatch,
    ToyConfig,
    learning_rate,
    measure_models,
    sample_dense,
    sample_sparse,
    toy_gradients,
    toy_loss,
    toy_output,
    train_models,
)

TINY = ToyConfig(n=12, widths=(2, 3, 5), gammas=(-1.0, 0.5), batch_size=16, steps=30, eval_batches=3, trace_points=3)


@pytest.mark.parametrize("sampler", ["sparse", "dense"])
def test_sampler_statistics(sampler):
    p = T.frequencies("power", 200, alpha=1.0, density=2.0)
    rng = np.random.default_rng(11)
    draws = 40_000
    if sampler == "sparse":
        x = sample_sparse(p, draws, rng).to_dense()
    else:
        x = sample_dense(p, draws, rng)
    assert x.min() >= 0.0 and x.max() < 2.0
    counts = (x > 0).sum(axis=0)
    # Binomial 5-sigma band per feature (200 features: a false alarm has probability ~1e-4).
    sigma = np.sqrt(draws * p * (1 - p))
    assert np.all(np.abs(counts - draws * p) <= 5 * sigma + 1)
    assert (x > 0).sum(axis=1).mean() == pytest.approx(2.0, abs=0.05)
    values = x[x > 0]
    assert stats.kstest(values / 2.0, "uniform").pvalue > 1e-3


@given(st.integers(1, 40), st.integers(0, 2**31), st.floats(0.0, 1.0))
def test_sparse_batches_are_valid_csr(batch, seed, threshold):
    p = T.frequencies("power", 30, alpha=0.7, density=3.0)
    sparse = sample_sparse(p, batch, np.random.default_rng(seed), dense_threshold=threshold)
    assert sparse.indptr[0] == 0 and sparse.indptr[-1] == sparse.indices.size and np.all(np.diff(sparse.indptr) >= 0)
    for b in range(batch):
        row = sparse.indices[sparse.indptr[b] : sparse.indptr[b + 1]]
        assert np.all(np.diff(row) > 0)  # increasing, so each feature at most once per sample
    dense = sparse.to_dense()
    again = SparseBatch.from_dense(dense)
    assert np.array_equal(again.indptr, sparse.indptr) and np.array_equal(again.values, sparse.values)


def test_schedule():
    steps, warmup, lr = 1000, 100, 0.01
    rates = np.array([learning_rate(s, steps, lr, warmup, 0.05) for s in range(1, steps + 1)])
    assert rates[warmup - 1] == pytest.approx(lr)  # step counted from 1: the warm-up ends at lr exactly
    assert rates[0] == pytest.approx(lr / warmup)  # the first step already uses step + 1 = 1
    assert rates[-1] == pytest.approx(0.05 * lr)
    assert np.all(np.diff(rates[warmup - 1 :]) <= 1e-15) and np.all(np.diff(rates[:warmup]) > 0)
    assert learning_rate(5, 10, 0.1, 0, 1.0) == 0.1  # no warm-up and ratio 1: constant


@st.composite
def models(draw, n=6, m=3):
    w = draw(arrays(np.float64, (n, m), elements=st.floats(-2, 2)))
    b = draw(arrays(np.float64, n, elements=st.floats(-1, 1)))
    x = draw(arrays(np.float64, (4, n), elements=st.sampled_from([0.0, 0.0, 0.3, 1.7])))
    return w, b, x


@given(models(), st.data())
def test_output_symmetries(model, data):
    w, b, x = model
    y = toy_output(w, b, x)
    q, _ = np.linalg.qr(data.draw(arrays(np.float64, (3, 3), elements=st.floats(-1, 1))) + 3 * np.eye(3))
    assert np.allclose(toy_output(w @ q, b, x), y, atol=1e-9)
    assert np.allclose(toy_output(w * np.array([-1.0, 1.0, -1.0]), b, x), y)
    perm = np.asarray(data.draw(st.permutations(range(6))))
    assert np.allclose(toy_output(w[perm], b[perm], x[:, perm]), y[:, perm])


@given(models(), st.floats(-1, 1), st.floats(1e-3, 0.5))
def test_zero_padded_columns_change_nothing_and_stay_zero(model, gamma, lr):
    w, b, x = model
    padded = np.hstack([w, np.zeros((6, 2))])
    assert np.array_equal(toy_output(padded, b, x), toy_output(w, b, x))
    grad_w, _ = toy_gradients(padded, b, x)
    assert np.all(grad_w[:, 3:] == 0.0)
    opt = RowAdamW(padded[None].astype(np.float32), [gamma])
    for _ in range(3):
        opt.step(grad_w[None], lr)
    assert np.all(opt.param[0, :, 3:] == 0.0)


def test_ideal_weak_configuration_loss_and_bias_gradient():
    n, m = 50, 8
    p = T.frequencies("power", n, alpha=1.2, density=1.0)
    w = np.vstack([np.eye(m), np.zeros((n - m, m))])
    b = np.concatenate([np.zeros(m), p[m:]])
    x = sample_dense(p, 200_000, np.random.default_rng(4)).astype(np.float64)
    exact = T.weak_regime_loss(p, m)
    per_sample = ((toy_output(w, b, x) - x) ** 2).sum(axis=1)
    # 4-sigma Monte-Carlo interval, set before looking at the estimate.
    assert abs(per_sample.mean() - exact) <= 4 * per_sample.std() / np.sqrt(x.shape[0])
    assert toy_loss(w, b, x) == pytest.approx(per_sample.mean())
    _, grad_b = toy_gradients(w, b, x)
    # Represented features: zero exactly. Dropped ones: zero mean, 4-sigma band of 2(p - x)/(B n).
    assert np.all(grad_b[:m] == 0.0)
    sd = 2 * np.sqrt(T.feature_variance(p[m:])) / (np.sqrt(x.shape[0]) * n)
    assert np.all(np.abs(grad_b[m:]) <= 4 * sd)


def test_one_training_step_matches_the_float64_oracle():
    config = TINY.replace(steps=1, eval_batches=2, trace_points=1, warmup_fraction=0.0, min_lr_ratio=1.0)
    trained = train_models(config, 5)
    # Rebuild the step: same streams, same init, same batch, then the float64 model and a Python AdamW.
    init_rng, data_rng, _ = (np.random.default_rng(s) for s in np.random.SeedSequence(5).spawn(3))
    p = config.frequencies()
    inits = [(init_rng.standard_normal((12, m)) / np.sqrt(m), init_rng.standard_normal(12)) for m in config.widths]
    x = sample_sparse(p, 16, data_rng).to_dense().astype(np.float64)
    for j, (w0, b0) in enumerate(inits):
        w0, b0 = w0.astype(np.float32).astype(float), b0.astype(np.float32).astype(float)
        grad_w, grad_b = toy_gradients(w0, b0, x)
        for g, gamma in enumerate(config.gammas):
            opt_w, opt_b = (
                RowAdamW(w0[None].astype(np.float32), [gamma]),
                RowAdamW(b0[None, :, None].astype(np.float32), [0.0]),
            )
            opt_w.step(grad_w[None], config.lr)
            opt_b.step(grad_b[None, :, None], config.lr)
            assert np.allclose(trained.weights[j][g], opt_w.param[0], atol=2e-5)
            assert np.allclose(trained.biases[g, j], opt_b.param[0, :, 0], atol=2e-5)


def test_a_gamma_trained_alone_gives_the_same_numbers_as_in_a_batch():
    together = train_models(TINY, 3)
    alone = train_models(TINY.replace(gammas=(0.5,)), 3)
    for j in range(len(TINY.widths)):
        assert np.array_equal(together.weights[j][1], alone.weights[j][0])
    assert np.array_equal(together.test_loss[1], alone.test_loss[0])


def test_training_is_deterministic_and_measurable():
    first, second = train_models(TINY, 9), train_models(TINY, 9)
    assert np.array_equal(first.test_loss, second.test_loss) and np.array_equal(first.biases, second.biases)
    assert not np.array_equal(first.test_loss, train_models(TINY, 10).test_loss)
    metrics = measure_models(first)
    assert metrics["phi_half"].shape == (2, 3) and np.all(
        (0 <= metrics["phi_one"]) & (metrics["phi_one"] <= metrics["phi_half"])
    )
    assert metrics["row_norms"].shape == (2, 3, 12) and metrics["alpha_m"].shape == (2,)
    assert np.all(first.test_loss_se > 0) and first.loss_trace.shape == (2, 3, 3)


def test_anthropic_five_features_in_two_dimensions_form_a_pentagon():
    # Elhage et al.'s intro figure: 5 equally important features, sparsity S = 0.97, m = 2, torch's AdamW
    # weight decay 0.01, xavier init, U(0, 1) values, constant learning rate.
    config = ToyConfig(
        n=5, widths=(2,), gammas=(0.01,), family="uniform", density=5 * 0.03, value_max=1.0, init="xavier",
        lr=2e-2, warmup_fraction=0.0, min_lr_ratio=1.0, batch_size=256, steps=600, eval_batches=2, trace_points=2,
    )  # fmt: skip
    w = train_models(config, 0).weights[0][0].astype(np.float64)
    norms = T.row_norms(w)
    assert np.all(norms > 0.9) and np.ptp(norms) < 0.1
    angles = np.sort(np.degrees(np.arctan2(w[:, 1], w[:, 0])) % 360)
    assert np.allclose(np.diff(np.r_[angles, angles[0] + 360]), 72, atol=6)
    assert np.allclose(T.feature_dimensionality(w), 0.4, atol=0.03)


@pytest.mark.parametrize(
    ("change", "match"),
    [
        ({"widths": (5, 20)}, "m must be <= n = 12"),
        ({"n": -3}, "n must be >= 1"),
        ({"density": 5.0}, r"density \(E\) = 5.0 is larger"),
        ({"batch_size": 0}, "batch_size must be >= 1"),
        ({"gammas": ()}, "gammas must be a non-empty tuple"),
        ({"gammas": (1.0, 1.0)}, "distinct"),
        ({"lr": 0.5, "gammas": (-3.0,)}, r"\|gamma\| \* lr must be <= 1"),
        ({"family": "zipf"}, "family must be one of"),
        ({"alpha": float("nan")}, "alpha must be finite"),
        ({"trace_points": 100}, "trace_points must be <= 30"),
        ({"eval_batches": 1}, "eval_batches must be >= 2"),
    ],
)
def test_config_bad_input(change, match):
    with pytest.raises(ValueError, match=match):
        TINY.replace(**change)


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda: toy_output(np.full((3, 2), np.nan), np.zeros(3), np.zeros((1, 3))), ValueError, "W must be finite"),
        (lambda: toy_output(np.ones((3, 2)), np.zeros(2), np.zeros((1, 3))), ValueError, "b must have shape"),
        (lambda: sample_sparse(np.array([0.5, 1.5]), 4, np.random.default_rng(0)), ValueError, "probabilities"),
        (lambda: sample_dense(np.array([0.5]), -1, np.random.default_rng(0)), ValueError, "batch must be >= 1"),
        (lambda: learning_rate(0, 10, 0.1, 2, 0.05), ValueError, "step must be >= 1"),
        (lambda: train_models({"n": 3}, 0), TypeError, "ToyConfig"),
        (lambda: train_models(TINY, -1), ValueError, "seed must be >= 0"),
    ],
)
def test_bad_input(call, error, match):
    with pytest.raises(error, match=match):
        call()
