"""Thin MERGE plumbing shared by the silver tables; the rules themselves live in the table modules."""

from __future__ import annotations

from collections.abc import Sequence

from delta.tables import DeltaTable
from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F

DELETE_FLAG = "_delete"


def same_values_sql(columns: Sequence[str], left: str = "t", right: str = "s") -> str:
    """SQL condition: every listed column is equal (null-safe) between the two aliases."""
    return " AND ".join(f"{left}.`{c}` <=> {right}.`{c}`" for c in columns) or "TRUE"


def keys_match_sql(keys: Sequence[str], left: str = "t", right: str = "s") -> str:
    return " AND ".join(f"{left}.`{k}` = {right}.`{k}`" for k in keys)


def sync_slice(spark: SparkSession, table: str, desired: DataFrame, keys: Sequence[str], slice_keys: DataFrame) -> None:
    """Makes the rows of ``table`` that belong to ``slice_keys`` exactly equal to ``desired``.

    ``slice_keys`` holds values of some columns of the table (e.g. ``user_id``); every row of the table
    with those values is in the slice. Rows of ``desired`` are inserted or updated (only when a value
    differs, so an unchanged slice writes nothing), rows of the slice missing from ``desired`` are deleted.
    """
    target = spark.table(table)
    columns = target.columns
    slice_columns = slice_keys.columns
    in_slice = target.join(slice_keys.distinct(), on=slice_columns, how="left_semi").select(*keys)
    gone = in_slice.join(desired.select(*keys), on=list(keys), how="left_anti")
    source = desired.select(*columns, F.lit(False).alias(DELETE_FLAG)).unionByName(
        gone.withColumn(DELETE_FLAG, F.lit(True)), allowMissingColumns=True
    )
    values = {f"`{c}`": f"s.`{c}`" for c in columns}
    (
        DeltaTable.forName(spark, table)
        .alias("t")
        .merge(source.alias("s"), keys_match_sql(keys))
        .whenMatchedDelete(condition=f"s.{DELETE_FLAG}")
        .whenMatchedUpdate(condition=f"NOT ({same_values_sql(columns)})", set=values)
        .whenNotMatchedInsert(condition=f"NOT s.{DELETE_FLAG}", values=values)
        .execute()
    )
