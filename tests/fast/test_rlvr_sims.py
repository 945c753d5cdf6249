"""sims.rlvr: environment invariants, policy maths, training, distillation, base NLL, sweep entry point."""

import json

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from sims.rlvr import (
    ALGORITHMS,
    DistillConfig,
    EnvConfig,
    RLConfig,
    RLExperimentConfig,
    distill,
    greedy_paths,
    make_environment,
    nll_under_base,
    nucleus,
    pass_at_k_curve,
    policy_probs,
    probability_correct,
    run_training,
    sampled_pass_at_k_curve,
    strategy_marginals,
    student_probs,
    teacher_probs,
    train_rl,
)
from sims.rlvr._train import _ascent_direction

SMALL_ENV = EnvConfig(n_problems=60, n_paths=16, n_strategies=6, n_solvable=2, min_length=4, max_length=40)
SMALL_RL = RLConfig(steps=60, batch_prompts=16, learning_rate=0.05, eval_every=30, k_grid=(1, 4, 16, 64))


@pytest.fixture(scope="module")
def env():
    return make_environment(SMALL_ENV, 3)


# --- environment --------------------------------------------------------------------------------------------
@given(
    arrays(np.float64, (3, 7), elements=st.floats(0.01, 5.0)),
    st.floats(0.05, 1.0),
)
def test_nucleus_is_the_smallest_top_set_reaching_top_p(weights, top_p):
    probs = weights / weights.sum(axis=1, keepdims=True)
    keep = nucleus(probs, top_p)
    for row, kept in zip(probs, keep, strict=True):
        assert kept[np.argmax(row)]
        assert row[kept].sum() >= top_p - 1e-9
        assert row[kept].min() >= row[~kept].max(initial=0.0)  # only the most probable entries are kept
        assert row[kept].sum() - row[kept].min() < top_p  # dropping the smallest kept entry falls short


def test_environment_invariants(env):
    assert env.base_logits.shape == env.strategy.shape == env.correct.shape == env.support.shape == (60, 16)
    assert env.base_logits.dtype == np.float64 and env.strategy.dtype == np.int64 and env.lengths.dtype == np.int64
    assert env.strategy.min() >= 0 and env.strategy.max() < 6
    assert env.lengths.min() >= 4 and env.lengths.max() <= 40
    assert np.all(env.support[np.arange(60), env.base_logits.argmax(axis=1)])
    base = policy_probs(env, np.zeros(6))
    assert np.allclose(base.sum(axis=1), 1.0)
    assert np.all(base[~env.support] == 0.0) and np.all(base[env.support] > 0.0)
    # Correctness comes from the strategy (then execution): each problem's correct paths use <= 2 strategies.
    assert all(len(set(env.strategy[p][env.correct[p]])) <= 2 for p in range(60))


def test_environment_is_deterministic_in_seed():
    a, b, c = make_environment(SMALL_ENV, 5), make_environment(SMALL_ENV, 5), make_environment(SMALL_ENV, 6)
    assert all(np.array_equal(getattr(a, f), getattr(b, f)) for f in ("base_logits", "correct", "support"))
    assert not np.array_equal(a.base_logits, c.base_logits)


def test_top_p_one_keeps_every_path():
    assert make_environment(SMALL_ENV.replace(top_p=1.0), 0).support.all()


# --- policy -------------------------------------------------------------------------------------------------
def test_policy_helpers(env):
    w = np.linspace(-1.0, 1.0, 6)
    probs = policy_probs(env, w)
    assert np.allclose(probs.sum(axis=1), 1.0) and np.all(probs[~env.support] == 0.0)
    assert np.allclose(policy_probs(env, w, [4, 2]), probs[[4, 2]])
    q = strategy_marginals(env, probs)
    assert q.shape == (60, 6) and np.allclose(q.sum(axis=1), 1.0)
    assert np.isclose(q[0, env.strategy[0, 0]], probs[0][env.strategy[0] == env.strategy[0, 0]].sum())
    assert np.array_equal(greedy_paths(env, w), probs.argmax(axis=1))
    p_c = probability_correct(env, probs)
    assert np.allclose(p_c, (probs * env.correct).sum(axis=1))
    curve = pass_at_k_curve(p_c, [1, 4, 16])
    assert np.isclose(curve[0], p_c.mean()) and np.all(np.diff(curve) >= 0)
    student = student_probs(env, w, np.zeros((60, 16)))
    assert np.all(student > 0) and np.allclose(student.sum(axis=1), 1.0)  # the student has no support mask


def test_ascent_direction_matches_finite_differences(env):
    rng = np.random.default_rng(0)
    w = rng.normal(size=6)
    rows = np.array([1, 7, 7, 30])
    probs = policy_probs(env, w, rows)
    paths = np.array([rng.choice(16, size=3, p=row) for row in probs])
    coef = rng.normal(size=(4, 3))

    def objective(v):
        return (coef * np.log(np.take_along_axis(policy_probs(env, v, rows), paths, axis=1))).sum()

    h = 1e-6
    numeric = np.array([(objective(w + h * e) - objective(w - h * e)) / (2 * h) for e in np.eye(6)])
    analytic = _ascent_direction(env, rows, paths, np.log(np.maximum(probs, 1e-300)), coef)
    assert np.allclose(analytic, numeric, atol=1e-6)


# --- training -----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("algorithm", ALGORITHMS)
def test_short_training_raises_pass_at_1(env, algorithm):
    result = train_rl(env, SMALL_RL.replace(algorithm=algorithm), 0)
    assert list(result.steps_evaluated) == [0, 30, 60]
    assert result.pass_at_k.shape == (3, 4)
    assert result.pass_at_k[-1, 0] > result.pass_at_k[0, 0] + 0.02
    assert np.allclose(result.pass_at_k[-1], pass_at_k_curve(result.final_p_correct, SMALL_RL.k_grid))
    # RL never leaves the base support: problems with no correct path inside it stay at exactly 0.
    unreachable = ~(env.correct & env.support).any(axis=1)
    assert np.all(result.final_p_correct[unreachable] == 0.0)
    if algorithm == "dapo":
        assert result.samples_drawn > 60 * 16 * 8 and result.config["loss_agg"] == "token-mean"
    else:
        assert result.samples_drawn == 60 * 16 * 8


def test_training_is_deterministic_in_seed(env):
    cfg = SMALL_RL.replace(algorithm="dapo", steps=20)
    a, b, c = train_rl(env, cfg, 1), train_rl(env, cfg, 1), train_rl(env, cfg, 2)
    assert json.dumps(a.to_dict()) == json.dumps(b.to_dict())
    assert not np.array_equal(a.final_w, c.final_w)


def test_ppo_epochs_kl_and_dual_clip_run(env):
    base = train_rl(env, SMALL_RL.replace(steps=30), 0)
    tied = train_rl(env, SMALL_RL.replace(steps=30, kl_coef=5.0), 0)
    multi = train_rl(env, SMALL_RL.replace(steps=30, algorithm="ppo", ppo_epochs=3, dual_clip=3.0), 0)
    assert np.linalg.norm(tied.final_w) < np.linalg.norm(base.final_w)  # the KL penalty pulls w towards 0
    assert multi.pass_at_k[-1, 0] > multi.pass_at_k[0, 0]


# --- distillation and NLL -----------------------------------------------------------------------------------
@pytest.mark.parametrize("teacher_samples", [0, 32])
def test_distillation_expands_large_k_coverage(env, teacher_samples):
    result = distill(env, DistillConfig(steps=150, teacher_samples=teacher_samples, k_grid=(1, 64)), 0)
    base = pass_at_k_curve(probability_correct(env, policy_probs(env, np.zeros(6))), [1, 64])
    assert np.all(result.pass_at_k[-1] > base)
    assert result.cross_entropy[-1] < result.cross_entropy[0]
    if teacher_samples == 0:
        assert np.allclose(result.pass_at_k[-1], result.teacher_pass_at_k, atol=0.02)


def test_sampled_pass_at_k_is_close_to_exact(env):
    probs = policy_probs(env, np.linspace(0.0, 1.0, 6))
    exact = pass_at_k_curve(probability_correct(env, probs), [1, 4, 32])
    sampled = sampled_pass_at_k_curve(env, probs, n_samples=256, k_grid=[1, 4, 32], seed=0)
    assert np.allclose(sampled, exact, atol=0.03)  # 60 problems x 256 samples: binomial error ~0.01
    assert np.array_equal(sampled, sampled_pass_at_k_curve(env, probs, n_samples=256, k_grid=[1, 4, 32], seed=0))
    with pytest.raises(ValueError, match="k_grid"):
        sampled_pass_at_k_curve(env, probs, n_samples=8, k_grid=[16], seed=0)


def test_nll_under_base(env):
    base = policy_probs(env, np.zeros(6))
    nll = nll_under_base(env, base, n_samples=8, seed=0)
    assert nll.shape == (60, 8) and np.all(np.isfinite(nll)) and np.all(nll >= 0)
    assert np.array_equal(nll, nll_under_base(env, base, n_samples=8, seed=0))
    # The teacher puts mass outside the base nucleus: those samples have base probability 0, i.e. NLL = inf.
    teacher_nll = nll_under_base(env, teacher_probs(env, 3.0), n_samples=64, seed=0)
    assert np.isinf(teacher_nll).any() and not np.isnan(teacher_nll).any()


# --- sweep entry point --------------------------------------------------------------------------------------
def test_experiment_config_round_trip_and_run():
    cfg = RLExperimentConfig(env=SMALL_ENV, rl=SMALL_RL.replace(steps=10, k_grid=(1, 8, 32)), delta_se_k=32)
    again = RLExperimentConfig.from_dict(json.loads(json.dumps(cfg.to_dict())))
    assert again == cfg and again.key == cfg.key
    assert RLExperimentConfig.from_dict({"rl": {"steps": 5}}).rl.steps == 5
    out = run_training(cfg, 0)
    assert json.loads(json.dumps(out)) == out
    assert np.isclose(out["delta_se"], out["base_pass_at_k"][2] - out["rl_pass_at_k"][0])
    assert out["solvable"]["problems"] == 60 and out["solvable"]["rl_only"] <= out["solvable"]["rl"]
    assert out["config"]["rl"]["clip_eps_high"] == 0.2  # the resolved config is stored
    assert run_training(cfg, 0) == out


# --- bad input ----------------------------------------------------------------------------------------------
BAD_FIELDS = [
    (EnvConfig, "n_problems", 0),
    (EnvConfig, "n_paths", 1),
    (EnvConfig, "n_strategies", 0),
    (EnvConfig, "zipf_exponent", -1.0),
    (EnvConfig, "n_solvable", 99),
    (EnvConfig, "solvable_bias", -0.5),
    (EnvConfig, "path_accuracy", 0.0),
    (EnvConfig, "logit_noise", float("nan")),
    (EnvConfig, "top_p", 0.0),
    (EnvConfig, "min_length", 0),
    (EnvConfig, "max_length", 10),
    (RLConfig, "algorithm", "sac"),
    (RLConfig, "steps", 0),
    (RLConfig, "batch_prompts", 0),
    (RLConfig, "group_size", 1),
    (RLConfig, "learning_rate", 0.0),
    (RLConfig, "optimizer", "lion"),
    (RLConfig, "ppo_epochs", 0),
    (RLConfig, "clip_eps_low", 1.0),
    (RLConfig, "clip_eps_high", -0.1),
    (RLConfig, "dual_clip", 0.5),
    (RLConfig, "loss_agg", "sum"),
    (RLConfig, "kl_coef", -1.0),
    (RLConfig, "value_lr", 2.0),
    (RLConfig, "dynamic_sampling", "yes"),
    (RLConfig, "max_sample_batches", 0),
    (RLConfig, "overlong_fraction", 1.0),
    (RLConfig, "eval_every", 0),
    (RLConfig, "k_grid", (4, 2)),
    (RLConfig, "k_grid", (0, 2)),
    (DistillConfig, "teacher_bonus", -1.0),
    (DistillConfig, "steps", 0),
    (DistillConfig, "learning_rate", -0.1),
    (DistillConfig, "optimizer", "rmsprop"),
    (DistillConfig, "teacher_samples", -1),
    (DistillConfig, "eval_every", 0),
    (DistillConfig, "k_grid", ()),
    (RLExperimentConfig, "env", {"n_problems": 5}),
    (RLExperimentConfig, "rl", None),
    (RLExperimentConfig, "delta_se_k", 300),
    (RLExperimentConfig, "solvable_threshold", 1.0),
]


@pytest.mark.parametrize(("cls", "field", "value"), BAD_FIELDS)
def test_bad_config_field(cls, field, value):
    with pytest.raises((ValueError, TypeError), match=field):
        cls(**{field: value})


def test_bad_function_input(env):
    with pytest.raises(TypeError, match="cfg"):
        make_environment({"n_problems": 3}, 0)
    with pytest.raises(ValueError, match="seed"):
        make_environment(SMALL_ENV, -1)
    with pytest.raises(TypeError, match="env"):
        train_rl(None, SMALL_RL, 0)
    with pytest.raises(TypeError, match="cfg"):
        train_rl(env, DistillConfig(), 0)
    with pytest.raises(ValueError, match="w"):
        policy_probs(env, np.zeros(5))
    with pytest.raises(ValueError, match="problems"):
        policy_probs(env, np.zeros(6), [60])
    with pytest.raises(ValueError, match="u"):
        student_probs(env, np.zeros(6), np.zeros((60, 15)))
    with pytest.raises(ValueError, match="probs"):
        probability_correct(env, np.ones((60, 16)))
    with pytest.raises(ValueError, match="k_grid"):
        pass_at_k_curve([0.5], [0])
    with pytest.raises(ValueError, match="probs"):
        nucleus(np.array([[0.5, 0.6]]), 0.9)
    with pytest.raises(ValueError, match="top_p"):
        nucleus(np.array([[0.5, 0.5]]), 0.0)
    with pytest.raises(ValueError, match="n_samples"):
        nll_under_base(env, policy_probs(env, np.zeros(6)), n_samples=0, seed=0)
    with pytest.raises(ValueError, match="bonus"):
        teacher_probs(env, -1.0)
    with pytest.raises(TypeError, match="cfg"):
        distill(env, SMALL_RL, 0)
    with pytest.raises(TypeError, match="config"):
        run_training(SMALL_RL, 0)
    with pytest.raises(ValueError, match="no field"):
        RLExperimentConfig.from_dict({"envv": {}})
