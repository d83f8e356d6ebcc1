"""One Spark session for the whole suite (JVM start-up is the slow part on 2 cores)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pyspark.sql import SparkSession

from course import CourseLake, course_lake
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


@pytest.fixture(scope="session")
def course_round_1(tmp_path_factory: pytest.TempPathFactory) -> CourseLake:
    """One CLI-built lake of the course's round 1 per suite: the acceptance tests continue it (round 2, a replay),
    and ``test_spark`` checks that run's output and process group (one JVM start instead of two)."""
    return course_lake(tmp_path_factory.mktemp("course-lake"))
