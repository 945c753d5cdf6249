"""The config and result contracts shared by every simulator.

A *config* is a frozen dataclass deriving from :class:`Config`. Its ``__post_init__`` validates every field (use
the helpers of :mod:`theory._validate`) and raises ``ValueError`` naming the field, the value and what is allowed.
Configs serialise to JSON (``to_dict`` / ``from_dict``) and hash to a stable key (``key``), which is what the sweep
runner uses to recognise a point it has already finished.

A *result* is a dataclass deriving from :class:`Result`; ``to_dict`` turns its arrays into nested lists so that it
can be stored as JSON with no pickle.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from typing import Any, TypeVar

import numpy as np

__all__ = ["Config", "Result", "jsonable", "stable_key"]

C = TypeVar("C", bound="Config")


def jsonable(value: Any) -> Any:
    """Convert numpy scalars/arrays, tuples and nested dataclasses to plain JSON types (recursively)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, np.ndarray):
        return jsonable(value.tolist())
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        value = float(value)
    if isinstance(value, float) and not np.isfinite(value):
        # JSON has no NaN/inf; keep them readable and round-trippable as strings.
        return "nan" if np.isnan(value) else ("inf" if value > 0 else "-inf")
    return value


def stable_key(payload: Any, length: int = 16) -> str:
    """A short hex digest of ``payload`` serialised canonically (sorted keys), stable across runs and machines."""
    text = json.dumps(jsonable(payload), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:length]


@dataclasses.dataclass(frozen=True)
class Config:
    """Base class of every frozen, validated simulator or experiment config."""

    def to_dict(self) -> dict[str, Any]:
        return jsonable(self)

    @classmethod
    def from_dict(cls: type[C], data: dict[str, Any]) -> C:
        """Build a config from a mapping, rejecting unknown keys by name (a typo must not be silently ignored)."""
        if not isinstance(data, dict):
            raise TypeError(f"{cls.__name__}.from_dict needs a mapping, got {type(data).__name__}")
        names = {f.name: f for f in dataclasses.fields(cls)}
        unknown = sorted(set(data) - set(names))
        if unknown:
            raise ValueError(
                f"{cls.__name__} has no field(s) {', '.join(unknown)}; allowed: {', '.join(sorted(names))}"
            )
        # JSON turns tuples into lists; give tuple-typed fields their tuples back so equality and hashing hold.
        fixed = {k: tuple(v) if isinstance(v, list) else v for k, v in data.items()}
        return cls(**fixed)

    def replace(self: C, **changes: Any) -> C:
        return dataclasses.replace(self, **changes)

    @property
    def key(self) -> str:
        return stable_key({"type": type(self).__name__, "fields": self.to_dict()})


@dataclasses.dataclass
class Result:
    """Base class of simulator results: arrays and scalars only, stored as JSON through ``to_dict``."""

    def to_dict(self) -> dict[str, Any]:
        return jsonable(self)
