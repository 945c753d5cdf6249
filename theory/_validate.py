"""Input validation shared by every public function of the workbench.

Each check raises ``ValueError`` (or ``TypeError`` for a wrong kind of object) whose message names the argument,
shows the offending value and says what is allowed, *before* any work is done. Keeping the checks in one place
keeps the wording uniform and keeps bad input away from numba kernels, where it would fail obscurely.
"""

from __future__ import annotations

import math
from numbers import Integral, Real

import numpy as np

__all__ = [
    "as_float_array",
    "as_int_array",
    "check_choice",
    "check_int",
    "check_real",
]


def _show(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def check_int(name: str, value: object, *, low: int | None = None, high: int | None = None) -> int:
    """Return ``value`` as a Python int, or raise naming ``name`` if it is not an integer in ``[low, high]``."""
    if isinstance(value, bool) or not isinstance(value, Integral | np.integer):
        raise TypeError(f"{name} must be an integer, got {_show(value)} of type {type(value).__name__}")
    value = int(value)
    if low is not None and value < low:
        raise ValueError(f"{name} must be >= {low}, got {value}")
    if high is not None and value > high:
        raise ValueError(f"{name} must be <= {high}, got {value}")
    return value


def check_real(
    name: str,
    value: object,
    *,
    low: float | None = None,
    high: float | None = None,
    low_open: bool = False,
    high_open: bool = False,
) -> float:
    """Return ``value`` as a finite float inside the stated interval, or raise naming ``name``."""
    if isinstance(value, bool) or not isinstance(value, Real | np.floating | np.integer):
        raise TypeError(f"{name} must be a real number, got {_show(value)} of type {type(value).__name__}")
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"{name} must be finite, got {value}")
    if low is not None and (value < low or (low_open and value == low)):
        raise ValueError(f"{name} must be {'>' if low_open else '>='} {low}, got {value}")
    if high is not None and (value > high or (high_open and value == high)):
        raise ValueError(f"{name} must be {'<' if high_open else '<='} {high}, got {value}")
    return value


def check_choice(name: str, value: object, allowed: tuple[str, ...] | list[str]) -> str:
    """Return ``value`` if it is one of ``allowed``, else raise listing the allowed values."""
    if value not in allowed:
        raise ValueError(f"{name} must be one of {', '.join(map(repr, allowed))}; got {_show(value)}")
    return str(value)


def as_int_array(name: str, value: object, *, low: int | None = None) -> np.ndarray:
    """Convert to an int64 array; reject NaN, non-integral floats, booleans-as-objects and values below ``low``."""
    arr = np.asarray(value)
    if arr.dtype == object:
        raise TypeError(f"{name} must be numeric, got an object array {_show(value)}")
    if arr.dtype.kind == "f":
        if not np.all(np.isfinite(arr)):
            raise ValueError(f"{name} must be finite integers, got NaN or inf in {_show(value)}")
        if not np.all(arr == np.round(arr)):
            raise ValueError(f"{name} must hold whole numbers, got {_show(value)}")
    elif arr.dtype.kind not in "iub":
        raise TypeError(f"{name} must be integers, got dtype {arr.dtype} ({_show(value)})")
    arr = arr.astype(np.int64)
    if low is not None and arr.size and arr.min() < low:
        raise ValueError(f"{name} must be >= {low} everywhere, got minimum {arr.min()}")
    return arr


def as_float_array(name: str, value: object, *, finite: bool = True) -> np.ndarray:
    """Convert to a float64 array; with ``finite`` reject NaN and inf."""
    arr = np.asarray(value)
    if arr.dtype == object or arr.dtype.kind not in "fiub":
        raise TypeError(f"{name} must be a numeric array, got dtype {arr.dtype} ({_show(value)})")
    arr = arr.astype(np.float64)
    if finite and not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must be finite, got NaN or inf in {_show(value)}")
    return arr
