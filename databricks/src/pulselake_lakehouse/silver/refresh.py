"""``refresh_derived``: brings completed_workouts, workout_bpm and user_bins up to date, recomputing only the
workouts and users that changed since the last run (read from the change data feed of their sources).

What a change affects:
- a ``workouts`` row -> that session's ``completed_workouts`` row and its ``workout_bpm`` rows;
- a ``user_devices`` row (new registration) -> the ``workout_bpm`` rows of that user's workouts;
- a ``heart_rate`` row -> the ``workout_bpm`` rows of the workouts whose device and window contain it;
- a ``user_profile`` row -> that user's ``user_bins`` row; a new day (ages move) -> every ``user_bins`` row;
- a different max workout length -> every workout.
Each affected slice is recomputed by the pure rules and synced with one MERGE, so running again
without new data changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timezone
from functools import reduce
from typing import cast

from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F

from pulselake_lakehouse.config import LakeConfig
from pulselake_lakehouse.side_by_side import side_by_side
from pulselake_lakehouse.silver.completed_workouts import DEFAULT_MAX_WORKOUT_SECONDS, completed_workouts
from pulselake_lakehouse.silver.completed_workouts import KEYS as WORKOUT_KEYS
from pulselake_lakehouse.silver.merge import Span, sync_keys, sync_slice
from pulselake_lakehouse.silver.progress import changes_since, read_progress, table_version, version_key, write_progress
from pulselake_lakehouse.silver.user_bins import user_bins
from pulselake_lakehouse.silver.workout_bpm import KEYS as WORKOUT_BPM_KEYS
from pulselake_lakehouse.silver.workout_bpm import readings_in_window, workout_bpm, workout_devices

SOURCES = ("workouts", "user_devices", "heart_rate", "user_profile")
MAX_SECONDS_KEY = "setting:max_workout_seconds"
AS_OF_KEY = "setting:user_bins_as_of"


class _Refresh:
    """One run: the progress read at the start, the source versions it will consume, the settings."""

    def __init__(self, spark: SparkSession, cfg: LakeConfig, today: date, max_seconds: float) -> None:
        self.spark, self.cfg = spark, cfg
        self.today, self.max_seconds = today, max_seconds
        # Five small reads of Delta logs, mostly per-job latency: side by side.
        reads: list[Callable[[], object]] = [lambda: read_progress(spark, cfg)]
        reads += [lambda name=name: table_version(spark, cfg.silver(name)) for name in SOURCES]
        progress, *versions = side_by_side(reads, "refresh_start")
        self.progress = cast(dict[str, str], progress)
        self.versions = {name: cast(int, version) for name, version in zip(SOURCES, versions, strict=True)}

    def table(self, name: str) -> DataFrame:
        return self.spark.table(self.cfg.silver(name))

    def changed(self, name: str) -> DataFrame | None:
        return changes_since(
            self.spark, self.cfg.silver(name), self.progress.get(version_key(name)), self.versions[name]
        )

    def setting_changed(self, key: str, value: str) -> bool:
        return self.progress.get(key) != value

    def finish(self) -> None:
        entries = {version_key(name): str(version) for name, version in self.versions.items()}
        entries[MAX_SECONDS_KEY] = repr(self.max_seconds)
        entries[AS_OF_KEY] = self.today.isoformat()
        write_progress(self.spark, self.cfg, entries, self.progress)


def _union_distinct(parts: list[DataFrame]) -> DataFrame | None:
    return reduce(DataFrame.unionByName, parts).distinct() if parts else None


def _materialized(keys: DataFrame | None) -> DataFrame | None:
    """Caches a set of affected keys (read several times below); None when there are none (skip the MERGE)."""
    if keys is None:
        return None
    keys = keys.persist()
    if keys.isEmpty():
        keys.unpersist()
        return None
    return keys


def window_span(workouts: DataFrame, before: Span | None = None) -> Span | None:
    """The ``time`` span from the earliest start to the latest end of ``workouts``, widened to cover ``before``
    (None when there is nothing at all): every ``workout_bpm`` row of these workouts lies in it."""
    low, high = workouts.agg(F.min("start_time"), F.max("end_time")).first() or (None, None)
    if low is None:
        return before
    if before is None:
        return Span("time", low, high)
    return Span("time", min(low, before.low), max(high, before.high))


@dataclass
class ChangedSessions:
    """The sessions whose ``completed_workouts`` row was recomputed, and the span of their windows before."""

    keys: DataFrame
    before: Span | None


def refresh_completed_workouts(run: _Refresh) -> ChangedSessions | None:
    """Recomputes the changed sessions; returns their keys (the workouts whose window may have moved)."""
    if run.setting_changed(MAX_SECONDS_KEY, repr(run.max_seconds)):
        sessions = _union_distinct(
            [run.table("workouts").select(*WORKOUT_KEYS), run.table("completed_workouts").select(*WORKOUT_KEYS)]
        )
    else:
        changes = run.changed("workouts")
        sessions = None if changes is None else changes.select(*WORKOUT_KEYS).distinct()
    sessions = _materialized(sessions)
    if sessions is None:
        return None
    # Their stored workout_bpm rows lie in the windows they had until now: read those before they change.
    before = window_span(run.table("completed_workouts").join(sessions, list(WORKOUT_KEYS), "left_semi"))
    events = run.table("workouts").join(sessions, list(WORKOUT_KEYS), "left_semi")
    desired = completed_workouts(events, run.max_seconds)
    sync_keys(run.spark, run.cfg.silver("completed_workouts"), desired, WORKOUT_KEYS, sessions)
    return ChangedSessions(sessions, before)


def refresh_workout_bpm(run: _Refresh, changed: ChangedSessions | None) -> None:
    completed, history = run.table("completed_workouts"), run.table("user_devices")
    if version_key("workouts") not in run.progress:
        # First refresh: every workout is new, so every completed one is affected; finding out which readings
        # hit which workout (a join over all of heart_rate) would only confirm it.
        desired = workout_bpm(completed, history, run.table("heart_rate"))
        sync_slice(run.spark, run.cfg.silver("workout_bpm"), desired, WORKOUT_BPM_KEYS, completed.select(*WORKOUT_KEYS))
        return
    affected: list[DataFrame] = [] if changed is None else [changed.keys]
    registrations = run.changed("user_devices")
    if registrations is not None:
        users = registrations.select("user_id").distinct()
        affected.append(completed.join(users, "user_id", "left_semi").select(*WORKOUT_KEYS))
    readings = run.changed("heart_rate")
    if readings is not None:
        hit = readings_in_window(workout_devices(completed, history), readings.withColumn("valid", F.lit(True)))
        affected.append(hit.select(*WORKOUT_KEYS))
    sessions = _materialized(_union_distinct(affected))
    if sessions is None:
        return
    workouts = completed.join(sessions, list(WORKOUT_KEYS), "left_semi")
    # Stored rows lie in the windows the sessions had, desired ones in those they have: reading only the
    # heart_rate and workout_bpm files of that span is what keeps a small refresh small on a large lake.
    span = window_span(workouts, None if changed is None else changed.before)
    if span is not None:
        desired = workout_bpm(workouts, history, run.table("heart_rate").where(span.holds()))
        sync_slice(run.spark, run.cfg.silver("workout_bpm"), desired, WORKOUT_BPM_KEYS, sessions, span)
    sessions.unpersist()


def refresh_user_bins(run: _Refresh) -> None:
    profiles = run.table("user_profile")
    if run.setting_changed(AS_OF_KEY, run.today.isoformat()):
        users = _union_distinct([profiles.select("user_id"), run.table("user_bins").select("user_id")])
    else:
        changes = run.changed("user_profile")
        users = None if changes is None else changes.select("user_id").distinct()
    users = _materialized(users)
    if users is None:
        return
    desired = user_bins(profiles.join(users, "user_id", "left_semi"), F.lit(run.today))
    sync_keys(run.spark, run.cfg.silver("user_bins"), desired, ("user_id",), users)
    users.unpersist()


def refresh_derived(
    spark: SparkSession,
    cfg: LakeConfig,
    *,
    today: date | None = None,
    max_workout_seconds: float = DEFAULT_MAX_WORKOUT_SECONDS,
) -> None:
    """Brings the derived silver tables up to date with their sources (idempotent, incremental)."""
    run = _Refresh(spark, cfg, today or datetime.now(timezone.utc).date(), float(max_workout_seconds))
    # user_bins shares no table with the workout chain: its jobs run beside the chain's (each small refresh is
    # mostly per-job latency, which two threads overlap on two cores).
    side_by_side([lambda: refresh_user_bins(run), lambda: _refresh_workout_chain(run)], "derived")
    run.finish()


def _refresh_workout_chain(run: _Refresh) -> None:
    """completed_workouts, then workout_bpm for the workouts that changed."""
    changed = refresh_completed_workouts(run)
    refresh_workout_bpm(run, changed)
    if changed is not None:
        changed.keys.unpersist()
