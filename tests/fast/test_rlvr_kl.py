"""theory.rlvr KL estimators, exact KL and perplexity: spec properties K1-K4 and bad input."""

import itertools

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from theory.rlvr import categorical_kl, kl_estimators, perplexity

logits = st.integers(2, 7).flatmap(lambda m: arrays(np.float64, m, elements=st.floats(-4, 4)))


def _softmax(z):
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


@given(logits, st.data())
def test_gibbs_k1(z, data):
    z_ref = data.draw(arrays(np.float64, z.shape, elements=st.floats(-4, 4)))
    p, q = _softmax(z), _softmax(z_ref)
    assert categorical_kl(p, q) >= 0.0
    assert categorical_kl(p, p) == 0.0


def test_kl_support_and_zero_terms():
    assert categorical_kl([0.5, 0.5, 0.0], [0.5, 0.0, 0.5]) == np.inf  # p leaves the support of q
    assert np.isclose(categorical_kl([1.0, 0.0], [0.5, 0.5]), np.log(2.0))  # 0 log 0 = 0
    batch = categorical_kl([[1.0, 0.0], [0.5, 0.5]], [0.5, 0.5])
    assert batch.shape == (2,) and np.isclose(batch[0], np.log(2.0)) and batch[1] == 0.0


@given(arrays(np.float64, 20, elements=st.floats(-30, 0)), arrays(np.float64, 20, elements=st.floats(-30, 0)))
def test_k2_k3_nonnegative_pointwise(lp, lr):
    k1, k2, k3 = kl_estimators(lp, lr)
    assert np.all(k2 >= 0) and np.all(k3 >= 0)
    assert np.allclose(k1, lp - lr)


@given(logits, st.data())
def test_k1_k3_unbiased_by_enumeration_k2(z, data):
    z_ref = data.draw(arrays(np.float64, z.shape, elements=st.floats(-4, 4)))
    p, q = _softmax(z), _softmax(z_ref)
    k1, k2, k3 = kl_estimators(np.log(p), np.log(q))  # one entry per outcome; weight by p to take E_p exactly
    kl = categorical_kl(p, q)
    assert np.isclose(p @ k1, kl, atol=1e-12)
    assert np.isclose(p @ k3, kl, atol=1e-12)
    assert p @ k2 >= 0.0


def test_k2_is_biased():
    p, q = np.array([0.9, 0.1]), np.array([0.2, 0.8])
    _, k2, _ = kl_estimators(np.log(p), np.log(q))
    assert abs(p @ k2 - categorical_kl(p, q)) > 0.05  # 1.23 vs 1.15 nats


@pytest.mark.parametrize("seed", range(3))
def test_sequence_kl_chain_rule_k3(seed):
    rng = np.random.default_rng(seed)
    v, horizon = 3, 3
    # Autoregressive tabular policies: next-token distribution for every prefix (tuple of earlier tokens).
    prefixes = [pre for t in range(horizon) for pre in itertools.product(range(v), repeat=t)]
    p_next = {pre: rng.dirichlet(np.ones(v)) for pre in prefixes}
    q_next = {pre: rng.dirichlet(np.ones(v)) for pre in prefixes}
    seqs = list(itertools.product(range(v), repeat=horizon))

    def joint(table):
        return np.array([np.prod([table[s[:t]][s[t]] for t in range(horizon)]) for s in seqs])

    p_seq, q_seq = joint(p_next), joint(q_next)
    # E_{y~p}[Σ_t KL(p(·|y_<t) ‖ q(·|y_<t))], enumerating prefixes with their probability under p.
    expected = 0.0
    for pre in prefixes:
        prob = np.prod([p_next[pre[:t]][pre[t]] for t in range(len(pre))])
        expected += prob * categorical_kl(p_next[pre], q_next[pre])
    assert np.isclose(categorical_kl(p_seq, q_seq), expected, rtol=1e-12)


def test_perplexity_k4():
    v = 7
    assert np.isclose(perplexity(np.full(5, np.log(v))), v)  # uniform V-token model
    assert perplexity(np.zeros(3)) == 1.0
    low, high = perplexity(np.array([[0.1, 0.2], [0.3, 0.4]]))
    assert 1.0 <= low < high
    assert perplexity([0.5, np.inf]) == np.inf


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda: kl_estimators([0.0, np.nan], [0.0, 0.0]), ValueError, "logp"),
        (lambda: kl_estimators([0.0, 0.0], [0.0, 0.0, 0.0]), ValueError, "broadcast"),
        (lambda: kl_estimators([0.0], ["x"]), TypeError, "logp_ref"),
        (lambda: categorical_kl([0.5, 0.6], [0.5, 0.5]), ValueError, "sum to 1"),
        (lambda: categorical_kl([1.5, -0.5], [0.5, 0.5]), ValueError, ">= 0"),
        (lambda: categorical_kl([1.0], [0.5, 0.5]), ValueError, "categories"),
        (lambda: categorical_kl(np.ones((2, 1)), np.ones((3, 1))), ValueError, "broadcast"),
        (lambda: categorical_kl(1.0, 1.0), ValueError, "last axis"),
        (lambda: perplexity([0.1, np.nan]), ValueError, "NaN"),
        (lambda: perplexity([-0.1]), ValueError, "nll_per_token"),
        (lambda: perplexity(np.zeros((2, 0))), ValueError, "last axis"),
    ],
)
def test_bad_input(call, error, match):
    with pytest.raises(error, match=match):
        call()
