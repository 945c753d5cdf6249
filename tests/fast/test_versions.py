"""The numba/numpy pair must be one numba supports: numba 0.68 refuses to import with numpy >= 2.6."""

import numba
import numpy as np


def test_numba_and_numpy_are_compatible():
    numba_minor = tuple(int(x) for x in numba.__version__.split(".")[:2])
    numpy_minor = tuple(int(x) for x in np.__version__.split(".")[:2])
    assert numba_minor >= (0, 68), f"numba {numba.__version__} is older than the 0.68 the project pins"
    assert numpy_minor < (2, 6), f"numpy {np.__version__} is too new for numba {numba.__version__}"
    assert numba.njit(lambda x: x + 1)(1) == 2
