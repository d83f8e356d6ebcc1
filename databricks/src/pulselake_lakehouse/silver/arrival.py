"""Arrival order: "last received wins" means the record of the latest (``file_modification_time``, ``source_file``).

Bronze stamps every record with the landing file it came from; silver tables that resolve conflicts by
arrival keep these two columns so that a later micro-batch can tell whether it really is newer.
"""

from __future__ import annotations

from collections.abc import Sequence

from pyspark.sql import Column, DataFrame, Window
from pyspark.sql import functions as F

ARRIVAL_COLUMNS: tuple[str, str] = ("file_modification_time", "source_file")


def keep_first_per_key(df: DataFrame, keys: Sequence[str], order: Sequence[Column]) -> DataFrame:
    """One row per key: the first by ``order`` (callers list their preference, most important first)."""
    # Every remaining column breaks ties, so the winner never depends on partitioning or input order.
    tiebreak = [F.col(c).desc_nulls_last() for c in df.columns if c not in keys]
    window = Window.partitionBy(*keys).orderBy(*order, *tiebreak)
    return df.withColumn("_rank", F.row_number().over(window)).where("_rank = 1").drop("_rank")


def last_received_first() -> list[Column]:
    """Sort order that puts the most recently received record first."""
    return [F.col(c).desc_nulls_last() for c in ARRIVAL_COLUMNS]


def received_later_sql(newer: str, older: str) -> str:
    """SQL condition: the row aliased ``newer`` arrived after the row aliased ``older``."""
    time, file = ARRIVAL_COLUMNS
    return f"({newer}.{time} > {older}.{time} OR ({newer}.{time} = {older}.{time} AND {newer}.{file} > {older}.{file}))"
