"""The numbers of "Optimal Mistake Bounds for Transductive Online Learning" (Chase, Hanneke, Moran, Shafer,
NeurIPS 2025; numbering of the NeurIPS text with appendices A–E) and the exact values the spec collects.

Kept as data, apart from the code that measures, so that each claim puts the paper's value beside ours.
"""

from __future__ import annotations

#: Theorem B.1: for d >= D0 every class with LD = d has M_tr >= √d / 10 (the proof sets d_0 = 800).
THEOREM_B1_D0 = 800
THEOREM_B1_CONSTANT = 0.1

#: Theorem D.1: for d >= 43 some class with LD = d on 2^d - 1 points has M_tr <= 48 √d.
THEOREM_D1_D0 = 43
THEOREM_D1_CONSTANT = 48

#: Lemma D.2 needs 2d + 4 - 2^{√d} < -1 and states it for d >= 42; Claim D.6 assumes d >= 16.
LEMMA_D2_D0 = 42
CLAIM_D6_D0 = 16

#: Claim D.7: the consistent expert errs <= 24 √d times, so its weight stays >= 4^{-24√d} = 2^{-48√d}.
CLAIM_D7_CONSTANT = 24

#: Claim D.8: "every learner mistake at least halves the total weight", giving <= 48 √d mistakes.
CLAIM_D8_RATIO = 0.5

#: The 8-function class C_lw on 4 points: (VC, LD, M_tr) (spec §2.3, from an unnamed public script).
CLW_DIMENSIONS = (2, 3, 2)

#: (LD, M_tr) of products of C_lw (spec §2.3 [computed]); C_lw^k gives M_tr = 2k at LD = 3k (BKM97's 2d/3).
PRODUCTS = {"C_lw x C_lw": (6, 4), "C_lw x thresholds(3)": (5, 4)}

#: f(d) = min{M_tr(H) : LD(H) = d} for d = 1, 2, 3 (spec §2.3); f(4) is open (2 or 3).
F_VALUES = {1: 1, 2: 2, 3: 2}

#: The spec's proof-implied lower bound L(d) from inequality (6) with ε optimised (paper's d: d + 1 levels).
SPEC_PROOF_IMPLIED = {100: 8, 400: 17, 800: 25, 10_000: 97, 100_000: 312}
