"""Silver job: per feed, a stream over the bronze table whose micro-batches MERGE into silver, then the
derived silver tables (completed_workouts, workout_bpm, user_bins) are brought up to date.

The rules live in ``pulselake_lakehouse.silver``; this module is only the streaming plumbing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from pyspark.sql import DataFrame, SparkSession
from pyspark.sql.streaming import StreamingQuery

from pulselake_lakehouse.bronze import ensure_bronze_table
from pulselake_lakehouse.config import LakeConfig
from pulselake_lakehouse.feed_schemas import FEEDS
from pulselake_lakehouse.jobs.common import databricks_config, databricks_spark, ensure_schemas, parse_job_args
from pulselake_lakehouse.streams import AVAILABLE_NOW, StreamRun, Trigger, run_streams

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


def run_silver_streams(spark: SparkSession, cfg: LakeConfig, feeds: Sequence[str] = FEEDS) -> list[StreamRun]:
    from pulselake_lakehouse.silver import ensure_silver_tables

    ensure_silver_tables(spark, cfg)
    return run_streams({feed: (lambda feed=feed: start_silver_stream(spark, cfg, feed)) for feed in feeds})


def refresh_derived(spark: SparkSession, cfg: LakeConfig) -> None:
    from pulselake_lakehouse.silver import refresh_derived as refresh

    refresh(spark, cfg, max_workout_seconds=cfg.max_workout_seconds)


def main(argv: Sequence[str] | None = None) -> None:
    cfg = databricks_config(parse_job_args(argv, description=__doc__ or ""))
    spark = databricks_spark()
    ensure_schemas(spark, cfg)
    for run in run_silver_streams(spark, cfg):
        print(f"{run.name}: {run.input_rows} rows in {run.batches} batches, {run.seconds:.1f} s")
    refresh_derived(spark, cfg)


if __name__ == "__main__":
    main()
