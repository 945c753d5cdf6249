"""theory.rlvr advantages, clipped surrogate and loss aggregation: spec properties G1-G8 and bad input."""

import itertools

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from theory.rlvr import (
    aggregation_weights,
    batch_whiten,
    clipped_surrogate,
    grpo_advantages,
    reinforce_pp_advantages,
    remax_advantages,
    rloo_advantages,
)

shapes = st.tuples(st.integers(1, 5), st.integers(2, 9))
# Quarter-integer rewards: general enough, and free of subnormal spreads whose squares underflow to 0.
real_rewards = shapes.flatmap(lambda s: arrays(np.float64, s, elements=st.integers(-20, 20).map(lambda x: x / 4)))
binary_rewards = shapes.flatmap(lambda s: arrays(np.float64, s, elements=st.sampled_from([0.0, 1.0])))


# --- G1 GRPO ------------------------------------------------------------------------------------------------
@given(real_rewards, st.sampled_from([0, 1]), st.sampled_from([0.0, 1e-9, 1e-6, 1e-4, 0.5]))
def test_grpo_rows_sum_to_zero_and_square_sum_bound(r, ddof, eps):
    a = grpo_advantages(r, ddof=ddof, eps=eps)
    assert np.allclose(a.sum(axis=1), 0.0, atol=1e-9)
    g = r.shape[1]
    # Σ A² = (G - ddof) s² / (s + eps)² <= G - ddof, with s the ddof-std of the group.
    s = r.std(axis=1, ddof=ddof)
    expected = np.divide((g - ddof) * s**2, (s + eps) ** 2, out=np.zeros_like(s), where=s > 0)
    assert np.allclose((a**2).sum(axis=1), expected, rtol=1e-9, atol=1e-9)
    assert np.all((a**2).sum(axis=1) <= g - ddof + 1e-9)


@pytest.mark.parametrize("ddof", [0, 1])
def test_grpo_constant_groups_and_singletons_are_zero(ddof):
    # 0.1 and -2.3 are inexact in binary: the float mean misses them by a rounding that must stay 0.
    r = np.array([[1.0, 1.0, 1.0], [0.0, 0.0, 0.0], [0.1, 0.1, 0.1], [-2.3, -2.3, -2.3], [0.0, 1.0, 0.0]])
    for eps in (0.0, 1e-6):
        a = grpo_advantages(r, ddof=ddof, eps=eps)
        assert np.array_equal(a[:4], np.zeros((4, 3)))
        assert np.any(a[4] != 0)
        assert np.array_equal(grpo_advantages(r, scale=False)[:4], np.zeros((4, 3)))
    assert np.array_equal(grpo_advantages([[3.0], [7.0]]), np.zeros((2, 1)))


@pytest.mark.parametrize("ddof", [0, 1])
def test_grpo_binary_closed_form_g2(ddof):
    for g in range(2, 9):
        for c in range(1, g):
            r = np.array([[1.0] * c + [0.0] * (g - c)])
            a = grpo_advantages(r, ddof=ddof, eps=0.0)[0]
            factor = np.sqrt((g - 1) / g) if ddof == 1 else 1.0
            assert np.allclose(a[:c], np.sqrt((g - c) / c) * factor, rtol=1e-12)
            assert np.allclose(a[c:], -np.sqrt(c / (g - c)) * factor, rtol=1e-12)


def test_grpo_scale_false_is_dr_grpo_and_matches_framework_formulas():
    r = np.array([[0.0, 1.0, 1.0, 0.5]])
    assert np.allclose(grpo_advantages(r, scale=False), r - r.mean())
    for eps in (1e-6, 1e-4, 1e-9):  # verl, TRL, OpenRLHF: Bessel std plus eps
        assert np.allclose(grpo_advantages(r, eps=eps), (r - r.mean()) / (r.std(ddof=1) + eps), rtol=1e-14)


# --- G3 RLOO, G7 ReMax, G8 REINFORCE++ ----------------------------------------------------------------------
@given(real_rewards)
def test_rloo_identity(r):
    g = r.shape[1]
    a = rloo_advantages(r)
    loo = np.array([[r[b, i] - np.delete(r[b], i).mean() for i in range(g)] for b in range(r.shape[0])])
    assert np.allclose(a, loo, atol=1e-12)
    assert np.allclose(a, g / (g - 1) * grpo_advantages(r, scale=False), atol=1e-12)
    assert np.allclose(a.sum(axis=1), 0.0, atol=1e-9)


@given(binary_rewards, st.data())
def test_remax_binary_in_minus_one_zero_one(r, data):
    greedy = data.draw(arrays(np.float64, (r.shape[0],), elements=st.sampled_from([0.0, 1.0])))
    a = remax_advantages(r, greedy)
    assert set(np.unique(a)) <= {-1.0, 0.0, 1.0}
    assert np.array_equal(a, r - greedy[:, None])


@given(real_rewards, st.data())
def test_reinforce_pp_whitening_g8(r, data):
    lengths = data.draw(arrays(np.int64, r.shape, elements=st.integers(1, 6)))
    a = reinforce_pp_advantages(r, lengths, eps=0.0)
    tokens = np.repeat(r.ravel(), lengths.ravel())  # one entry per token, as verl's masked_whiten sees them
    if tokens.std() > 1e-6:
        whitened_tokens = np.repeat(a.ravel(), lengths.ravel())
        assert abs(whitened_tokens.mean()) < 1e-9
        assert np.isclose(whitened_tokens.var(ddof=1), 1.0, rtol=1e-9)
        assert np.allclose(whitened_tokens, (tokens - tokens.mean()) / tokens.std(ddof=1), atol=1e-9)
    unweighted = reinforce_pp_advantages(r, eps=1e-8)
    assert np.allclose(unweighted, batch_whiten(r), atol=0)
    assert np.allclose(unweighted, (r - r.mean()) / np.sqrt(r.var(ddof=1) + 1e-8), atol=1e-12)


def test_whitening_constant_batch_is_zero():
    for value in (1.0, 0.1, -2.3):
        assert np.array_equal(batch_whiten(np.full((2, 3), value), eps=0.0), np.zeros((2, 3)))
    # Entries of weight 0 do not count: the weighted batch below is constant.
    assert np.array_equal(reinforce_pp_advantages([[0.1, 5.0]], [[3, 0]], eps=0.0), [[0.0, 0.0]])


# --- G6 clipped surrogate -----------------------------------------------------------------------------------
ratios = arrays(np.float64, 12, elements=st.floats(0.0, 4.0))
advs = arrays(np.float64, 12, elements=st.floats(-3.0, 3.0))


@given(ratios, advs, st.floats(0.0, 0.5), st.floats(0.0, 0.5))
def test_clip_gradient_zero_regions_and_value(rho, adv, lo, hi):
    obj, coef = clipped_surrogate(rho, adv, eps_low=lo, eps_high=hi)
    assert np.allclose(obj, np.minimum(rho * adv, np.clip(rho, 1 - lo, 1 + hi) * adv))
    clipped = ((adv > 0) & (rho > 1 + hi)) | ((adv < 0) & (rho < 1 - lo))
    assert np.all(coef[clipped] == 0.0)
    assert np.allclose(coef[~clipped], (rho * adv)[~clipped])


@given(advs)
def test_clip_at_ratio_one_is_vanilla_policy_gradient(adv):
    obj, coef = clipped_surrogate(np.ones_like(adv), adv, eps_low=0.2, eps_high=0.28)
    assert np.array_equal(obj, adv)
    assert np.array_equal(coef, adv)


def test_asymmetric_clip_higher():
    rho, adv = np.array([1.25, 0.75]), np.array([1.0, -1.0])
    _, symmetric = clipped_surrogate(rho, adv, eps_low=0.2, eps_high=0.2)
    _, dapo = clipped_surrogate(rho, adv, eps_low=0.2, eps_high=0.28)
    assert np.array_equal(symmetric, [0.0, 0.0])  # both outside [0.8, 1.2]
    assert np.array_equal(dapo, [1.25, 0.0])  # clip-higher lets the up-weighted sample keep its gradient


@given(ratios, advs, st.floats(1.01, 5.0))
def test_dual_clip_bounds_negative_advantage_loss(rho, adv, c):
    obj, coef = clipped_surrogate(rho, adv, dual_clip=c)
    neg = adv < 0
    assert np.all(obj[neg] >= c * adv[neg] - 1e-12)  # loss -obj <= -c A
    assert np.all(coef[neg & (rho > c)] == 0.0)
    plain, _ = clipped_surrogate(rho, adv)
    assert np.array_equal(obj[~neg], plain[~neg])


# --- aggregation --------------------------------------------------------------------------------------------
def test_aggregation_modes():
    lengths = np.array([[10, 30], [20, 40]])
    tm = aggregation_weights(lengths, "token-mean")
    assert np.allclose(tm, lengths / 100) and np.isclose(tm.sum(), 1.0)
    assert np.allclose(aggregation_weights(lengths, "seq-mean-token-mean"), 0.25)
    norm = aggregation_weights(lengths, "seq-mean-token-sum-norm", max_length=50)
    assert np.allclose(norm, lengths / (4 * 50))
    assert np.allclose(aggregation_weights(lengths, "seq-mean-token-sum-norm"), lengths / (4 * 40))


# --- G4 exact expected update is along ∇p_c for a per-problem softmax ---------------------------------------
@pytest.mark.parametrize("estimator", ["grpo", "rloo", "dr_grpo"])
@pytest.mark.parametrize("trial", range(4))
def test_expected_group_update_is_parallel_to_grad_p_correct(estimator, trial):
    rng = np.random.default_rng(trial)
    m, g = 5, 3
    pi = rng.dirichlet(np.ones(m))
    correct = np.zeros(m)
    correct[rng.choice(m, size=rng.integers(1, m), replace=False)] = 1.0
    advantage = {
        "grpo": grpo_advantages,
        "rloo": rloo_advantages,
        "dr_grpo": lambda r: grpo_advantages(r, scale=False),
    }[estimator]
    expected = np.zeros(m)
    for group in itertools.product(range(m), repeat=g):  # all M^G ordered groups, exactly
        prob = np.prod(pi[list(group)])
        a = advantage(correct[list(group)][None, :])[0]
        score = np.eye(m)[list(group)] - pi  # (G, M): ∇_θ log π(a_i) for θ the logits
        expected += prob * (a @ score)
    grad_pc = pi * (correct - pi @ correct)  # ∇_θ Σ_m π_m c_m
    cosine = expected @ grad_pc / (np.linalg.norm(expected) * np.linalg.norm(grad_pc))
    assert abs(cosine - 1.0) < 1e-10


def test_score_function_has_zero_mean_g5():
    pi = np.random.default_rng(0).dirichlet(np.ones(6))
    # E_π[∇ log π] = 0, so subtracting any baseline independent of the sample leaves the gradient unbiased.
    assert np.allclose(pi @ (np.eye(6) - pi), 0.0, atol=1e-15)


# --- bad input ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda: grpo_advantages([1.0, 0.0]), ValueError, "rewards"),
        (lambda: grpo_advantages([[np.nan, 0.0]]), ValueError, "rewards"),
        (lambda: grpo_advantages([[1.0, 0.0]], ddof=2), ValueError, "ddof"),
        (lambda: grpo_advantages([[1.0, 0.0]], eps=-1.0), ValueError, "eps"),
        (lambda: grpo_advantages([[1.0, 0.0]], scale="no"), TypeError, "scale"),
        (lambda: rloo_advantages([[1.0], [0.0]]), ValueError, "group size"),
        (lambda: remax_advantages([[1.0, 0.0]], [1.0, 0.0]), ValueError, "greedy_rewards"),
        (lambda: reinforce_pp_advantages([[1.0, 0.0]], [[1, 2, 3]]), ValueError, "weights"),
        (lambda: reinforce_pp_advantages([[1.0, 0.0]], [[-1, 2]]), ValueError, "weights"),
        (lambda: reinforce_pp_advantages([[1.0]]), ValueError, "ddof"),
        (lambda: reinforce_pp_advantages([["a"]]), TypeError, "rewards"),
        (lambda: batch_whiten([]), ValueError, "values"),
        (lambda: clipped_surrogate([-0.1], [1.0]), ValueError, "ratio"),
        (lambda: clipped_surrogate([1.0, 1.0], [1.0, 1.0, 1.0]), ValueError, "broadcast"),
        (lambda: clipped_surrogate([1.0], [np.inf]), ValueError, "advantages"),
        (lambda: clipped_surrogate([1.0], [1.0], eps_low=1.0), ValueError, "eps_low"),
        (lambda: clipped_surrogate([1.0], [1.0], eps_high=-0.1), ValueError, "eps_high"),
        (lambda: clipped_surrogate([1.0], [1.0], dual_clip=1.0), ValueError, "dual_clip"),
        (lambda: aggregation_weights([[1, 2]], "mean"), ValueError, "mode"),
        (lambda: aggregation_weights([[0, 2]], "token-mean"), ValueError, "lengths"),
        (lambda: aggregation_weights([], "token-mean"), ValueError, "lengths"),
        (
            lambda: aggregation_weights([[1, 5]], "seq-mean-token-sum-norm", max_length=4),
            ValueError,
            "max_length",
        ),
    ],
)
def test_bad_input(call, error, match):
    with pytest.raises(error, match=match):
        call()
