"""One Spark session for the whole suite (JVM start-up is the slow part on 2 cores), the scenario's batch run
(``scenario.py``) made once, and the course sequence through the CLI (``course.py``) in the background while
the in-process tests run."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from concurrent.futures import Future
from pathlib import Path

import pytest
from pyspark.sql import SparkSession

import scenario
from course import CourseRounds, course_rounds
from pulselake_lakehouse.spark import LONG_SESSION_JAVA_OPTIONS, local_spark
from silver.lake import IsolatedConfig, new_lake, run_pipeline


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
def batch_gold(spark: SparkSession) -> IsolatedConfig:
    """Every record ``scenario.py`` lands (wave 1 twice) in one run of the silver mergers, derived silver and gold:
    the lake that the other deliveries of the same data are held to (built once: a pipeline run is among the
    suite's costliest steps)."""
    cfg = new_lake(spark)
    run_pipeline(spark, cfg, scenario.all_records())
    return cfg


COURSE_FIXTURE = "course"


def uses_course(item: pytest.Item) -> bool:
    return COURSE_FIXTURE in getattr(item, "fixturenames", ())


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The tests that read the course sequence run last: it runs in the background while the others run."""
    items.sort(key=uses_course)  # stable: each group keeps its order


@pytest.fixture(scope="session", autouse=True)
def course_in_background(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Future[CourseRounds] | None]:
    """Starts the course sequence (``course.py``) with the suite's first test when a collected test reads it."""
    if not any(uses_course(item) for item in request.session.items):
        yield None
        return
    root = tmp_path_factory.mktemp("course")
    future: Future[CourseRounds] = Future()

    def build() -> None:
        try:
            future.set_result(course_rounds(root))
        except BaseException as error:  # pytest.fail raises a BaseException; the tests that wait re-raise it
            future.set_exception(error)

    # A daemon thread: an interrupted suite does not wait for it (the CLI's process group is its own).
    threading.Thread(target=build, name="course", daemon=True).start()
    yield future


@pytest.fixture(scope="session")
def course(course_in_background: Future[CourseRounds] | None) -> CourseRounds:
    """The course sequence's outcome, once the background thread is done (it is started for this fixture)."""
    assert course_in_background is not None
    return course_in_background.result(timeout=1800)
