"""``workouts``: per (user, workout, session, action) the earliest ``start`` and the latest ``stop``."""

from __future__ import annotations

from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F

from pulselake_lakehouse.config import LakeConfig
from pulselake_lakehouse.silver.merge import upsert_value

KEYS = ("user_id", "workout_id", "session_id", "action")
ACTIONS = ("start", "stop")

# The rule, once for a batch (aggregate) and once against the table (MATCHED condition).
KEEPS_NEWER_SQL = (
    "(s.action = 'start' AND s.timestamp < t.timestamp) OR (s.action = 'stop' AND s.timestamp > t.timestamp)"
)


def workout_events(bronze: DataFrame) -> DataFrame:
    """Bronze workout rows -> one row per key: ``start`` keeps the earliest timestamp, ``stop`` the latest."""
    usable = bronze.where(
        F.col("user_id").isNotNull()
        & F.col("workout_id").isNotNull()
        & F.col("session_id").isNotNull()
        & F.col("action").isin(*ACTIONS)
        & F.col("timestamp").isNotNull()
    )
    grouped = usable.groupBy(*KEYS).agg(F.min("timestamp").alias("earliest"), F.max("timestamp").alias("latest"))
    kept = F.when(F.col("action") == "start", F.col("earliest")).otherwise(F.col("latest"))
    return grouped.select(*KEYS, kept.alias("timestamp"))


def merge_workouts(spark: SparkSession, cfg: LakeConfig, bronze_batch: DataFrame) -> None:
    upsert_value(spark, cfg.silver("workouts"), workout_events(bronze_batch), KEYS, "timestamp", KEEPS_NEWER_SQL)
