"""``gym_logs``: one row per visit (``mac_address``, ``gym``, ``login``); ``logout`` is the greatest received."""

from __future__ import annotations

from delta.tables import DeltaTable
from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F

from pulselake_lakehouse.config import LakeConfig
from pulselake_lakehouse.silver.merge import appended_if_never_written, keys_match_sql

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
    table, rows = cfg.silver("gym_logs"), gym_visits(bronze_batch)
    if appended_if_never_written(spark, table, rows):  # the initial load: one row per key, every one an insert
        return
    (
        DeltaTable.forName(spark, table)
        .alias("t")
        .merge(rows.alias("s"), keys_match_sql(KEYS))
        .whenMatchedUpdate(condition=LATER_LOGOUT_SQL, set={"logout": "s.logout"})
        .whenNotMatchedInsertAll()
        .execute()
    )
