"""``user_bins``: for every user with a profile, the age bin as of a reference date (today), gender, city, state."""

from __future__ import annotations

from pyspark.sql import Column, DataFrame
from pyspark.sql import functions as F

from pulselake_lakehouse.silver.age import age_bin, age_in_years


def user_bins(profiles: DataFrame, as_of: Column) -> DataFrame:
    """``user_profile`` rows -> ``user_bins`` rows, ages taken on the date ``as_of``."""
    return profiles.select(
        "user_id",
        age_bin(age_in_years(F.col("dob"), as_of)).alias("age"),
        "gender",
        "city",
        "state",
    )
