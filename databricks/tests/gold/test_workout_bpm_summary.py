import json
from datetime import date, datetime, timezone
from pathlib import Path

import pytest

from silver.lake import put_rows, run_gold, table_rows, version

AGE_CASES = json.loads((Path(__file__).parents[3] / "tests/fixtures/age_cases.json").read_text())["cases"]
START = 1678521900.0  # 2023-03-11 08:05:00 UTC
END = 1678525800.0
SUMMARY_COLUMNS = ("user_id", "age", "gender", "city", "state", "min_bpm", "avg_bpm", "max_bpm", "num_recordings")


def profile(user, dob, gender="M", city="San Fernando", state="CA"):
    return (user, 1.0, dob, gender, gender, "First", "Last", "1 Main St", city, state, "91340")


def noon_utc(day: str) -> float:
    return datetime.fromisoformat(day).replace(hour=12, tzinfo=timezone.utc).timestamp()


def summary(spark, lake, *columns):
    return table_rows(spark, lake.gold("workout_bpm_summary"), *(columns or SUMMARY_COLUMNS))


def test_stats_profile_columns_and_age_at_the_workout_date(spark, gold_lake):
    lake = gold_lake
    put_rows(spark, lake, "completed_workouts", [(u, 1, 1, START, END) for u in (7, 8, 9, 10)])
    readings = [(7, 1, 1, START + 1, 1, 60.0), (7, 1, 1, START + 2, 1, 70.0), (7, 1, 1, END, 1, 95.5)]
    readings += [(8, 1, 1, START + 1, 2, 80.0), (10, 1, 1, START + 1, 3, 81.0)]  # 9 has no readings
    put_rows(spark, lake, "workout_bpm", readings)
    # 7 was 83 on the workout date (75-85) but is 85+ today; 8 has no profile; 10 has no dob.
    put_rows(spark, lake, "user_profile", [profile(7, date(1939, 7, 25)), profile(10, None, "F", "Reno", "NV")])
    run_gold(spark, lake, "workout_bpm_summary")
    assert summary(spark, lake) == [
        (7, "75-85", "M", "San Fernando", "CA", 60.0, 75.16666666666667, 95.5, 3),
        (8, None, None, None, None, 80.0, 80.0, 80.0, 1),
        (10, "invalid age", "F", "Reno", "NV", 81.0, 81.0, 81.0, 1),
    ]
    assert summary(spark, lake, "workout_id", "session_id", "start_time", "end_time", "workout_date")[0] == (
        1,
        1,
        START,
        END,
        date(2023, 3, 11),
    )

    # Nothing changed -> nothing committed. Then the profile is deleted and 8's readings vanish.
    before = version(spark, lake.gold("workout_bpm_summary"))
    run_gold(spark, lake, "workout_bpm_summary")
    assert version(spark, lake.gold("workout_bpm_summary")) == before
    put_rows(spark, lake, "user_profile", [profile(10, None, "F", "Reno", "NV")])
    put_rows(spark, lake, "workout_bpm", [r for r in readings if r[0] != 8])
    run_gold(spark, lake, "workout_bpm_summary")
    assert summary(spark, lake, "user_id", "age", "gender", "city", "state") == [
        (7, None, None, None, None),
        (10, "invalid age", "F", "Reno", "NV"),
    ]


@pytest.mark.parametrize("late_in_the_day", [False, True])
def test_age_bins_match_the_silver_rule_cases(spark, gold_lake, late_in_the_day):
    lake = gold_lake
    offset = 43199.0 if late_in_the_day else 0.0  # 23:59:59 UTC is still the same UTC date
    users = list(range(100, 100 + len(AGE_CASES)))
    starts = [noon_utc(on) + offset for _, on, _ in AGE_CASES]
    put_rows(spark, lake, "completed_workouts", [(u, 1, 1, s, s + 60) for u, s in zip(users, starts, strict=False)])
    put_rows(spark, lake, "workout_bpm", [(u, 1, 1, s + 1, 1, 70.0) for u, s in zip(users, starts, strict=False)])
    dobs = [None if dob is None else date.fromisoformat(dob) for dob, _, _ in AGE_CASES]
    put_rows(spark, lake, "user_profile", [profile(u, d) for u, d in zip(users, dobs, strict=False)])
    run_gold(spark, lake, "workout_bpm_summary")
    assert summary(spark, lake, "user_id", "age") == [(u, case[2]) for u, case in zip(users, AGE_CASES, strict=False)]
