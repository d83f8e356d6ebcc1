from pulselake_lakehouse.silver.user_profile import (
    live_profiles,
    merge_profiles,
    profile_changes,
    winning_changes,
)
from silver.lake import bronze, rows, table_rows, version

ADDRESS = ("1 Main St", "San Fernando", "CA", "91340")


def change(kind, ts, last_name="Smith", user=7, **extra):
    if kind == "delete":
        return {"user_id": user, "update_type": kind, "timestamp": ts, **extra}
    fields = {"dob": "1980-03-06", "sex": "F", "gender": "F", "first_name": "Vic", "last_name": last_name}
    return {"user_id": user, "update_type": kind, "timestamp": ts, "address": ADDRESS, **fields, **extra}


def winners(spark, records):
    return winning_changes(profile_changes(bronze(spark, "profile", records)))


def test_latest_timestamp_wins_whatever_the_arrival_order(spark):
    # the update (newer) arrives before the new
    got = winners(spark, [change("update", 200.0, "Jones", received=1), change("new", 100.0, "Smith", received=2)])
    assert rows(got, "update_type", "last_name") == [("update", "Jones")]


def test_on_equal_timestamps_delete_beats_update_beats_new(spark):
    got = winners(spark, [change("new", 100.0, "A", user=1), change("update", 100.0, "B", user=1)])
    got = got.unionByName(winners(spark, [change("update", 100.0, user=2), change("delete", 100.0, user=2)]))
    assert rows(got, "user_id", "update_type", "last_name") == [(1, "update", "B"), (2, "delete", None)]


def test_update_replaces_the_whole_profile_and_delete_removes_it(spark):
    partial = {**change("update", 200.0, None), "gender": None, "address": (None, "Reno", "NV", None)}
    got = live_profiles(winners(spark, [change("new", 100.0), partial, change("delete", 50.0, user=8)]))
    assert rows(got, "user_id", "gender", "last_name", "street_address", "city", "zip") == [
        (7, None, None, None, "Reno", None)
    ]


def test_tombstones_survive_across_batches_and_newer_records_recreate(spark, lake):
    profiles = lake.silver("user_profile")
    merge_profiles(spark, lake, bronze(spark, "profile", [change("new", 100.0), change("delete", 300.0)]))
    assert table_rows(spark, profiles) == []
    merge_profiles(spark, lake, bronze(spark, "profile", [change("update", 200.0, "Late")]))  # older than the delete
    assert table_rows(spark, profiles) == []
    assert table_rows(spark, lake.silver("user_profile_latest_change"), "update_type") == [("delete",)]
    before = version(spark, profiles)
    merge_profiles(spark, lake, bronze(spark, "profile", [change("update", 200.0, "Late")]))  # replayed
    assert version(spark, profiles) == before
    merge_profiles(spark, lake, bronze(spark, "profile", [change("new", 400.0, "Back")]))
    assert table_rows(spark, profiles, "user_id", "timestamp", "last_name", "city") == [
        (7, 400.0, "Back", "San Fernando")
    ]
