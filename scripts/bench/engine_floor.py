"""Engine floor of the pipeline bench: the same Spark session settings as ``pulselake run``, reading the same
landing files with the bronze projection and writing every feed once to a Delta table (batch, no MERGE,
no streaming checkpoint). Usage: ``python engine_floor.py --home DIR`` (writes under DIR/floor-warehouse)."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from pyspark.sql import functions as F
from pyspark.sql.types import StringType, StructField, StructType

from pulselake_lakehouse.bronze import with_bronze_metadata
from pulselake_lakehouse.config import LakeConfig
from pulselake_lakehouse.feed_schemas import FEEDS, feed_struct
from pulselake_lakehouse.spark import local_spark, stop_spark


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--home", required=True, type=Path)
    home = parser.parse_args().home.resolve()
    cfg = LakeConfig.local(home)
    started = time.monotonic()
    spark = local_spark(home / "floor-warehouse", app_name="pulselake-engine-floor")
    for feed in FEEDS:
        landing = Path(cfg.landing(feed))
        if not landing.is_dir():
            continue
        schema = feed_struct(feed)
        raw = (
            spark.read.schema(
                StructType(
                    [*schema.fields, StructField("_corrupt_record", StringType())]
                )
            )
            .option("mode", "PERMISSIVE")
            .option("columnNameOfCorruptRecord", "_corrupt_record")
            .json(str(landing))
            .select("*", "_metadata")
        )
        rows = with_bronze_metadata(raw, schema.fieldNames(), F.col("_corrupt_record"))
        rows.write.format("delta").partitionBy("ingest_date").save(
            str(home / "floor-warehouse" / feed)
        )
    print(f"engine floor: {time.monotonic() - started:.1f} s", flush=True)
    stop_spark(spark)  # as `pulselake run` ends: the JVM's exit is in both figures


if __name__ == "__main__":
    main()
