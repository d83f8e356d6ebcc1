from pulselake_lakehouse.frames import literal_frame
from pulselake_lakehouse.silver.completed_workouts import completed_workouts
from silver.lake import rows

HOUR = 3600.0
SCHEMA = "user_id BIGINT, workout_id INT, session_id INT, action STRING, timestamp DOUBLE"


def sessions(spark, spans):
    """One (start, stop) pair per session; None leaves that event out."""
    records = []
    for session, (start, stop) in enumerate(spans):
        if start is not None:
            records.append((1, 1, session, "start", start))
        if stop is not None:
            records.append((1, 1, session, "stop", stop))
    return literal_frame(spark, records, SCHEMA)


def test_complete_means_both_events_stop_after_start_and_at_most_three_hours(spark):
    spans = [
        (0.0, 60.0),
        (0.0, 3 * HOUR),
        (0.0, 3 * HOUR + 0.5),
        (100.0, 100.0),
        (200.0, 100.0),
        (0.0, None),
        (None, 9.0),
    ]
    got = completed_workouts(sessions(spark, spans))
    assert rows(got, "session_id", "start_time", "end_time") == [(0, 0.0, 60.0), (1, 0.0, 3 * HOUR)]


def test_the_maximum_length_is_configurable(spark):
    got = completed_workouts(sessions(spark, [(0.0, 60.0), (0.0, HOUR)]), max_seconds=1800.0)
    assert rows(got, "session_id") == [(0,)]
