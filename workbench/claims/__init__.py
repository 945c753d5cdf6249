"""Paper modules; importing this package registers every paper's claims, figures and experiments."""

from workbench.claims import diffusion_rf as diffusion_rf  # noqa: F401
from workbench.claims import rlvr as rlvr  # noqa: F401
from workbench.claims import superposition as superposition  # noqa: F401
from workbench.claims import transductive as transductive  # noqa: F401
