"""Bronze step: every feed's landing folder -> its bronze table (Auto Loader on Databricks), availableNow."""

from __future__ import annotations

from collections.abc import Sequence

from pyspark.sql import SparkSession

from pulselake_lakehouse.bronze import start_bronze_stream
from pulselake_lakehouse.config import LakeConfig
from pulselake_lakehouse.feed_schemas import FEEDS
from pulselake_lakehouse.jobs.common import job_context
from pulselake_lakehouse.logs import StepReport, log_summary
from pulselake_lakehouse.streams import run_stream_step


def run_bronze(spark: SparkSession, cfg: LakeConfig, feeds: Sequence[str] = FEEDS) -> StepReport:
    """Brings every bronze table up to date with the landing zone; reports the rows each stream read."""
    starters = {feed: (lambda feed=feed: start_bronze_stream(spark, cfg, feed)) for feed in feeds}
    return run_stream_step("bronze", "landing -> bronze", starters, cfg.bronze)


def main(argv: Sequence[str] | None = None) -> None:
    job = job_context(argv, __doc__ or "")
    log_summary([run_bronze(job.spark, job.cfg)])


if __name__ == "__main__":
    main()
