"""``user_profile``: SCD type 1 over the profile CDC feed, with deletes.

Per user the winning event is the one with the latest ``timestamp``; on equal timestamps ``delete``
beats ``update`` beats ``new``; on a full tie the last received wins. A winning ``delete`` removes the
profile, and stays in ``user_profile_latest_change`` as a tombstone so that an older record that arrives
later cannot bring the profile back; a newer ``new``/``update`` re-creates it. ``update`` replaces the
whole profile.
"""

from __future__ import annotations

from pyspark.sql import Column, DataFrame, SparkSession
from pyspark.sql import functions as F

from pulselake_lakehouse.config import LakeConfig
from pulselake_lakehouse.silver.arrival import ARRIVAL_COLUMNS, keep_first_per_key, last_received_first
from pulselake_lakehouse.silver.merge import sync_keys, upsert

UPDATE_TYPE_RANK = {"new": 1, "update": 2, "delete": 3}
PROFILE_FIELDS = (
    "dob",
    "sex",
    "gender",
    "first_name",
    "last_name",
    "street_address",
    "city",
    "state",
    "zip",
)
CHANGE_COLUMNS = ("user_id", "update_type", "timestamp", *PROFILE_FIELDS, *ARRIVAL_COLUMNS)


def profile_changes(bronze: DataFrame) -> DataFrame:
    """Bronze profile rows -> flat CDC events (``dob`` as DATE, address fields as columns)."""
    usable = bronze.where(
        F.col("user_id").isNotNull() & F.col("update_type").isin(*UPDATE_TYPE_RANK) & F.col("timestamp").isNotNull()
    )
    is_delete = F.col("update_type") == "delete"

    def unless_delete(value: Column) -> Column:  # a delete carries no profile, whatever it sent
        return F.when(~is_delete, value)

    return usable.select(
        "user_id",
        "update_type",
        "timestamp",
        unless_delete(F.to_date("dob", "yyyy-MM-dd")).alias("dob"),
        *[unless_delete(F.col(c)).alias(c) for c in ("sex", "gender", "first_name", "last_name")],
        *[unless_delete(F.col(f"address.{c}")).alias(c) for c in ("street_address", "city", "state", "zip")],
        *ARRIVAL_COLUMNS,
    )


def winning_changes(changes: DataFrame) -> DataFrame:
    """One event per user: latest timestamp, then delete > update > new, then last received."""
    rank = F.create_map(*[x for kind, r in UPDATE_TYPE_RANK.items() for x in (F.lit(kind), F.lit(r))])
    ranked = changes.withColumn("_type_rank", rank[F.col("update_type")])
    order = [F.col("timestamp").desc(), F.col("_type_rank").desc(), *last_received_first()]
    return keep_first_per_key(ranked, ("user_id",), order).drop("_type_rank")


def live_profiles(winners: DataFrame) -> DataFrame:
    """``user_profile`` rows: the winning events that are not deletes."""
    return winners.where(F.col("update_type") != "delete").select("user_id", "timestamp", *PROFILE_FIELDS)


def merge_profiles(spark: SparkSession, cfg: LakeConfig, bronze_batch: DataFrame) -> None:
    """Applies a batch of CDC events: re-decides the winner of each user it mentions, tombstones included."""
    new = profile_changes(bronze_batch).persist()
    try:
        touched_users = new.select("user_id").distinct()
        current = spark.table(cfg.silver("user_profile_latest_change")).join(touched_users, "user_id", "left_semi")
        winners = winning_changes(current.select(*CHANGE_COLUMNS).unionByName(new)).persist()
        upsert(spark, cfg.silver("user_profile_latest_change"), winners, ("user_id",))
        sync_keys(spark, cfg.silver("user_profile"), live_profiles(winners), ("user_id",), touched_users)
        winners.unpersist()
    finally:
        new.unpersist()
