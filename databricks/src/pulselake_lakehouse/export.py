"""Gold tables -> JSON lines files: the contract columns first (then any extras), sorted as the expected
files of the course data are (``tests/fixtures/sbit-course/expected/README.md``). The reading itself is in
``readonly`` (delta-rs, no Spark)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any


@dataclass(frozen=True)
class GoldExport:
    table: str
    columns: tuple[str, ...]  # contract columns (docs/contract.md section 4), in this order
    sort_by: tuple[str, ...]  # ascending, nulls first


GOLD_EXPORTS: tuple[GoldExport, ...] = (
    GoldExport(
        "workout_bpm_summary",
        (
            "workout_id",
            "session_id",
            "user_id",
            "age",
            "gender",
            "city",
            "state",
            "min_bpm",
            "avg_bpm",
            "max_bpm",
            "num_recordings",
        ),
        ("user_id", "workout_id", "session_id"),
    ),
    GoldExport(
        "gym_summary",
        ("date", "gym", "mac_address", "workout_id", "session_id", "minutes_in_gym", "minutes_exercising"),
        ("date", "gym", "mac_address", "workout_id", "session_id"),
    ),
)


def json_value(value: Any) -> Any:
    """A Spark value as JSON: decimals as numbers, dates as YYYY-MM-DD, timestamps as ISO 8601 UTC."""
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def ordered_columns(contract: Iterable[str], available: list[str]) -> list[str]:
    """Contract columns first, in contract order, then the table's extra columns in table order."""
    first = [c for c in contract if c in available]
    missing = [c for c in contract if c not in available]
    if missing:
        raise ValueError(f"gold table lacks contract columns: {', '.join(missing)}")
    return first + [c for c in available if c not in first]
