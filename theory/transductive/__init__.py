"""Transductive online learning (Chase, Hanneke, Moran, Shafer, NeurIPS 2025): exact solvers for finite classes.

A class is a 0/1 matrix H of shape (hypotheses, points). Constructors: :func:`thresholds`, :func:`singletons`,
:func:`all_functions`, :func:`clw_class`, :func:`disjoint_product`, :func:`random_class`, tree classes
(:class:`TreeClass`, implicit and hash-defined; :func:`tree_class`, :func:`minimal_tree_class`, dense;
:func:`tree_class_from_bits` with explicit off-path bits, :func:`off_path_mask`).
Dimensions: :func:`vc_dimension`, :func:`littlestone_dimension`. The transductive game on a fixed sequence:
:func:`transductive_value` (exact minimax mistakes W(H, x)), :func:`transductive_values` (many sequences),
:func:`fixed_order_trie` (optimal learner and adversary), :func:`sequence_trie` (the same for an implicit class
given by the columns of its sequence), :func:`minimal_forcing_sequence` (Theorem C.2). Over all sequences:
:func:`transductive_mistake_bound` (exact M_tr(H)), :func:`mistake_bound_search`. Online predictions:
:func:`soa_prediction`, :func:`halving_prediction`. The trichotomy: :func:`trichotomy`.
The constants of the proofs (checked in :mod:`proofs.transductive`): :func:`lemma_d2_margin`,
:func:`survival_log2`, :func:`claim_d6_margin`, :func:`claim_d7_total`, :func:`wm_weight_ratio`,
:func:`d8_mistake_bound`, :func:`tradeoff`, :func:`sequence_length_bound`, :func:`counting_exponent`,
:func:`optimal_epsilon`, :func:`proof_implied_lower_bound`. Bitsets over hypotheses: :func:`pack_columns`,
:func:`full_set`, :func:`unpack_bitset`.
"""

from ._bits import full_set as full_set
from ._bits import pack_columns as pack_columns
from ._bits import unpack_bitset as unpack_bitset
from ._bounds import claim_d6_margin as claim_d6_margin
from ._bounds import claim_d7_total as claim_d7_total
from ._bounds import counting_exponent as counting_exponent
from ._bounds import d8_mistake_bound as d8_mistake_bound
from ._bounds import lemma_d2_margin as lemma_d2_margin
from ._bounds import optimal_epsilon as optimal_epsilon
from ._bounds import proof_implied_lower_bound as proof_implied_lower_bound
from ._bounds import sequence_length_bound as sequence_length_bound
from ._bounds import survival_log2 as survival_log2
from ._bounds import tradeoff as tradeoff
from ._bounds import wm_weight_ratio as wm_weight_ratio
from ._classes import all_functions as all_functions
from ._classes import check_class as check_class
from ._classes import check_order as check_order
from ._classes import clw_class as clw_class
from ._classes import disjoint_product as disjoint_product
from ._classes import random_class as random_class
from ._classes import singletons as singletons
from ._classes import thresholds as thresholds
from ._fixed_order import FixedOrderTrie as FixedOrderTrie
from ._fixed_order import fixed_order_trie as fixed_order_trie
from ._fixed_order import minimal_forcing_sequence as minimal_forcing_sequence
from ._fixed_order import sequence_trie as sequence_trie
from ._fixed_order import transductive_value as transductive_value
from ._fixed_order import transductive_values as transductive_values
from ._littlestone import littlestone_dimension as littlestone_dimension
from ._littlestone import vc_dimension as vc_dimension
from ._mistake_bound import MistakeBoundSearch as MistakeBoundSearch
from ._mistake_bound import mistake_bound_search as mistake_bound_search
from ._mistake_bound import transductive_mistake_bound as transductive_mistake_bound
from ._online import Trichotomy as Trichotomy
from ._online import halving_prediction as halving_prediction
from ._online import sauer_shelah_bound as sauer_shelah_bound
from ._online import soa_prediction as soa_prediction
from ._online import trichotomy as trichotomy
from ._tree import TreeClass as TreeClass
from ._tree import minimal_tree_class as minimal_tree_class
from ._tree import node_depth as node_depth
from ._tree import off_path_mask as off_path_mask
from ._tree import tree_class as tree_class
from ._tree import tree_class_from_bits as tree_class_from_bits

__all__ = [
    "FixedOrderTrie",
    "MistakeBoundSearch",
    "TreeClass",
    "Trichotomy",
    "all_functions",
    "check_class",
    "check_order",
    "claim_d6_margin",
    "claim_d7_total",
    "clw_class",
    "counting_exponent",
    "d8_mistake_bound",
    "disjoint_product",
    "fixed_order_trie",
    "full_set",
    "halving_prediction",
    "lemma_d2_margin",
    "littlestone_dimension",
    "minimal_forcing_sequence",
    "minimal_tree_class",
    "mistake_bound_search",
    "node_depth",
    "off_path_mask",
    "optimal_epsilon",
    "pack_columns",
    "proof_implied_lower_bound",
    "random_class",
    "sequence_trie",
    "sequence_length_bound",
    "singletons",
    "sauer_shelah_bound",
    "soa_prediction",
    "survival_log2",
    "thresholds",
    "tradeoff",
    "transductive_mistake_bound",
    "transductive_value",
    "transductive_values",
    "tree_class",
    "tree_class_from_bits",
    "unpack_bitset",
    "trichotomy",
    "vc_dimension",
    "wm_weight_ratio",
]
