"""What every job entry needs: task parameters -> LakeConfig, logging, the Spark session, the schemas."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from dataclasses import dataclass

from pyspark.sql import SparkSession

from pulselake_lakehouse.config import DEFAULT_MAX_WORKOUT_HOURS, LAYERS, LakeConfig
from pulselake_lakehouse.logs import configure_logging


def parse_job_args(argv: Sequence[str] | None = None, description: str = "") -> argparse.Namespace:
    """Task parameters of the Databricks job (see resources/pipeline.job.yml)."""
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


def ensure_schemas(spark: SparkSession, cfg: LakeConfig) -> None:
    """Creates the bronze, silver and gold schemas (databases) if missing."""
    for layer in LAYERS:
        spark.sql(f"CREATE SCHEMA IF NOT EXISTS {cfg.schema(layer)}")


@dataclass(frozen=True)
class JobContext:
    spark: SparkSession
    cfg: LakeConfig


def job_context(argv: Sequence[str] | None, description: str) -> JobContext:
    """The preamble of every job entry: parameters, logging, the session Databricks started, the schemas."""
    cfg = databricks_config(parse_job_args(argv, description))
    configure_logging()
    spark = SparkSession.builder.getOrCreate()
    ensure_schemas(spark, cfg)
    return JobContext(spark, cfg)
