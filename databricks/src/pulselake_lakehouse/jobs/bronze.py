"""Bronze step: every feed's landing folder -> its bronze table (Auto Loader on Databricks), availableNow."""

from __future__ import annotations

import time
from collections.abc import Sequence

from pyspark.sql import SparkSession

from pulselake_lakehouse.bronze import start_bronze_stream
from pulselake_lakehouse.config import LakeConfig
from pulselake_lakehouse.feed_schemas import FEEDS
from pulselake_lakehouse.jobs.common import job_context
from pulselake_lakehouse.logs import LOG, StepReport, log_step, log_summary
from pulselake_lakehouse.streams import run_streams


def run_bronze(spark: SparkSession, cfg: LakeConfig, feeds: Sequence[str] = FEEDS) -> StepReport:
    """Brings every bronze table up to date with the landing zone; reports the rows each stream read."""
    LOG.info("bronze: landing -> bronze")
    started = time.monotonic()
    runs = run_streams({feed: (lambda feed=feed: start_bronze_stream(spark, cfg, feed)) for feed in feeds})
    rows = {cfg.bronze(feed): run.input_rows for feed, run in zip(feeds, runs, strict=True)}
    report = StepReport("bronze", time.monotonic() - started, rows, "rows read")
    log_step(report)
    return report


def main(argv: Sequence[str] | None = None) -> None:
    job = job_context(argv, __doc__ or "")
    log_summary([run_bronze(job.spark, job.cfg)])


if __name__ == "__main__":
    main()
