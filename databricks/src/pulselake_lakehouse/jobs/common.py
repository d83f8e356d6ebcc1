"""What every job needs: its LakeConfig from task parameters and the Spark session."""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from pyspark.sql import SparkSession

from pulselake_lakehouse.config import DEFAULT_MAX_WORKOUT_HOURS, LakeConfig


def parse_job_args(argv: Sequence[str] | None = None, description: str = "") -> argparse.Namespace:
    """Task parameters of a Databricks job (see resources/*.job.yml)."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--catalog", required=True, help="Unity Catalog name (three-level table names)")
    parser.add_argument("--landing", required=True, help="landing zone root, e.g. abfss://landing@<account>/")
    parser.add_argument("--checkpoints", required=True, help="root folder of the streaming checkpoints")
    parser.add_argument(
        "--max-workout-hours",
        type=float,
        default=DEFAULT_MAX_WORKOUT_HOURS,
        help="longest workout that counts as completed (contract §3)",
    )
    return parser.parse_args(argv)


def databricks_config(args: argparse.Namespace) -> LakeConfig:
    return LakeConfig(
        landing_root=args.landing,
        checkpoint_root=args.checkpoints,
        catalog=args.catalog,
        on_databricks=True,
        max_workout_hours=args.max_workout_hours,
    )


def databricks_spark() -> SparkSession:
    """The session Databricks already started for the task."""
    return SparkSession.builder.getOrCreate()


def ensure_schemas(spark: SparkSession, cfg: LakeConfig) -> None:
    """Creates the bronze, silver and gold schemas (databases) if missing."""
    for layer in ("bronze", "silver", "gold"):
        spark.sql(f"CREATE SCHEMA IF NOT EXISTS {cfg.schema(layer)}")
