"""Exact M_tr(H): a prefix branch and bound and decisions "M_tr >= r" upwards, taking turns.

The prefix search (:mod:`._search`) finds long forcing sequences quickly but proves optimality slowly (its upper
bound values every open block by its Littlestone dimension); the decision search (:mod:`._decide`) proves
"M_tr < r" by exhausting constraint states with memoised sub-decisions, fast when M_tr = LD - 1, slow on classes
such as products where M_tr sits far below LD. So they take turns with budgets growing 4x: the prefix search
yields a lower bound and its witness, then r = best + 1, best + 2, ... are decided until one fails (or LD(H) is
reached). A decision that succeeds comes with a witness, checked against the
fixed-sequence value before it is reported.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from theory._validate import check_int

from . import _ld_memo as memo_table
from ._bits import full_set, pack_columns
from ._classes import check_class
from ._decide import FOUND, NOT_FOUND, decide_kernel
from ._fixed_order import transductive_value
from ._littlestone import LDTable
from ._nogoods import nogood_arrays
from ._search import ABORTED, BEST, EXPANDED, search_kernel

__all__ = ["MistakeBoundSearch", "mistake_bound_search", "transductive_mistake_bound"]

#: Node budget of the prefix search before the decisions take over.
PROBE_NODES = 4000


@dataclasses.dataclass(frozen=True)
class MistakeBoundSearch:
    """Outcome of :func:`mistake_bound_search`.

    ``value`` is the best W found and ``witness`` a sequence attaining it (empty if ``value`` came from
    ``lower``). If ``exact`` the search finished, so ``value`` = max(lower, M_tr(H)) (M_tr(H, max_length) with
    a length cap); otherwise it stopped at ``node_limit`` and value <= M_tr <= ``upper``. ``expanded`` counts
    search nodes (prefixes of the prefix search plus states of the decision search), ``ld_calls`` / ``ld_hits``
    the LD kernel's look-ups and memo hits.
    """

    value: int
    exact: bool
    upper: int
    witness: np.ndarray
    expanded: int
    ld_calls: int
    ld_hits: int


def _complete_witness(rows: np.ndarray, chain: np.ndarray) -> np.ndarray:
    """``chain`` followed by one splitting point for every block of rows that still agree on all of ``chain``."""
    _, block = np.unique(rows[:, chain], axis=0, return_inverse=True)
    tail = []
    for b in np.unique(block):
        members = rows[block.ravel() == b]
        if members.shape[0] >= 2:
            tail.append(int(np.flatnonzero(members.min(axis=0) != members.max(axis=0))[0]))
    return np.concatenate([chain, np.asarray(sorted(set(tail)), dtype=np.int64)]).astype(np.int64)


def mistake_bound_search(
    H: object, *, node_limit: int | None = None, max_length: int | None = None, lower: int = 0
) -> MistakeBoundSearch:
    """M_tr(H) = max over sequences of W(H, x) (or M_tr(H, n) over sequences of length n <= ``max_length``).

    Parameters
    ----------
    node_limit : int >= 1 or None
        Stop after this many search nodes (None: no limit); the result says whether the search finished.
    max_length : int >= 0 or None
        Only sequences of at most this many points (None: any length; 0 gives max(lower, 0)). Length-capped
        searches use the prefix branch and bound alone.
    lower : int >= 0
        Only sequences forcing more than ``lower`` are looked for: the result is max(lower, M_tr). With an
        attainable ``lower`` (e.g. from a heuristic sequence) this prunes from the start; with ``lower = M - 1``
        it decides whether M_tr >= M.
    """
    mat = check_class(H)
    # The kernels read 0 as "no limit".
    node_limit = None if node_limit is None else check_int("node_limit", node_limit, low=1)
    lower = check_int("lower", lower, low=0)
    if max_length is not None and check_int("max_length", max_length, low=0) == 0:
        return MistakeBoundSearch(lower, True, lower, np.zeros(0, dtype=np.int64), 0, 0, 0)
    # W depends on the set of rows only, and the decision search needs distinct rows (r = 1 <=> two rows).
    rows = np.unique(mat, axis=0)
    cols = pack_columns(rows)
    m = rows.shape[0]
    ld_table = LDTable(*cols.shape)
    mtr, fail, root = memo_table.memo_arrays(cols.shape[1], 1 << 16), nogood_arrays(cols.shape[1]), full_set(m)
    best, witness, expanded = lower, np.zeros(0, dtype=np.int64), 0
    # Length-capped searches run the prefix search once; otherwise the two searches take turns with budgets
    # growing 4x per round, so the total is within a small factor of whichever of them finishes first (the
    # prefix search restarts from the best value so far; the decision search keeps its memo tables).
    budget = (node_limit or 0) if max_length is not None else PROBE_NODES
    exact = False
    while not exact:
        limit = budget if node_limit is None else min(budget, node_limit - expanded)
        if node_limit is not None and limit <= 0:
            break  # (limit 0 without a node limit is a length-capped search without a budget)
        ctl, found, ceiling = search_kernel(
            cols, np.int64(m), ld_table.arrays(), mtr, np.int64(limit), np.int64(max_length or 0), np.int64(best)
        )
        expanded += int(ctl[EXPANDED])
        if ctl[BEST] > best:
            best, witness = int(ctl[BEST]), np.asarray(found, dtype=np.int64)
        exact = not ctl[ABORTED]
        if max_length is not None:
            break
        outcome = FOUND
        while not exact and best < ceiling and outcome == FOUND:
            limit = budget if node_limit is None else min(budget, node_limit - expanded)
            if limit <= 0:
                break
            outcome, chain, pushed = decide_kernel(
                cols, root, np.int64(best + 1), ld_table.arrays(), mtr, fail, np.int64(limit)
            )
            expanded += int(pushed)
            if outcome == FOUND:
                found = _complete_witness(rows, chain)
                value = transductive_value(rows, found)
                if value < best + 1:
                    raise RuntimeError(f"decision search returned a witness forcing {value} < {best + 1} (a bug)")
                best, witness = value, found
            # Exact once "M_tr >= best + 1" is refuted or best reaches LD(H), which nothing can exceed.
            exact = outcome == NOT_FOUND or best >= ceiling
        budget *= 4
    upper = best if exact else max(best, int(ceiling))
    stats = ld_table.stats
    return MistakeBoundSearch(
        value=best,
        exact=bool(exact),
        upper=int(upper),
        witness=witness,
        expanded=expanded,
        ld_calls=int(stats[memo_table.STAT_CALLS]),
        ld_hits=int(stats[memo_table.STAT_HITS]),
    )


def transductive_mistake_bound(H: object) -> int:
    """M_tr(H) = max over all sequences x of the transductive value W(H, x), exactly.

    >>> from theory.transductive import clw_class
    >>> transductive_mistake_bound(clw_class())
    2
    """
    return mistake_bound_search(H).value
