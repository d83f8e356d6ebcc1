from pulselake_lakehouse.silver.heart_rate import heart_rate_rows, merge_heart_rate
from silver.lake import bronze, rows, table_rows, version


def test_identical_duplicates_collapse_and_conflicts_keep_last_received(spark):
    batch = bronze(
        spark,
        "bpm",
        [
            {"device_id": 1, "time": 1678410000.0, "heartrate": 60.0, "received": 5},
            {"device_id": 1, "time": 1678410000.0, "heartrate": 60.0, "received": 5},
            {"device_id": 2, "time": 1678410000.5, "heartrate": 70.0, "received": 9},
            {"device_id": 2, "time": 1678410000.5, "heartrate": 71.0, "received": 3},
        ],
    )
    assert rows(heart_rate_rows(batch), "device_id", "time", "heartrate") == [
        (1, 1678410000.0, 60.0),
        (2, 1678410000.5, 70.0),
    ]


def test_valid_means_not_null_and_strictly_between_0_and_300(spark):
    readings = [None, -5.0, 0.0, 0.001, 150.0, 299.999, 300.0, 1000.0]
    batch = bronze(
        spark, "bpm", [{"device_id": 1, "time": 1678410000.0 + i, "heartrate": hr} for i, hr in enumerate(readings)]
    )
    valid = [r[1] for r in rows(heart_rate_rows(batch), "time", "valid")]
    assert valid == [False, False, False, True, True, True, False, False]


def test_rows_without_device_or_time_are_not_readings(spark):
    batch = bronze(
        spark, "bpm", [{"device_id": None, "time": 1678410000.0, "heartrate": 60.0}, {"device_id": 1, "time": None}]
    )
    assert heart_rate_rows(batch).count() == 0


def test_merge_is_idempotent_and_a_later_conflicting_reading_wins(spark, lake):
    table = lake.silver("heart_rate")
    first = bronze(spark, "bpm", [{"device_id": 1, "time": 1678410000.0, "heartrate": 60.0, "received": 1}])
    merge_heart_rate(spark, lake, first)
    after_first = version(spark, table)
    merge_heart_rate(spark, lake, first)
    assert version(spark, table) == after_first, "the same batch again must not commit anything"

    later = bronze(spark, "bpm", [{"device_id": 1, "time": 1678410000.0, "heartrate": 65.0, "received": 2}])
    earlier = bronze(spark, "bpm", [{"device_id": 1, "time": 1678410000.0, "heartrate": 55.0, "received": 0}])
    merge_heart_rate(spark, lake, later)
    merge_heart_rate(spark, lake, earlier)  # processed last but received first: it loses
    assert table_rows(spark, table, "device_id", "time", "heartrate") == [(1, 1678410000.0, 65.0)]
