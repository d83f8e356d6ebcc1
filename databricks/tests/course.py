"""The course data set (``tests/fixtures/sbit-course``): its rounds of exports and a lake built from round 1 by the
real CLI, shared by the acceptance tests and the checks of the CLI's Spark run (``test_spark``)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from cli import REPO_ROOT, CliRun, pulselake

COURSE = REPO_ROOT / "tests" / "fixtures" / "sbit-course"
ROUND_FILES = {
    1: ["1-registered_users_1.csv", "2-user_info_1.json", "3-bpm_1.json.gz", "4-workout_1.json", "5-gym_logins_1.csv"],
    # 3-bpm_2.json is lost (see the fixtures' README): round 2 has no BPM data.
    2: ["1-registered_users_2.csv", "2-user_info_2.json", "4-workout_2.json", "5-gym_logins_2.csv"],
}


@dataclass(frozen=True)
class CourseLake:
    home: Path
    run: CliRun  # the `pulselake run` that built it from round 1


def ingest_round(home: Path, round_number: int) -> None:
    pulselake(home, "ingest", *[str(COURSE / "data" / name) for name in ROUND_FILES[round_number]])


def course_lake(home: Path) -> CourseLake:
    """Round 1 ingested and run on a fresh lake, as a user would: ``pulselake ingest`` then ``pulselake run``."""
    if not COURSE.is_dir():
        pytest.fail(f"course fixtures not found at {COURSE} (the repository keeps its own copy)")
    ingest_round(home, 1)
    return CourseLake(home, pulselake(home, "run"))
