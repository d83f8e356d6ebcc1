from pulselake_lakehouse.frames import literal_frame
from pulselake_lakehouse.silver.workout_bpm import readings_in_window, workout_bpm
from silver.lake import rows

WORKOUTS = "user_id BIGINT, workout_id INT, session_id INT, start_time DOUBLE, end_time DOUBLE"
HISTORY = (
    "user_id BIGINT, registration_timestamp DOUBLE, device_id BIGINT, mac_address STRING, "
    "effective_from DOUBLE, effective_to DOUBLE"
)
READINGS = "device_id BIGINT, time DOUBLE, heartrate DOUBLE, valid BOOLEAN"


def test_readings_in_start_exclusive_end_inclusive_window_of_the_device_in_effect(spark):
    # user 7: device 1 until 5000 (and before), device 2 from 5000 on
    history = literal_frame(spark, [(7, 1000.0, 1, "m1", None, 5000.0), (7, 5000.0, 2, "m2", 5000.0, None)], HISTORY)
    workouts = literal_frame(
        spark,
        [
            (7, 1, 1, 100.0, 200.0),  # before the first registration: the earliest device (1)
            (7, 1, 2, 4900.0, 5100.0),  # starts before the new registration: device 1 for the whole workout
            (7, 1, 3, 6000.0, 6100.0),  # after it: device 2
        ],
        WORKOUTS,
    )
    readings = literal_frame(
        spark,
        [
            (1, 100.0, 60.0, True),  # == start: outside
            (1, 150.0, 61.0, True),
            (1, 200.0, 62.0, True),  # == end: inside
            (1, 200.5, 63.0, True),
            (1, 150.5, 0.0, False),  # invalid
            (2, 150.0, 90.0, True),  # other device
            (1, 5050.0, 64.0, True),
            (2, 5050.0, 91.0, True),
            (1, 6050.0, 65.0, True),
            (2, 6050.0, 92.0, True),
        ],
        READINGS,
    )
    got = workout_bpm(workouts, history, readings)
    assert rows(got, "session_id", "time", "device_id", "heartrate") == [
        (1, 150.0, 1, 61.0),
        (1, 200.0, 1, 62.0),
        (2, 5050.0, 1, 64.0),
        (3, 6050.0, 2, 92.0),
    ]


def test_a_user_without_registration_has_no_readings(spark):
    history = literal_frame(spark, [(8, 1000.0, 1, "m1", None, None)], HISTORY)
    workouts = literal_frame(spark, [(7, 1, 1, 100.0, 200.0)], WORKOUTS)
    readings = literal_frame(spark, [(1, 150.0, 61.0, True)], READINGS)
    assert workout_bpm(workouts, history, readings).count() == 0


def test_the_workouts_are_broadcast_not_the_readings(spark):
    # Spark broadcasts the side it estimates smaller. Here that is the readings (one row against three
    # workouts); on a 1M-reading lake its estimates also picked heart_rate, and every reading was collected
    # on the driver.
    workouts = literal_frame(
        spark,
        [(7, 1, s, 100.0 * s, 100.0 * s + 50, 1) for s in (1, 2, 3)],
        f"{WORKOUTS}, device_id BIGINT",
    )
    readings = literal_frame(spark, [(1, 150.0, 61.0, True)], READINGS)
    paired = readings_in_window(workouts, readings)
    plan = paired._jdf.queryExecution().executedPlan().toString()
    join = next(line for line in plan.splitlines() if "BroadcastHashJoin" in line)
    assert "BuildLeft" in join, plan  # the left side is the workouts
    assert rows(paired, "session_id", "time") == [(1, 150.0)]
