from pulselake_lakehouse.silver.workouts import merge_workouts, workout_events
from silver.lake import bronze, operations, rows, table_rows, version

START, STOP = "start", "stop"


def event(action, timestamp, session=1, **extra):
    return {"user_id": 7, "workout_id": 1, "session_id": session, "action": action, "timestamp": timestamp, **extra}


def test_start_keeps_the_earliest_and_stop_the_latest(spark):
    batch = bronze(
        spark,
        "workout",
        [event(START, 200.0), event(START, 100.0), event(STOP, 900.0), event(STOP, 950.5), event(STOP, 900.0)],
    )
    assert rows(workout_events(batch), "action", "timestamp") == [(START, 100.0), (STOP, 950.5)]


def test_unknown_actions_and_missing_fields_are_not_events(spark):
    batch = bronze(
        spark, "workout", [event("pause", 1.0), event(START, None), {**event(STOP, 5.0), "session_id": None}]
    )
    assert workout_events(batch).count() == 0


def test_merge_across_batches_stop_before_start_and_replays(spark, lake):
    table = lake.silver("workouts")
    merge_workouts(spark, lake, bronze(spark, "workout", [event(STOP, 900.0)]))  # the stop arrives first
    merge_workouts(spark, lake, bronze(spark, "workout", [event(START, 100.0), event(STOP, 800.0)]))
    merge_workouts(spark, lake, bronze(spark, "workout", [event(START, 150.0)]))  # a later start loses
    expected = [(START, 100.0), (STOP, 900.0)]
    assert table_rows(spark, table, "action", "timestamp") == expected
    # Into the empty table the first batch is appended, the second MERGEs; the third changes nothing, commits nothing.
    assert operations(spark, table) == ["CREATE TABLE", "WRITE", "MERGE"]
    before = version(spark, table)
    merge_workouts(spark, lake, bronze(spark, "workout", [event(START, 100.0), event(STOP, 900.0)]))
    assert table_rows(spark, table, "action", "timestamp") == expected
    assert version(spark, table) == before, "a replayed batch must not commit anything"
