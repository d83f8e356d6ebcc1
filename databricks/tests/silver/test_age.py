import json
from datetime import date
from pathlib import Path

from pyspark.sql import functions as F

from pulselake_lakehouse.frames import literal_frame
from pulselake_lakehouse.silver.age import age_bin, age_in_years

# Shared with the gold SQL test and the TypeScript oracle test: one set of cases for every copy of the rule.
AGE_CASES = [
    tuple(c) for c in json.loads((Path(__file__).parents[3] / "tests/fixtures/age_cases.json").read_text())["cases"]
]


def test_age_bins_follow_the_contract_including_29_february(spark):
    df = literal_frame(spark, AGE_CASES, "dob STRING, on STRING, expected STRING")
    got = df.select(
        "dob", "on", "expected", age_bin(age_in_years(F.to_date("dob"), F.to_date("on"))).alias("bin")
    ).collect()
    mismatches = [(r.dob, r.on, r.expected, r.bin) for r in got if r.bin != r.expected]
    assert mismatches == []


def test_age_counts_whole_years(spark):
    df = literal_frame(
        spark, [(date(2000, 2, 29), date(2001, 2, 28)), (date(2000, 2, 29), date(2001, 3, 1))], "d DATE, o DATE"
    )
    assert [r[0] for r in df.select(age_in_years(F.col("d"), F.col("o"))).collect()] == [0, 1]
