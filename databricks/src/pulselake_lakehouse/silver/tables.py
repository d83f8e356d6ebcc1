"""The silver tables: name -> columns. One place for their DDL.

Times stay epoch seconds (DOUBLE) exactly as the feeds sent them: no rounding, no time-zone question.
Change data feed is on because ``refresh_derived`` reads what changed since its last run; deletion
vectors are on so that a MERGE that changes nothing commits nothing.
"""

from __future__ import annotations

from pyspark.sql import SparkSession

from pulselake_lakehouse.config import LakeConfig
from pulselake_lakehouse.sql_files import run_side_by_side

ARRIVAL = "source_file STRING, file_modification_time TIMESTAMP"

SILVER_TABLES: dict[str, str] = {
    # Every registration, with the interval in which it is the user's device:
    # [effective_from, effective_to); effective_from NULL = since the beginning, effective_to NULL = still.
    "user_devices": "user_id BIGINT, registration_timestamp DOUBLE, device_id BIGINT, mac_address STRING, "
    f"effective_from DOUBLE, effective_to DOUBLE, {ARRIVAL}",
    # The latest registration per user.
    "users": "user_id BIGINT, registration_timestamp DOUBLE, device_id BIGINT, mac_address STRING",
    "gym_logs": "mac_address STRING, gym INT, login DOUBLE, logout DOUBLE",
    # The winning CDC event per user, deletes included (tombstones stop older records resurrecting a profile).
    "user_profile_latest_change": "user_id BIGINT, update_type STRING, timestamp DOUBLE, dob DATE, sex STRING, "
    "gender STRING, first_name STRING, last_name STRING, street_address STRING, city STRING, state STRING, "
    f"zip STRING, {ARRIVAL}",
    # Live profiles only (SCD type 1).
    "user_profile": "user_id BIGINT, timestamp DOUBLE, dob DATE, sex STRING, gender STRING, first_name STRING, "
    "last_name STRING, street_address STRING, city STRING, state STRING, zip STRING",
    "heart_rate": f"device_id BIGINT, time DOUBLE, heartrate DOUBLE, valid BOOLEAN, {ARRIVAL}",
    "workouts": "user_id BIGINT, workout_id INT, session_id INT, action STRING, timestamp DOUBLE",
    "completed_workouts": "user_id BIGINT, workout_id INT, session_id INT, start_time DOUBLE, end_time DOUBLE",
    "workout_bpm": "user_id BIGINT, workout_id INT, session_id INT, time DOUBLE, device_id BIGINT, heartrate DOUBLE",
    "user_bins": "user_id BIGINT, age STRING, gender STRING, city STRING, state STRING",
    # Bookkeeping of refresh_derived: table versions already consumed, the settings of the last run.
    "refresh_progress": "name STRING, value STRING",
}

TABLE_PROPERTIES = "delta.enableChangeDataFeed = true, delta.enableDeletionVectors = true"


def ensure_silver_tables(spark: SparkSession, cfg: LakeConfig) -> None:
    """Creates every silver table that does not exist yet (Delta, change data feed on).

    The statements run side by side: each is mostly fixed latency (about 0.2 s locally), and eleven of them in a
    row held up the first run's silver step.
    """
    statements = (
        f"CREATE TABLE IF NOT EXISTS {cfg.silver(name)} ({SILVER_TABLES[name]}) USING DELTA "
        f"TBLPROPERTIES ({TABLE_PROPERTIES})"
        for name in SILVER_TABLES
    )
    run_side_by_side(spark, statements, "silver_ddl")
