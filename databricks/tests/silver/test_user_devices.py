from pyspark.sql import functions as F

from pulselake_lakehouse.frames import literal_frame
from pulselake_lakehouse.silver.user_devices import (
    in_effect_at,
    merge_registrations,
    registration_history,
    registrations,
)
from silver.lake import bronze, rows, table_rows

MAC_A, MAC_B = "aa:aa:aa:aa:aa:aa", "bb:bb:bb:bb:bb:bb"


def registration(ts, device, mac, user=7, **extra):
    return {"user_id": user, "device_id": device, "mac_address": mac, "registration_timestamp": ts, **extra}


def history_of(spark, records):
    return registration_history(registrations(bronze(spark, "registration", records)))


def test_each_registration_is_in_effect_until_the_next_and_the_earliest_also_before_it(spark):
    history = history_of(spark, [registration(2000.0, 2, MAC_B), registration(1000.0, 1, MAC_A.upper())])
    assert rows(history, "registration_timestamp", "device_id", "mac_address", "effective_from", "effective_to") == [
        (1000.0, 1, MAC_A, None, 2000.0),
        (2000.0, 2, MAC_B, 2000.0, None),
    ]
    times = literal_frame(spark, [(t,) for t in (10.0, 1000.0, 1999.9, 2000.0, 99999.0)], "t DOUBLE")
    device_at = times.join(history, in_effect_at(history, F.col("t"))).select("t", "device_id")
    assert rows(device_at) == [(10.0, 1), (1000.0, 1), (1999.9, 1), (2000.0, 2), (99999.0, 2)]


def test_conflicting_registrations_with_the_same_key_keep_the_last_received(spark):
    history = history_of(
        spark, [registration(1000.0, 1, MAC_A, received=9), registration(1000.0, 3, MAC_B, received=4)]
    )
    assert rows(history, "device_id", "mac_address") == [(1, MAC_A)]


def test_a_late_earlier_registration_reshapes_the_history_and_users_keeps_the_latest(spark, lake):
    merge_registrations(spark, lake, bronze(spark, "registration", [registration(2000.0, 2, MAC_B)]))
    merge_registrations(
        spark,
        lake,
        bronze(spark, "registration", [registration(1000.0, 1, MAC_A), registration(500.0, 9, MAC_A, user=8)]),
    )
    assert table_rows(spark, lake.silver("user_devices"), "user_id", "device_id", "effective_from", "effective_to") == [
        (7, 1, None, 2000.0),
        (7, 2, 2000.0, None),
        (8, 9, None, None),
    ]
    assert table_rows(spark, lake.silver("users")) == [(7, 2000.0, 2, MAC_B), (8, 500.0, 9, MAC_A)]
