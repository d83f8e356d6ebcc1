"""``gym_logs``: one row per visit (``mac_address``, ``gym``, ``login``); ``logout`` is the greatest received."""

from __future__ import annotations

from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F

from pulselake_lakehouse.config import LakeConfig
from pulselake_lakehouse.silver.merge import upsert_value

KEYS = ("mac_address", "gym", "login")

# A visit stays open (NULL logout) until some record brings a logout; a later, greater logout replaces it.
LATER_LOGOUT_SQL = "s.logout IS NOT NULL AND (t.logout IS NULL OR s.logout > t.logout)"


def gym_visits(bronze: DataFrame) -> DataFrame:
    """Bronze gym_visit rows -> one row per visit with the greatest non-null logout (NULL while open)."""
    usable = bronze.where(
        F.col("mac_address").isNotNull() & F.col("gym").isNotNull() & F.col("login").isNotNull()
    ).withColumn("mac_address", F.lower("mac_address"))
    return usable.groupBy(*KEYS).agg(F.max("logout").alias("logout"))


def merge_gym_logs(spark: SparkSession, cfg: LakeConfig, bronze_batch: DataFrame) -> None:
    upsert_value(spark, cfg.silver("gym_logs"), gym_visits(bronze_batch), KEYS, "logout", LATER_LOGOUT_SQL)
