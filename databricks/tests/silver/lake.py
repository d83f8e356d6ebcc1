"""Test helpers: an isolated lake per test (own databases) and bronze-shaped DataFrames from plain dicts."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from pyspark.sql import DataFrame, SparkSession

from pulselake_lakehouse.bronze import bronze_struct
from pulselake_lakehouse.config import LakeConfig, Layer
from pulselake_lakehouse.frames import literal_frame
from pulselake_lakehouse.silver import SILVER_MERGERS, SILVER_TABLES, ensure_silver_tables, refresh_derived
from pulselake_lakehouse.sql_files import run_sql_file

_lake_numbers = itertools.count(1)
RECEIVED_EPOCH = datetime(2023, 3, 10)


@dataclass(frozen=True)
class IsolatedConfig(LakeConfig):
    """A LakeConfig whose layers are databases of their own (``<prefix>_silver``), so tests never share tables."""

    prefix: str = "t"

    def schema(self, layer: Layer) -> str:
        return f"{self.prefix}_{layer}"


def new_lake(spark: SparkSession, with_silver: bool = True) -> IsolatedConfig:
    cfg = IsolatedConfig(
        landing_root="/nonexistent", checkpoint_root="/nonexistent", prefix=f"lake{next(_lake_numbers)}"
    )
    create_databases(spark, cfg)
    if with_silver:
        ensure_silver_tables(spark, cfg)
    return cfg


def create_databases(spark: SparkSession, cfg: IsolatedConfig) -> None:
    """The lake's own bronze, silver and gold databases."""
    for layer in ("bronze", "silver", "gold"):
        spark.sql(f"CREATE DATABASE IF NOT EXISTS {cfg.schema(layer)}")


def bronze(spark: SparkSession, feed: str, rows: list[dict[str, Any]]) -> DataFrame:
    """A bronze micro-batch: each dict gives feed fields; ``received`` (seconds, default the row index) sets the
    arrival order (``file_modification_time``) and ``file`` the ``source_file`` (default one file per arrival)."""
    schema = bronze_struct(feed)
    records = []
    for index, row in enumerate(rows):
        received = row.get("received", index)
        values = {
            "source_file": row.get("file", f"file:/landing/{feed}/batch-{received:06}.ndjson"),
            "file_modification_time": RECEIVED_EPOCH + timedelta(seconds=received),
            "load_time": RECEIVED_EPOCH,
            **{k: v for k, v in row.items() if k not in ("received", "file")},
        }
        records.append(tuple(values.get(field.name) for field in schema.fields))
    return literal_frame(spark, records, schema)


def rows(df: DataFrame, *columns: str) -> list[tuple[Any, ...]]:
    """The rows of ``df`` as tuples of the given columns (all if none given), sorted with NULLs first."""
    selected = df.select(*columns) if columns else df
    return sorted((tuple(r) for r in selected.collect()), key=lambda row: [(v is not None, v) for v in row])


def table_rows(spark: SparkSession, name: str, *columns: str) -> list[tuple[Any, ...]]:
    return rows(spark.table(name), *columns)


def version(spark: SparkSession, name: str) -> int:
    return int(spark.sql(f"DESCRIBE HISTORY {name} LIMIT 1").first()["version"])


def operations(spark: SparkSession, name: str) -> list[str]:
    """The operation of every commit of the table, oldest first (``CREATE TABLE``, ``WRITE``, ``MERGE``, ...)."""
    return [row["operation"] for row in spark.sql(f"DESCRIBE HISTORY {name}").orderBy("version").collect()]


GOLD_SQL_DIR = Path(__file__).resolve().parents[2] / "sql" / "gold"


def put_rows(spark: SparkSession, cfg: LakeConfig, table: str, records: list[tuple[Any, ...]]) -> None:
    """Replaces the content of a silver table (columns in DDL order) - for gold tests that start from silver."""
    literal_frame(spark, records, SILVER_TABLES[table]).write.insertInto(cfg.silver(table), overwrite=True)


def run_gold(spark: SparkSession, cfg: LakeConfig, *names: str) -> None:
    """Runs the gold SQL files (all, or those whose name contains one of ``names``) in name order."""
    for path in sorted(GOLD_SQL_DIR.glob("*.sql")):
        if not names or any(n in path.name for n in names):
            run_sql_file(spark, path, cfg)


def run_pipeline(
    spark: SparkSession, cfg: LakeConfig, batch: dict[str, list[dict[str, Any]]], today: date = date(2023, 3, 12)
) -> None:
    """What the job runner does for one run: each feed's micro-batch through its merger, refresh, gold."""
    for feed, records in batch.items():
        if records:
            SILVER_MERGERS[feed](spark, cfg, bronze(spark, feed, records))
    refresh_derived(spark, cfg, today=today)
    run_gold(spark, cfg)
