import json
from pathlib import Path
from urllib.parse import urlparse

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


def test_the_dedupe_sorts_the_batch_once(spark):
    # Keys are almost unique: a partial top-1 per key before the shuffle (a sort of every row) removes nothing.
    batch = bronze(spark, "bpm", [{"device_id": 1, "time": 1678410000.0 + i, "heartrate": 60.0} for i in range(3)])
    plan = heart_rate_rows(batch)._jdf.queryExecution().executedPlan().toString()
    sorts = [line for line in plan.splitlines() if line.lstrip("+- :").startswith("Sort ")]
    assert len(sorts) == 1, plan


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


def data_files(spark, table):
    """The table's live data files: {absolute path: (min time, max time)}, from the add actions of its Delta log."""
    location = Path(urlparse(spark.sql(f"DESCRIBE DETAIL {table}").first()["location"]).path)
    files = {}
    for commit in sorted((location / "_delta_log").glob("*.json")):
        for line in commit.read_text(encoding="utf-8").splitlines():
            action = json.loads(line)
            if "add" in action:
                stats = json.loads(action["add"]["stats"])
                files[location / action["add"]["path"]] = (stats["minValues"]["time"], stats["maxValues"]["time"])
            elif "remove" in action:
                files.pop(location / action["remove"]["path"], None)
    return files


def test_a_merge_reads_only_the_files_whose_time_span_meets_the_batch(spark, lake):
    table = lake.silver("heart_rate")
    early = [{"device_id": 1, "time": 1678410000.0 + i, "heartrate": 60.0, "received": 1} for i in range(100)]
    late = [{"device_id": 1, "time": 1678500000.0 + i, "heartrate": 60.0, "received": 2} for i in range(100)]
    merge_heart_rate(spark, lake, bronze(spark, "bpm", early))  # initial load: appended
    merge_heart_rate(spark, lake, bronze(spark, "bpm", late))  # MERGE: its inserts go to files of their own
    again = [
        {"device_id": 1, "time": 1678500000.0 + 99, "heartrate": 61.0, "received": 3},  # replaces the last
        {"device_id": 1, "time": 1678500000.0 + 100, "heartrate": 62.0, "received": 3},  # new
    ]
    low, high = again[0]["time"], again[1]["time"]
    elsewhere = [path for path, (first, last) in data_files(spark, table).items() if last < low or first > high]
    assert elsewhere, "the early readings should be in files of their own"
    for path in elsewhere:  # a MERGE that opened any of them would fail
        path.unlink()

    merge_heart_rate(spark, lake, bronze(spark, "bpm", again))

    metrics = spark.sql(f"DESCRIBE HISTORY {table} LIMIT 1").first()["operationMetrics"]
    assert (metrics["numTargetRowsUpdated"], metrics["numTargetRowsInserted"]) == ("1", "1")
