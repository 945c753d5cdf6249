"""The superposition paper's own numbers (Liu, Liu & Gore, arXiv 2505.10465 v4, the NeurIPS camera-ready), as data.

Kept apart from the code that measures, so each claim can put the paper's value beside ours.
"""

from __future__ import annotations

#: App. D.1 / Fig. 1d: strong-regime (γ = -1) α_m of the large toy models (n = 10240, m = 8..1024), value ± SE.
STRONG_FAMILY_EXPONENTS: dict[str, tuple[float, float]] = {
    "exponential": (1.01, 0.05),
    "power": (1.00, 0.10),
    "linear": (0.89, 0.05),
}
#: The frequency settings of those three families (App. B.1): power law α = 1.2, exp(-i/400), linear.
FAMILY_SETTINGS: dict[str, dict[str, float]] = {
    "exponential": {"scale": 400.0},
    "power": {"alpha": 1.2},
    "linear": {},
}

#: Fig. 4b: the 9 near-ideal weak cases have α in [1.25, 2] and α_m from about 0.4 to 1.1.
WEAK_ALPHA_RANGE = (1.25, 2.0)
WEAK_ALPHA_M_RANGE = (0.4, 1.1)

#: Fig. 14/15: α_m across activation densities E at strong superposition (labels 1.1 ± 0.2 ... 1.12 ± 0.06).
DENSITY_ALPHA_M = 1.1

#: App. D.7: N ∝ m^(2.52 ± 0.03) (Chinchilla table) and α_N = 0.35 ± 0.02 (Besiroglu et al. 2024).
CHINCHILLA_WIDTH_EXPONENT = (2.52, 0.03)
CHINCHILLA_ALPHA_N = (0.35, 0.02)
CHINCHILLA_ALPHA_M = (0.88, 0.06)

#: all-MiniLM-L6-v2 word-embedding shape (BERT uncased vocabulary x hidden size).
MINILM_SHAPE = (30522, 384)
