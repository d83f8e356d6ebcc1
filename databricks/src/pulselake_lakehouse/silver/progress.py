"""What ``refresh_derived`` has already consumed: per source table the last Delta version read through the
change data feed, plus the settings of the last run (a changed setting means a full recompute)."""

from __future__ import annotations

from delta.tables import DeltaTable
from pyspark.sql import DataFrame, SparkSession

from pulselake_lakehouse.config import LakeConfig
from pulselake_lakehouse.frames import literal_frame

PROGRESS_TABLE = "refresh_progress"


def table_version(spark: SparkSession, table: str) -> int:
    return int(DeltaTable.forName(spark, table).history(1).first()["version"])


def read_progress(spark: SparkSession, cfg: LakeConfig) -> dict[str, str]:
    return {row["name"]: row["value"] for row in spark.table(cfg.silver(PROGRESS_TABLE)).collect()}


def write_progress(spark: SparkSession, cfg: LakeConfig, entries: dict[str, str], stored: dict[str, str]) -> None:
    """Stores ``entries`` over ``stored`` (what was read at the start); nothing new, no commit.

    The table holds a handful of rows and ``refresh_derived`` is its only writer: rewriting it whole is one
    write, where a MERGE of the changed rows took about 1.7 times as long (docs/performance.md).
    """
    if all(stored.get(name) == value for name, value in entries.items()):
        return
    rows = sorted({**stored, **entries}.items())
    literal_frame(spark, rows, "name STRING, value STRING").write.insertInto(cfg.silver(PROGRESS_TABLE), overwrite=True)


def version_key(table: str) -> str:
    return f"version:{table}"


def changes_since(spark: SparkSession, table: str, consumed: str | None, up_to: int) -> DataFrame | None:
    """Rows changed in ``table`` after version ``consumed`` (None: since creation) up to ``up_to``; None if none."""
    start = 0 if consumed is None else int(consumed) + 1
    if start > up_to:
        return None
    return (
        spark.read.format("delta")
        .option("readChangeFeed", "true")
        .option("startingVersion", start)
        .option("endingVersion", up_to)
        .table(table)
    )
