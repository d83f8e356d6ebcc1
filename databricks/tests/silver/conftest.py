"""Fixtures for the silver rule tests (the Spark session itself comes from ``tests/conftest.py``)."""

from __future__ import annotations

import pytest
from pyspark.sql import SparkSession

from silver.lake import IsolatedConfig, new_lake


@pytest.fixture
def lake(spark: SparkSession) -> IsolatedConfig:
    """Fresh, empty silver tables for one test."""
    return new_lake(spark)
