"""The numba inverse-CDF sampler and correct-counter against a pure-Python oracle, plus a chi-square check."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy import stats

from sims.rlvr import count_correct, sample_paths


def _oracle_sample(probs, uniforms):
    """Obviously-correct inverse CDF: walk the row until the running sum exceeds u times the row total."""
    out = []
    for row, us in zip(probs.tolist(), uniforms.tolist(), strict=True):
        total = 0.0
        cdf = []
        for p in row:
            total += p
            cdf.append(total)
        out.append([next(j for j, c in enumerate(cdf) if c > u * total) for u in us])
    return np.array(out, dtype=np.int64).reshape(uniforms.shape)


@st.composite
def tables(draw):
    b, m, g = draw(st.integers(1, 4)), draw(st.integers(1, 8)), draw(st.integers(0, 6))
    # Weights with exact zeros (outside a support) and at least one positive entry per row.
    w = draw(arrays(np.float64, (b, m), elements=st.sampled_from([0.0, 0.0, 1e-3, 0.1, 0.5, 1.0, 3.0])))
    w[:, draw(st.integers(0, m - 1))] += 1.0
    u = draw(arrays(np.float64, (b, g), elements=st.floats(0.0, 1.0, exclude_max=True)))
    return w / w.sum(axis=1, keepdims=True), u


@given(tables())
def test_sampler_matches_oracle_index_for_index(table):
    probs, uniforms = table
    got = sample_paths(probs, uniforms)
    assert got.dtype == np.int64
    assert np.array_equal(got, _oracle_sample(probs, uniforms))
    if got.size:
        assert np.all(np.take_along_axis(probs, got, axis=1) > 0)  # a zero-probability path is never drawn


@given(tables(), st.data())
def test_count_correct_matches_oracle(table, data):
    probs, uniforms = table
    correct = data.draw(arrays(np.bool_, probs.shape))
    expected = np.take_along_axis(correct, _oracle_sample(probs, uniforms), axis=1).sum(axis=1)
    assert np.array_equal(count_correct(probs, correct, uniforms), expected)


def test_sampler_frequencies_chi_square():
    probs = np.array([[0.5, 0.0, 0.2, 0.3], [0.05, 0.15, 0.3, 0.5]])
    n = 20_000
    paths = sample_paths(probs, np.random.default_rng(7).random((2, n)))
    for row in range(2):
        support = probs[row] > 0
        counts = np.bincount(paths[row], minlength=4)
        assert np.all(counts[~support] == 0)
        p_value = stats.chisquare(counts[support], n * probs[row, support]).pvalue
        assert p_value > 1e-3


def test_unnormalised_rows_and_boundaries():
    probs = np.array([[2.0, 0.0, 2.0]])
    assert np.array_equal(sample_paths(probs, [[0.0, 0.4999, 0.5, 0.9999]]), [[0, 0, 2, 2]])


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: sample_paths([0.5, 0.5], [[0.1]]), "probs"),
        (lambda: sample_paths([[0.5, 0.5]], [[0.1], [0.2]]), "uniforms"),
        (lambda: sample_paths([[0.0, 0.0]], [[0.1]]), "probs"),
        (lambda: sample_paths([[-0.5, 1.5]], [[0.1]]), "probs"),
        (lambda: sample_paths([[0.5, 0.5]], [[1.0]]), "uniforms"),
        (lambda: sample_paths([[0.5, np.nan]], [[0.5]]), "probs"),
        (lambda: count_correct([[0.5, 0.5]], [[True]], [[0.5]]), "correct"),
        (lambda: count_correct([[0.5, 0.5]], [[2, 0]], [[0.5]]), "correct"),
    ],
)
def test_bad_input(call, match):
    with pytest.raises(ValueError, match=match):
        call()
