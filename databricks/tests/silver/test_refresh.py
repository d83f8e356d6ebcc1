"""refresh_derived over several runs: late and out-of-order data, device replacement, replays, no-op runs."""

from datetime import date

from pulselake_lakehouse.silver import SILVER_MERGERS, refresh_derived
from silver.lake import bronze, table_rows, version

HOUR = 3600.0
MAC_1, MAC_2 = "aa:00:00:00:00:01", "aa:00:00:00:00:02"
TODAY = date(2023, 3, 12)


def feed(spark, cfg, name, records):
    SILVER_MERGERS[name](spark, cfg, bronze(spark, name, records))


def registration(device, mac, ts):
    return {"user_id": 7, "device_id": device, "mac_address": mac, "registration_timestamp": ts}


def workout(action, ts):
    return {"user_id": 7, "workout_id": 1, "session_id": 1, "action": action, "timestamp": ts}


def reading(device, time, heartrate=60.0):
    return {"device_id": device, "time": time, "heartrate": heartrate}


def profile(kind, ts):
    address = ("1 Main St", "Reno", "NV", "89501")
    extra = {} if kind == "delete" else {"dob": "1980-03-06", "gender": "F", "address": address}
    return {"user_id": 7, "update_type": kind, "timestamp": ts, **extra}


def derived(spark, lake):
    return {
        "completed": table_rows(spark, lake.silver("completed_workouts"), "start_time", "end_time"),
        "bpm": table_rows(spark, lake.silver("workout_bpm"), "time", "device_id"),
        "bins": table_rows(spark, lake.silver("user_bins")),
    }


def test_late_out_of_order_data_and_device_replacement(spark, lake):
    # Run 1: the start without its stop; readings (one invalid); a profile.
    feed(spark, lake, "registration", [registration(1, MAC_1, 1000.0)])
    feed(spark, lake, "workout", [workout("start", 2000.0)])
    feed(spark, lake, "bpm", [reading(1, 2100.0), reading(1, 2200.0), reading(1, 2300.0, 0.0)])
    feed(spark, lake, "profile", [profile("new", 500.0)])
    refresh_derived(spark, lake, today=TODAY)
    assert derived(spark, lake) == {"completed": [], "bpm": [], "bins": [(7, "35-45", "F", "Reno", "NV")]}

    # Run 2: the stop, a reading that arrives hours late, the profile's delete.
    feed(spark, lake, "workout", [workout("stop", 2500.0)])
    feed(spark, lake, "bpm", [reading(1, 2400.0)])
    feed(spark, lake, "profile", [profile("delete", 600.0)])
    refresh_derived(spark, lake, today=TODAY)
    assert derived(spark, lake) == {
        "completed": [(2000.0, 2500.0)],
        "bpm": [(2100.0, 1), (2200.0, 1), (2400.0, 1)],
        "bins": [],
    }

    # Run 3: nothing new -> nothing written.
    tables = ["completed_workouts", "workout_bpm", "user_bins", "refresh_progress"]
    versions = {t: version(spark, lake.silver(t)) for t in tables}
    refresh_derived(spark, lake, today=TODAY)
    assert {t: version(spark, lake.silver(t)) for t in tables} == versions

    # Run 4: a registration made before the workout started arrives late: the new device is the one in effect.
    feed(spark, lake, "registration", [registration(2, MAC_2, 1500.0)])
    feed(spark, lake, "bpm", [reading(2, 2150.0), reading(2, 2600.0)])
    refresh_derived(spark, lake, today=TODAY)
    assert derived(spark, lake)["bpm"] == [(2150.0, 2)]

    # Run 5: a later stop makes the workout longer than 3 hours -> no longer completed; a longer limit restores it.
    feed(spark, lake, "workout", [workout("stop", 2000.0 + 4 * HOUR)])
    refresh_derived(spark, lake, today=TODAY)
    assert derived(spark, lake)["completed"] == []
    assert derived(spark, lake)["bpm"] == []
    refresh_derived(spark, lake, today=TODAY, max_workout_seconds=5 * HOUR)
    assert derived(spark, lake)["completed"] == [(2000.0, 2000.0 + 4 * HOUR)]
    assert derived(spark, lake)["bpm"] == [(2150.0, 2), (2600.0, 2)]


def test_a_new_day_moves_ages(spark, lake):
    feed(spark, lake, "profile", [{**profile("new", 500.0), "dob": "2005-03-12"}])
    refresh_derived(spark, lake, today=date(2023, 3, 11))
    assert table_rows(spark, lake.silver("user_bins"), "age") == [("under 18",)]
    refresh_derived(spark, lake, today=date(2023, 3, 12))
    assert table_rows(spark, lake.silver("user_bins"), "age") == [("18-25",)]
