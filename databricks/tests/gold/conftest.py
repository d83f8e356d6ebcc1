"""Fixtures for the gold tests: one lake per test module; each test writes the silver rows it needs."""

from __future__ import annotations

import pytest
from pyspark.sql import SparkSession

from silver.lake import IsolatedConfig, new_lake


@pytest.fixture(scope="module")
def gold_lake(spark: SparkSession) -> IsolatedConfig:
    return new_lake(spark)
