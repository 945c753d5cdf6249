"""Longer checks of the exact transductive solvers: many more random classes than the fast tier, and the
distribution of M_tr on random LD-3 tree classes against the spec's independent computation."""

import itertools

import numpy as np
import pytest

from theory.transductive import mistake_bound_search, random_class, transductive_values, tree_class


@pytest.mark.slow
def test_search_equals_all_permutations_on_500_random_eight_point_classes():
    perms = np.array(list(itertools.permutations(range(8))), dtype=np.int64)
    rng = np.random.default_rng(2025)
    for seed in range(500):
        H = random_class(int(rng.integers(2, 65)), 8, float(rng.uniform(0.1, 0.9)), seed=seed)
        result = mistake_bound_search(H)
        assert result.exact and result.value == int(transductive_values(H, perms).max()), seed


@pytest.mark.slow
def test_random_ld3_tree_classes_mostly_force_three():
    # Spec §2.3 [computed]: Bernoulli(2^-√3) tree classes with d = 3 have M_tr = 3 in about 91-98% of samples,
    # else 2. 1,500 samples: the fraction must land in that band and every value must be 2 or 3.
    values = [mistake_bound_search(tree_class(3, 2.0 ** -np.sqrt(3), seed)).value for seed in range(1500)]
    assert set(values) <= {2, 3}
    assert 0.88 <= values.count(3) / len(values) <= 0.99
