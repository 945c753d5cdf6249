"""Exact M_tr(H) by the branch-and-bound kernel of :mod:`._search`: validation, the call, and the result."""

from __future__ import annotations

import dataclasses

import numpy as np

from theory._validate import check_int

from ._bits import pack_columns
from ._classes import check_class
from ._littlestone import LDTable
from ._search import ABORTED, BEST, EXPANDED, search_kernel

__all__ = ["MistakeBoundSearch", "mistake_bound_search", "transductive_mistake_bound"]


@dataclasses.dataclass(frozen=True)
class MistakeBoundSearch:
    """Outcome of :func:`mistake_bound_search`.

    ``value`` is the best W found and ``witness`` a sequence attaining it (empty if ``value`` came from
    ``lower``). If ``exact`` the search finished, so ``value`` = max(lower, M_tr(H)) (M_tr(H, max_length) with
    a length cap); otherwise it stopped at ``node_limit`` and value <= M_tr <= ``upper`` = LD(H). ``expanded``
    counts search nodes, ``ld_calls`` / ``ld_hits`` the LD kernel's decisions and memo hits.
    """

    value: int
    exact: bool
    upper: int
    witness: np.ndarray
    expanded: int
    ld_calls: int
    ld_hits: int


def mistake_bound_search(
    H: object, *, node_limit: int | None = None, max_length: int | None = None, lower: int = 0
) -> MistakeBoundSearch:
    """Branch and bound for M_tr(H) (or M_tr(H, n) for sequences of length n <= ``max_length``).

    Parameters
    ----------
    node_limit : int >= 1 or None
        Stop after this many search nodes (None: no limit); the result says whether the search finished.
    max_length : int >= 0 or None
        Only sequences of at most this many points (None: any length; 0 gives max(lower, 0)).
    lower : int >= 0
        Only sequences forcing more than ``lower`` are looked for: the result is max(lower, M_tr). With an
        attainable ``lower`` (e.g. from a heuristic sequence) this prunes from the start; with ``lower = M - 1``
        it decides whether M_tr >= M.
    """
    mat = check_class(H)
    # The kernel reads 0 as "no limit" for both.
    node_limit = None if node_limit is None else check_int("node_limit", node_limit, low=1)
    lower = check_int("lower", lower, low=0)
    if max_length is not None and check_int("max_length", max_length, low=0) == 0:
        return MistakeBoundSearch(lower, True, lower, np.zeros(0, dtype=np.int64), 0, 0, 0)
    cols = pack_columns(mat)
    ld_table = LDTable(*cols.shape)
    ctl, witness, ld = search_kernel(
        cols,
        np.int64(mat.shape[0]),
        ld_table.arrays(),
        np.int64(node_limit or 0),
        np.int64(max_length or 0),
        np.int64(lower),
    )
    exact = not ctl[ABORTED]
    value = int(ctl[BEST])
    return MistakeBoundSearch(
        value=value,
        exact=bool(exact),
        upper=value if exact else max(value, int(ld)),
        witness=np.asarray(witness, dtype=np.int64),
        expanded=int(ctl[EXPANDED]),
        ld_calls=int(ld_table.stats[2]),
        ld_hits=int(ld_table.stats[1]),
    )


def transductive_mistake_bound(H: object) -> int:
    """M_tr(H) = max over all sequences x of the transductive value W(H, x), exactly (branch and bound).

    >>> from theory.transductive import clw_class
    >>> transductive_mistake_bound(clw_class())
    2
    """
    return mistake_bound_search(H).value
