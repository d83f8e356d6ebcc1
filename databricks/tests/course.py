"""The course data set (``tests/fixtures/sbit-course``) through the real CLI, as a user runs it: round 1 ingested,
run and exported on a fresh lake, round 2 on top, then round 1 replayed. The acceptance tests and the checks of
the CLI's Spark run (``test_spark``) assert on what these commands printed, exported and left in the lake.

The CLI runs in processes of its own (their own JVMs), so ``conftest.py`` starts the whole sequence in a
background thread when the suite starts and the tests that read it run last, overlapping the in-process Spark
tests (`npm test` 566 -> 504 s on 2 cores; docs/performance.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from cli import REPO_ROOT, CliRun, pulselake
from pulselake_lakehouse.readonly import table_status

COURSE = REPO_ROOT / "tests" / "fixtures" / "sbit-course"
ROUND_FILES = {
    1: ["1-registered_users_1.csv", "2-user_info_1.json", "3-bpm_1.json.gz", "4-workout_1.json", "5-gym_logins_1.csv"],
    # 3-bpm_2.json is lost (see the fixtures' README): round 2 has no BPM data.
    2: ["1-registered_users_2.csv", "2-user_info_2.json", "4-workout_2.json", "5-gym_logins_2.csv"],
}
TableStates = dict[str, tuple[int, int]]


@dataclass(frozen=True)
class CourseRounds:
    round_1_run: CliRun  # the `pulselake run` that built the lake from round 1
    round_1_export: Path  # `pulselake export` right after it
    round_2_export: Path  # after round 2 was ingested and run on top
    before_replay: TableStates  # every table's (rows, version) before round 1 was ingested and run again
    after_replay: TableStates


def ingest_round(home: Path, round_number: int) -> None:
    pulselake(home, "ingest", *[str(COURSE / "data" / name) for name in ROUND_FILES[round_number]])


def export(home: Path, out: Path) -> Path:
    pulselake(home, "export", "--out", str(out))
    return out


def table_states(home: Path) -> TableStates:
    """Every Delta table under the home's warehouse: (row count, latest version), as ``pulselake status`` reads
    them (delta-rs, no JVM)."""
    return {entry["table"]: (entry["rows"], entry["version"]) for entry in table_status(home / "warehouse")}


def course_rounds(root: Path) -> CourseRounds:
    """Runs the sequence in ``root`` (the lake in ``root/home``, each export in a folder of its own)."""
    if not COURSE.is_dir():
        pytest.fail(f"course fixtures not found at {COURSE} (the repository keeps its own copy)")
    home = root / "home"
    ingest_round(home, 1)
    round_1_run = pulselake(home, "run")
    round_1_export = export(home, root / "export-round1")
    ingest_round(home, 2)
    pulselake(home, "run")
    round_2_export = export(home, root / "export-round1+2")
    before_replay = table_states(home)
    ingest_round(home, 1)  # a replayed backfill lands nothing new
    pulselake(home, "run")
    return CourseRounds(round_1_run, round_1_export, round_2_export, before_replay, table_states(home))
