"""``workout_bpm``: the valid heart-rate readings of each completed workout.

A workout's readings come from the device in effect for its user at ``start_time`` (see
``user_devices``), with ``start_time < time <= end_time``.
"""

from __future__ import annotations

from pyspark.sql import DataFrame
from pyspark.sql import functions as F

from pulselake_lakehouse.silver.completed_workouts import KEYS as WORKOUT_KEYS
from pulselake_lakehouse.silver.user_devices import in_effect_at

KEYS = (*WORKOUT_KEYS, "time")


def workout_devices(completed: DataFrame, history: DataFrame) -> DataFrame:
    """Completed workouts -> the same rows plus the ``device_id`` in effect at their start (no device, no row)."""
    w, h = completed.alias("w"), history.alias("h")
    joined = w.join(h, (F.col("w.user_id") == F.col("h.user_id")) & in_effect_at(h, F.col("w.start_time")))
    return joined.select("w.*", F.col("h.device_id").alias("device_id"))


def readings_in_window(workouts_with_device: DataFrame, heart_rate: DataFrame) -> DataFrame:
    """Pairs each workout with the readings of its device in (start_time, end_time]."""
    # A workout spans hundreds of readings, so the workouts are the side to broadcast. Left to its size
    # estimates Spark broadcast heart_rate instead, collecting every reading on the driver: 2.9 s of a
    # 1M-reading first refresh (docs/performance.md).
    w, r = F.broadcast(workouts_with_device).alias("w"), heart_rate.alias("r")
    in_window = (
        (F.col("r.device_id") == F.col("w.device_id"))
        & (F.col("r.time") > F.col("w.start_time"))
        & (F.col("r.time") <= F.col("w.end_time"))
    )
    reading = ("r.time", "r.device_id", "r.heartrate", "r.valid")
    return w.join(r, in_window).select(*[F.col(f"w.{k}") for k in WORKOUT_KEYS], *reading)


def workout_bpm(completed: DataFrame, history: DataFrame, heart_rate: DataFrame) -> DataFrame:
    """The ``workout_bpm`` rows of the given completed workouts."""
    pairs = readings_in_window(workout_devices(completed, history), heart_rate)
    return pairs.where(F.col("valid")).select(*KEYS, "device_id", "heartrate")
