"""Silver: the contract's rules (§3) as pure DataFrame functions, one module per table, plus thin MERGE plumbing.

The interface for the job runner:

- ``ensure_silver_tables(spark, cfg)`` creates every silver table that is missing, and the silver views;
- ``SILVER_MERGERS[feed](spark, cfg, bronze_batch)`` MERGEs one micro-batch of a bronze feed into its
  silver table(s); it deduplicates inside the batch and is idempotent (the same batch twice changes nothing);
- ``refresh_derived(spark, cfg)`` then brings completed_workouts, workout_bpm and user_bins up to date.
"""

from __future__ import annotations

from collections.abc import Callable

from pyspark.sql import DataFrame, SparkSession

from pulselake_lakehouse.config import LakeConfig
from pulselake_lakehouse.silver.gym_logs import merge_gym_logs
from pulselake_lakehouse.silver.heart_rate import merge_heart_rate
from pulselake_lakehouse.silver.refresh import refresh_derived
from pulselake_lakehouse.silver.tables import SILVER_TABLES, ensure_silver_tables
from pulselake_lakehouse.silver.user_devices import merge_registrations
from pulselake_lakehouse.silver.user_profile import merge_profiles
from pulselake_lakehouse.silver.workouts import merge_workouts

SilverMerger = Callable[[SparkSession, LakeConfig, DataFrame], None]

SILVER_MERGERS: dict[str, SilverMerger] = {
    "registration": merge_registrations,
    "profile": merge_profiles,
    "bpm": merge_heart_rate,
    "workout": merge_workouts,
    "gym_visit": merge_gym_logs,
}

__all__ = ["SILVER_MERGERS", "SILVER_TABLES", "SilverMerger", "ensure_silver_tables", "refresh_derived"]
