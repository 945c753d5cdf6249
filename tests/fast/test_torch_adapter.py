"""The torch adapter: lazy import, the install hint, seeding, thread caps and numpy <-> tensor round trips."""

import subprocess
import sys

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import array_shapes, arrays

from sims import torch_adapter as ta


def test_importing_the_adapter_does_not_import_torch():
    code = "import sims.torch_adapter, sys; assert 'torch' not in sys.modules, 'torch was imported'"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr


def test_require_torch_explains_how_to_install_when_torch_is_hidden(monkeypatch):
    # A None entry in sys.modules makes `import torch` raise ImportError, as if torch were not installed.
    monkeypatch.setitem(sys.modules, "torch", None)
    with pytest.raises(ImportError, match=r"pip install torch==2\.13\.0.*pip install -e '\.\[torch\]'"):
        ta.require_torch()
    assert ta.torch_available() is False
    with pytest.raises(ImportError, match="optional torch extra"):
        ta.to_tensor([1.0])


@pytest.fixture
def torch():
    return pytest.importorskip("torch")


def test_require_torch_returns_the_module(torch):
    assert ta.require_torch() is torch
    assert ta.torch_available() is True


@given(values=arrays(np.float64, array_shapes(max_dims=3, max_side=4), elements=st.floats(-1e6, 1e6, width=64)))
def test_float64_round_trip_is_exact_and_copies(values):
    pytest.importorskip("torch")
    tensor = ta.to_tensor(values, dtype="float64")
    assert tuple(tensor.shape) == values.shape and str(tensor.dtype) == "torch.float64"
    back = ta.to_numpy(tensor)
    np.testing.assert_array_equal(back, values)
    # Neither direction may alias memory: changing one side must leave the other untouched.
    if values.size:
        original = values.copy()
        tensor.view(-1)[0] += 1.0
        np.testing.assert_array_equal(values, original)
        np.testing.assert_array_equal(back, original)


def test_float32_and_int64_conversions(torch):
    tensor = ta.to_tensor([[0.1, 2.5]], dtype="float32")
    assert tensor.dtype == torch.float32
    np.testing.assert_array_equal(ta.to_numpy(tensor), np.array([[0.1, 2.5]], dtype=np.float32))
    ids = ta.to_tensor(np.array([3.0, 0.0, 7.0]), dtype="int64")
    assert ids.dtype == torch.int64 and ids.tolist() == [3, 0, 7]


def test_to_numpy_detaches_and_converts_bfloat16(torch):
    weights = torch.ones(3, requires_grad=True)
    out = ta.to_numpy(weights * 2)
    assert isinstance(out, np.ndarray) and out.tolist() == [2.0, 2.0, 2.0]
    half = ta.to_numpy(torch.tensor([1.5, -2.0], dtype=torch.bfloat16))
    assert half.dtype == np.float32 and half.tolist() == [1.5, -2.0]


def test_seeding_makes_torch_and_python_random_reproducible(torch):
    import random

    def draw():
        return torch.rand(5).tolist(), random.random()

    try:
        ta.seed_everything(123)
        first = draw()
        ta.seed_everything(123)
        assert draw() == first
        ta.seed_everything(124)
        assert draw() != first
        assert torch.are_deterministic_algorithms_enabled()
    finally:
        torch.use_deterministic_algorithms(False)


def test_set_threads_applies_the_intra_op_cap(torch):
    before = torch.get_num_threads()
    try:
        intra, inter = ta.set_threads(1)
        assert intra == 1 == torch.get_num_threads() and inter >= 1
    finally:
        torch.set_num_threads(before)


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda: ta.seed_everything(-1), ValueError, "seed must be >= 0"),
        (lambda: ta.seed_everything(1.5), TypeError, "seed must be an integer"),
        (lambda: ta.seed_everything(1, deterministic="yes"), TypeError, "deterministic must be a bool"),
        (lambda: ta.set_threads(0), ValueError, "n must be >= 1"),
        (lambda: ta.to_tensor([1.0], dtype="float16"), ValueError, "dtype must be one of"),
        (lambda: ta.to_tensor([1.0], device="gpu"), ValueError, "device must be 'cpu'"),
        (lambda: ta.to_tensor([1.0], device="mps"), ValueError, "device type must be one of"),
        (lambda: ta.to_tensor([1.0], device=0), TypeError, "device must be a string"),
        (lambda: ta.to_tensor([np.nan]), ValueError, "array must be finite"),
        (lambda: ta.to_tensor(["a"]), TypeError, "array must be a numeric array"),
        (lambda: ta.to_tensor([1e39]), ValueError, "beyond the float32 range"),
        (lambda: ta.to_tensor([1.5], dtype="int64"), ValueError, "array must hold whole numbers"),
        (lambda: ta.to_numpy(np.zeros(2)), TypeError, "tensor must be a torch.Tensor"),
    ],
)
def test_bad_input_is_rejected_with_a_clear_message(torch, call, error, match):
    with pytest.raises(error, match=match):
        call()
