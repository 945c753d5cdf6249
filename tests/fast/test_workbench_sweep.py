"""Sweeps: spec parsing and validation, grid expansion, resume after an interrupt with nothing recomputed."""

import itertools
import os

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.fast import _fake_experiments as fx
from tests.fast._fake_experiments import fake_registry  # noqa: F401  (pytest fixture)
from workbench import store, sweep
from workbench.executors import SerialExecutor

pytestmark = pytest.mark.usefixtures("fake_registry")


def test_load_spec_reads_fields_and_defaults_name_to_stem(tmp_path):
    path = tmp_path / "my_grid.toml"
    path.write_text('experiment = "rlvr.x"\nseeds = [2, 0]\n[base]\nn = 3\n[grid]\nx = [1.0, 2.5]\n')
    spec = sweep.load_spec(path)
    assert spec == sweep.SweepSpec(
        experiment="rlvr.x", name="my_grid", seeds=(2, 0), base={"n": 3}, grid={"x": [1.0, 2.5]}
    )
    assert spec.size == 4
    assert spec.raw_points() == [
        ({"n": 3, "x": 1.0}, 2),
        ({"n": 3, "x": 1.0}, 0),
        ({"n": 3, "x": 2.5}, 2),
        ({"n": 3, "x": 2.5}, 0),
    ]


@pytest.mark.parametrize(
    ("text", "error", "match"),
    [
        ("experiment = [", ValueError, "not valid TOML"),
        ('experiment = "rlvr.x"\nseeds = [0]\ncolour = 1', ValueError, "unknown key.*colour"),
        ("seeds = [0]", ValueError, "'experiment' must name a registered experiment"),
        ('experiment = "rlvr.x"\nseeds = []', ValueError, "'seeds' must be a non-empty list"),
        ('experiment = "rlvr.x"\nseeds = [0, 0]', ValueError, "duplicates"),
        ('experiment = "rlvr.x"\nseeds = [-1]', ValueError, "seed must be >= 0"),
        ('experiment = "rlvr.x"\nseeds = [0.5]', TypeError, "seed must be an integer"),
        ('experiment = "rlvr.x"\nname = "a b"\nseeds = [0]', ValueError, "'name' must be"),
        (
            'experiment = "rlvr.x"\nseeds = [0]\n[grid]\nx = 1.0',
            ValueError,
            "grid field 'x' must be a non-empty list",
        ),
        (
            'experiment = "rlvr.x"\nseeds = [0]\n[base]\nx = 1\n[grid]\nx = [2]',
            ValueError,
            "both \\[base\\] and",
        ),
    ],
)
def test_load_spec_rejects_bad_specs(tmp_path, text, error, match):
    path = tmp_path / "bad.toml"
    path.write_text(text)
    with pytest.raises(error, match=match):
        sweep.load_spec(path)


def test_spec_validates_on_construction_too():
    with pytest.raises(ValueError, match="grid field 'x' must be a non-empty list"):
        sweep.SweepSpec(experiment="rlvr.x", name="g", seeds=(0,), grid={"x": []})
    assert sweep.SweepSpec(experiment="rlvr.x", name="g", seeds=[3, 1]).seeds == (3, 1)


def test_load_spec_missing_file(tmp_path):
    with pytest.raises(FileNotFoundError, match="does not exist"):
        sweep.load_spec(tmp_path / "nope.toml")


@given(
    lengths=st.lists(st.integers(1, 3), min_size=0, max_size=3),
    seeds=st.lists(st.integers(0, 50), min_size=1, max_size=3, unique=True),
)
def test_grid_expansion_is_the_cartesian_product(lengths, seeds):
    grid = {f"f{i}": list(range(n)) for i, n in enumerate(lengths)}
    spec = sweep.SweepSpec(experiment="rlvr.x", name="g", seeds=tuple(seeds), base={"b": 1}, grid=grid)
    points = spec.raw_points()
    assert len(points) == spec.size
    expected = [
        ({"b": 1, **dict(zip(grid, combo, strict=True))}, s)
        for combo in itertools.product(*grid.values())
        for s in seeds
    ]
    assert points == expected


def _spec(tmp_path, experiment="rlvr.test_fake_sweep", **kw):
    return sweep.load_spec(fx.write_spec(tmp_path / "spec.toml", experiment, **kw))


def test_plan_rejects_invalid_points_before_writing_anything(tmp_path):
    results = tmp_path / "results"
    with pytest.raises(ValueError, match=r"point 2 \{'n': 2, 'x': 50.0\} \(seed 0\) is invalid: x must be <= 10"):
        sweep.plan_sweep(_spec(tmp_path, grid="x = [1.0, 50.0]"), results)
    with pytest.raises(ValueError, match="has no field.*colour"):
        sweep.plan_sweep(_spec(tmp_path, grid="colour = [1]"), results)
    with pytest.raises(ValueError, match="no experiment named 'rlvr.nope'; known: .*rlvr.test_fake_sweep"):
        sweep.plan_sweep(_spec(tmp_path, experiment="rlvr.nope"), results)
    with pytest.raises(ValueError, match="6 points, more than max_points=5"):
        sweep.plan_sweep(_spec(tmp_path), results, max_points=5)
    with pytest.raises(ValueError, match="max_points must be >= 1"):
        sweep.plan_sweep(_spec(tmp_path), results, max_points=0)
    with pytest.raises(TypeError, match="SweepSpec"):
        sweep.plan_sweep({"experiment": "rlvr.x"}, results)
    assert not results.exists()


def test_point_keys_use_the_resolved_config(tmp_path):
    implicit = sweep.plan_sweep(_spec(tmp_path, grid="x = [1.0]", seeds="[0]"), tmp_path)
    (tmp_path / "b").mkdir()
    explicit_text = 'experiment = "rlvr.test_fake_sweep"\nname = "fake"\nseeds = [0]\n[grid]\nx = [1.0]\nn = [2]\n'
    (tmp_path / "b" / "spec.toml").write_text(explicit_text)
    explicit = sweep.plan_sweep(sweep.load_spec(tmp_path / "b" / "spec.toml"), tmp_path)
    assert implicit.points[0].config == {"x": 1.0, "n": 2}
    assert implicit.points[0].key == explicit.points[0].key  # same point, written two ways
    assert implicit.directory != explicit.directory  # but a different spec, hence a different sweep directory


def _stored(plan):
    return {p.key: store.read_json(plan.path(p)) for p in plan.points if plan.path(p).is_file()}


def test_interrupted_sweep_resumes_without_recomputing(tmp_path, monkeypatch):
    calls = tmp_path / "calls.txt"
    monkeypatch.setattr(fx, "CALLS", calls)
    monkeypatch.setattr(fx, "INTERRUPT_AT", 3)
    plan = sweep.plan_sweep(_spec(tmp_path, experiment="rlvr.test_fake_recording"), tmp_path / "results")
    with pytest.raises(KeyboardInterrupt):
        sweep.run_sweep(plan, SerialExecutor())
    assert len(_stored(plan)) == 2 and len(calls.read_text().splitlines()) == 2
    assert not [f for f in os.listdir(plan.directory / "points") if f.startswith(".")]  # no temp files

    monkeypatch.setattr(fx, "INTERRUPT_AT", None)
    messages = []
    outcome = sweep.run_sweep(plan, SerialExecutor(), log=messages.append)
    assert "2 done, 4 to run" in messages[0]
    assert (outcome.total, outcome.skipped, outcome.ran, outcome.failed) == (6, 2, 4, {})
    lines = calls.read_text().splitlines()
    assert len(lines) == 6 and len(set(lines)) == 6  # every point computed exactly once over the two runs

    stored = _stored(plan)
    assert len(stored) == 6
    for point in plan.points:
        record = stored[point.key]
        assert record["config"] == point.config and record["seed"] == point.seed
        assert record["result"]["y"] == point.config["x"] * 2 + 100 * point.seed
        assert record["provenance"]["pid"] == os.getpid() and record["seconds"] >= 0
        assert set(record["provenance"]["git"]) == {"commit", "dirty"}  # the driver's code version

    summary = store.read_json(plan.directory / "summary.json")
    assert summary["complete"] and summary["total"] == 6 and summary["columns"] == ["x", "seed", "label", "y"]
    assert len(summary["rows"]) == 6 and all(y == x * 2 + 100 * seed for x, seed, _, y in summary["rows"])

    again = sweep.run_sweep(plan, SerialExecutor())
    assert (again.skipped, again.ran) == (6, 0) and len(calls.read_text().splitlines()) == 6


def test_failed_points_are_reported_not_stored_and_retried(tmp_path):
    plan = sweep.plan_sweep(_spec(tmp_path, experiment="rlvr.test_fake_failing", grid="x = [-1.0, 1.0]"), tmp_path)
    outcome = sweep.run_sweep(plan, SerialExecutor())
    assert outcome.ran == 2 and len(outcome.failed) == 2 and not outcome.complete
    assert all(msg == "ValueError: negative x=-1.0" for msg in outcome.failed.values())
    assert len(_stored(plan)) == 2
    summary = store.read_json(plan.directory / "summary.json")
    assert summary["complete"] is False and sorted(summary["missing"]) == sorted(outcome.failed)
    assert sweep.run_sweep(plan, SerialExecutor()).failed.keys() == outcome.failed.keys()  # retried, not skipped


def test_run_sweep_rejects_a_spec_instead_of_a_plan(tmp_path):
    with pytest.raises(TypeError, match="plan must be a SweepPlan"):
        sweep.run_sweep(_spec(tmp_path), SerialExecutor())
