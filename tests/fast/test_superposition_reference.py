"""The faithful torch reference of the official loop: its optimiser equals the workbench's on the same numbers,
and a tiny run trains (torch is optional: skipped without it)."""

import numpy as np
import pytest

torch = pytest.importorskip("torch")

from sims.superposition import RowAdamW, ToyConfig, train_models  # noqa: E402
from sims.superposition._reference_torch import _paper_adamw, train_reference  # noqa: E402


@pytest.mark.parametrize("gamma", [-1.0, -0.3, 0.0, 0.7])
def test_reference_optimiser_equals_the_workbench_kernel(gamma):
    rng = np.random.default_rng(1)
    w0 = rng.normal(size=(6, 3)).astype(np.float32)
    grads = rng.normal(size=(4, 6, 3)).astype(np.float32)
    param = torch.nn.Parameter(torch.from_numpy(w0.copy()))
    reference = _paper_adamw(torch)([{"params": [param], "weight_decay": gamma}], lr=0.05)
    ours = RowAdamW(w0[None].copy(), [gamma])
    for grad, lr in zip(grads, (0.05, 0.04, 0.03, 0.02), strict=True):
        reference.param_groups[0]["lr"] = lr
        param.grad = torch.from_numpy(grad.copy())
        reference.step()
        ours.step(grad[None], lr)
    assert np.allclose(param.detach().numpy(), ours.param[0], rtol=1e-5, atol=1e-6)


def test_tiny_reference_run_trains_and_agrees_in_scale_with_the_workbench():
    config = ToyConfig(n=30, widths=(5,), gammas=(-1.0,), batch_size=64, steps=300, eval_batches=5, trace_points=3)
    ref = train_reference(config, -1.0, 5, seed=0, threads=1)
    assert ref["weights"].shape == (30, 5) and ref["bias"].shape == (30,)
    assert ref["train_loss"][-20:].mean() < ref["train_loss"][:20].mean()
    ours = train_models(config, 0).test_loss[0, 0]
    # Different random streams: only the scale is compared here (the benchmark does the 3-SE check).
    assert 0.5 < ref["test_loss"] / ours < 2.0


def test_reference_bad_input():
    with pytest.raises(ValueError, match="width must be <= 30"):
        train_reference(ToyConfig(n=30, widths=(5,)), -1.0, 31, 0)
    with pytest.raises(TypeError, match="ToyConfig"):
        train_reference({"n": 30}, -1.0, 5, 0)
