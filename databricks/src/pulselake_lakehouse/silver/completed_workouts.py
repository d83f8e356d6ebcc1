"""``completed_workouts``: sessions with a start and a later stop, at most ``max_seconds`` apart."""

from __future__ import annotations

from pyspark.sql import DataFrame
from pyspark.sql import functions as F

KEYS = ("user_id", "workout_id", "session_id")
DEFAULT_MAX_WORKOUT_SECONDS = 3 * 3600.0


def completed_workouts(workouts: DataFrame, max_seconds: float = DEFAULT_MAX_WORKOUT_SECONDS) -> DataFrame:
    """``workouts`` rows (one per key and action) -> one row per completed session with its time window."""
    sessions = workouts.groupBy(*KEYS).agg(
        F.max(F.when(F.col("action") == "start", F.col("timestamp"))).alias("start_time"),
        F.max(F.when(F.col("action") == "stop", F.col("timestamp"))).alias("end_time"),
    )
    duration = F.col("end_time") - F.col("start_time")
    # A NULL start or stop makes the duration NULL, which the filter drops too.
    return sessions.where((duration > 0) & (duration <= max_seconds)).select(*KEYS, "start_time", "end_time")
