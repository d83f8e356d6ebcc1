"""The local Spark session as the CLI starts it (``pulselake run``, here on the course's round 1; ``status`` and
``export`` read with delta-rs and start no JVM): its output is not preceded by Spark or Hadoop warnings, and when
the command returns no process it started is left (the JVM outlives the Python driver by a moment unless the
launcher waits for it; the demo runs the same launcher)."""

from course import CourseRounds


def test_a_spark_verb_prints_no_spark_or_hadoop_warnings(course: CourseRounds) -> None:
    result = course.round_1_run
    noise = [
        line
        for line in (result.stdout + result.stderr).splitlines()
        if any(
            mark in line for mark in (" WARN ", "NativeCodeLoader", "loopback address", "log level", "logging level")
        )
    ]
    assert noise == []
    assert result.stdout.startswith("spark: session ready")


def test_no_process_of_the_command_survives_it(course: CourseRounds) -> None:
    assert course.round_1_run.survivors == ""


def test_delta_jars_are_resolved_only_when_the_venv_does_not_remember_them(monkeypatch) -> None:
    import pulselake_lakehouse.spark as spark_module

    started: list[str] = []

    class Session:
        def stop(self) -> None:
            started.append("stopped")

    monkeypatch.setattr(spark_module, "local_spark", lambda warehouse, app_name: started.append(app_name) or Session())
    monkeypatch.setattr(spark_module, "cached_delta_jars", lambda: ["file:///jars/delta-spark.jar"])
    spark_module.resolve_delta_jars()
    assert started == []
    monkeypatch.setattr(spark_module, "cached_delta_jars", lambda: [])
    spark_module.resolve_delta_jars()
    assert started == ["pulselake-resolve-jars", "stopped"]
