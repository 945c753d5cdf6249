"""Result store: atomic writes survive crashes, incomplete runs are invisible, the newest complete run wins;
and the figure style's sizes and atomic saving."""

import os
import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workbench import store, style
from workbench.executors import THREAD_ENV

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20,
)


@given(data=json_values)
def test_atomic_write_json_round_trips(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("rt") / "sub" / "x.json"
    store.atomic_write_json(path, data)
    assert store.read_json(path) == data
    assert os.listdir(path.parent) == ["x.json"]  # no temp file left behind


def test_crash_in_replace_keeps_old_file_and_leaves_no_temp(tmp_path, monkeypatch):
    path = tmp_path / "result.json"
    store.atomic_write_json(path, {"v": 1})

    def crash(src, dst):
        raise OSError("disk vanished")

    monkeypatch.setattr(store.os, "replace", crash)
    with pytest.raises(OSError, match="disk vanished"):
        store.atomic_write_json(path, {"v": 2})
    assert store.read_json(path) == {"v": 1}
    assert os.listdir(tmp_path) == ["result.json"]


def test_crash_mid_write_creates_nothing(tmp_path):
    path = tmp_path / "fig.png"

    def half_then_crash(fh):
        fh.write(b"partial")
        raise RuntimeError("killed while writing")

    with pytest.raises(RuntimeError, match="killed"):
        store.atomic_write(path, half_then_crash)
    assert os.listdir(tmp_path) == []


def test_unserialisable_data_raises_before_touching_disk(tmp_path):
    with pytest.raises(TypeError, match="not JSON serializable"):
        store.atomic_write_json(tmp_path / "x.json", {"f": object()})
    assert os.listdir(tmp_path) == []


def test_start_run_layout_and_unique_sortable_ids(tmp_path):
    runs = [store.start_run(tmp_path, "rlvr.claim_a", "smoke", {"executor": "serial"}) for _ in range(3)]
    assert all(r.path.parent == tmp_path / "rlvr" / "claim_a" for r in runs)
    ids = [r.path.name for r in runs]
    assert len(set(ids)) == 3 and ids == sorted(ids)  # same second: suffixes keep them apart and in order
    assert ids[0].endswith("Z-smoke") and len(ids[0]) == len("20261125T031500Z-smoke")
    config = store.read_json(runs[0].path / "config.json")
    assert config == {"subject": "rlvr.claim_a", "budget": "smoke", "executor": "serial"}


@pytest.mark.parametrize(
    ("subject", "budget", "match"),
    [
        ("rlvr.a", "huge", "budget must be one of"),
        ("noclaim", "quick", "subject must be"),
        ("rlvr/x.y", "quick", "subject must be"),
        (".hidden.y", "quick", "subject must be"),
    ],
)
def test_start_run_rejects_bad_input(tmp_path, subject, budget, match):
    with pytest.raises(ValueError, match=match):
        store.start_run(tmp_path, subject, budget, {})


def _complete_run(root, subject, measured, budget="quick"):
    run = store.start_run(root, subject, budget, {"claim": subject})
    run.write_json("result.json", {"measured": measured, "verdict": "PASS"})
    run.finish(command="workbench verify", seeds=[0])
    return run


def test_incomplete_runs_are_ignored(tmp_path):
    run = store.start_run(tmp_path, "rlvr.a", "quick", {})
    run.write_json("result.json", {"measured": "1"})  # crashed before provenance was written
    assert store.latest_results(tmp_path) == {}
    run.finish(command="x")
    assert list(store.latest_results(tmp_path)) == ["rlvr.a"]


def test_latest_results_picks_newest_complete_run_per_claim(tmp_path):
    _complete_run(tmp_path, "rlvr.a", "old")
    time.sleep(0.002)
    newest = _complete_run(tmp_path, "rlvr.a", "new", budget="smoke")
    _complete_run(tmp_path, "hivemind.b", "only")
    crashed = store.start_run(tmp_path, "rlvr.a", "full", {})  # newer but incomplete
    crashed.write_json("result.json", {"measured": "partial"})
    figures = store.start_run(tmp_path, "rlvr._figures", "quick", {})  # not a claim
    figures.finish(command="x")
    latest = store.latest_results(tmp_path)
    assert sorted(latest) == ["hivemind.b", "rlvr.a"]
    assert latest["rlvr.a"].path == newest.path
    assert latest["rlvr.a"].result["measured"] == "new"
    assert latest["rlvr.a"].config["budget"] == "smoke"
    assert store.latest_results(tmp_path / "missing") == {}


def test_provenance_records_code_packages_machine_and_timing(tmp_path):
    run = _complete_run(tmp_path, "rlvr.a", "1")
    info = store.read_json(run.path / "provenance.json")
    assert set(info["git"]) == {"commit", "dirty"}
    assert info["git"]["commit"] is None or len(info["git"]["commit"]) == 40
    assert {"numpy", "numba", "scipy", "sympy", "matplotlib"} <= set(info["packages"])
    assert set(info["thread_env"]) == set(THREAD_ENV)
    assert info["seeds"] == [0] and info["command"] == "workbench verify"
    assert info["started"] < info["finished"] and info["seconds"] >= 0
    assert info["cpu_count"] == os.cpu_count()


def test_figure_size_and_bad_input():
    assert style.figure_size() == (5.5, round(5.5 * style.GOLDEN, 4))
    assert style.figure_size("half", ratio=1.0) == (2.65, 2.65)
    with pytest.raises(ValueError, match="width must be one of"):
        style.figure_size("third")
    with pytest.raises(ValueError, match="ratio must be >"):
        style.figure_size("full", ratio=0.0)


def test_save_figure_writes_png_and_pdf_atomically(tmp_path):
    import matplotlib.pyplot as plt

    with style.paper_style():
        assert plt.rcParams["font.size"] == 8.0 and plt.rcParams["text.usetex"] is False
        fig, ax = plt.subplots(figsize=style.figure_size("half"))
        ax.plot([0, 1], [0, 1])
        paths = style.save_figure(fig, tmp_path / "out" / "fig.svg", pdf=True)
    plt.close(fig)
    assert [p.name for p in paths] == ["fig.png", "fig.pdf"]
    assert paths[0].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert paths[1].read_bytes()[:5] == b"%PDF-"
    assert sorted(os.listdir(tmp_path / "out")) == ["fig.pdf", "fig.png"]
    with pytest.raises(TypeError, match="matplotlib Figure"):
        style.save_figure("not a figure", tmp_path / "x.png")


def test_apply_style_sets_headless_backend_and_paper_fonts():
    import matplotlib

    with matplotlib.rc_context():  # restores the global rcParams afterwards
        style.apply_style()
        assert matplotlib.get_backend().lower() == "agg"
        assert matplotlib.rcParams["savefig.dpi"] == 300 and matplotlib.rcParams["font.family"] == ["serif"]
        assert matplotlib.rcParams["mathtext.fontset"] == "stix"
