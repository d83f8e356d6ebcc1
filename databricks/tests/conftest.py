"""One Spark session for the whole suite (JVM start-up is the slow part on 2 cores)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pyspark.sql import SparkSession

from pulselake_lakehouse.spark import LONG_SESSION_JAVA_OPTIONS, local_spark


@pytest.fixture(scope="session")
def spark(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SparkSession]:
    warehouse: Path = tmp_path_factory.mktemp("warehouse")
    # Tiny DataFrames: one shuffle partition; the long-lived session benefits from the C2 JIT.
    session = local_spark(
        warehouse,
        app_name="pulselake-tests",
        shuffle_partitions=1,
        java_options=LONG_SESSION_JAVA_OPTIONS,
    )
    yield session
    session.stop()
