"""The one door to torch: lazy import, seeding, thread caps and numpy <-> tensor conversion.

torch is an optional extra. Importing this module never imports torch; each function imports it on first
use through :func:`require_torch`, which fails with install instructions when the extra is missing. Install
the CPU build explicitly, then the extra (an unpinned torch pulls multi-GB CUDA libraries)::

    pip install torch==2.13.0        # the CPU build where one is provided; else use PyTorch's CPU wheel index
    pip install -e '.[torch]'
"""

from __future__ import annotations

import importlib
import importlib.util
import random
import sys
import warnings
from types import ModuleType
from typing import Any

import numpy as np

from theory._validate import as_float_array, as_int_array, check_choice, check_int

__all__ = ["require_torch", "seed_everything", "set_threads", "to_numpy", "to_tensor", "torch_available"]

_INSTALL_HINT = (
    "this feature needs the optional torch extra, which is not installed. Install the CPU build of torch "
    "first: `pip install torch==2.13.0` (from PyTorch's CPU wheel index where PyPI only offers CUDA builds; an "
    "unpinned torch pulls a multi-GB CUDA build), then the extra: `pip install -e '.[torch]'`"
)
_DTYPES = ("float32", "float64", "int64")
_DEVICE_TYPES = ("cpu", "cuda")
# torch.manual_seed accepts any 64-bit value; the workbench's seeds are non-negative and fit in int64.
_MAX_SEED = 2**63 - 1


def require_torch() -> ModuleType:
    """Return the ``torch`` module, or raise ``ImportError`` saying how to install the CPU build."""
    try:
        return importlib.import_module("torch")
    except ImportError as err:
        raise ImportError(_INSTALL_HINT) from err


def torch_available() -> bool:
    """Whether torch can be found, *without* importing it (a cheap check for skipping optional features)."""
    if "torch" in sys.modules:
        # Already imported, or deliberately hidden by setting ``sys.modules["torch"] = None``.
        return sys.modules["torch"] is not None
    return importlib.util.find_spec("torch") is not None


def seed_everything(seed: int, *, deterministic: bool = True) -> None:
    """Seed Python's ``random`` and torch's global generator; optionally force deterministic torch kernels.

    numpy's global generator is deliberately *not* seeded: workbench code draws numpy randomness only from
    explicit ``np.random.Generator`` objects built from a seed, so global numpy state never matters.
    ``deterministic=True`` calls ``torch.use_deterministic_algorithms(True)``, so an op without a
    deterministic implementation raises instead of silently varying between runs.
    """
    seed = check_int("seed", seed, low=0, high=_MAX_SEED)
    if not isinstance(deterministic, bool):
        raise TypeError(f"deterministic must be a bool, got {deterministic!r}")
    torch = require_torch()
    random.seed(seed)
    torch.manual_seed(seed)
    torch.use_deterministic_algorithms(deterministic)


def set_threads(n: int) -> tuple[int, int]:
    """Cap torch at ``n`` intra-op threads and (if still possible) ``n`` inter-op threads.

    torch lets the inter-op pool be sized only once per process, before any inter-op parallel work; if it is
    already fixed at another size, a ``RuntimeWarning`` says so and the intra-op cap is still applied.
    Returns the resulting ``(intra_op, inter_op)`` thread counts.
    """
    n = check_int("n", n, low=1)
    torch = require_torch()
    torch.set_num_threads(n)
    if torch.get_num_interop_threads() != n:
        try:
            torch.set_num_interop_threads(n)
        except RuntimeError:
            warnings.warn(
                f"torch inter-op threads stay at {torch.get_num_interop_threads()} (requested {n}): torch "
                "fixes them after the first parallel work or the first set_num_interop_threads call",
                RuntimeWarning,
                stacklevel=2,
            )
    return torch.get_num_threads(), torch.get_num_interop_threads()


def _check_device(torch: ModuleType, device: object) -> Any:
    """Parse ``device`` into a ``torch.device`` of an allowed and available type, or raise naming it."""
    if not isinstance(device, str):
        raise TypeError(f"device must be a string such as 'cpu' or 'cuda:0', got {device!r}")
    try:
        parsed = torch.device(device)
    except RuntimeError as err:
        raise ValueError(f"device must be 'cpu', 'cuda' or 'cuda:<index>', got {device!r}") from err
    check_choice("device type", parsed.type, _DEVICE_TYPES)
    if parsed.type == "cuda" and not torch.cuda.is_available():
        raise ValueError(f"device {device!r} requested but this torch build has no usable CUDA; use 'cpu'")
    return parsed


def to_tensor(array: object, dtype: str = "float32", device: str = "cpu") -> Any:
    """Copy a numeric array-like into a new torch tensor of ``dtype`` on ``device`` (same shape).

    ``dtype`` is ``"float32"``, ``"float64"`` or ``"int64"`` (token ids; values must be whole numbers).
    Float input must be finite, and for ``"float32"`` within its range (about 3.4e38) so the cast cannot make
    inf. The tensor never shares memory with ``array``.
    """
    dtype = check_choice("dtype", dtype, _DTYPES)
    torch = require_torch()
    parsed = _check_device(torch, device)
    if dtype == "int64":
        values = as_int_array("array", array)
    else:
        values = as_float_array("array", array)
        limit = float(np.finfo(np.float32).max)
        if dtype == "float32" and values.size and float(np.abs(values).max()) > limit:
            raise ValueError(f"array has values beyond the float32 range (|x| <= {limit:.3e}); use 'float64'")
        values = values.astype(np.dtype(dtype), copy=False)
    # The validators returned a fresh C-contiguous array, so from_numpy aliases only our private copy.
    return torch.from_numpy(np.ascontiguousarray(values)).to(parsed)


def to_numpy(tensor: object) -> np.ndarray:
    """Return a detached CPU numpy copy of ``tensor`` (bfloat16, which numpy lacks, becomes float32)."""
    torch = require_torch()
    if not isinstance(tensor, torch.Tensor):
        raise TypeError(f"tensor must be a torch.Tensor, got {type(tensor).__name__}")
    out = tensor.detach().cpu()
    if out.dtype == torch.bfloat16:
        out = out.to(torch.float32)
    # .cpu() is a no-op for CPU tensors, so .numpy() would share the tensor's memory: copy.
    return out.numpy().copy()
