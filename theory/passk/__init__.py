"""pass@k estimation (Chen et al. 2021; Yue et al. 2025, Appendix A.2).

For a problem with c correct answers among n samples, the unbiased estimator of the chance that k samples
contain a correct one is E(n, c, k) = 1 - C(n-c, k) / C(n, k) (k <= n; k > n raises). Element-wise:
:func:`pass_at_k`, :func:`plugin_pass_at_k` (biased, for comparison), :func:`population_pass_at_k`
(1 - (1-p)^k). All k at once for a dataset: :func:`pass_at_k_table`, :func:`pass_at_k_mean`. Uncertainty:
:func:`pass_at_k_variance`, :func:`pass_at_k_stderr`. Reading curves and counts: :func:`solvable`,
:func:`coverage`, :func:`crossover_k`, :func:`sampling_efficiency_gap`, :func:`accuracy_histogram`.
Readers of evaluation outputs return :class:`PassCounts`.
"""

from ._curves import AccuracyHistogram as AccuracyHistogram
from ._curves import accuracy_histogram as accuracy_histogram
from ._curves import coverage as coverage
from ._curves import crossover_k as crossover_k
from ._curves import sampling_efficiency_gap as sampling_efficiency_gap
from ._curves import solvable as solvable
from ._estimator import pass_at_k as pass_at_k
from ._estimator import plugin_pass_at_k as plugin_pass_at_k
from ._estimator import population_pass_at_k as population_pass_at_k
from ._readers import PassCounts as PassCounts
from ._readers import read_counts_table as read_counts_table
from ._readers import read_evalplus as read_evalplus
from ._readers import read_samples_jsonl as read_samples_jsonl
from ._table import pass_at_k_mean as pass_at_k_mean
from ._table import pass_at_k_table as pass_at_k_table
from ._uncertainty import pass_at_k_stderr as pass_at_k_stderr
from ._uncertainty import pass_at_k_variance as pass_at_k_variance

__all__ = [
    "AccuracyHistogram",
    "PassCounts",
    "accuracy_histogram",
    "coverage",
    "crossover_k",
    "pass_at_k",
    "pass_at_k_mean",
    "pass_at_k_stderr",
    "pass_at_k_table",
    "pass_at_k_variance",
    "plugin_pass_at_k",
    "population_pass_at_k",
    "read_counts_table",
    "read_evalplus",
    "read_samples_jsonl",
    "sampling_efficiency_gap",
    "solvable",
]
