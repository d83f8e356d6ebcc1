"""Bronze: one append-only stream per feed, landing NDJSON files -> ``cfg.bronze(feed)`` Delta table.

On Databricks the stream is Auto Loader (``cloudFiles``) with the rescued-data column; locally the
same function uses Spark's plain file source, whose corrupt-record column plays the rescued-data
role. Either way the table holds the feed's fields exactly as in ``schemas/<feed>.schema.json`` plus
the metadata columns below; the arrival order of a record is (``file_modification_time``,
``source_file``).
"""

from __future__ import annotations

from pathlib import Path

from pyspark.sql import Column, DataFrame, SparkSession
from pyspark.sql import functions as F
from pyspark.sql.streaming import StreamingQuery
from pyspark.sql.types import DateType, StringType, StructField, StructType, TimestampType

from pulselake_lakehouse.config import LakeConfig
from pulselake_lakehouse.feed_schemas import feed_struct
from pulselake_lakehouse.streams import AVAILABLE_NOW, Trigger

RESCUED = "_rescued_data"
METADATA_FIELDS: tuple[StructField, ...] = (
    StructField(RESCUED, StringType()),
    StructField("source_file", StringType()),
    StructField("file_modification_time", TimestampType()),
    StructField("ingest_date", DateType()),
    StructField("load_time", TimestampType()),
)
# Landing folders are Hive-style (``<feed>/ingest_date=YYYY-MM-DD/<file>``); the date comes from the path
# so that Auto Loader and the plain file source give the same column without partition inference.
INGEST_DATE_PATTERN = r"/ingest_date=(\d{4}-\d{2}-\d{2})/"


def bronze_struct(feed: str) -> StructType:
    """Schema of the bronze table: the feed's fields, then the metadata columns."""
    return StructType([*feed_struct(feed).fields, *METADATA_FIELDS])


def with_bronze_metadata(raw: DataFrame, feed_fields: list[str], rescued: Column) -> DataFrame:
    """Projects a landing read (with its ``_metadata`` column) onto the bronze columns."""
    source_file = F.col("_metadata.file_path")
    ingest_date = F.regexp_extract(source_file, INGEST_DATE_PATTERN, 1)
    return raw.select(
        *[F.col(name) for name in feed_fields],
        rescued.alias(RESCUED),
        source_file.alias("source_file"),
        F.col("_metadata.file_modification_time").alias("file_modification_time"),
        F.when(ingest_date != "", F.to_date(ingest_date)).alias("ingest_date"),
        F.current_timestamp().alias("load_time"),
    )


def read_landing(spark: SparkSession, cfg: LakeConfig, feed: str) -> DataFrame:
    """Streaming read of one feed's landing folder, projected onto the bronze columns."""
    schema = feed_struct(feed)
    fields = schema.fieldNames()
    if cfg.on_databricks:
        raw = (
            spark.readStream.format("cloudFiles")
            .option("cloudFiles.format", "json")
            .option("cloudFiles.schemaEvolutionMode", "rescue")
            .option("rescuedDataColumn", RESCUED)
            .schema(schema)
            .load(cfg.landing(feed))
            .select("*", "_metadata")
        )
        return with_bronze_metadata(raw, fields, F.col(RESCUED))
    # A feed that has landed nothing yet has no folder, and the file source refuses a missing path:
    # an empty folder reads as an empty stream (Auto Loader on Databricks waits for the folder itself).
    Path(cfg.landing(feed)).mkdir(parents=True, exist_ok=True)
    # The json reader's rescuedDataColumn is Databricks-only: keep malformed lines whole instead.
    corrupt = "_corrupt_record"
    raw = (
        spark.readStream.format("json")
        .schema(StructType([*schema.fields, StructField(corrupt, StringType())]))
        .option("mode", "PERMISSIVE")
        .option("columnNameOfCorruptRecord", corrupt)
        # No partition inference (ingest_date comes from the path above): a long-lived stream started on an
        # empty folder would otherwise gain a partition column with the first file and fail ("Invalid batch").
        .option("recursiveFileLookup", "true")
        .load(cfg.landing(feed))
        .select("*", "_metadata")
    )
    return with_bronze_metadata(raw, fields, F.col(corrupt))


def ensure_bronze_table(spark: SparkSession, cfg: LakeConfig, feed: str) -> None:
    """Creates the bronze table (partitioned by ``ingest_date``) if it does not exist yet."""
    columns = ", ".join(f"`{f.name}` {f.dataType.simpleString()}" for f in bronze_struct(feed).fields)
    spark.sql(f"CREATE TABLE IF NOT EXISTS {cfg.bronze(feed)} ({columns}) USING DELTA PARTITIONED BY (ingest_date)")


def start_bronze_stream(
    spark: SparkSession, cfg: LakeConfig, feed: str, trigger: Trigger = AVAILABLE_NOW
) -> StreamingQuery:
    """Starts the append stream of one feed; availableNow stops once every landed file is in bronze."""
    ensure_bronze_table(spark, cfg, feed)
    return (
        read_landing(spark, cfg, feed)
        .writeStream.format("delta")
        .outputMode("append")
        .queryName(f"bronze_{feed}")
        .option("checkpointLocation", cfg.checkpoint(f"bronze/{feed}"))
        .trigger(**trigger)
        .toTable(cfg.bronze(feed))
    )
