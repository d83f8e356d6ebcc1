"""Ingest job: every feed's landing folder -> its bronze table (Auto Loader on Databricks), availableNow."""

from __future__ import annotations

from collections.abc import Sequence

from pyspark.sql import SparkSession

from pulselake_lakehouse.bronze import start_bronze_stream
from pulselake_lakehouse.config import LakeConfig
from pulselake_lakehouse.feed_schemas import FEEDS
from pulselake_lakehouse.jobs.common import databricks_config, databricks_spark, ensure_schemas, parse_job_args
from pulselake_lakehouse.streams import StreamRun, run_streams


def run_ingest(spark: SparkSession, cfg: LakeConfig, feeds: Sequence[str] = FEEDS) -> list[StreamRun]:
    """Brings every bronze table up to date with the landing zone; returns what each stream read."""
    return run_streams({feed: (lambda feed=feed: start_bronze_stream(spark, cfg, feed)) for feed in feeds})


def main(argv: Sequence[str] | None = None) -> None:
    cfg = databricks_config(parse_job_args(argv, description=__doc__ or ""))
    spark = databricks_spark()
    ensure_schemas(spark, cfg)
    for run in run_ingest(spark, cfg):
        print(f"{run.name}: {run.input_rows} rows in {run.batches} batches, {run.seconds:.1f} s")


if __name__ == "__main__":
    main()
