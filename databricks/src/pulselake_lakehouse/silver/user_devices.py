"""``user_devices``: every registration, with the interval in which it is in effect (``users``, the latest one per
user, is a view of it: ``silver/tables.py``).

The device and MAC in effect for a user at time t: the user's latest registration with
``registration_timestamp <= t``; before the first registration, the earliest one. Each registration
therefore covers [its timestamp, the next one's) and the earliest also everything before it; storing
that interval (``effective_from`` NULL = since the beginning, ``effective_to`` NULL = until further
notice) lets every consumer, Python or SQL, apply the rule with one predicate (``in_effect_at``).
"""

from __future__ import annotations

from pyspark.sql import Column, DataFrame, SparkSession, Window
from pyspark.sql import functions as F

from pulselake_lakehouse.config import LakeConfig
from pulselake_lakehouse.silver.arrival import ARRIVAL_COLUMNS, keep_first_per_key, last_received_first
from pulselake_lakehouse.silver.merge import upsert

KEYS = ("user_id", "registration_timestamp")
REGISTRATION_COLUMNS = ("user_id", "registration_timestamp", "device_id", "mac_address", *ARRIVAL_COLUMNS)


def registrations(bronze: DataFrame) -> DataFrame:
    """Bronze registration rows -> usable registrations (MAC in lower case)."""
    usable = bronze.where(
        F.col("user_id").isNotNull()
        & F.col("device_id").isNotNull()
        & F.col("mac_address").isNotNull()
        & F.col("registration_timestamp").isNotNull()
    )
    return usable.withColumn("mac_address", F.lower("mac_address")).select(*REGISTRATION_COLUMNS)


def registration_history(rows: DataFrame) -> DataFrame:
    """All registrations of some users -> one row per (user, timestamp) with its effective interval.

    ``rows`` must hold every registration of each user it mentions (the interval depends on the neighbours).
    Conflicting registrations with the same key: the last received wins.
    """
    latest = keep_first_per_key(rows.select(*REGISTRATION_COLUMNS), KEYS, last_received_first())
    by_time = Window.partitionBy("user_id").orderBy("registration_timestamp")
    first = F.row_number().over(by_time) == 1
    return latest.select(
        "user_id",
        "registration_timestamp",
        "device_id",
        "mac_address",
        F.when(first, F.lit(None)).otherwise(F.col("registration_timestamp")).cast("double").alias("effective_from"),
        F.lead("registration_timestamp").over(by_time).alias("effective_to"),
        *ARRIVAL_COLUMNS,
    )


def in_effect_at(history: DataFrame, t: Column) -> Column:
    """True for the registration of ``history`` that is in effect at time ``t`` (one per user)."""
    starts = history["effective_from"].isNull() | (history["effective_from"] <= t)
    ends = history["effective_to"].isNull() | (t < history["effective_to"])
    return starts & ends


def merge_registrations(spark: SparkSession, cfg: LakeConfig, bronze_batch: DataFrame) -> None:
    """Adds a batch of registrations: recomputes the history of the users it mentions (``users`` is a view of it)."""
    new = registrations(bronze_batch).persist()
    try:
        touched_users = new.select("user_id").distinct()
        known = spark.table(cfg.silver("user_devices")).join(touched_users, "user_id", "left_semi")
        history = registration_history(known.select(*REGISTRATION_COLUMNS).unionByName(new)).persist()
        # Registrations are never withdrawn: the touched users' rows only gain or change, never disappear.
        upsert(spark, cfg.silver("user_devices"), history, KEYS)
        history.unpersist()
    finally:
        new.unpersist()
