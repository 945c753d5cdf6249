"""Toy models of superposition (Liu, Liu & Gore; Elhage et al. 2022): y = ReLU(W Wᵀ x + b).

Data x_i = u_i v_i with u_i ~ Bernoulli(p_i), v_i ~ U(0, 2) (:func:`sample_sparse`, :func:`sample_dense`);
the model's math in float64 (:func:`toy_output`, :func:`toy_loss`, :func:`toy_gradients`); the paper's AdamW
with per-row decay or growth (:class:`RowAdamW`) and schedule (:func:`learning_rate`); batched training of
every (γ, m) model of a :class:`ToyConfig` on shared batches (:func:`train_models`); measurements
(:func:`measure_models`) and the sweepable experiment (:func:`run_sweep`); the faithful torch reference of
the official loop (:func:`train_reference`, needs the torch extra).
"""

from ._analysis import measure_models as measure_models
from ._analysis import run_sweep as run_sweep
from ._config import INITS as INITS
from ._config import PAPER_GAMMAS as PAPER_GAMMAS
from ._config import PAPER_WIDTHS as PAPER_WIDTHS
from ._config import ToyConfig as ToyConfig
from ._data import SparseBatch as SparseBatch
from ._data import learning_rate as learning_rate
from ._data import sample_dense as sample_dense
from ._data import sample_sparse as sample_sparse
from ._model import toy_gradients as toy_gradients
from ._model import toy_loss as toy_loss
from ._model import toy_output as toy_output
from ._optim import RowAdamW as RowAdamW
from ._reference_torch import train_reference as train_reference
from ._train import TrainedModels as TrainedModels
from ._train import train_models as train_models

__all__ = [
    "INITS",
    "PAPER_GAMMAS",
    "PAPER_WIDTHS",
    "RowAdamW",
    "SparseBatch",
    "ToyConfig",
    "TrainedModels",
    "learning_rate",
    "measure_models",
    "run_sweep",
    "sample_dense",
    "sample_sparse",
    "toy_gradients",
    "toy_loss",
    "toy_output",
    "train_models",
    "train_reference",
]
