"""One small scenario of every feed, landed in three waves, that the contract §5 tests deliver three ways: every
landed record in one batch run (``batch_gold`` in ``conftest.py``, built once for the suite), two runs of the
records reversed with replays (``gold/test_one_run_or_many.py``) and landed files streamed with a stop and restart
(``test_watch.py``). Each must give the same gold, and that gold is worked out below by hand from the contract.

Out of order: stops before starts, an update before its 'new', a login before the registration of its watch,
readings before their workout. Late: readings of wave 1's workout in wave 3. Duplicates: wave 1's files landed
again after wave 3 and single records repeated in later waves.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from pyspark.sql import SparkSession

from pulselake_lakehouse.feed_schemas import FEEDS
from silver.lake import IsolatedConfig, table_rows

L = 1678521600.0  # 2023-03-11T08:00:00Z
MAC_1, MAC_2 = "aa:00:00:00:00:01", "aa:00:00:00:00:02"
ADDRESS = {"street_address": "1 Main St", "city": "Reno", "state": "NV", "zip": "89501"}
Records = dict[str, list[dict[str, Any]]]


def profile(user: int, kind: str, at: float, dob: str = "1990-05-01") -> dict[str, Any]:
    if kind == "delete":
        return {"user_id": user, "update_type": "delete", "timestamp": at}
    person = {"sex": "F", "gender": "F", "first_name": "A", "last_name": "B", "address": ADDRESS}
    return {"user_id": user, "update_type": kind, "timestamp": at, "dob": dob, **person}


def readings(device: int, seconds: range) -> list[dict[str, Any]]:
    return [{"device_id": device, "time": L + t, "heartrate": 60.0 + t / 60} for t in seconds]


WAVES: list[Records] = [
    {
        "registration": [{"user_id": 8, "device_id": 2, "mac_address": MAC_2, "registration_timestamp": L - 9000}],
        "profile": [profile(7, "update", L - 100)],
        "workout": [{"user_id": 7, "workout_id": 1, "session_id": 1, "action": "stop", "timestamp": L + 1800}],
        "bpm": readings(1, range(1200, 2400, 120)),
        "gym_visit": [{"mac_address": MAC_1, "gym": 1, "login": L}],
    },
    {
        "registration": [{"user_id": 7, "device_id": 1, "mac_address": MAC_1, "registration_timestamp": L - 9000}],
        "profile": [profile(7, "new", L - 200, dob="1950-05-01"), profile(8, "new", L - 200)],
        "workout": [
            {"user_id": 7, "workout_id": 1, "session_id": 1, "action": "start", "timestamp": L + 600},
            {"user_id": 8, "workout_id": 3, "session_id": 1, "action": "start", "timestamp": L + 100},
            {"user_id": 8, "workout_id": 3, "session_id": 1, "action": "stop", "timestamp": L + 700},
        ],
        "bpm": readings(2, range(0, 900, 60)) + readings(1, range(1200, 1500, 120)),  # + repeats of wave 1
        "gym_visit": [{"mac_address": MAC_1, "gym": 1, "login": L, "logout": L + 3600}],
    },
    {
        "profile": [profile(8, "delete", L - 50)],
        "bpm": readings(1, range(0, 1200, 120)),  # late: the first part of user 7's workout
        "gym_visit": [
            {"mac_address": MAC_2, "gym": 2, "login": L, "logout": L + 1200},
            {"mac_address": MAC_1, "gym": 1, "login": L},  # a replayed login after its logout
        ],
    },
]
# (wave number, replay) in landing order: waves 1 to 3, then wave 1's files again.
LANDINGS = [(1, False), (2, False), (3, False), (1, True)]

# The gold of this data, from the contract. User 7's current profile is the update at L-100 (the later timestamp
# wins over the 'new' that arrives after it): born 1990-05-01, 32 on 2023-03-11 -> "25-35". User 8's profile is
# deleted: no age, gender or place. Readings count when start < time <= stop on the device the user had, at
# 60 + t/60 BPM: user 7 (600, 1800] on device 1 -> t 720, 840, ..., 1800 (72 to 90 BPM, wave 3's late ones
# included); user 8 (100, 700] on device 2 -> t 120, 180, ..., 660 (62 to 71 BPM).
DAY = date(2023, 3, 11)
WORKOUT_BPM_SUMMARY = [
    (1, 1, 7, "25-35", "F", "Reno", "NV", 72.0, 81.0, 90.0, 10, L + 600, L + 1800, DAY),
    (3, 1, 8, None, None, None, None, 62.0, 66.5, 71.0, 10, L + 100, L + 700, DAY),
]
# MAC_1's visit is L to L+3600 (the replayed open login does not reopen it): user 7, 20 of its 60 minutes
# exercising. MAC_2's visit, L to L+1200, holds user 8's workout: 10 of 20 minutes. The contract's columns, then
# user_id, login, logout, start_time and end_time.
GYM_SUMMARY = [
    (DAY, 1, MAC_1, 1, 1, 60.0, 20.0, 7, L, L + 3600, L + 600, L + 1800),
    (DAY, 2, MAC_2, 3, 1, 20.0, 10.0, 8, L, L + 1200, L + 100, L + 700),
]


def all_records(landings: list[tuple[int, bool]] = LANDINGS) -> Records:
    """Every feed's records of the given landings (by default all of them, wave 1's replay included), in order."""
    return {feed: [record for wave, _ in landings for record in WAVES[wave - 1].get(feed, [])] for feed in FEEDS}


# Every landed line once in bronze: nothing lost, no file appended twice.
BRONZE_ROWS = {feed: len(records) for feed, records in all_records().items()}


def lake(root: Path, name: str) -> IsolatedConfig:
    """A lake whose landing is ``root/landing`` and whose checkpoints and databases are its own."""
    return IsolatedConfig(landing_root=str(root / "landing"), checkpoint_root=str(root / name), prefix=name)


def land(cfg: IsolatedConfig, wave: int, replay: bool = False) -> None:
    """Writes one NDJSON file per feed of the wave, as the landing writer lays them out."""
    for feed, rows in WAVES[wave - 1].items():
        folder = Path(cfg.landing(feed)) / "ingest_date=2023-03-11"
        folder.mkdir(parents=True, exist_ok=True)
        name = f"wave{wave}{'-replay' if replay else ''}.ndjson"
        (folder / name).write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")


def gold(spark: SparkSession, cfg: IsolatedConfig) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    return table_rows(spark, cfg.gold("workout_bpm_summary")), table_rows(spark, cfg.gold("gym_summary"))


def bronze_rows(spark: SparkSession, cfg: IsolatedConfig) -> dict[str, int]:
    return {feed: spark.table(cfg.bronze(feed)).count() for feed in FEEDS}
