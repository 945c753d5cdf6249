"""The numbers of "Why Diffusion Models Don't Memorize" (Bonnaire, Urfin, Biroli, Mézard; NeurIPS 2025,
arXiv 2505.17638 v2), as data. The paper has no tables: every value is read from its text or figures (the
spec, papers/diffusion_rf.md §2, lists where).
"""

from __future__ import annotations

#: Fig. 4 / Fig. 14: the setting of the spectrum plots.
SPECTRUM_SETTING = {"psi_p": 64, "psi_n": (8, 32), "t": 0.01, "d": 100}

#: Theorem 3.2 at ψ_p = 64, ψ_n = 8: fractions of the delta peak, ρ1 and ρ2.
FRACTIONS_64_8 = (0.859375, 0.125, 0.015625)

#: Sect. 3 text on Fig. 4: the fast bulk ρ2 lies "between λ≈10 and λ≈45" (ψ_n = 8).
FAST_BULK = (10.0, 45.0)

#: Fig. 5: the grid of the RF training curves.
DYNAMICS_SETTING = {"psi_p": 64, "psi_n": (4, 8, 16, 32), "t": 0.1, "d": 100}

#: Fig. 2 (CelebA U-Net): τ_mem ≈ 300 n SGD steps; τ_gen ≈ 100K steps for every n.
UNET_TAU_MEM_PER_SAMPLE = 300
UNET_TAU_GEN = 100_000
