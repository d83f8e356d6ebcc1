"""LakeConfig: one object decides table names and the configurable workout limit."""

import re
from pathlib import Path

from pulselake_lakehouse.config import DEFAULT_MAX_WORKOUT_HOURS, LakeConfig
from pulselake_lakehouse.jobs.common import databricks_config, parse_job_args

JOB_ARGS = ["--catalog", "dev", "--landing", "abfss://landing@acct/", "--checkpoints", "abfss://chk@acct/"]


def test_databricks_names_are_three_level_and_local_names_two_level(tmp_path):
    assert databricks_config(parse_job_args(JOB_ARGS)).gold("gym_summary") == "dev.gold.gym_summary"
    assert LakeConfig.local(tmp_path).silver("heart_rate") == "silver.heart_rate"


def test_the_workout_limit_defaults_to_three_hours_and_is_configurable(tmp_path):
    assert LakeConfig.local(tmp_path).max_workout_seconds == 10800.0
    assert LakeConfig.local(tmp_path, 1.5).max_workout_seconds == 5400.0
    cfg = databricks_config(parse_job_args([*JOB_ARGS, "--max-workout-hours", "4"]))
    assert cfg.max_workout_seconds == 14400.0


def test_the_documented_default_of_the_readme_setting_is_the_python_constant():
    # The README settings table is generated from shared/config/settings.ts: one default, config.py's.
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    documented = re.search(r"\| `PULSELAKE_MAX_WORKOUT_HOURS` \| `([^`]+)` \|", readme)
    assert documented is not None
    assert float(documented.group(1)) == DEFAULT_MAX_WORKOUT_HOURS
