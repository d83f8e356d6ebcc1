"""Age and age bins (contract §3). The gold SQL (``sql/gold/*workout_bpm_summary.sql``) spells the same rule in SQL.

Age is the number of whole years between ``dob`` and a reference date; comparing (month, day) makes
someone born on 29 February a year older on 1 March in non-leap years.
"""

from __future__ import annotations

from pyspark.sql import Column
from pyspark.sql import functions as F

INVALID_AGE = "invalid age"
# (label, lower bound inclusive); each bin ends where the next begins.
AGE_BINS: tuple[tuple[str, int], ...] = (
    ("under 18", 0),
    ("18-25", 18),
    ("25-35", 25),
    ("35-45", 35),
    ("45-55", 45),
    ("55-65", 55),
    ("65-75", 65),
    ("75-85", 75),
    ("85-95", 85),
    ("95+", 95),
)


def age_in_years(dob: Column, on: Column) -> Column:
    """Whole years from ``dob`` to ``on`` (negative when ``on`` is before ``dob``; NULL when either is NULL)."""
    same_month = F.month(on) == F.month(dob)
    birthday_not_yet = (F.month(on) < F.month(dob)) | (same_month & (F.dayofmonth(on) < F.dayofmonth(dob)))
    return F.year(on) - F.year(dob) - F.when(birthday_not_yet, 1).otherwise(0)


def age_bin(age: Column) -> Column:
    """The bin label of an age; NULL or negative -> ``invalid age``."""
    label = F.when(age.isNull() | (age < 0), F.lit(INVALID_AGE))
    for name, lower in reversed(AGE_BINS):
        label = label.when(age >= lower, F.lit(name))
    return label
