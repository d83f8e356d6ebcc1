"""Silver step: per feed, a stream over the bronze table whose micro-batches MERGE into silver; then the
derived silver tables (completed_workouts, workout_bpm, user_bins) are brought up to date.

The rules live in ``pulselake_lakehouse.silver``; this module is only the streaming plumbing.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence

from pyspark.sql import DataFrame, SparkSession
from pyspark.sql.streaming import StreamingQuery

from pulselake_lakehouse.bronze import ensure_bronze_table
from pulselake_lakehouse.config import LakeConfig
from pulselake_lakehouse.feed_schemas import FEEDS
from pulselake_lakehouse.jobs.common import job_context
from pulselake_lakehouse.logs import LOG, StepReport, log_step, log_summary
from pulselake_lakehouse.side_by_side import side_by_side
from pulselake_lakehouse.streams import AVAILABLE_NOW, Trigger, run_stream_step

DERIVED_TABLES = ("completed_workouts", "workout_bpm", "user_bins")
BatchObserver = Callable[[str, DataFrame], None]


def start_silver_stream(
    spark: SparkSession,
    cfg: LakeConfig,
    feed: str,
    trigger: Trigger = AVAILABLE_NOW,
    after_merge: BatchObserver | None = None,
) -> StreamingQuery:
    """Stream of new bronze rows of one feed, each micro-batch merged by the feed's silver rule.

    ``after_merge(feed, batch)`` runs once the batch is merged (the watcher reads the batch's newest landing time).
    """
    from pulselake_lakehouse.silver import SILVER_MERGERS

    merge = SILVER_MERGERS[feed]

    def merge_batch(batch: DataFrame, _batch_id: int) -> None:
        if after_merge is None:
            merge(spark, cfg, batch)
            return
        # Cached: the observer's read must not scan the source again (Spark would count its rows twice).
        batch = batch.persist()
        try:
            merge(spark, cfg, batch)
            after_merge(feed, batch)
        finally:
            batch.unpersist()

    ensure_bronze_table(spark, cfg, feed)  # a feed that never landed still has an (empty) table to read
    return (
        spark.readStream.table(cfg.bronze(feed))
        .writeStream.queryName(f"silver_{feed}")
        .foreachBatch(merge_batch)
        .option("checkpointLocation", cfg.checkpoint(f"silver/{feed}"))
        .trigger(**trigger)
        .start()
    )


def run_silver_streams(spark: SparkSession, cfg: LakeConfig, feeds: Sequence[str] = FEEDS) -> StepReport:
    """Merges every new bronze row into silver; reports the bronze rows each feed's stream read."""
    from pulselake_lakehouse.silver import ensure_silver_tables

    ensure_silver_tables(spark, cfg)
    starters = {feed: (lambda feed=feed: start_silver_stream(spark, cfg, feed)) for feed in feeds}
    return run_stream_step("silver", "bronze -> silver (MERGE per micro-batch)", starters, cfg.bronze)


def run_derived(spark: SparkSession, cfg: LakeConfig) -> StepReport:
    """Brings the derived silver tables up to date; reports their row counts afterwards."""
    from pulselake_lakehouse.silver import refresh_derived

    LOG.info("derived: %s", ", ".join(DERIVED_TABLES))
    started = time.monotonic()
    refresh_derived(spark, cfg, max_workout_seconds=cfg.max_workout_seconds)
    # Counted side by side: each count is a Spark job of mostly fixed latency (the three in a row took 1.5 s
    # of an incremental 1M run).
    counts = side_by_side([lambda name=name: spark.table(cfg.silver(name)).count() for name in DERIVED_TABLES], "count")
    rows = {cfg.silver(name): count for name, count in zip(DERIVED_TABLES, counts, strict=True)}
    report = StepReport("derived", time.monotonic() - started, rows, "rows")
    log_step(report)
    return report


def run_silver(spark: SparkSession, cfg: LakeConfig) -> list[StepReport]:
    """The whole silver task: the streams, then the derived tables."""
    return [run_silver_streams(spark, cfg), run_derived(spark, cfg)]


def main(argv: Sequence[str] | None = None) -> None:
    job = job_context(argv, __doc__ or "")
    log_summary(run_silver(job.spark, job.cfg))


if __name__ == "__main__":
    main()
