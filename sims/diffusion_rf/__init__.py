"""Simulations for "Why Diffusion Models Don't Memorize": the sampled random-features model, explicit gradient
descent (the reference for the closed form), DDIM sampling with any score, the memorization criterion, and a
small torch score network on the two-Gaussian mixture of SM B and scikit-learn's 8x8 digits.
"""

from ._datasets import DATASETS as DATASETS
from ._datasets import dataset_available as dataset_available
from ._datasets import load_dataset as load_dataset
from ._datasets import sliced_wasserstein as sliced_wasserstein
from ._descent import DescentResult as DescentResult
from ._descent import gradient_descent as gradient_descent
from ._descent import rf_losses as rf_losses
from ._experiment import run_curves as run_curves
from ._memorization import MemorizationResult as MemorizationResult
from ._memorization import memorized_fraction as memorized_fraction
from ._memorization import nearest_two as nearest_two
from ._model import RFConfig as RFConfig
from ._model import RFInstance as RFInstance
from ._model import draw_instance as draw_instance
from ._model import instance_modes as instance_modes
from ._model import sampled_matrices as sampled_matrices
from ._sampler import ddim_sample as ddim_sample
from ._score_net_torch import ScoreNetConfig as ScoreNetConfig
from ._score_net_torch import train_score_net as train_score_net

__all__ = [
    "DATASETS",
    "DescentResult",
    "MemorizationResult",
    "RFConfig",
    "RFInstance",
    "ScoreNetConfig",
    "dataset_available",
    "ddim_sample",
    "draw_instance",
    "gradient_descent",
    "instance_modes",
    "load_dataset",
    "memorized_fraction",
    "nearest_two",
    "rf_losses",
    "run_curves",
    "sampled_matrices",
    "sliced_wasserstein",
    "train_score_net",
]
