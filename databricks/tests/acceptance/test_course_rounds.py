"""Acceptance: the course data through the real CLI (``pulselake ingest`` -> ``run`` -> ``export``) equals the
expected gold files of ``tests/fixtures/sbit-course/expected/`` (round 1, then round 2 on top), and a run
with no new data leaves every table, row and Delta version as it was.

The CLI starts its own Spark for ``run`` (``export`` reads with delta-rs, as a user would run them) on a fresh
PULSELAKE_HOME; the final check reads every table's rows and version as ``pulselake status`` does. The commands
run in sequence in the background (``course.py``); these tests assert on what each step left.
"""

import json
from pathlib import Path

import pytest

from course import COURSE, CourseRounds

GOLD_FILES = ("workout_bpm_summary.jsonl", "gym_summary.jsonl")
RELATIVE_TOLERANCE = {"avg_bpm": 1e-9}  # unrounded double; every other column must be exact


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def assert_rows_equal(actual: list[dict], expected: list[dict], name: str) -> None:
    assert len(actual) == len(expected), f"{name}: {len(actual)} rows, expected {len(expected)}"
    for index, (got, want) in enumerate(zip(actual, expected, strict=True)):
        for column, value in want.items():
            assert column in got, f"{name} row {index}: column {column} missing"
            if column in RELATIVE_TOLERANCE and value is not None:
                assert got[column] == pytest.approx(value, rel=RELATIVE_TOLERANCE[column]), f"{name} row {index}"
            else:
                assert got[column] == value, f"{name} row {index} column {column}: {got[column]!r} != {value!r}"


def assert_export_matches(out: Path, expected_dir: Path) -> None:
    for name in GOLD_FILES:
        assert_rows_equal(read_jsonl(out / name), read_jsonl(expected_dir / name), name)


def test_round_1_backfill_run_export_equals_expected(course: CourseRounds):
    assert_export_matches(course.round_1_export, COURSE / "expected" / "round1")


def test_round_2_on_top_equals_expected(course: CourseRounds):
    assert_export_matches(course.round_2_export, COURSE / "expected" / "round1+2")


def test_a_run_with_no_new_data_changes_no_table(course: CourseRounds):
    tables = {"gold.workout_bpm_summary", "gold.gym_summary", "silver.heart_rate", "bronze.bpm"}
    assert tables <= set(course.before_replay)
    assert course.after_replay == course.before_replay  # same rows, no new Delta version anywhere
