"""``heart_rate``: one row per (``device_id``, ``time``), last received wins; ``valid`` marks plausible readings.

The table is the largest one and grows all the time, while a micro-batch brings readings of a short span of
time, and every MERGE writes files that hold only its batch's readings. The MERGE condition bounds ``t.time``
to the batch's span, so Delta skips every file whose ``time`` statistics lie outside it instead of joining
the batch with the whole table. (The initial load is appended as it comes: range-partitioning it by time
cost more in the full run than it saved later; docs/performance.md.)
"""

from __future__ import annotations

from delta.tables import DeltaTable
from pyspark.sql import Column, DataFrame, SparkSession
from pyspark.sql import functions as F

from pulselake_lakehouse.config import LakeConfig
from pulselake_lakehouse.silver.arrival import (
    ARRIVAL_COLUMNS,
    keep_first_per_key,
    last_received_first,
    received_later_sql,
)
from pulselake_lakehouse.silver.merge import Span, appended_if_never_written, keys_match_within

KEYS = ("device_id", "time")
MIN_VALID_BPM = 0.0  # exclusive
MAX_VALID_BPM = 300.0  # exclusive


def is_valid_heartrate(heartrate: Column) -> Column:
    return heartrate.isNotNull() & (heartrate > MIN_VALID_BPM) & (heartrate < MAX_VALID_BPM)


def heart_rate_rows(bronze: DataFrame) -> DataFrame:
    """Bronze bpm rows -> silver rows: unusable keys dropped, one row per key (last received), ``valid`` added."""
    readings = bronze.where(F.col("device_id").isNotNull() & F.col("time").isNotNull()).select(
        "device_id", "time", "heartrate", *ARRIVAL_COLUMNS
    )
    latest = keep_first_per_key(readings, KEYS, last_received_first())
    return latest.withColumn("valid", is_valid_heartrate(F.col("heartrate")))


def merge_heart_rate(spark: SparkSession, cfg: LakeConfig, bronze_batch: DataFrame) -> None:
    """MERGEs one bronze micro-batch: new keys are inserted, a later conflicting reading replaces the earlier."""
    table = cfg.silver("heart_rate")
    if appended_if_never_written(spark, table, heart_rate_rows(bronze_batch)):
        return
    rows = heart_rate_rows(bronze_batch).persist()  # read twice: its time span, then the MERGE
    try:
        low, high = rows.agg(F.min("time"), F.max("time")).first() or (None, None)
        if low is None:
            return  # no usable reading in the batch
        (
            DeltaTable.forName(spark, table)
            .alias("t")
            .merge(rows.alias("s"), keys_match_within(KEYS, Span("time", low, high)))
            .whenMatchedUpdateAll(condition=f"{received_later_sql('s', 't')} AND NOT (s.heartrate <=> t.heartrate)")
            .whenNotMatchedInsertAll()
            .execute()
        )
    finally:
        rows.unpersist()
