"""Transductive online learning (CHMS25): a game engine, the paper's adversary and learner, and heuristics.

Classes go through :class:`GameClass` (a dense matrix, or an implicit :class:`theory.transductive.TreeClass`
with up to 2^22 hypotheses). Games: :func:`play_transductive` (Game 2) and :func:`play_standard` (Game 1), logged
in :class:`GameLog`. Learners: :class:`HalvingLearner`, :class:`SOALearner`, :class:`FixedOrderLearner`,
:class:`SplittingExpertsLearner` (Algorithms 5, 6a–6c), :class:`ProjectionHalvingLearner` (Halving over the patterns of
H|_x, with :func:`projection`; its bound is :func:`theory.transductive.sauer_shelah_bound`). Adversaries:
:class:`OptimalAdversary`, :class:`Algorithm1Adversary`, :class:`TargetAdversary`, :class:`LittlestoneAdversary`
(standard game), and :func:`algorithm1_min_mistakes`. Sequences: :func:`algorithm2_sequence` (Algorithm 2),
:func:`bfs_sequence`, :func:`leaves_sequence` (§2.4). Sweepable experiments: :class:`AdversaryConfig` /
:func:`run_adversary`, :class:`LearnerConfig` / :func:`run_learner`; the search for f(4) (smallest M_tr at LD 4):
:class:`ExtremalConfig` / :func:`search_extremal`; Lemma D.2's items on sampled classes at small d, by exact
rectangle search (:func:`has_rectangle`, :func:`lemma_d2_cutoffs`): :class:`LemmaD2Config` / :func:`run_lemma_d2`.
"""

from ._adversaries import Algorithm1Adversary as Algorithm1Adversary
from ._adversaries import LittlestoneAdversary as LittlestoneAdversary
from ._adversaries import OptimalAdversary as OptimalAdversary
from ._adversaries import TargetAdversary as TargetAdversary
from ._adversaries import algorithm1_min_mistakes as algorithm1_min_mistakes
from ._experiment import AdversaryConfig as AdversaryConfig
from ._experiment import LearnerConfig as LearnerConfig
from ._experiment import build_sequence as build_sequence
from ._experiment import run_adversary as run_adversary
from ._experiment import run_learner as run_learner
from ._extremal import ExtremalConfig as ExtremalConfig
from ._extremal import search_extremal as search_extremal
from ._game import GameLog as GameLog
from ._game import play_standard as play_standard
from ._game import play_transductive as play_transductive
from ._learners import FixedOrderLearner as FixedOrderLearner
from ._learners import HalvingLearner as HalvingLearner
from ._learners import SOALearner as SOALearner
from ._lemma_d2 import LemmaD2Config as LemmaD2Config
from ._lemma_d2 import has_rectangle as has_rectangle
from ._lemma_d2 import lemma_d2_cutoffs as lemma_d2_cutoffs
from ._lemma_d2 import run_lemma_d2 as run_lemma_d2
from ._projection import ProjectionHalvingLearner as ProjectionHalvingLearner
from ._projection import projection as projection
from ._sequences import Algorithm2Sequence as Algorithm2Sequence
from ._sequences import algorithm2_sequence as algorithm2_sequence
from ._sequences import bfs_sequence as bfs_sequence
from ._sequences import leaves_sequence as leaves_sequence
from ._sequences import range_bitset as range_bitset
from ._space import GameClass as GameClass
from ._space import count as count
from ._space import restrict as restrict
from ._splitting import SplittingExpertsLearner as SplittingExpertsLearner

__all__ = [
    "Algorithm1Adversary",
    "Algorithm2Sequence",
    "AdversaryConfig",
    "ExtremalConfig",
    "FixedOrderLearner",
    "GameClass",
    "GameLog",
    "HalvingLearner",
    "LearnerConfig",
    "LemmaD2Config",
    "LittlestoneAdversary",
    "OptimalAdversary",
    "ProjectionHalvingLearner",
    "SOALearner",
    "SplittingExpertsLearner",
    "TargetAdversary",
    "algorithm1_min_mistakes",
    "algorithm2_sequence",
    "bfs_sequence",
    "build_sequence",
    "count",
    "has_rectangle",
    "leaves_sequence",
    "lemma_d2_cutoffs",
    "play_standard",
    "play_transductive",
    "projection",
    "range_bitset",
    "restrict",
    "run_adversary",
    "run_learner",
    "run_lemma_d2",
    "search_extremal",
]
