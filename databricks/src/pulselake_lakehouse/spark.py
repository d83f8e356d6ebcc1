"""Spark session for local runs and tests: Spark local mode + delta-spark.

On Databricks the session already exists (``SparkSession.getActiveSession()``); nothing here
runs there. Locally there is no metastore: the session catalog is in memory and every Delta
table that exists under the warehouse folder is registered again at start-up, so the same
two-level names work in every process.
"""

from __future__ import annotations

import os
from pathlib import Path

from pyspark.sql import SparkSession

from pulselake_lakehouse.config import LAYERS


def local_spark(warehouse_dir: str | Path, app_name: str = "pulselake", shuffle_partitions: int = 4) -> SparkSession:
    """Builds (or returns) the local Spark session with Delta Lake and registers existing tables."""
    from delta import configure_spark_with_delta_pip  # imported late: absent on Databricks

    warehouse = Path(warehouse_dir).resolve()
    warehouse.mkdir(parents=True, exist_ok=True)
    builder = (
        SparkSession.builder.appName(app_name)
        .master(os.environ.get("PULSELAKE_SPARK_MASTER", "local[2]"))
        .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
        .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
        .config("spark.sql.warehouse.dir", str(warehouse))
        .config("spark.sql.shuffle.partitions", str(shuffle_partitions))
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.driver.memory", os.environ.get("PULSELAKE_SPARK_DRIVER_MEMORY", "2g"))
        .config("spark.databricks.delta.snapshotPartitions", "2")
        .config("spark.sql.sources.parallelPartitionDiscovery.parallelism", "2")
    )
    spark = configure_spark_with_delta_pip(builder).getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    register_existing_tables(spark, warehouse)
    return spark


def register_existing_tables(spark: SparkSession, warehouse: Path) -> None:
    """Creates the layer databases and re-registers every Delta table found under them."""
    for layer in LAYERS:
        layer_dir = warehouse / layer
        spark.sql(f"CREATE DATABASE IF NOT EXISTS {layer} LOCATION '{layer_dir}'")
        if not layer_dir.is_dir():
            continue
        for table_dir in sorted(layer_dir.iterdir()):
            if (table_dir / "_delta_log").is_dir():
                spark.sql(f"CREATE TABLE IF NOT EXISTS {layer}.{table_dir.name} USING DELTA LOCATION '{table_dir}'")
