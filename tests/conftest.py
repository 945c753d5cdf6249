"""Shared test configuration: hypothesis profiles, a headless matplotlib backend, and thread caps.

Profiles (select with HYPOTHESIS_PROFILE): ``ci`` (derandomised, no deadline; auto-selected when CI is set),
``dev`` (no deadline: the first example of a JIT-compiled function pays the compile), ``thorough`` (many examples).
"""

import os

# Before numpy/numba/matplotlib are imported anywhere: no display, and no oversubscription of the 2 cores.
os.environ.setdefault("MPLBACKEND", "Agg")
os.environ.setdefault("NUMBA_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

from hypothesis import HealthCheck, settings  # noqa: E402

settings.register_profile(
    "ci",
    derandomize=True,
    deadline=None,
    database=None,
    print_blob=True,
    max_examples=40,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", deadline=None, max_examples=60)
settings.register_profile("thorough", deadline=None, max_examples=1000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))
