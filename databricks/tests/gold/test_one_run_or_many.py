"""Contract §5: after catching up, the gold tables do not depend on arrival order, replays or how the data
was split into runs."""

from silver.lake import new_lake, run_pipeline, table_rows

L = 1678521600.0
MAC_1, MAC_2 = "aa:00:00:00:00:01", "aa:00:00:00:00:02"
ADDRESS = ("1 Main St", "Reno", "NV", "89501")

RECORDS = {
    "registration": [
        {"user_id": 7, "device_id": 1, "mac_address": MAC_1, "registration_timestamp": L - 9000},
        {"user_id": 8, "device_id": 2, "mac_address": MAC_2, "registration_timestamp": L - 9000},
    ],
    "profile": [
        {
            "user_id": 7,
            "update_type": "update",
            "timestamp": L - 100,
            "dob": "1990-05-01",
            "gender": "F",
            "address": ADDRESS,
        },
        {
            "user_id": 7,
            "update_type": "new",
            "timestamp": L - 200,
            "dob": "1950-05-01",
            "gender": "M",
            "address": ADDRESS,
        },
        {
            "user_id": 8,
            "update_type": "new",
            "timestamp": L - 200,
            "dob": "1980-05-01",
            "gender": "M",
            "address": ADDRESS,
        },
        {"user_id": 8, "update_type": "delete", "timestamp": L - 50},
    ],
    "workout": [
        {"user_id": 7, "workout_id": 1, "session_id": 1, "action": "stop", "timestamp": L + 1800},
        {"user_id": 7, "workout_id": 1, "session_id": 1, "action": "start", "timestamp": L + 600},
        {"user_id": 8, "workout_id": 3, "session_id": 1, "action": "start", "timestamp": L + 100},
        {"user_id": 8, "workout_id": 3, "session_id": 1, "action": "stop", "timestamp": L + 700},
    ],
    "bpm": [{"device_id": d, "time": L + t, "heartrate": 50.0 + t / 100} for d in (1, 2) for t in range(0, 2400, 300)],
    "gym_visit": [
        {"mac_address": MAC_1, "gym": 1, "login": L},
        {"mac_address": MAC_1, "gym": 1, "login": L, "logout": L + 3600},
        {"mac_address": MAC_2, "gym": 2, "login": L, "logout": L + 1200},
    ],
}


def gold(spark, lake):
    return (
        table_rows(spark, lake.gold("workout_bpm_summary")),
        table_rows(spark, lake.gold("gym_summary")),
    )


def test_two_runs_in_reverse_order_with_replays_equal_one_run(spark):
    at_once = new_lake(spark)
    run_pipeline(spark, at_once, RECORDS)

    in_runs = new_lake(spark)
    reversed_records = {feed: list(reversed(records)) for feed, records in RECORDS.items()}
    first = {feed: records[::2] for feed, records in reversed_records.items()}
    second = {feed: records[1::2] + first[feed] for feed, records in reversed_records.items()}  # + a replay
    run_pipeline(spark, in_runs, first)
    run_pipeline(spark, in_runs, second)

    summary, gym = gold(spark, at_once)
    assert [(r[2], r[3], r[10]) for r in summary] == [(7, "25-35", 4), (8, None, 2)]  # user, age, readings
    assert len(gym) == 2
    assert gold(spark, in_runs) == (summary, gym)
