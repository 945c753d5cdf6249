"""The game engine, learners and adversaries of sims.transductive (spec §4.1 items 7, 10, 11)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sims.transductive import (
    AdversaryConfig,
    Algorithm1Adversary,
    FixedOrderLearner,
    GameClass,
    HalvingLearner,
    LearnerConfig,
    LittlestoneAdversary,
    OptimalAdversary,
    SOALearner,
    SplittingExpertsLearner,
    TargetAdversary,
    algorithm1_min_mistakes,
    algorithm2_sequence,
    bfs_sequence,
    leaves_sequence,
    play_standard,
    play_transductive,
    run_adversary,
    run_learner,
)
from tests.fast.test_transductive_oracles import classes, oracle_tree_class
from theory.transductive import (
    TreeClass,
    littlestone_dimension,
    sequence_length_bound,
    transductive_value,
    tree_class,
)


def _random_labeller(rng):
    class Random:
        def start(self, cls, order):
            self.cls = cls

        def label(self, t, x, prediction, version):
            ones = version & self.cls.column(x)
            zeros = version & ~self.cls.column(x)
            options = [y for y, side in ((0, zeros), (1, ones)) if side.any()]
            return int(rng.choice(options))

    return Random()


# --- tree classes: kernel against the Python oracle -----------------------------------------------------------
@given(st.integers(1, 5), st.sampled_from([0.0, 0.1, 0.5, 0.9, 1.0]), st.integers(0, 2**40))
def test_tree_columns_match_the_python_hash(d, p, seed):
    assert np.array_equal(tree_class(d, p, seed), oracle_tree_class(d, p, seed))


@pytest.mark.parametrize("d", [1, 3, 5, 7])
def test_tree_classes_have_ld_d(d):
    assert littlestone_dimension(tree_class(d, 0.3, 1)) == d


def test_implicit_columns_equal_dense_columns():
    tree = TreeClass(6, 0.2, 9)
    nodes = np.array([0, 5, 62, 17])
    dense = GameClass.from_matrix(tree.dense())
    assert np.array_equal(GameClass.from_tree(tree).columns(nodes), dense.columns(nodes))
    lo, hi = tree.on_path(5)
    H = tree.dense()
    assert all(5 in tree.path(b) for b in range(lo, hi)) and H.shape == (64, 63)


# --- learner guarantees (item 7) -------------------------------------------------------------------------------
@given(classes(max_points=6, max_rows=16), st.data())
def test_learner_guarantees_against_the_optimal_adversary(H, data):
    cls = GameClass.from_matrix(H)
    order = list(data.draw(st.permutations(range(H.shape[1]))))
    value = transductive_value(H, order)
    assert play_transductive(cls, order, FixedOrderLearner(), OptimalAdversary()).mistakes == value
    assert play_transductive(cls, order, SOALearner(), OptimalAdversary()).mistakes <= littlestone_dimension(H)
    halving = play_transductive(cls, order, HalvingLearner(), OptimalAdversary()).mistakes
    assert halving <= math.floor(math.log2(H.shape[0]))
    rng = np.random.default_rng(data.draw(st.integers(0, 2**31)))
    assert play_transductive(cls, order, FixedOrderLearner(), _random_labeller(rng)).mistakes <= value


@given(classes(max_points=5, max_rows=12))
def test_standard_adversary_forces_ld_on_soa(H):
    cls = GameClass.from_matrix(H)
    ld = littlestone_dimension(H)
    # A mistake every round while LD(V) >= 1, LD(V) falls by at most 1 per round, and SOA errs <= LD times.
    assert play_standard(cls, SOALearner(), LittlestoneAdversary(), H.shape[1]).mistakes == ld


def test_engine_rejects_unrealizable_labels_and_bad_players():
    cls = GameClass.from_matrix(np.array([[0, 0], [0, 1]]))

    class Liar:
        def start(self, cls, order):
            pass

        def label(self, t, x, prediction, version):
            return 1  # point 0 is 0 for both hypotheses

    with pytest.raises(ValueError, match="not realizable"):
        play_transductive(cls, [0, 1], HalvingLearner(), Liar())
    with pytest.raises(ValueError, match="names point 2"):
        play_transductive(cls, [2], HalvingLearner(), OptimalAdversary())
    with pytest.raises(ValueError, match="transductive game only"):
        play_standard(cls, FixedOrderLearner(), LittlestoneAdversary(), 2)
    with pytest.raises(ValueError, match="tree class"):
        play_transductive(cls, [0], SplittingExpertsLearner(), OptimalAdversary())
    with pytest.raises(TypeError, match="GameClass"):
        play_transductive(np.zeros((2, 2)), [0], HalvingLearner(), OptimalAdversary())


# --- Algorithm 1 and Algorithm 2 (item 10) ----------------------------------------------------------------------
@pytest.mark.parametrize(("d", "m"), [(6, 1), (8, 2), (10, 2)])
def test_algorithm2_sequence_invariants(d, m):
    tree = TreeClass(d, 2.0 ** -math.sqrt(d), 3)
    eps = 0.05
    seq = algorithm2_sequence(tree, eps, m)
    nodes = seq.nodes.tolist()
    assert nodes[0] == 0 and len(set(nodes)) == len(nodes)
    assert all((x - 1) // 2 in nodes[:i] for i, x in enumerate(nodes) if x)  # Claim B.3a
    assert len(nodes) < sequence_length_bound(d, m)  # Claim B.3b
    assert seq.indices <= 2 ** (m + 1) - 1 and seq.longest_index <= m
    cls = GameClass.from_tree(tree)
    adversary = Algorithm1Adversary(eps)
    log = play_transductive(cls, seq.nodes, HalvingLearner(), adversary)
    info = adversary.info()
    for forced, kept in zip(info["forced"], info["kept"], strict=True):
        assert kept >= (eps if forced else 1 - eps) - 1e-12
    assert log.mistakes >= sum(info["forced"]) >= algorithm1_min_mistakes(cls, seq.nodes, eps)


@pytest.mark.parametrize(("d", "seed"), [(4, 0), (5, 1), (5, 2)])
def test_algorithm1_min_mistakes_matches_every_learner(d, seed):
    tree = TreeClass(d, 0.25, seed)
    cls = GameClass.from_tree(tree)
    seq = algorithm2_sequence(tree, 0.1, 1).nodes
    assert len(seq) <= 12
    # Algorithm 1 is deterministic given the predictions, so a learner is just its prediction vector: trying all
    # 2^n of them is trying every learner.

    class Fixed:
        def __init__(self, bits):
            self.bits = bits

        def start(self, cls, order):
            pass

        def predict(self, t, x):
            return (self.bits >> t) & 1

        def update(self, t, x, y):
            pass

        def info(self):
            return {}

    games = [play_transductive(cls, seq, Fixed(b), Algorithm1Adversary(0.1)).mistakes for b in range(2 ** len(seq))]
    assert algorithm1_min_mistakes(cls, seq, 0.1) == min(games)


def test_heuristic_sequences():
    tree = TreeClass(8, 0.1, 0)
    assert bfs_sequence(tree, 3).tolist() == [0, 1, 2, 3, 4, 5, 6]
    leaves = leaves_sequence(tree, 10, seed=1)
    assert len(set(leaves.tolist())) == 10 and leaves.min() >= 127 and leaves.max() < 255
    assert np.array_equal(leaves, leaves_sequence(tree, 10, seed=1))
    # The top L levels in breadth-first order force L mistakes on any tree class (a shattered tree).
    H = tree.dense()
    assert transductive_value(H, bfs_sequence(tree, 4)) >= 4


# --- the splitting-experts learner (item 11) --------------------------------------------------------------------
@pytest.mark.parametrize("target", [0, 77, 200])
def test_splitting_experts_invariants_with_a_fixed_target(target):
    tree = TreeClass(8, 2.0**-2, 5)
    cls = GameClass.from_tree(tree)
    order = np.concatenate([bfs_sequence(tree, 3), leaves_sequence(tree, 100, seed=2)])
    learner = SplittingExpertsLearner(c_tmax=4.0, c_halving=0.5, target=target)
    log = play_transductive(cls, order, learner, TargetAdversary(target))
    info = log.learner
    assert set(info["d4_holders"]) == {1}  # Claim D.4
    assert all(info["d5_holds"])  # Claim D.5
    for w, m in zip(info["target_weight"], info["target_mistakes"], strict=True):
        assert w >= 4.0**-m - 1e-15  # Claim D.7: each own mistake costs at most a factor 4
    assert all(0.5 - 1e-12 <= r <= 0.75 + 1e-12 for r in info["mistake_ratios"])  # the true WM fact


def test_d8_halving_fails_in_an_actual_run():
    # 256 random leaves at d = 16 split the experts; some learner mistake then keeps 3/4 of the weight.
    row = run_learner(LearnerConfig(AdversaryConfig(d=16, sequence="leaves", n_leaves=256), c_halving=1.0), 0)
    ratios = row["experts_log"]["mistake_ratios"]
    assert max(ratios) > 0.5 and max(ratios) <= 0.75


# --- experiments ------------------------------------------------------------------------------------------------
def test_run_adversary_is_deterministic_and_sane():
    cfg = AdversaryConfig(d=10, sequence="algorithm2", m=2)
    first, second = run_adversary(cfg, 3), run_adversary(cfg, 3)
    assert first == second
    assert math.ceil(math.sqrt(10) / 10) <= first["algorithm1_min"] <= first["forced"] <= 10
    assert first["ancestor_closed"] and first["length"] < first["length_bound"]
    assert AdversaryConfig.from_dict(cfg.to_dict()) == cfg


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"d": 1}, "d must be >= 2"),
        ({"sequence": "dfs"}, "sequence must be one of"),
        ({"epsilon": 0.7}, "epsilon must be <= 0.5"),
        ({"k": -1.0}, "k must be >= 0"),
        ({"d": 4, "n_leaves": 9}, "n_leaves must be <= 8"),
    ],
)
def test_adversary_config_rejects_bad_fields(kwargs, match):
    with pytest.raises(ValueError, match=match):
        AdversaryConfig(**kwargs)


def test_bad_tree_classes_are_rejected():
    with pytest.raises(ValueError, match="d must be <= 30"):
        TreeClass(31)
    with pytest.raises(ValueError, match="p must be <= 1"):
        TreeClass(3, 1.5)
    with pytest.raises(ValueError, match="dense tree class needs d <= 14"):
        TreeClass(15).dense()
    with pytest.raises(ValueError, match="nodes must be < 7"):
        TreeClass(3).columns([7])
