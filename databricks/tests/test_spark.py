"""The local Spark session as the CLI starts it (``pulselake run``, here on the course's round 1; ``status`` and
``export`` read with delta-rs and start no JVM): its output is not preceded by Spark or Hadoop warnings, and when
the command returns no process it started is left (the Python entry reaps its JVM, ``stop_spark``, and the launcher
waits for the whole process group; the demo runs the same launcher)."""

import json
import subprocess
import sys

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


def test_one_process_at_a_time_holds_the_jars_lock(tmp_path) -> None:
    from pulselake_lakehouse.spark import delta_jars_lock

    memo = tmp_path / "pulselake" / "delta-jars-x.json"
    probe = (
        "import fcntl, sys\n"
        "handle = open(sys.argv[1], 'a')\n"
        "try:\n"
        "    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)\n"
        "    print('free')\n"
        "except BlockingIOError:\n"
        "    print('held')\n"
    )

    def other_process_sees() -> str:
        lock = str(memo.with_suffix(".lock"))
        return subprocess.run([sys.executable, "-c", probe, lock], capture_output=True, text=True).stdout.strip()

    with delta_jars_lock(memo):
        assert other_process_sees() == "held"
    assert other_process_sees() == "free"


class _Gateway:
    """Stands in for PySpark's gateway: ``proc`` is a child that, like the gateway JVM, exits when its stdin closes."""

    def __init__(self, events: list[str]) -> None:
        self.events = events
        self.proc = subprocess.Popen(["cat"], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL)

    def shutdown(self) -> None:
        self.events.append("gateway shutdown")


class _Session:
    def __init__(self, events: list[str], gateway: _Gateway) -> None:
        self.events, self.gateway = events, gateway

    def stop(self) -> None:
        self.events.append(f"session stopped, child {'running' if self.gateway.proc.poll() is None else 'gone'}")


def test_stop_spark_stops_the_session_then_closes_the_jvms_stdin_and_reaps_it(monkeypatch) -> None:
    from pyspark import SparkContext

    from pulselake_lakehouse.spark import stop_spark

    events: list[str] = []
    gateway = _Gateway(events)
    monkeypatch.setattr(SparkContext, "_gateway", gateway)
    monkeypatch.setattr(SparkContext, "_jvm", SparkContext._jvm)  # restored afterwards: stop_spark clears it
    stop_spark(_Session(events, gateway), timeout_seconds=10)  # type: ignore[arg-type]
    assert events == ["session stopped, child running", "gateway shutdown"]
    assert gateway.proc.returncode == 0  # exited on EOF and waited for here, not left to init
    assert SparkContext._gateway is None
