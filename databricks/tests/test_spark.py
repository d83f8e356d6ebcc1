"""The local Spark session as the CLI starts it (``pulselake run``, here on the course's round 1; ``status`` and
``export`` read with delta-rs and start no JVM): its output is not preceded by Spark or Hadoop warnings, and when
the command returns no process it started is left (the JVM outlives the Python driver by a moment unless the
launcher waits for it; the demo runs the same launcher)."""

import json

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


def test_delta_jars_are_resolved_only_when_they_are_not_remembered(monkeypatch) -> None:
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


def test_the_jars_memo_is_per_user_and_per_delta_version_and_only_trusted_while_every_jar_exists(tmp_path) -> None:
    from importlib.metadata import version

    from pulselake_lakehouse.spark import cached_delta_jars, delta_jars_memo, remember_delta_jars

    memo = delta_jars_memo({"XDG_CACHE_HOME": str(tmp_path / "cache")})
    assert memo == tmp_path / "cache" / "pulselake" / f"delta-jars-{version('delta-spark')}.json"
    jar, storage = tmp_path / "io.delta_delta-spark_2.12.jar", tmp_path / "io.delta_delta-storage.jar"
    jar.write_bytes(b"")
    storage.write_bytes(b"")
    remember_delta_jars(f"{jar.as_uri()},{storage.as_uri()}", memo)  # creates the folder
    assert cached_delta_jars(memo) == [jar.as_uri(), storage.as_uri()]
    storage.unlink()
    assert cached_delta_jars(memo) == [], "a jar gone from Ivy's cache: resolve again"
    memo.write_text(json.dumps({"delta_spark": "0.0.1", "jars": [jar.as_uri()]}), encoding="utf-8")
    assert cached_delta_jars(memo) == [], "another delta-spark's jars"
    remember_delta_jars("file:///jars/spark-core.jar", memo)  # no Delta jar among them: nothing remembered
    assert json.loads(memo.read_text(encoding="utf-8"))["delta_spark"] == "0.0.1"
