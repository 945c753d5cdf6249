"""The RLVR paper's own numbers (Yue et al., arXiv 2504.13837 v2, the PDF shipped in the official repository).

Kept as data, apart from the code that measures, so that every claim can put the paper's value beside ours and
the paper's arithmetic can be re-done. All values are percentages as printed.
"""

from __future__ import annotations

#: Table 2 (algorithm comparison, Qwen2.5-7B, ~150 GRPO-equivalent steps): (pass@1, pass@256) per split.
TABLE2: dict[str, dict[str, tuple[float, float]]] = {
    "GRPO": {"train": (26.1, 66.3), "test": (25.1, 68.3), "math500": (74.4, 97.2)},
    "PPO": {"train": (27.2, 65.8), "test": (26.8, 69.2), "math500": (75.2, 97.2)},
    "ReMax": {"train": (24.4, 65.5), "test": (23.8, 67.5), "math500": (73.5, 96.6)},
    "RLOO": {"train": (28.6, 66.4), "test": (28.1, 69.2), "math500": (75.0, 97.4)},
    "Reinforce++": {"train": (28.2, 67.7), "test": (28.0, 69.7), "math500": (75.4, 96.8)},
    "DAPO": {"train": (31.4, 66.1), "test": (26.5, 67.0), "math500": (75.6, 96.4)},
}

#: Table 3, base row (Qwen2.5-7B): (pass@1, pass@256) per split. ΔSE uses the base model's pass@256.
BASE: dict[str, tuple[float, float]] = {"train": (9.9, 67.2), "test": (10.2, 69.1), "math500": (34.5, 96.2)}

#: Table 3, GRPO checkpoints on Omni-MATH-Train: step -> (pass@1, pass@256).
TABLE3_TRAIN: dict[int, tuple[float, float]] = {
    0: (9.9, 67.2),
    150: (26.1, 66.3),
    300: (33.6, 65.3),
    450: (42.5, 64.3),
}

#: What the v2 text (§4.3) says about in-domain ΔSE: "from GRPO's 43.9 to RLOO's best 42.6".
TEXT_DELTA_SE_TEST: dict[str, float] = {"GRPO": 43.9, "RLOO": 42.6}

#: Table 4: AIME24 problems solvable (pass@1024 > 0) by the base model and by SimpleRL-Qwen2.5-7B.
AIME24_SOLVABLE = {"base": 23, "rl": 19, "rl_only": 0, "base_only": 4, "problems": 30}

#: The paper's names of the six algorithms, in Table 2's order.
ALGORITHMS = tuple(TABLE2)
