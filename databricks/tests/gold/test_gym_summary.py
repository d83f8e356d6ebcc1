from datetime import date, datetime

from pulselake_lakehouse.frames import literal_frame
from pulselake_lakehouse.silver.user_devices import registration_history
from silver.lake import put_rows, run_gold, table_rows, version

L = 1678521600.0  # 2023-03-11 08:00:00 UTC
MAC_A, MAC_B, MAC_C, MAC_X = "aa:00:00:00:00:0a", "aa:00:00:00:00:0b", "aa:00:00:00:00:0c", "ff:00:00:00:00:00"
REGISTRATIONS = (
    "user_id BIGINT, registration_timestamp DOUBLE, device_id BIGINT, mac_address STRING, source_file STRING, "
    "file_modification_time TIMESTAMP"
)
RECEIVED = datetime(2023, 3, 10)
CONTRACT = ("date", "gym", "mac_address", "workout_id", "session_id", "minutes_in_gym", "minutes_exercising")


def device(user, ts, mac, effective_from, effective_to):
    return (user, ts, user * 10, mac, effective_from, effective_to, "f", None)


def gym_rows(spark, lake, *columns):
    return table_rows(spark, lake.gold("gym_summary"), *(columns or CONTRACT))


def test_visits_overlapping_workouts_and_visits_without(spark, gold_lake):
    lake = gold_lake
    put_rows(
        spark,
        lake,
        "user_devices",
        [
            device(7, 1000.0, MAC_A, None, None),
            device(8, 1000.0, MAC_B, None, None),  # 8 had MAC_B first ...
            device(9, L + 50000, MAC_B, None, None),  # ... then 9 registered it: the more recent registration
            device(11, 1000.0, MAC_C, None, None),
        ],
    )
    put_rows(
        spark,
        lake,
        "completed_workouts",
        [
            (7, 1, 1, L + 300, L + 4200),  # inside the visit: 65 min
            (7, 1, 2, L - 600, L + 600),  # starts before the login: 10 min overlap
            (7, 1, 3, L - 900, L),  # ends at the login: no positive overlap
            (7, 1, 4, L + 7200, L + 7300),  # after the logout
            (8, 1, 1, L + 100, L + 200),  # another user
            (9, 2, 1, L + 60000, L + 60045.3),  # 0.755 min -> 0.76 (half-up on exact seconds)
            (8, 2, 1, L + 60000, L + 60100),  # 8 no longer owns MAC_B's visits
        ],
    )
    put_rows(
        spark,
        lake,
        "gym_logs",
        [
            (MAC_A, 1, L, L + 4500),
            (MAC_A, 2, L + 20000, None),  # open visit: not in gold
            (MAC_C, 3, L, L + 2700.3),  # no workout; 45.005 min -> 45.01
            (MAC_X, 3, 1678579199.0, 1678579259.0),  # unknown MAC; login 23:59:59 UTC -> that date
            (MAC_B, 5, L + 59990, L + 60100),
        ],
    )
    run_gold(spark, lake, "gym_summary")
    day = date(2023, 3, 11)
    assert gym_rows(spark, lake) == [
        (day, 1, MAC_A, 1, 1, 75.0, 65.0),
        (day, 1, MAC_A, 1, 2, 75.0, 10.0),
        (day, 3, MAC_C, None, None, 45.01, 0.0),
        (day, 3, MAC_X, None, None, 1.0, 0.0),
        (date(2023, 3, 12), 5, MAC_B, 2, 1, 1.83, 0.76),  # 16.7 hours after L: the next UTC day
    ]
    assert gym_rows(spark, lake, "mac_address", "gym", "user_id", "login", "logout", "start_time", "end_time") == [
        (MAC_A, 1, 7, L, L + 4500, L - 600, L + 600),
        (MAC_A, 1, 7, L, L + 4500, L + 300, L + 4200),
        (MAC_B, 5, 9, L + 59990, L + 60100, L + 60000, L + 60045.3),
        (MAC_C, 3, 11, L, L + 2700.3, None, None),
        (MAC_X, 3, None, 1678579199.0, 1678579259.0, None, None),
    ]


def test_updates_in_place_a_visit_gaining_a_workout_loses_its_empty_row(spark, gold_lake):
    lake = gold_lake
    put_rows(spark, lake, "user_devices", [device(7, 1000.0, MAC_A, None, None)])
    put_rows(spark, lake, "completed_workouts", [])
    put_rows(spark, lake, "gym_logs", [(MAC_A, 1, L, L + 3600), (MAC_A, 2, L + 7200, None)])
    run_gold(spark, lake, "gym_summary")
    assert gym_rows(spark, lake, "gym", "workout_id", "minutes_exercising") == [(1, None, 0.0)]
    before = version(spark, lake.gold("gym_summary"))
    run_gold(spark, lake, "gym_summary")
    assert version(spark, lake.gold("gym_summary")) == before, "no new data, no new version"

    put_rows(spark, lake, "completed_workouts", [(7, 1, 1, L + 60, L + 120), (7, 1, 2, L + 7300, L + 7400)])
    put_rows(spark, lake, "gym_logs", [(MAC_A, 1, L, L + 3600), (MAC_A, 2, L + 7200, L + 9000)])  # a late logout
    run_gold(spark, lake, "gym_summary")
    assert gym_rows(spark, lake, "gym", "workout_id", "session_id", "minutes_in_gym", "minutes_exercising") == [
        (1, 1, 1, 60.0, 1.0),
        (2, 1, 2, 30.0, 1.67),
    ]


def registrations(spark, lake, *regs):
    """Writes user_devices as silver computes it (effective intervals) from (user, timestamp, mac) triples."""
    rows = [(user, ts, user * 10, mac, "f", RECEIVED) for user, ts, mac in regs]
    history = registration_history(literal_frame(spark, rows, REGISTRATIONS))
    table = lake.silver("user_devices")
    history.select(*spark.table(table).columns).write.insertInto(table, overwrite=True)


def visit_users(spark, lake):
    return dict(table_rows(spark, lake.gold("gym_summary"), "login", "user_id"))


def test_a_watch_handed_over_belongs_to_the_giver_until_the_taker_registers_it(spark, gold_lake):
    lake = gold_lake
    A, B = 1, 2
    registrations(
        spark,
        lake,
        (A, L, MAC_A),  # A's watch ...
        (B, L + 10_000, MAC_A),  # ... registered by B: from now on B's (A has not registered another device yet)
        (A, L + 20_000, MAC_B),  # A registers another device: MAC_A is B's alone
    )
    put_rows(spark, lake, "completed_workouts", [(A, 1, 1, L + 5_000, L + 5_060), (B, 1, 1, L + 12_000, L + 12_060)])
    logins = {"late registration": L - 5_000, "A's": L + 4_000, "both have it": L + 11_000, "A moved on": L + 30_000}
    put_rows(spark, lake, "gym_logs", [(MAC_A, 1, login, login + 3_600) for login in logins.values()])
    run_gold(spark, lake, "gym_summary")
    assert visit_users(spark, lake) == {
        logins["late registration"]: A,  # no registration yet: the MAC's earliest one after login
        logins["A's"]: A,  # B's registration is later: before it, the watch is A's (the old reading said B)
        logins["both have it"]: B,  # the latest registration whose user still has the MAC
        logins["A moved on"]: B,
    }
    assert table_rows(spark, lake.gold("gym_summary"), "login", "workout_id", "minutes_exercising") == [
        (logins["late registration"], None, 0.0),
        (logins["A's"], 1, 1.0),
        (logins["both have it"], 1, 1.0),
        (logins["A moved on"], None, 0.0),
    ]


def test_the_last_registrant_who_moved_on_loses_the_mac_to_an_earlier_one_who_kept_it(spark, gold_lake):
    lake = gold_lake
    registrations(
        spark,
        lake,
        (3, L, MAC_C),  # 3 keeps MAC_C
        (4, L + 100, MAC_C),  # 4 registers it too ...
        (4, L + 200, MAC_B),  # ... then another device
        (5, L + 300, MAC_X),  # tie: 5 and 6 register MAC_X at the same time -> the lowest user_id
        (6, L + 300, MAC_X),
        (7, L + 5_000, MAC_X),  # after the visit: not a candidate while an earlier registrant has it
    )
    put_rows(spark, lake, "completed_workouts", [])
    put_rows(spark, lake, "gym_logs", [(MAC_C, 1, L + 1_000, L + 1_600), (MAC_X, 1, L + 1_000.5, L + 1_600)])
    run_gold(spark, lake, "gym_summary")
    assert visit_users(spark, lake) == {L + 1_000: 3, L + 1_000.5: 5}


def test_of_several_late_registrations_the_earliest_gives_the_user(spark, gold_lake):
    lake = gold_lake
    registrations(spark, lake, (9, L + 900, MAC_B), (8, L + 500, MAC_B), (10, L + 500, MAC_C))
    put_rows(spark, lake, "completed_workouts", [])
    put_rows(spark, lake, "gym_logs", [(MAC_B, 1, L, L + 60), (MAC_C, 1, L + 1, L + 60), (MAC_X, 1, L + 2, L + 60)])
    run_gold(spark, lake, "gym_summary")
    assert visit_users(spark, lake) == {L: 8, L + 1: 10, L + 2: None}
