"""Thin MERGE plumbing shared by the silver tables; the rules themselves live in the table modules.

``apply_changes`` serves ``user_devices``, ``user_profile`` and the derived tables: rows flagged for deletion
are deleted, the others inserted or updated, and a row whose values are all equal to the stored ones is left
alone (with deletion vectors on, such a MERGE does not even commit a version). ``insert_new`` only inserts rows
whose keys are not stored yet. ``upsert_value`` (``workouts``, ``gym_logs``) replaces one column where the
table's rule says the new value wins, a strict comparison. None of the three writes anything when the same
input is replayed. ``heart_rate`` MERGEs on its own (insert-only, bounded to the batch's time span).

Into a table that has never been written (the initial load) a MERGE can only insert, yet it still joins
the source with the target and runs its conditions; ``appended_if_never_written`` appends instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from delta.tables import DeltaTable
from pyspark.sql import Column, DataFrame, SparkSession
from pyspark.sql import functions as F

DELETE_FLAG = "_delete"
_PRESENT = "_present"


def same_values_sql(columns: Sequence[str], left: str = "t", right: str = "s") -> str:
    """SQL condition: every listed column is equal (null-safe) between the two aliases."""
    return " AND ".join(f"{left}.`{c}` <=> {right}.`{c}`" for c in columns) or "TRUE"


def keys_match_sql(keys: Sequence[str], left: str = "t", right: str = "s") -> str:
    return " AND ".join(f"{left}.`{k}` = {right}.`{k}`" for k in keys)


def never_written(spark: SparkSession, table: str) -> bool:
    """True while ``table`` is as ``CREATE TABLE`` left it (version 0, no rows): a MERGE into it only inserts."""
    latest = DeltaTable.forName(spark, table).history(1).first()
    return latest is not None and int(latest["version"]) == 0 and latest["operation"] == "CREATE TABLE"


def append(table: str, rows: DataFrame, columns: Sequence[str]) -> None:
    """Appends to the table's Delta location: the schema check is against its Delta log, never against a
    catalog entry that another thread may be registering at that moment (saveAsTable then saw ``struct<>``)."""
    location = DeltaTable.forName(rows.sparkSession, table).detail().first()["location"]
    rows.select(*columns).write.format("delta").mode("append").save(location)


def appended_if_never_written(spark: SparkSession, table: str, rows: DataFrame) -> bool:
    """The initial load's shortcut: appends ``rows`` (at most one per key) to a table that has never been written,
    where a MERGE could only insert them, and returns True; returns False and writes nothing otherwise."""
    if not never_written(spark, table):
        return False
    append(table, rows, spark.table(table).columns)
    return True


def upsert_value(
    spark: SparkSession, table: str, rows: DataFrame, keys: Sequence[str], column: str, when_sql: str
) -> None:
    """``rows`` hold one row per key: new keys are inserted, and a stored key takes the row's ``column`` where
    ``when_sql`` (aliases ``t`` stored, ``s`` new) holds. The first batch into a never-written table is appended."""
    if appended_if_never_written(spark, table, rows):
        return
    (
        DeltaTable.forName(spark, table)
        .alias("t")
        .merge(rows.alias("s"), keys_match_sql(keys))
        .whenMatchedUpdate(condition=when_sql, set={f"`{column}`": f"s.`{column}`"})
        .whenNotMatchedInsertAll()
        .execute()
    )


def source_values(columns: Sequence[str]) -> dict[str, str]:
    """A MERGE's insert and update assignments: every column from the source row ``s``."""
    return {f"`{c}`": f"s.`{c}`" for c in columns}


@dataclass(frozen=True)
class Span:
    """``column`` between ``low`` and ``high`` (inclusive): where every row a write may touch lies."""

    column: str
    low: float
    high: float

    def holds(self, alias: str | None = None) -> Column:
        """The condition on the table (``alias.column`` when given): literals only, so Delta can skip files."""
        return F.col(f"{alias}.{self.column}" if alias else self.column).between(F.lit(self.low), F.lit(self.high))


def keys_match_within(keys: Sequence[str], within: Span | None = None) -> Column:
    """MERGE condition: the same ``keys`` (aliases ``t`` and ``s``), and the target row ``within`` the span
    when one is given: that part names only target columns and literals, which is what Delta's MERGE uses
    to skip target files by their statistics."""
    condition = F.expr(keys_match_sql(keys))
    return condition if within is None else condition & within.holds("t")


def apply_changes(
    spark: SparkSession, table: str, changes: DataFrame, keys: Sequence[str], within: Span | None = None
) -> None:
    """MERGEs ``changes`` (the table's columns plus a boolean ``_delete``) into ``table`` by ``keys``.

    ``within``: every stored row that a change matches lies in this span; the MERGE reads only the files whose
    statistics meet it.
    """
    if appended_if_never_written(spark, table, changes.where(~F.col(DELETE_FLAG))):
        return
    columns = spark.table(table).columns
    values = source_values(columns)
    (
        DeltaTable.forName(spark, table)
        .alias("t")
        .merge(changes.alias("s"), keys_match_within(keys, within))
        .whenMatchedDelete(condition=f"s.{DELETE_FLAG}")
        .whenMatchedUpdate(condition=f"NOT ({same_values_sql(columns)})", set=values)
        .whenNotMatchedInsert(condition=f"NOT s.{DELETE_FLAG}", values=values)
        .execute()
    )


def upsert(spark: SparkSession, table: str, rows: DataFrame, keys: Sequence[str]) -> None:
    """Inserts new keys, updates changed rows; for tables whose rows never disappear."""
    apply_changes(spark, table, rows.withColumn(DELETE_FLAG, F.lit(False)), keys)


def sync_keys(spark: SparkSession, table: str, desired: DataFrame, keys: Sequence[str], key_set: DataFrame) -> None:
    """For every key in ``key_set``: the row of ``desired`` with that key, or no row at all."""
    present = desired.withColumn(_PRESENT, F.lit(True))
    changes = key_set.select(*keys).distinct().join(present, list(keys), "left")
    apply_changes(spark, table, changes.withColumn(DELETE_FLAG, F.col(_PRESENT).isNull()).drop(_PRESENT), keys)


def insert_new(
    spark: SparkSession, table: str, rows: DataFrame, keys: Sequence[str], within: Span | None = None
) -> None:
    """Inserts the ``rows`` whose ``keys`` the table does not hold: a MERGE with only an insert clause, which
    Delta runs as one anti join with the stored rows and an append (no search for the files to rewrite,
    nothing rewritten or marked deleted; nothing to insert, no commit)."""
    if appended_if_never_written(spark, table, rows):
        return
    values = source_values(spark.table(table).columns)
    (
        DeltaTable.forName(spark, table)
        .alias("t")
        .merge(rows.alias("s"), keys_match_within(keys, within))
        .whenNotMatchedInsert(values=values)
        .execute()
    )


def sync_slice(
    spark: SparkSession,
    table: str,
    desired: DataFrame,
    keys: Sequence[str],
    slice_keys: DataFrame,
    within: Span | None = None,
) -> None:
    """Makes the rows of ``table`` that belong to ``slice_keys`` exactly equal to ``desired``.

    ``slice_keys`` holds values of some columns of the table (e.g. a workout's key, when the table's key
    also has the reading ``time``); every stored row with those values is in the slice, and the rows of
    the slice that ``desired`` no longer has are deleted. ``within``: a span that holds every stored row of
    the slice and every desired row (then only the files that meet it are read).

    Slices that hold no row yet (a workout completed since the last refresh: every slice of a refresh while
    devices stream) can only gain rows: they are inserted with ``insert_new``. Only the slices that hold rows
    go through the MERGE that updates and deletes.
    """
    stored = spark.table(table) if within is None else spark.table(table).where(within.holds())
    columns = slice_keys.columns
    held = stored.select(*columns).join(slice_keys.distinct(), on=columns, how="left_semi").distinct()
    if held.isEmpty():
        insert_new(spark, table, desired, keys, within)
        return
    _sync_held(spark, table, desired.join(held, on=columns, how="left_semi"), keys, held, stored, within)
    # ``held`` is read again here, after that MERGE: it wrote only to held slices, and a held slice it
    # emptied has no desired rows, so the slices left for insert_new are the same.
    insert_new(spark, table, desired.join(held, on=columns, how="left_anti"), keys, within)


def _sync_held(
    spark: SparkSession,
    table: str,
    desired: DataFrame,
    keys: Sequence[str],
    held: DataFrame,
    stored: DataFrame,
    within: Span | None,
) -> None:
    """``sync_slice`` for slices that hold rows: desired rows upserted, the slice's other rows deleted."""
    in_slice = stored.join(held, on=held.columns, how="left_semi").select(*keys)
    gone = in_slice.join(desired.select(*keys), on=list(keys), how="left_anti")
    changes = desired.withColumn(DELETE_FLAG, F.lit(False)).unionByName(
        gone.withColumn(DELETE_FLAG, F.lit(True)), allowMissingColumns=True
    )
    apply_changes(spark, table, changes, keys, within)
