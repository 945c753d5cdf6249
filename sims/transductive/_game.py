"""The game engine: the transductive game (Game 2) and the standard online game (Game 1) of CHMS25 App. A.

Transductive: the adversary fixes x_1..x_n and shows it; then each round the learner predicts ŷ_t and the adversary
answers a label y_t that keeps the labels realizable. Standard: each round the adversary first picks x_t after
seeing the history. Players are objects:

* learner: ``start(cls, order)`` (order is None in the standard game), ``predict(t, x) -> int``,
  ``update(t, x, y)``, ``info() -> dict`` (JSON values: its own logs);
* transductive adversary: ``start(cls, order)``, ``label(t, x, prediction, version) -> int``;
* standard adversary: ``start(cls, None)``, ``next_point(t, version) -> int``, ``label(...)`` as above.

The engine owns the version space (the players get a copy) and rejects an unrealizable label, so no player can
cheat the realizability constraint.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np

from sims._config import Result
from theory._validate import check_int

from ._space import GameClass, count, restrict

__all__ = ["GameLog", "play_standard", "play_transductive"]


@dataclasses.dataclass
class GameLog(Result):
    """One game: the points, predictions and labels per round, |V| before each round, the mistakes, and the
    learner's own log (``learner``)."""

    points: np.ndarray
    predictions: np.ndarray
    labels: np.ndarray
    version_sizes: np.ndarray
    mistakes: int
    learner: dict[str, Any]


def _round(cls: GameClass, version, t, x, learner, adversary, logs) -> np.ndarray:
    col = cls.column(x)
    prediction = int(learner.predict(t, x))
    y = int(adversary.label(t, x, prediction, version.copy()))
    if prediction not in (0, 1) or y not in (0, 1):
        raise ValueError(f"round {t}: predictions and labels must be 0 or 1, got {prediction} and {y}")
    after = restrict(version, col, y)
    if not after.any():
        raise ValueError(f"round {t}: the adversary's label {y} for point {x} is not realizable")
    learner.update(t, x, y)
    for name, value in (("points", x), ("predictions", prediction), ("labels", y), ("sizes", count(version))):
        logs[name].append(value)
    return after


def _log(logs: dict[str, list], learner) -> GameLog:
    predictions, labels = np.array(logs["predictions"], dtype=np.int64), np.array(logs["labels"], dtype=np.int64)
    return GameLog(
        points=np.array(logs["points"], dtype=np.int64),
        predictions=predictions,
        labels=labels,
        version_sizes=np.array(logs["sizes"], dtype=np.int64),
        mistakes=int((predictions != labels).sum()),
        learner=learner.info(),
    )


def play_transductive(cls: GameClass, order: object, learner, adversary) -> GameLog:
    """Play Game 2 on the sequence ``order`` (point indices of ``cls``)."""
    if not isinstance(cls, GameClass):
        raise TypeError(f"cls must be a GameClass, got {type(cls).__name__}")
    seq = cls.check_points(order)
    learner.start(cls, seq)
    adversary.start(cls, seq)
    version, logs = cls.full(), {k: [] for k in ("points", "predictions", "labels", "sizes")}
    for t, x in enumerate(seq.tolist()):
        version = _round(cls, version, t, x, learner, adversary, logs)
    return _log(logs, learner)


def play_standard(cls: GameClass, learner, adversary, n: int) -> GameLog:
    """Play Game 1 for n rounds: the adversary picks each point after seeing the history."""
    if not isinstance(cls, GameClass):
        raise TypeError(f"cls must be a GameClass, got {type(cls).__name__}")
    n = check_int("n", n, low=0)
    learner.start(cls, None)
    adversary.start(cls, None)
    version, logs = cls.full(), {k: [] for k in ("points", "predictions", "labels", "sizes")}
    for t in range(n):
        x = check_int("next_point", adversary.next_point(t, version.copy()), low=0, high=cls.n_points - 1)
        version = _round(cls, version, t, x, learner, adversary, logs)
    return _log(logs, learner)
