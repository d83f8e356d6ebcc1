"""``literal_frame``: the DataFrame ``createDataFrame`` would give, without a Python RDD behind it."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from pyspark.sql import functions as F
from pyspark.sql.types import (
    ArrayType,
    BooleanType,
    DateType,
    DoubleType,
    LongType,
    StringType,
    StructField,
    StructType,
    TimestampType,
)

from pulselake_lakehouse.frames import literal_frame

ADDRESS = StructType([StructField("city", StringType()), StructField("zip", StringType())])
SCHEMA = StructType(
    [
        StructField("id", LongType()),
        StructField("name", StringType()),
        StructField("score", DoubleType()),
        StructField("at", TimestampType()),
        StructField("day", DateType()),
        StructField("ok", BooleanType()),
        StructField("address", ADDRESS),
        StructField("tags", ArrayType(StringType())),
    ]
)
ROWS = [
    (1, "a", 1.5, datetime(2023, 3, 11, 8, 0, 0, 250000), date(2023, 3, 11), True, ("Reno", "89501"), ["x", "y"]),
    (2, None, 2.0, None, None, False, None, []),  # every field not null in row 1 is null here
    (3, "c", None, datetime(2023, 3, 12), date(2023, 3, 12), None, ("Elko", None), None),
]


def test_gives_what_create_data_frame_gives(spark):
    expected = spark.createDataFrame(ROWS, SCHEMA)
    built = literal_frame(spark, ROWS, SCHEMA)
    assert built.schema == expected.schema
    assert built.collect() == expected.collect()


def test_a_null_in_a_later_row_stays_null(spark):
    built = literal_frame(spark, ROWS, SCHEMA)
    assert built.where(F.col("name").isNull()).count() == 1
    assert built.where(F.col("address").isNull()).select("id").collect()[0][0] == 2


def test_takes_mappings_ddl_strings_and_no_rows(spark):
    ddl = "user_id BIGINT, address STRUCT<city: STRING, zip: STRING>"
    built = literal_frame(spark, [{"user_id": 7, "address": {"zip": "89501", "city": "Reno"}}], ddl)
    assert [tuple(r) for r in built.collect()] == [(7, ("Reno", "89501"))]
    empty = literal_frame(spark, [], ddl)
    assert empty.schema == built.schema
    assert empty.count() == 0


def test_needs_no_python_rdd(spark):
    def plan(df):
        return df._jdf.queryExecution().analyzed().toString()

    assert "LogicalRDD" in plan(spark.createDataFrame(ROWS, SCHEMA))  # what the check would see
    assert "LogicalRDD" not in plan(literal_frame(spark, ROWS, SCHEMA))


def test_refuses_what_the_schema_forbids(spark):
    strict = StructType([StructField("id", LongType(), nullable=False)])
    with pytest.raises(ValueError, match="not nullable"):
        literal_frame(spark, [(None,)], strict)
    with pytest.raises(ValueError, match="2 values for 1 fields"):
        literal_frame(spark, [(1, 2)], strict)
