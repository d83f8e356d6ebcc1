from datetime import date

from pyspark.sql import functions as F

from pulselake_lakehouse.frames import literal_frame
from pulselake_lakehouse.silver.user_bins import user_bins
from silver.lake import rows

PROFILES = (
    "user_id BIGINT, timestamp DOUBLE, dob DATE, sex STRING, gender STRING, first_name STRING, last_name STRING, "
    "street_address STRING, city STRING, state STRING, zip STRING"
)


def test_bins_use_the_reference_date_and_keep_gender_city_state(spark):
    profiles = literal_frame(
        spark,
        [
            (1, 1.0, date(2000, 2, 29), "F", "F", "A", "B", "s", "Reno", "NV", "89501"),
            (2, 1.0, None, "M", "M", "C", "D", "s", "Austin", "TX", "73301"),
        ],
        PROFILES,
    )
    on_28_feb = user_bins(profiles, F.lit(date(2018, 2, 28)))
    on_1_mar = user_bins(profiles, F.lit(date(2018, 3, 1)))
    assert rows(on_28_feb) == [(1, "under 18", "F", "Reno", "NV"), (2, "invalid age", "M", "Austin", "TX")]
    assert rows(on_1_mar, "user_id", "age") == [(1, "18-25"), (2, "invalid age")]
